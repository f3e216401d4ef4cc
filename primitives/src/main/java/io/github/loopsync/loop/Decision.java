package io.github.loopsync.loop;

/**
 * The state of a {@link FutureState} between decision and delivery: a value decided and not yet
 * delivered. {@code granted} marks a primitive's grant (handed back through onGrantRevoked if a
 * cancellation overrides it); {@code checked} makes the delivery ask the future's
 * refusalAtDelivery first. Immutable; the null decisions are shared.
 */
final class Decision {
    static final Decision NULL_GRANT = new Decision(null, true, false);
    static final Decision NULL_VALUE = new Decision(null, false, false);
    static final Decision NULL_GRANT_CHECKED = new Decision(null, true, true);

    final Object value;
    final boolean granted;
    final boolean checked;

    private Decision(Object value, boolean granted, boolean checked) {
        this.value = value;
        this.granted = granted;
        this.checked = checked;
    }

    static Decision of(Object value, boolean granted) {
        if (value == null) {
            return granted ? NULL_GRANT : NULL_VALUE;
        }
        return new Decision(value, granted, false);
    }

    /** A primitive's grant whose delivery asks refusalAtDelivery first. */
    static Decision ofCheckedGrant(Object value) {
        return value == null ? NULL_GRANT_CHECKED : new Decision(value, true, true);
    }
}
