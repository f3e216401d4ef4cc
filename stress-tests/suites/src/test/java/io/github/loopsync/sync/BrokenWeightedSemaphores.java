package io.github.loopsync.sync;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.List;

/**
 * Weighted semaphores with one seeded bug each, the broken twins of {@link AsyncWeightedSemaphore}
 * for the property and exploration suites. Both register a progress probe like the real one (the
 * oldest queued request fits in the free permits but is still queued), so the harness sees a lost
 * wake-up at the step it happens.
 */
final class BrokenWeightedSemaphores {

    private BrokenWeightedSemaphores() {
    }

    /** A queued request. */
    private static final class Request {
        final LoopFuture<Void> future;
        final int n;
        boolean granted;

        Request(LoopFuture<Void> future, int n) {
            this.future = future;
            this.n = n;
        }
    }

    /** The shared machinery: a list of requests, grants revoked by a late cancellation returned. */
    private abstract static class Base implements WeightedModel.Primitive {
        final List<Request> queue = new ArrayList<>();
        int free;
        private boolean probed;

        Base(int total) {
            this.free = total;
        }

        @Override
        public LoopFuture<Void> acquire(int n) {
            EventLoop loop = EventLoop.current();
            if (!probed) {
                probed = true;
                loop.registerProbe(probe());
            }
            if (queue.isEmpty() && n <= free) {
                free -= n;
                return loop.done();
            }
            Request request = new Request(loop.createFuture(), n);
            queue.add(request);
            request.future.whenComplete((v, failure) -> {
                if (failure == null) {
                    return;
                }
                if (request.granted) {
                    free += n;
                    serve();
                } else {
                    boolean head = queue.indexOf(request) == 0;
                    queue.remove(request);
                    if (head) {
                        headLeft();
                    }
                }
            });
            afterPark();
            return request.future;
        }

        @Override
        public boolean tryAcquire(int n) {
            if (queue.isEmpty() && n <= free) {
                free -= n;
                return true;
            }
            return false;
        }

        @Override
        public void release(int n) {
            free += n;
            serve();
        }

        @Override
        public int available() {
            return free;
        }

        void grant(Request request) {
            queue.remove(request);
            free -= request.n;
            request.granted = true;
            request.future.complete(null);
        }

        /** Grants from the head while the head fits (the correct policy). */
        void serveInOrder() {
            while (!queue.isEmpty() && queue.get(0).n <= free) {
                grant(queue.get(0));
            }
        }

        abstract void serve();

        void afterPark() {
        }

        void headLeft() {
        }

        private ProgressProbe probe() {
            return new ProgressProbe() {
                @Override
                public String describe() {
                    return getClass().getSimpleName() + "[value:" + free + ", waiters:" + queue.size() + "]";
                }

                @Override
                public int parkedWaiters() {
                    return queue.size();
                }

                @Override
                public boolean lostWakeup() {
                    return !queue.isEmpty() && queue.get(0).n <= free;
                }
            };
        }
    }

    /**
     * Serves whichever queued request fits, oldest first but skipping those that do not: a small
     * request overtakes a large head, which can starve.
     */
    static final class Greedy extends Base {
        Greedy(int total) {
            super(total);
        }

        @Override
        void serve() {
            for (Request request : new ArrayList<>(queue)) {
                if (request.n <= free) {
                    grant(request);      // BUG: skips the head that does not fit
                }
            }
        }

        @Override
        void afterPark() {
            serve();
        }
    }

    /**
     * Serves in order, but when a head that does not fit leaves (cancelled, timed out), it does not
     * look at the waiters behind it, though the free permits may now cover them.
     */
    static final class ForgetfulHead extends Base {
        ForgetfulHead(int total) {
            super(total);
        }

        @Override
        void serve() {
            serveInOrder();
        }

        @Override
        void headLeft() {
            // BUG: should serve the new head from the free permits here
        }
    }
}
