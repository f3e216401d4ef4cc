package io.github.loopsync.harness;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncCondition;
import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The catalogue's granted-then-cancelled bugs: something is handed to a waiter (a lock, a permit,
 * an item, a signal, a connection, a job), and the waiter is cancelled before it runs or before it
 * is done with it; the naive code loses what was handed over. The harness injects the
 * cancellation itself, at any await point.
 */
final class CatalogueCancellationBugs {

    private CatalogueCancellationBugs() {
    }

    static List<CatalogueBug> all() {
        return List.of(
                new CatalogueBug("lock-bpo-27585", "a lock woken for a waiter cancelled before it runs stays free while others wait",
                        run -> {
                            NaiveLock lock = new NaiveLock();
                            return RaceExplorationTest.threeContenders(run, lock::acquire, lock::release);
                        },
                        run -> {
                            AsyncLock lock = new AsyncLock();
                            return RaceExplorationTest.threeContenders(run, lock::acquire, lock::release);
                        }),
                new CatalogueBug("semaphore-gh-90155", "a permit handed to a waiter cancelled before it runs is lost",
                        run -> {
                            NaiveSemaphore semaphore = new NaiveSemaphore(1);
                            return RaceExplorationTest.threeContenders(run, semaphore::acquire, semaphore::release);
                        },
                        run -> {
                            AsyncSemaphore semaphore = new AsyncSemaphore(1);
                            return RaceExplorationTest.threeContenders(run, semaphore::acquire, semaphore::release);
                        }),
                CatalogueBug.of("condition-gh-112202", "a signal consumed by a waiter cancelled before it runs is lost",
                        CatalogueCancellationBugs::conditionHandOff),
                CatalogueBug.of("queue-bpo-23812", "an item put straight into a getter cancelled before it runs is lost",
                        CatalogueCancellationBugs::queueHandOff),
                CatalogueBug.of("pool-lost-connection", "a connection handed to a borrower cancelled before it runs never comes back",
                        CatalogueCancellationBugs::connectionPool),
                CatalogueBug.of("timeout-after-grant", "a timeout that fires as the permit is handed over loses the permit",
                        CatalogueCancellationBugs::timeoutAfterGrant));
    }

    /**
     * A consumer reads items until the "stop" marker; a forwarder takes one item and puts the marker
     * back if it got it. The naive queue writes the marker into the forwarder's future; cancelled
     * before it runs, the forwarder loses it, and the consumer waits for ever.
     */
    private static Function<RaceRun, CompletionStage<?>> queueHandOff(boolean fixed) {
        return run -> {
            EventLoop loop = run.loop();
            NaiveQueue<String> naive = new NaiveQueue<>();
            AsyncQueue<String> real = new AsyncQueue<>();
            java.util.function.Supplier<CompletionStage<String>> get = () -> fixed ? real.get() : naive.get();
            java.util.function.Consumer<String> put = item -> {
                if (fixed) {
                    real.putNowait(item);
                } else {
                    naive.put(item);
                }
            };
            Task<Void> consumer = loop.createTask("consumer", () -> readUntilStop(get));
            Task<Void> forwarder = loop.createTask("forwarder", () -> get.get().thenAccept(item -> {
                if (item.equals("stop")) {
                    put.accept(item);                        // not ours: pass it on
                }
            }));
            Task<Void> producer = loop.createTask("producer", () -> Tasks.yieldNow().thenRun(() -> {
                put.accept("x");
                put.accept("stop");
            }));
            return Tasks.gatherOutcomes(List.of(consumer, forwarder, producer));
        };
    }

    private static CompletionStage<Void> readUntilStop(java.util.function.Supplier<CompletionStage<String>> get) {
        return get.get().thenCompose(item -> item.equals("stop") ? java.util.concurrent.CompletableFuture.completedFuture(null)
                : readUntilStop(get));
    }

