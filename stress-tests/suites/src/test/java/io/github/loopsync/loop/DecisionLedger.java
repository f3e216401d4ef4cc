package io.github.loopsync.loop;

import java.util.ArrayList;
import java.util.List;

/**
 * What a primitive would see of one waiter: the grant it made, and which of its hooks ran. Each
 * record that no correct decision protocol can produce is a violation: a grant withdrawn (lost), a
 * grant both handed back and delivered (duplicated), a hook or a delivery twice. Written on the
 * loop thread only (hooks, grants and deliveries all run there) and read after the scenario.
 */
final class DecisionLedger {

    private Integer granted;
    private int withdrawn;
    private int handedBack;
    private int deliveries;
    private boolean valueDelivered;
    private final List<String> violations = new ArrayList<>();

    void granted(int value) {
        if (granted != null) {
            violations.add("granted " + value + " after granting " + granted);
        }
        granted = value;
    }

    void withdrawn() {
        if (granted != null) {
            violations.add("withdrawn after the grant of " + granted + ": the grant is lost");
        }
        if (withdrawn++ > 0) {
            violations.add("withdrawn twice");
        }
    }

    void handedBack(Integer value) {
        if (granted == null || !granted.equals(value)) {
            violations.add("handed back " + value + " but granted " + granted);
        }
        if (valueDelivered) {
            violations.add("handed back a grant already delivered");
        }
        if (handedBack++ > 0) {
            violations.add("handed back twice");
        }
    }

    void delivered(Integer value, Throwable failure) {
        if (deliveries++ > 0) {
            violations.add("delivered twice");
        }
        if (failure == null && handedBack > 0) {
            violations.add("delivered " + value + " although the grant was handed back");
        }
        valueDelivered = failure == null;
    }

    int violations() {
        return violations.size();
    }

    /** Throws if any violation was recorded. */
    void check() {
        if (!violations.isEmpty()) {
            throw new IllegalStateException("decision protocol broken: " + violations);
        }
    }
}
