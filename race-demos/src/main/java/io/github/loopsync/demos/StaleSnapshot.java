package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Demo 2: check-then-act across an await. Two buyers see one book left, both pay, both take it:
 * the shop sells a book it does not have. A lock around the check alone does not help; the lock
 * must cover the whole check, await and update. Re-expresses listing 11.3 of Fowler, <i>Python
 * Concurrency with asyncio</i> (never copied).
 */
public final class StaleSnapshot implements Demo {

    @Override
    public String id() {
        return "stale-snapshot";
    }

    @Override
    public String title() {
        return "Check-then-act on a stale snapshot";
    }

    @Override
    public String story() {
        return "Two buyers check that a book is in stock, wait for their payment, then take it. "
                + "Both saw one book left, so the stock goes to -1; a lock around the check alone does not help.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, listing 11.3 (re-expressed)";
    }

    // @start region=racy
    static final class Shop {
        private final AsyncLock lock = new AsyncLock();
        int stock = 1;

        CompletionStage<Boolean> buy() {
            return lock.withLock(() -> CompletableFuture.completedFuture(stock > 0))  // the check is locked...
                    .thenCompose(inStock -> !inStock ? CompletableFuture.completedFuture(false)
                            : takePayment().thenApply(paid -> {                         // ...but not the await
                                stock--;                                                // acts on a stale check
                                return true;
                            }));
        }
    }
    // @end region=racy

    // @start region=fixed
    static final class SafeShop {
        private final AsyncLock lock = new AsyncLock();
        int stock = 1;

        CompletionStage<Boolean> buy() {
            return lock.withLock(() -> stock == 0 ? CompletableFuture.completedFuture(false)
                    : takePayment().thenApply(paid -> {                                 // still holding the lock
                        stock--;
                        return true;
                    }));
        }
    }
    // @end region=fixed

    static CompletionStage<Void> takePayment() {
        return Tasks.sleep(Duration.ofMillis(20));
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        Shop shop = new Shop();
        run.atEnd(() -> check(shop.stock >= 0, "stock is " + shop.stock + ": a book was sold twice"));
        EventLoop loop = run.loop();
        return Tasks.gather(loop.createTask("buyer1", shop::buy), loop.createTask("buyer2", shop::buy));
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        SafeShop shop = new SafeShop();
        run.atEnd(() -> check(shop.stock >= 0, "stock is " + shop.stock + ": a book was sold twice"));
        EventLoop loop = run.loop();
        return Tasks.gather(loop.createTask("buyer1", shop::buy), loop.createTask("buyer2", shop::buy));
    }
}
