package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.bridge.BridgeQueue;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.queue.AsyncLifoQueue;
import io.github.loopsync.queue.AsyncPriorityQueue;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.testing.LoopFixture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A primitive's waiter refuses {@code complete} and {@code completeOnTimeout} at once: a value the
 * primitive did not grant would tell the waiting code it holds a lock, a permit or an item it never
 * got (before, {@code acquire().complete(null)} on a held lock "succeeded" and withdrew the wait).
 * The refusal leaves the wait parked and counted; cancelling still withdraws it.
 */
class ManualCompletionTest extends LoopFixture {

    /** A parked waiting operation and how its primitive counts its parked waiters. */
    static final class Parked {
        final LoopFuture<?> future;
        final IntSupplier waiters;

        Parked(LoopFuture<?> future, IntSupplier waiters) {
            this.future = future;
            this.waiters = waiters;
        }
    }

    /** Makes one parked waiting operation on the test's loop. */
    interface Scenario {
        Parked park();
    }

    static Stream<Arguments> waitingOperations() {
        return Stream.of(
                Arguments.of("AsyncLock.acquire", (Scenario) () -> {
                    AsyncLock lock = new AsyncLock();
                    lock.tryAcquire();
                    return new Parked(lock.acquire(), lock::waiters);
                }),
                Arguments.of("AsyncSemaphore.acquire", (Scenario) () -> {
                    AsyncSemaphore semaphore = new AsyncSemaphore(0);
                    return new Parked(semaphore.acquire(), semaphore::waiters);
                }),
                Arguments.of("AsyncEvent.await", (Scenario) () -> {
                    AsyncEvent event = new AsyncEvent();
                    return new Parked(event.await(), event::waiters);
                }),
                Arguments.of("AsyncBarrier.await", (Scenario) () -> {
                    AsyncBarrier barrier = new AsyncBarrier(2);
                    return new Parked(barrier.await(), barrier::inside);
                }),
                Arguments.of("AsyncCountDownLatch.await", (Scenario) () -> {
                    AsyncCountDownLatch latch = new AsyncCountDownLatch(1);
                    return new Parked(latch.await(), latch::waiters);
                }),
                Arguments.of("AsyncCondition.await", (Scenario) () -> {
                    AsyncCondition condition = new AsyncCondition();
                    condition.tryAcquire();
                    return new Parked(condition.await(), condition::waiters);
                }),
                Arguments.of("AsyncCondition.awaitUntil", (Scenario) () -> {
                    AsyncCondition condition = new AsyncCondition();
                    condition.tryAcquire();
                    return new Parked(condition.awaitUntil(() -> false), condition::waiters);
                }),
                Arguments.of("AsyncReadWriteLock.acquireWrite", (Scenario) () -> {
                    AsyncReadWriteLock lock = new AsyncReadWriteLock();
                    lock.tryAcquireRead();
                    return new Parked(lock.acquireWrite(), lock::waitingWriters);
                }),
                Arguments.of("AsyncWeightedSemaphore.acquire", (Scenario) () -> {
                    AsyncWeightedSemaphore semaphore = new AsyncWeightedSemaphore(2);
                    semaphore.tryAcquire(1);
                    return new Parked(semaphore.acquire(2), semaphore::waiters);
                }),
                Arguments.of("AsyncCapacityLimiter.acquireOnBehalfOf", (Scenario) () -> {
                    AsyncCapacityLimiter limiter = new AsyncCapacityLimiter(1);
                    limiter.tryAcquireOnBehalfOf("first");
                    return new Parked(limiter.acquireOnBehalfOf("second"), limiter::waiters);
                }),
                Arguments.of("AsyncQueue.get", (Scenario) () -> {
                    AsyncQueue<String> queue = new AsyncQueue<>(1);
                    return new Parked(queue.get(), queue::waitingGetters);
                }),
                Arguments.of("AsyncQueue.put", (Scenario) () -> {
                    AsyncQueue<String> queue = new AsyncQueue<>(1);
                    queue.putNowait("in");
                    return new Parked(queue.put("waiting"), queue::waitingPutters);
                }),
                Arguments.of("AsyncPriorityQueue.get", (Scenario) () -> {
                    AsyncPriorityQueue<String> queue = new AsyncPriorityQueue<>();
                    return new Parked(queue.get(), queue::waitingGetters);
                }),
                Arguments.of("AsyncLifoQueue.get", (Scenario) () -> {
                    AsyncLifoQueue<String> queue = new AsyncLifoQueue<>();
                    return new Parked(queue.get(), queue::waitingGetters);
                }),
                Arguments.of("BridgeQueue.get", (Scenario) () -> {
                    BridgeQueue<String> queue = new BridgeQueue<>(EventLoop.current(), 1);
                    return new Parked(queue.get(), queue::waitingGetters);
                }),
                Arguments.of("BridgeQueue.putAsync", (Scenario) () -> {
                    BridgeQueue<String> queue = new BridgeQueue<>(EventLoop.current(), 1);
                    queue.offer("in");
                    return new Parked(queue.putAsync("waiting"), queue::waitingPutters);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waitingOperations")
    void completeByHandIsRefusedAtOnceAndTheWaitStaysParked(String name, Scenario scenario) {
        Parked parked = scenario.park();
        @SuppressWarnings("unchecked")
        LoopFuture<Object> future = (LoopFuture<Object>) parked.future;
        int waitersBefore = parked.waiters.getAsInt();
        assertEquals(1, waitersBefore, name + ": the scenario parks one waiter");

        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                () -> future.complete(null));
        assertTrue(refused.getMessage().contains("cancel()"), refused.getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> future.completeOnTimeout(null, 1, TimeUnit.SECONDS),
                "completeOnTimeout is refused when called, not when its timer fires");
        settle();

        assertFalse(future.isDone(), name + ": still parked");
        assertEquals(1, parked.waiters.getAsInt(), name + ": still counted by its primitive");
        assertTrue(future.cancel(false), name + ": cancelling still withdraws the wait");
        settle();
        assertTrue(future.isCancelled());
        assertEquals(0, parked.waiters.getAsInt(), name + ": withdrawn");
    }
}
