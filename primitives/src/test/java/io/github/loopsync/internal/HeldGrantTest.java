package io.github.loopsync.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.testing.LoopFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A waiter's grant from the loop thread ({@code offer}): the waiter holds the value and the loop
 * decides and delivers it in one step, and in every waiter state a grant reaches the waiting code
 * or comes back to the primitive exactly once.
 */
class HeldGrantTest extends LoopFixture {

    /** A waiter that records what comes back to its primitive and what its dependents see. */
    private static final class Recording extends Waiter<Object> {
        final List<Object> returned = new ArrayList<>();
        final List<String> withdrawals = new ArrayList<>();
        final List<String> seen = new ArrayList<>();
        int deliveries;
        /** What refusalAtDelivery returns. */
        Throwable refusal;

        Recording(EventLoop loop) {
            super(loop);
            whenComplete((value, failure) -> seen.add(failure == null ? "value " + value
                    : failure.getClass().getSimpleName()));
        }

        @Override
        protected void grantReturned(Object granted) {
            returned.add(granted);
        }

        @Override
        protected void withdrawn() {
            withdrawals.add("withdrawn");
        }

        @Override
        protected void onDelivery() {
            deliveries++;
        }

        @Override
        protected Throwable refusalAtDelivery() {
            return refusal;
        }

    }

    private final WaitQueue<Recording> queue = new WaitQueue<>();

    private Recording park() {
        Recording waiter = new Recording(loop);
        queue.add(waiter);
        return waiter;
    }

    /** Granted and not yet delivered, the waiter reads as pending and says it is granted; the next step delivers. */
    @Test
    void aHeldGrantIsPendingUntilTheLoopDeliversIt() {
        Recording waiter = park();
        assertTrue(waiter.offer("item"));
        assertTrue(queue.isEmpty());
        assertFalse(waiter.isDone());
        assertTrue(waiter.toString().contains("granted, delivery pending"), waiter.toString());
        assertEquals(List.of(), waiter.seen);
        settle();
        assertEquals("item", waiter.join());
        assertEquals(List.of("value item"), waiter.seen);
        assertEquals(List.of(), waiter.returned);
        assertFalse(waiter.cancel(true), "a delivered grant stands");
        assertEquals(List.of(), waiter.returned);
    }

    /** A null grant and a grant that is the waiter itself come out as they went in. */
    @Test
    void nullAndTheWaiterItselfAreDeliveredExactly() {
        Recording nullGranted = park();
        Recording selfGranted = park();
        assertTrue(nullGranted.offer(null));
        assertTrue(selfGranted.offer(selfGranted));
        settle();
        assertNull(nullGranted.join());
        assertSame(selfGranted, selfGranted.join());
    }

    /** Granted, then cancelled on the loop before delivery: the grant comes back at once, and the waiter fails once. */
    @Test
    void grantedThenCancelledOnTheLoopReturnsTheGrantOnce() {
        Recording waiter = park();
        assertTrue(waiter.offer("item"));
        assertTrue(waiter.cancel(true));
        assertEquals(List.of("item"), waiter.returned, "handed back by the cancellation itself");
        assertEquals(List.of(), waiter.withdrawals);
        settle();
        assertTrue(waiter.isCancelled());
        assertEquals(1, waiter.seen.size(), "dependents ran once: " + waiter.seen);
        assertFalse(waiter.seen.get(0).startsWith("value"), waiter.seen.toString());
        assertEquals(List.of("item"), waiter.returned);
    }

    /**
     * Granted, then cancelled from another thread before the loop delivered: the cancellation wins,
     * and once the loop runs the grant comes back exactly once.
     */
    @Test
    @Timeout(10)
    void grantedThenCancelledFromAnotherThreadReturnsTheGrantOnce() throws InterruptedException {
        Recording waiter = park();
        assertTrue(waiter.offer("item"));
        AtomicReference<Boolean> cancelled = new AtomicReference<>();
        onOtherThread("canceller", () -> cancelled.set(waiter.cancel(true)));
        assertTrue(cancelled.get());
        assertTrue(waiter.isCancelled());
        assertEquals(List.of(), waiter.returned, "the hand-back waits for the loop");
        settle();
        assertEquals(List.of("item"), waiter.returned);
        assertEquals(List.of(), waiter.withdrawals);
        assertEquals(1, waiter.seen.size(), "dependents ran once: " + waiter.seen);
        assertFalse(waiter.seen.get(0).startsWith("value"), waiter.seen.toString());
    }

    /** Cancelled from another thread before the grant: the grant is refused, and only the withdrawal runs. */
    @Test
    @Timeout(10)
    void cancelledFromAnotherThreadBeforeTheGrantRefusesIt() throws InterruptedException {
        Recording waiter = park();
        onOtherThread("canceller", () -> assertTrue(waiter.cancel(true)));
        assertFalse(waiter.offer("item"));
        assertTrue(queue.isEmpty(), "offer unlinks the waiter whatever it returns");
        settle();
        assertEquals(List.of(), waiter.returned);
        assertEquals(List.of("withdrawn"), waiter.withdrawals);
        assertEquals(1, waiter.seen.size(), "dependents ran once: " + waiter.seen);
    }

