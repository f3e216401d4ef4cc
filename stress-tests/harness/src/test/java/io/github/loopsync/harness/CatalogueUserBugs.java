package io.github.loopsync.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncCondition;
import io.github.loopsync.sync.AsyncEvent;
import io.github.loopsync.sync.AsyncLock;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/** The catalogue's bugs in user code, and in naive primitives outside the granted-then-cancelled family. */
final class CatalogueUserBugs {

    private CatalogueUserBugs() {
    }

    static List<CatalogueBug> all() {
        return List.of(
                CatalogueBug.of("lost-update", "read, await, write: two increments become one", CatalogueUserBugs::lostUpdate),
                CatalogueBug.of("duplicate-fetch", "check-then-fetch cache: two misses fetch twice", CatalogueUserBugs::duplicateFetch),
                CatalogueBug.of("overdraft", "balance checked before an await, debited after it", CatalogueUserBugs::overdraft),
                CatalogueBug.of("lock-order-deadlock", "two locks taken in opposite orders", CatalogueUserBugs::lockOrder),
                CatalogueBug.of("if-not-while", "a condition waited for with if instead of while", CatalogueUserBugs::ifNotWhile),
                new CatalogueBug("event-pulse-lost", "a naive event's waiter re-checks the flag and misses set-then-clear",
                        run -> {
                            NaiveEvent event = new NaiveEvent();
                            return SeededBugsTest.pulseScenario(run, event::await, () -> {
                                event.set();
                                event.clear();
                            });
                        },
                        run -> {
                            AsyncEvent event = new AsyncEvent();
                            return SeededBugsTest.pulseScenario(run, event::await, () -> {
                                event.set();
                                event.clear();
                            });
                        }),
                CatalogueBug.of("leader-handover", "three leader changes among three tasks exhaust a pool of sessions "
                        + "(needs 3 preemptions)", CatalogueUserBugs::leaderHandover),
                CatalogueBug.of("replies-paired-by-arrival", "two replies to requests sent in one step, paired by "
                        + "arrival order (same-step external events)", fixed -> run -> ExternalEventsExploration.twoRequests(run, fixed)),
                CatalogueBug.of("lock-per-call", "a new lock on every call excludes nobody", CatalogueUserBugs::lockPerCall),
                CatalogueBug.of("release-after-timeout", "a timed-out acquire releases the holder's lock",
                        CatalogueUserBugs::releaseAfterTimeout),
                CatalogueBug.of("queue-check-then-get", "isEmpty() checked before an await, getNowait() after it",
                        CatalogueUserBugs::queueCheckThenGet),
                CatalogueBug.of("semaphore-over-release", "a cancelled acquire still releases in finally",
                        CatalogueUserBugs::overRelease),
                CatalogueBug.of("iterate-while-mutating", "a broadcast iterates the live subscriber list across awaits",
                        CatalogueUserBugs::iterateWhileMutating),
                CatalogueBug.of("open-after-close", "open() completes after close() and marks a closed connection open",
                        CatalogueUserBugs::openAfterClose),
                CatalogueBug.of("cancelled-waiter-wakes-next", "a naive lock's cancelled waiter wakes the next one "
                        + "while the lock is held (bpo-32734 shape)", CatalogueUserBugs::cancelledWaiterWakesNext));
    }

    /** Runs {@code body} under {@code lock} when {@code fixed}, bare otherwise. */
    private static <T> CompletionStage<T> guarded(boolean fixed, AsyncLock lock, Supplier<CompletionStage<T>> body) {
        return fixed ? lock.withLock(body) : body.get();
    }

    private static Function<RaceRun, CompletionStage<?>> lostUpdate(boolean fixed) {
        return run -> {
            int[] counter = {0};
            AsyncLock lock = new AsyncLock();
            run.atEnd(() -> assertEquals(2, counter[0], "counter"));
            Supplier<CompletionStage<Void>> increment = () -> guarded(fixed, lock, () -> {
                int seen = counter[0];
                return Tasks.sleep(Duration.ofMillis(10)).thenRun(() -> counter[0] = seen + 1);
            });
            return Tasks.gather(run.loop().createTask("T1", increment), run.loop().createTask("T2", increment));
        };
    }

