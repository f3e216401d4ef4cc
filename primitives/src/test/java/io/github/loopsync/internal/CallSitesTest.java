package io.github.loopsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Debug mode's call sites: a captured site starts at the first frame outside loopsync's own classes
 * (a test class in one of its packages is a user class; so is another library's class that called
 * in), and reads as one line.
 */
class CallSitesTest {

    /** A site captured from user code starts at the user's frame and describes it as Class.method(File:line). */
    @Test
    void aSiteStartsAtTheUsersCall() {
        StackTraceElement[] site = CallSites.capture();
        assertEquals(CallSitesTest.class.getName(), site[0].getClassName());
        assertEquals("aSiteStartsAtTheUsersCall", site[0].getMethodName());
        assertTrue(CallSites.describe(site).startsWith("CallSitesTest.aSiteStartsAtTheUsersCall(CallSitesTest.java:"),
                CallSites.describe(site));
    }

    /** Another library's frame that called loopsync is where the site starts: it is not loopsync's own. */
    @Test
    void anotherLibrarysFrameIsTheCaller() {
        StackTraceElement[] site = Optional.<StackTraceElement[]>empty().orElseGet(CallSites::capture);
        assertEquals(Optional.class.getName(), site[0].getClassName());
        assertEquals("orElseGet", site[0].getMethodName());
    }

    /** Nothing recorded reads as an unknown place. */
    @Test
    void nothingRecordedIsAnUnknownPlace() {
        assertEquals("an unknown place (not recorded)", CallSites.describe(null));
        assertEquals("an unknown place (not recorded)", CallSites.describe(new StackTraceElement[0]));
    }
}