    /**
     * A pool of one connection and three borrowers that each hold it for 1 ms. The naive pool
     * writes the connection into the first waiting borrower's future; a borrower cancelled before
     * it runs never returns it, and the others wait for ever. The fix keeps the idle connections in
     * an {@link AsyncQueue}, which gives a hand-off back when its getter is cancelled.
     */
    private static Function<RaceRun, CompletionStage<?>> connectionPool(boolean fixed) {
        return run -> {
            EventLoop loop = run.loop();
            ArrayDeque<String> idle = new ArrayDeque<>(List.of("conn-1"));
            ArrayDeque<LoopFuture<String>> waiting = new ArrayDeque<>();
            AsyncQueue<String> pool = new AsyncQueue<>();
            pool.putNowait("conn-1");
            java.util.function.Supplier<CompletionStage<String>> borrow = () -> {
                if (fixed) {
                    return pool.get();
                }
                if (!idle.isEmpty()) {
                    return loop.completedFuture(idle.poll());
                }
                LoopFuture<String> handOff = loop.createFuture();
                waiting.add(handOff);
                return handOff;
            };
            java.util.function.Consumer<String> giveBack = connection -> {
                if (fixed) {
                    pool.putNowait(connection);
                    return;
                }
                LoopFuture<String> next;
                while ((next = waiting.poll()) != null) {
                    if (next.complete(connection)) {
                        return;                              // BUG: handed over even if the borrower never runs
                    }
                }
                idle.add(connection);
            };
            List<Task<Void>> borrowers = new ArrayList<>();
            for (String name : List.of("A", "B", "C")) {
                borrowers.add(loop.createTask(name, () -> borrow.get().thenCompose(connection ->
                        Tasks.sleep(Duration.ofMillis(1)).whenComplete((v, e) -> giveBack.accept(connection)))));
            }
            return Tasks.gatherOutcomes(borrowers);
        };
    }

    /**
     * A client waits at most 5 ms for a permit that the holder gives back after exactly 5 ms. When
     * the permit is handed over at the step the timeout fires, the timeout cancels an acquire that
     * already got it: the naive semaphore loses the permit, and the next client waits for ever.
     */
    private static Function<RaceRun, CompletionStage<?>> timeoutAfterGrant(boolean fixed) {
        return run -> {
            EventLoop loop = run.loop();
            NaiveSemaphore naive = new NaiveSemaphore(1);
            AsyncSemaphore real = new AsyncSemaphore(1);
            java.util.function.Supplier<CompletionStage<Void>> acquire = () -> fixed ? real.acquire() : naive.acquire();
            Runnable release = () -> {
                if (fixed) {
                    real.release();
                } else {
                    naive.release();
                }
            };
            Task<Void> holder = loop.createTask("holder", () -> acquire.get().thenCompose(v ->
                    Tasks.sleep(Duration.ofMillis(5)).whenComplete((r, e) -> release.run())));
            Task<Void> impatient = loop.createTask("impatient", () -> Tasks.waitFor(acquire.get(), Duration.ofMillis(5))
                    .handle((v, failure) -> {
                        if (failure == null) {
                            release.run();
                        }
                        return null;
                    }));
            Task<Void> later = loop.createTask("later", () -> Tasks.sleep(Duration.ofMillis(10)).thenCompose(v ->
                    acquire.get()).thenRun(release));
            return Tasks.gatherOutcomes(List.of(holder, impatient, later));
        };
    }

    /**
     * Two consumers wait until a unit is there or the work is closed; the producer adds one unit
     * and signals once; whoever takes it closes the work and wakes the other. The naive condition's
     * signal goes to a waiter that may be cancelled before it runs, and is lost with it: the other
     * consumer waits for ever beside an available unit.
     */
    private static Function<RaceRun, CompletionStage<?>> conditionHandOff(boolean fixed) {
        return run -> {
            EventLoop loop = run.loop();
            NaiveCondition naive = new NaiveCondition();
            AsyncCondition real = new AsyncCondition();
            int[] units = {0};
            boolean[] closed = {false};
            java.util.function.Function<java.util.function.Supplier<CompletionStage<Void>>, CompletionStage<Void>> withLock =
                    body -> fixed ? real.withLock(body) : naive.lock.withLock(body);
            java.util.function.Function<java.util.function.BooleanSupplier, CompletionStage<Void>> awaitUntil =
                    predicate -> fixed ? real.awaitUntil(predicate) : naive.awaitUntil(predicate);
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("C1", "C2")) {
                tasks.add(loop.createTask(name, () -> withLock.apply(() -> awaitUntil.apply(() -> units[0] > 0 || closed[0])
                        .thenRun(() -> {
                            if (units[0] > 0) {
                                units[0]--;
                                closed[0] = true;
                                if (fixed) {
                                    real.signalAll();
                                } else {
                                    naive.signal();
                                }
                            }
                        }))));
            }
            tasks.add(loop.createTask("P", () -> Tasks.yieldNow().thenCompose(v -> withLock.apply(() -> {
                units[0]++;
                if (fixed) {
                    real.signal();
                } else {
                    naive.signal();
                }
                return loop.done();
            }))));
            return Tasks.gatherOutcomes(tasks);
        };
    }
}