    private static Function<RaceRun, CompletionStage<?>> duplicateFetch(boolean fixed) {
        return run -> {
            Map<String, LoopFuture<String>> inFlight = new HashMap<>();
            Map<String, String> cache = new HashMap<>();
            int[] fetches = {0};
            run.invariant("each key is fetched once", () -> fetches[0] <= 1);
            Supplier<CompletionStage<String>> lookup = () -> {
                if (cache.containsKey("user:1")) {
                    return CompletableFuture.completedFuture(cache.get("user:1"));
                }
                if (fixed && inFlight.containsKey("user:1")) {
                    return inFlight.get("user:1");               // FIX: join the fetch already running
                }
                fetches[0]++;
                LoopFuture<String> fetch = Tasks.sleep(Duration.ofMillis(5)).thenApply(v -> "Ada");
                inFlight.put("user:1", fetch);
                return fetch.thenApply(name -> {
                    cache.put("user:1", name);
                    return name;
                });
            };
            return Tasks.gather(run.loop().createTask("R1", lookup), run.loop().createTask("R2", lookup));
        };
    }

    private static Function<RaceRun, CompletionStage<?>> overdraft(boolean fixed) {
        return run -> {
            int[] balance = {100};
            AsyncLock lock = new AsyncLock();
            run.invariant("balance never negative", () -> balance[0] >= 0);
            Supplier<CompletionStage<Void>> withdraw = () -> guarded(fixed, lock, () -> balance[0] < 80
                    ? CompletableFuture.completedFuture(null)
                    : Tasks.yieldNow().thenRun(() -> balance[0] -= 80));
            return Tasks.gather(run.loop().createTask("W1", withdraw), run.loop().createTask("W2", withdraw));
        };
    }

    private static Function<RaceRun, CompletionStage<?>> lockOrder(boolean fixed) {
        return run -> {
            AsyncLock first = new AsyncLock();
            AsyncLock second = new AsyncLock();
            Function<List<AsyncLock>, Supplier<CompletionStage<Void>>> both = order -> () -> order.get(0).withLock(() ->
                    Tasks.yieldNow().thenCompose(v -> order.get(1).withLock(Tasks::yieldNow)));
            return Tasks.gather(run.loop().createTask("A", both.apply(List.of(first, second))),
                    run.loop().createTask("B", both.apply(fixed ? List.of(first, second) : List.of(second, first))));
        };
    }

    private static Function<RaceRun, CompletionStage<?>> ifNotWhile(boolean fixed) {
        return run -> {
            EventLoop loop = run.loop();
            AsyncCondition ready = new AsyncCondition();
            List<String> items = new ArrayList<>();
            Supplier<CompletionStage<String>> take = () -> ready.withLock(() ->
                    (fixed ? ready.awaitUntil(() -> !items.isEmpty()) : items.isEmpty() ? ready.await() : loop.done())
                            .thenApply(v -> items.remove(0)));
            Task<String> first = loop.createTask("C1", take);
            Task<String> second = loop.createTask("C2", take);
            Task<Void> producer = loop.createTask("P", () -> Tasks.yieldNow().thenCompose(v -> ready.withLock(() -> {
                items.add("one");
                ready.signalAll();
                return loop.done();
            })).thenCompose(v -> Tasks.sleep(Duration.ofMillis(1))).thenCompose(v -> ready.withLock(() -> {
                items.add("two");
                ready.signalAll();
                return loop.done();
            })));
            return Tasks.gather(first, second, producer);
        };
    }