    /**
     * A timeout that fires between the grant and its delivery wins over the grant, which comes back:
     * the grant and the timeout are due at the same instant, the grant's timer first, so the
     * timeout runs before the delivery the grant scheduled.
     */
    @Test
    void aTimeoutBetweenGrantAndDeliveryReturnsTheGrant() {
        Recording waiter = park();
        List<Boolean> offered = new ArrayList<>();
        loop.callLater(Duration.ofSeconds(1), () -> offered.add(waiter.offer("item")));
        waiter.orTimeout(1, TimeUnit.SECONDS);
        settle();
        assertEquals(List.of(true), offered, "the grant was made before the timeout ran");
        assertTrue(waiter.isCompletedExceptionally());
        assertEquals(List.of(TimeoutException.class.getSimpleName()), waiter.seen);
        assertEquals(List.of("item"), waiter.returned);
    }

    /**
     * While the loop closes, its inbox refuses posts: a cancellation from another thread can post
     * neither its failure's delivery nor its withdrawal hook, and the loop's drain also reaches the
     * held grant's queued delivery of the same waiter. The loop runs refused posts in its final
     * drain, so the failure is delivered exactly once and the grant comes back to the primitive
     * once.
     */
    @Test
    @Timeout(10)
    void aCancellationFromAnotherThreadWhileTheLoopClosesIsDeliveredOnce() {
        Recording waiter = park();
        List<Boolean> cancelled = new ArrayList<>();
        loop.callSoon(() -> {                           // runs in close()'s drain, after the gate closed
            assertTrue(waiter.offer("item"));
            try {
                onOtherThread("canceller", () -> cancelled.add(waiter.cancel(true)));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        loop.close();
        assertEquals(List.of(true), cancelled);
        assertTrue(waiter.isCancelled());
        assertEquals(1, waiter.deliveries, "the waiter's delivery hook ran once");
        assertEquals(1, waiter.seen.size(), "dependents ran once: " + waiter.seen);
        assertEquals(List.of("item"), waiter.returned, "the grant came back once, though the inbox had closed");
    }

    /**
     * A waiter still parked when its loop has closed, cancelled then from another thread: the
     * withdrawal hook, which the closed inbox refuses, runs on the cancelling thread, so the waiter
     * leaves its queue.
     */
    @Test
    @Timeout(10)
    void aWaiterCancelledFromAnotherThreadAfterTheLoopClosedLeavesItsQueue() throws InterruptedException {
        Recording waiter = park();
        loop.close();
        onOtherThread("canceller", () -> assertTrue(waiter.cancel(true)));
        assertTrue(waiter.isCancelled());
        assertEquals(List.of("withdrawn"), waiter.withdrawals);
        assertTrue(queue.isEmpty(), "the cancelled waiter left its queue");
        assertEquals(List.of(), waiter.returned);
    }

    /**
     * A waiter that refuses its held grant at delivery (a queue shut down while an item was on its
     * way) fails with the refusal, and the grant comes back exactly once, before the dependents see
     * the failure.
     */
    @Test
    void aHeldGrantRefusedAtDeliveryComesBackOnce() {
        Recording waiter = park();
        assertTrue(waiter.offer("item"));
        IllegalStateException refusal = new IllegalStateException("shut down since the grant");
        waiter.refusal = refusal;
        settle();
        assertSame(refusal, assertThrows(CompletionException.class, waiter::join).getCause());
        assertEquals(List.of("item"), waiter.returned);
        assertEquals(List.of("IllegalStateException"), waiter.seen);
        assertEquals(1, waiter.deliveries);
        assertEquals(List.of(), waiter.withdrawals, "it was not parked any more");
    }

    /** Offering a waiter twice is a primitive's bug, refused at once; the first grant stands. */
    @Test
    void offeringAWaiterTwiceIsRefused() {
        Recording waiter = park();
        assertTrue(waiter.offer("first"));
        IllegalStateException refusal = assertThrows(IllegalStateException.class, () -> waiter.offer("second"));
        assertTrue(refusal.getMessage().contains("already granted first"), refusal.getMessage());
        settle();
        assertEquals("first", waiter.join());
        assertEquals(List.of("value first"), waiter.seen);
    }

    /**
     * Off the loop thread (where a closing loop runs a primitive's hooks), a held grant is decided
     * at once, as grant() decides; a cancellation after that still hands it back, once.
     */
    @Test
    @Timeout(10)
    void grantHeldFromAnotherThreadDecidesAtOnce() throws InterruptedException {
        Recording waiter = park();
        List<Boolean> granted = new ArrayList<>();
        onOtherThread("granter", () -> granted.add(waiter.offer("item")));
        assertEquals(List.of(true), granted);
        assertTrue(queue.isEmpty());
        assertTrue(waiter.cancel(true), "a cancellation still wins over an undelivered grant");
        assertEquals(List.of("item"), waiter.returned);
        settle();
        assertEquals(1, waiter.seen.size(), "dependents ran once: " + waiter.seen);
        assertFalse(waiter.seen.get(0).startsWith("value"), waiter.seen.toString());
    }

    /** A future that accepts complete() by hand and still tries to hold a grant. */
    private static final class Completable extends LoopFuture<Object> {
        Completable(EventLoop loop) {
            super(loop);
        }

        boolean grantHeldFromHere() {
            return grantHeld();
        }
    }

    /**
     * Holding a grant on a future that accepts complete() by hand is refused at once: a completion
     * landing before the delivery would win without the grant coming back.
     */
    @Test
    void grantHeldOnAFutureThatAcceptsCompletionIsRefused() {
        Completable future = new Completable(loop);
        IllegalStateException refusal = assertThrows(IllegalStateException.class, future::grantHeldFromHere);
        assertTrue(refusal.getMessage().contains("refuses complete()"), refusal.getMessage());
        assertFalse(future.isDone());
        assertTrue(future.complete("by hand"));
        settle();
        assertEquals("by hand", future.join());
    }
}
