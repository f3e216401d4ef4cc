package io.github.loopsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.testing.LoopFixture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * CPython's {@code test_locks.py} BarrierTests (3.13), re-expressed with N = 5 parties. Not
 * ported: the {@code await barrier} half of {@code test_barrier} (a compile error in Java).
 */
class AsyncBarrierConformanceTest extends LoopFixture {

    private static final int N = 5;
    private final AsyncBarrier barrier = new AsyncBarrier(N);

    private List<Task<Integer>> waiters(AsyncBarrier target, int count) {
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(loop.createTask(target::await));
        }
        return tasks;
    }

    private static boolean isBroken(Throwable failure) {
        return Tasks.unwrap(failure) instanceof BrokenBarrierException;
    }

    /** test_barrier: a new barrier is filling. */
    @Test
    void test_barrier() {
        assertTrue(barrier.toString().contains("filling"));
    }

    /** test_repr: filling with waiters, draining, resetting, broken. */
    @Test
    void test_repr() {
        waiters(barrier, 2);
        loop.runOnce();
        assertEquals("AsyncBarrier[filling, waiters:2/5]", barrier.toString());
        waiters(barrier, N - 2);
        loop.runOnce();
        assertEquals("AsyncBarrier[draining, waiters:0/5]", barrier.toString());
        settle();
        assertEquals("AsyncBarrier[filling, waiters:0/5]", barrier.toString());
        List<Task<Integer>> reset = waiters(barrier, 2);
        loop.runOnce();
        barrier.reset();
        assertEquals("AsyncBarrier[resetting, waiters:0/5]", barrier.toString());
        settle();
        reset.forEach(t -> assertTrue(isBroken(assertThrows(CompletionException.class, t::join))));
        List<Task<Integer>> aborted = waiters(barrier, 2);
        loop.runOnce();
        barrier.abort();
        assertEquals("AsyncBarrier[broken]", barrier.toString());
        assertTrue(barrier.isBroken());
        settle();
        aborted.forEach(t -> assertTrue(isBroken(assertThrows(CompletionException.class, t::join))));
    }

    /** test_barrier_parties: fewer than one party is a bad argument. */
    @Test
    void test_barrier_parties() {
        assertEquals("parties: 0 (expected: >= 1)", assertThrows(IllegalArgumentException.class, () -> new AsyncBarrier(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AsyncBarrier(-4));
    }

    /** test_context_manager: three parties get the indices 0, 1 and 2. */
    @Test
    void test_context_manager() {
        AsyncBarrier three = new AsyncBarrier(3);
        List<Task<Integer>> tasks = waiters(three, 3);
        settle();
        Set<Integer> indices = new HashSet<>();
        tasks.forEach(t -> indices.add(t.join()));
        assertEquals(Set.of(0, 1, 2), indices);
        assertEquals(0, three.waiting());
        assertFalse(three.isBroken());
    }

    /** test_filling_one_task: a one-party barrier passes at once. */
    @Test
    void test_filling_one_task() {
        AsyncBarrier one = new AsyncBarrier(1);
        LoopFuture<Integer> index = one.await();
        assertTrue(index.isDone());
        assertEquals(0, index.join());
    }

    /** test_filling_one_task_twice: two passes of a one-party barrier both get index 0. */
    @Test
    void test_filling_one_task_twice() {
        AsyncBarrier one = new AsyncBarrier(1);
        assertEquals(0, one.await().join());
        assertEquals(0, one.await().join());
        assertEquals(0, one.waiting());
    }

    /** test_filling_task_by_task: waiting counts arrivals until the party is complete. */
    @Test
    void test_filling_task_by_task() {
        AsyncBarrier three = new AsyncBarrier(3);
        Task<Integer> t1 = loop.createTask(three::await);
        loop.runOnce();
        assertEquals(1, three.waiting());
        Task<Integer> t2 = loop.createTask(three::await);
        loop.runOnce();
        assertEquals(2, three.waiting());
        Task<Integer> t3 = loop.createTask(three::await);
        settle();
        assertTrue(t1.isDone() && t2.isDone() && t3.isDone());
        assertEquals(0, three.waiting());
    }

    /** test_filling_tasks_wait_twice and test_filling_tasks_check_return_value: N tasks pass twice, with indices 0..N-1 each time. */
    @Test
    void test_filling_tasks_wait_twice() {
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            loop.createTask(() -> barrier.await().thenCompose(index -> {
                first.add(index);
                return barrier.await();
            }).thenAccept(second::add));
        }
        settle();
        assertEquals(Set.of(0, 1, 2, 3, 4), new HashSet<>(first));
        assertEquals(Set.of(0, 1, 2, 3, 4), new HashSet<>(second));
        assertEquals(N, second.size());
    }

    /** test_draining_state: every passer but the last to leave sees the barrier draining (others still inside). */
    @Test
    void test_draining_state() {
        List<Boolean> sawDraining = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            loop.createTask(() -> barrier.await().thenRun(() -> sawDraining.add(barrier.inside() > 0)));
        }
        settle();
        assertEquals(N - 1, sawDraining.stream().filter(b -> b).count());
        assertEquals(1, sawDraining.stream().filter(b -> !b).count());
    }

    /** test_blocking_tasks_while_draining: a task that waits again while the barrier drains waits for the next cycle. */
    @Test
    void test_blocking_tasks_while_draining() {
        AsyncBarrier two = new AsyncBarrier(2);
        List<String> events = new ArrayList<>();
        loop.createTask(() -> two.await().thenRun(() -> events.add("a passed")));
        loop.createTask(() -> two.await().thenCompose(index -> {
            events.add("b passed");
            return two.await();
        }).thenRun(() -> events.add("b passed again")));
        settle();
        assertEquals(List.of("b passed", "a passed"), events, "b re-entered while draining and waits");
        assertEquals(1, two.waiting());
        loop.createTask(two::await);
        settle();
        assertEquals(List.of("b passed", "a passed", "b passed again"), events);
    }

    /** test_filling_tasks_cancel_one: a cancelled waiter leaves the count; the barrier is not broken. */
    @Test
    void test_filling_tasks_cancel_one() {
        AsyncBarrier three = new AsyncBarrier(3);
        Task<Integer> t1 = loop.createTask(three::await);
        Task<Integer> t2 = loop.createTask(three::await);
        loop.runOnce();
        assertEquals(2, three.waiting());
        t1.cancel();
        settle();
        assertEquals(1, three.waiting());
        assertThrows(CancellationException.class, t1::join);
        Task<Integer> t3 = loop.createTask(three::await);
        Task<Integer> t4 = loop.createTask(three::await);
        settle();
        assertTrue(t2.isDone() && t3.isDone() && t4.isDone());
        assertFalse(three.isBroken());
        // Indices can repeat after a cancellation, as in asyncio: t2 arrived second, t3 replaced t1.
        assertEquals(Set.of(1, 2), Set.of(t2.join(), t4.join()));
    }

    /** test_reset_barrier: resetting an idle barrier leaves it usable and not broken. */
    @Test
    void test_reset_barrier() {
        AsyncBarrier one = new AsyncBarrier(1);
        one.reset();
        assertEquals(0, one.waiting());
        assertFalse(one.isBroken());
    }

    /** test_reset_barrier_while_tasks_waiting: waiters fail with BrokenBarrierException, then the barrier fills again. */
    @Test
    void test_reset_barrier_while_tasks_waiting() {
        List<Task<Integer>> tasks = waiters(barrier, N - 1);
        loop.runOnce();
        barrier.reset();
        settle();
        tasks.forEach(t -> assertTrue(isBroken(assertThrows(CompletionException.class, t::join))));
        assertTrue(barrier.toString().contains("filling"));
        assertFalse(barrier.isBroken());
        assertEquals(0, barrier.waiting());
    }

    /** test_reset_barrier_when_tasks_half_draining: released tasks that have not resumed fail; the barrier ends filling. */
    @Test
    void test_reset_barrier_when_tasks_half_draining() {
        int[] passed = {0};
        int[] broken = {0};
        for (int i = 0; i < N; i++) {
            loop.createTask(() -> barrier.await().handle((index, failure) -> {
                if (failure == null) {
                    passed[0]++;
                    if (passed[0] == N - N / 2) {
                        barrier.reset();
                    }
                } else if (isBroken(failure)) {
                    broken[0]++;
                }
                return null;
            }));
        }
        settle();
        assertEquals(N - N / 2, passed[0]);
        assertEquals(N / 2, broken[0]);
        assertTrue(barrier.toString().contains("filling"));
    }

    /** test_reset_barrier_when_tasks_half_draining_half_blocking: tasks failed by the reset wait again and all N pass together. */
    @Test
    void test_reset_barrier_when_tasks_half_draining_half_blocking() {
        int[] passedSecond = {0};
        for (int i = 0; i < N; i++) {
            loop.createTask(() -> barrier.await().handle((index, failure) -> failure == null)
                    .thenCompose(passedFirst -> {
                        if (passedFirst && barrier.toString().contains("draining") && passedSecond[0] == 0 && !resetDone) {
                            resetDone = true;
                            barrier.reset();
                        }
                        return barrier.await();
                    }).thenRun(() -> passedSecond[0]++));
        }
        settle();
        assertEquals(N, passedSecond[0], "everyone met again on the next cycle");
        assertFalse(barrier.isBroken());
        assertTrue(barrier.toString().contains("filling"));
    }

    private boolean resetDone;

    /** test_reset_barrier_while_tasks_waiting_and_waiting_again: waiters failed by a reset wait again; one more completes the party. */
    @Test
    void test_reset_barrier_while_tasks_waiting_and_waiting_again() {
        int[] passed = {0};
        for (int i = 0; i < N - 1; i++) {
            loop.createTask(() -> barrier.await().handle((index, failure) -> isBroken(failure))
                    .thenCompose(broken -> barrier.await()).thenRun(() -> passed[0]++));
        }
        loop.runOnce();
        barrier.reset();
        settle();
        loop.createTask(() -> barrier.await().thenRun(() -> passed[0]++));
        settle();
        assertEquals(N, passed[0]);
    }

    /** test_reset_barrier_while_tasks_draining: the last to leave resets and waits again; everyone passes twice more. */
    @Test
    void test_reset_barrier_while_tasks_draining() {
        int[] passes = {0};
        int[] failures = {0};
        for (int i = 0; i < N; i++) {
            loop.createTask(() -> barrier.await().thenCompose(index -> {
                if (barrier.toString().contains("filling")) {
                    // The last to leave: nobody is inside, the reset just refills.
                    barrier.reset();
                }
                return barrier.await();
            }).thenCompose(index -> barrier.await()).handle((index, failure) -> {
                if (failure == null) {
                    passes[0]++;
                } else {
                    failures[0]++;
                }
                return null;
            }));
        }
        settle();
        assertEquals(0, failures[0]);
        assertEquals(N, passes[0]);
    }

    /** test_abort_barrier: aborting an idle barrier breaks it. */
    @Test
    void test_abort_barrier() {
        AsyncBarrier one = new AsyncBarrier(1);
        one.abort();
        assertTrue(one.isBroken());
        assertTrue(isBroken(assertThrows(CompletionException.class, () -> {
            LoopFuture<Integer> late = one.await();
            settle();
            late.join();
        })));
    }

    /** test_abort_barrier_when_tasks_half_draining_half_blocking: an abort mid-drain fails those not resumed and those waiting again. */
    @Test
    void test_abort_barrier_when_tasks_half_draining_half_blocking() {
        int[] resumed = {0};
        int[] brokenFirst = {0};
        int[] brokenSecond = {0};
        for (int i = 0; i < N; i++) {
            loop.createTask(() -> barrier.await().handle((index, failure) -> {
                if (failure != null) {
                    brokenFirst[0]++;
                    return CompletableFuture.<Integer>completedFuture(null);
                }
                resumed[0]++;
                if (resumed[0] == N - N / 2) {
                    barrier.abort();
                }
                return barrier.await().handle((again, e) -> {
                    if (isBroken(e)) {
                        brokenSecond[0]++;
                    }
                    return again;
                });
            }).thenCompose(stage -> stage));
        }
        settle();
        assertEquals(N / 2, brokenFirst[0], "released but not resumed at the abort");
        assertEquals(N - N / 2, brokenSecond[0], "every re-wait fails");
        assertTrue(barrier.isBroken());
    }

    /** A party that fails (and aborts) if it got index N/2; the others wait again; counts BrokenBarrierExceptions from either wait. */
    private CompletionStage<Object> passThenMaybeFail(AsyncBarrier target, List<Boolean> brokenAfter) {
        return target.await().handle((index, failure) -> {
            if (failure != null) {
                brokenAfter.add(isBroken(failure));
                return CompletableFuture.completedFuture(null);
            }
            if (index == N / 2) {
                target.abort();
                return CompletableFuture.failedFuture(new IllegalStateException("party " + index + " failed"));
            }
            return target.await().handle((again, secondFailure) -> {
                brokenAfter.add(isBroken(secondFailure));
                return null;
            });
        }).thenCompose(stage -> stage);
    }

    /** test_abort_barrier_when_exception: a failing party aborts; the others fail at their next wait. */
    @Test
    void test_abort_barrier_when_exception() {
        List<Boolean> brokenAfter = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            loop.createTask(() -> passThenMaybeFail(barrier, brokenAfter)).exceptionally(e -> null);
        }
        settle();
        assertEquals(N - 1, brokenAfter.size());
        assertTrue(brokenAfter.stream().allMatch(b -> b));
        assertTrue(barrier.isBroken());
    }

    /** test_abort_barrier_when_exception_then_resetting: after the abort and a reset, all N pass again. */
    @Test
    void test_abort_barrier_when_exception_then_resetting() {
        List<Boolean> brokenAfter = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            loop.createTask(() -> passThenMaybeFail(barrier, brokenAfter)).exceptionally(e -> null);
        }
        settle();
        assertTrue(barrier.isBroken());
        barrier.reset();
        assertFalse(barrier.isBroken());
        List<Task<Integer>> again = waiters(barrier, N);
        settle();
        again.forEach(t -> assertTrue(t.isDone() && !t.isCompletedExceptionally()));
        assertInstanceOf(Integer.class, again.get(0).join());
    }
}