    /**
     * Three workers run three rounds; the first to arrive in a round leads it, and a new leader
     * opens a session from a pool of three. The naive code never closes the previous leader's
     * session, so the fourth leader (A leads before round 0) finds the pool empty.
     */
    private static Function<RaceRun, CompletionStage<?>> leaderHandover(boolean fixed) {
        return run -> {
            EventLoop loop = run.loop();
            String[] leader = {"A"};
            int[] openSessions = {1};
                boolean[] led = new boolean[3];
            run.invariant("at most three sessions open", () -> openSessions[0] <= 3);
            List<Task<Void>> workers = new ArrayList<>();
            for (String name : List.of("A", "B", "C")) {
                // each round starts with the worker's own yield, so any worker may arrive first, round 0 included
                workers.add(loop.createTask(name, () -> Tasks.yieldNow().thenCompose(v ->
                        rounds(name, 0, leader, openSessions, led, fixed))));
            }
            return Tasks.gather(workers);
        };
    }

    private static CompletionStage<Void> rounds(String me, int round, String[] leader, int[] openSessions, boolean[] led,
            boolean fixed) {
        if (round == led.length) {
            return CompletableFuture.completedFuture(null);
        }
        if (!led[round]) {
            led[round] = true;
            if (!leader[0].equals(me)) {
                leader[0] = me;
                openSessions[0]++;
                if (fixed) {
                    openSessions[0]--;                        // FIX: the previous leader's session is closed
                }
            }
        }
        return Tasks.yieldNow().thenCompose(v -> rounds(me, round + 1, leader, openSessions, led, fixed));
    }

    private static Function<RaceRun, CompletionStage<?>> lockPerCall(boolean fixed) {
        return run -> {
            AsyncLock shared = new AsyncLock();
            int[] inside = {0};
            run.invariant("at most one task inside", () -> inside[0] <= 1);
            Supplier<CompletionStage<Void>> critical = () -> (fixed ? shared : new AsyncLock()).withLock(() -> {
                inside[0]++;
                return Tasks.sleep(Duration.ofMillis(1)).whenComplete((v, e) -> inside[0]--);
            });
            return Tasks.gather(run.loop().createTask("T1", critical), run.loop().createTask("T2", critical));
        };
    }

    private static Function<RaceRun, CompletionStage<?>> releaseAfterTimeout(boolean fixed) {
        return run -> {
            EventLoop loop = run.loop();
            AsyncLock lock = new AsyncLock();
            int[] inside = {0};
            run.invariant("at most one task inside", () -> inside[0] <= 1);
            Supplier<CompletionStage<Void>> hold = () -> lock.acquire().thenCompose(v -> {
                inside[0]++;
                return Tasks.sleep(Duration.ofMillis(10)).whenComplete((r, e) -> {
                    inside[0]--;
                    lock.release();
                });
            });
            Task<Void> holder = loop.createTask("holder", hold);
            Task<Void> impatient = loop.createTask("impatient", () -> Tasks.waitFor(lock.acquire(), Duration.ofMillis(5))
                    .handle((v, failure) -> {
                        if (failure == null || !fixed) {
                            lock.release();                   // BUG: released whether it was acquired or not
                        }
                        return null;
                    }));
            Task<Void> late = loop.createTask("late", () -> Tasks.sleep(Duration.ofMillis(6)).thenCompose(v -> hold.get()));
            return Tasks.gatherOutcomes(List.of(holder, impatient, late));
        };
    }

    private static Function<RaceRun, CompletionStage<?>> queueCheckThenGet(boolean fixed) {
        return run -> {
            AsyncQueue<String> queue = new AsyncQueue<>();
            queue.putNowait("only");
            Supplier<CompletionStage<String>> consume = () -> queue.isEmpty() ? CompletableFuture.completedFuture(null)
                    : Tasks.yieldNow().thenApply(v -> fixed && queue.isEmpty() ? null : queue.getNowait());
            return Tasks.gather(run.loop().createTask("C1", consume), run.loop().createTask("C2", consume));
        };
    }

    private static Function<RaceRun, CompletionStage<?>> overRelease(boolean fixed) {
        return run -> {
            AsyncSemaphore semaphore = new AsyncSemaphore(1);
            int[] inside = {0};
            run.invariant("at most one task inside", () -> inside[0] <= 1);
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("A", "B", "C")) {
                tasks.add(run.loop().createTask(name, () -> {
                    boolean[] acquired = {false};
                    return semaphore.acquire().thenCompose(v -> {
                        acquired[0] = true;
                        inside[0]++;
                        return Tasks.sleep(Duration.ofMillis(1)).whenComplete((r, e) -> inside[0]--);
                    }).whenComplete((v, e) -> {
                        if (acquired[0] || !fixed) {
                            semaphore.release();              // BUG: also when the acquire was cancelled
                        }
                    });
                }));
            }
            return Tasks.gatherOutcomes(tasks);
        };
    }

    private static Function<RaceRun, CompletionStage<?>> iterateWhileMutating(boolean fixed) {
        return run -> {
            List<String> subscribers = new ArrayList<>(List.of("s1", "s2", "s3"));
            Task<Void> broadcaster = run.loop().createTask("broadcast", () -> send(
                    (fixed ? List.copyOf(subscribers) : subscribers).iterator()));
            Task<Void> leaver = run.loop().createTask("leaver", () -> Tasks.yieldNow().thenRun(() -> subscribers.remove("s3")));
            return Tasks.gather(broadcaster, leaver);
        };
    }

    private static CompletionStage<Void> send(java.util.Iterator<String> remaining) {
        if (!remaining.hasNext()) {
            return CompletableFuture.completedFuture(null);
        }
        remaining.next();
        return Tasks.yieldNow().thenCompose(v -> send(remaining));
    }

    private static Function<RaceRun, CompletionStage<?>> openAfterClose(boolean fixed) {
        return run -> {
            String[] state = {"CLOSED"};
            run.atEnd(() -> assertEquals("CLOSED", state[0], "state after close()"));
            Task<Void> opener = run.loop().createTask("opener", () -> {
                state[0] = "OPENING";
                return Tasks.sleep(Duration.ofMillis(5)).thenRun(() -> {
                    if (!fixed || state[0].equals("OPENING")) {
                        state[0] = "OPEN";                    // BUG: close() may have run during the connect
                    }
                });
            });
            Task<Void> closer = run.loop().createTask("closer", () -> Tasks.sleep(Duration.ofMillis(1))
                    .thenRun(() -> state[0] = "CLOSED"));
            return Tasks.gather(opener, closer);
        };
    }

    /**
     * A naive lock hands the lock to the next waiter on release; a waiter cancelled while parked
     * wakes the next one as if it had been handed the lock, so two tasks hold it. The fix is the
     * library's lock, whose cancelled waiter passes on only a hand-off it actually received.
     */
    private static Function<RaceRun, CompletionStage<?>> cancelledWaiterWakesNext(boolean fixed) {
        return run -> {
            EventLoop loop = run.loop();
            java.util.ArrayDeque<LoopFuture<Void>> waiters = new java.util.ArrayDeque<>();
            boolean[] locked = {false};
            AsyncLock real = new AsyncLock();
            int[] inside = {0};
            run.invariant("at most one task inside", () -> inside[0] <= 1);
            Runnable wakeNext = () -> {
                LoopFuture<Void> next;
                while ((next = waiters.poll()) != null) {
                    if (next.complete(null)) {
                        return;                               // hand-off: the lock stays locked
                    }
                }
                locked[0] = false;
            };
            Supplier<CompletionStage<Void>> acquire = () -> {
                if (!locked[0]) {
                    locked[0] = true;
                    return loop.done();
                }
                LoopFuture<Void> waiter = loop.createFuture();
                waiters.add(waiter);
                return waiter.whenComplete((v, failure) -> {
                    if (failure != null) {
                        waiters.remove(waiter);
                        wakeNext.run();                       // BUG: nothing was handed over to pass on
                    }
                });
            };
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("A", "B", "C")) {
                tasks.add(loop.createTask(name, () -> (fixed ? real.acquire() : acquire.get()).thenCompose(v -> {
                    inside[0]++;
                    return Tasks.sleep(Duration.ofMillis(1)).whenComplete((r, e) -> {
                        inside[0]--;
                        if (fixed) {
                            real.release();
                        } else {
                            wakeNext.run();
                        }
                    });
                })));
            }
            return Tasks.gatherOutcomes(tasks);
        };
    }
}
