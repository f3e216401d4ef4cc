package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.sync.AsyncLock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Demo 6: two transfers between the same two accounts take the accounts' locks in opposite orders
 * and wait for each other forever; the harness reports the wait-for cycle. The fix takes the locks
 * in one global order. Re-expresses the deadlock discussion of chapter 11 of Fowler, <i>Python
 * Concurrency with asyncio</i> (never copied).
 */
public final class LockOrderDeadlock implements Demo {

    @Override
    public String id() {
        return "lock-order-deadlock";
    }

    @Override
    public String title() {
        return "Lock-ordering deadlock between two tasks";
    }

    @Override
    public String story() {
        return "Two transfers run at once, A to B and B to A. Each locks the account it takes money from, "
                + "checks the amount with an auditor, then locks the account it pays into.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, chapter 11, deadlocks (re-expressed)";
    }

    static final class Account {
        final int id;
        final AsyncLock lock = new AsyncLock();
        int balance = 100;

        Account(int id) {
            this.id = id;
        }
    }

    // @start region=racy
    static CompletionStage<Void> transfer(Account from, Account to, int amount) {
        return from.lock.withLock(() -> audit()               // holds `from` across an await
                .thenCompose(v -> to.lock.withLock(() -> move(from, to, amount))));
    }
    // @end region=racy

    // @start region=fixed
    static CompletionStage<Void> orderedTransfer(Account from, Account to, int amount) {
        Account first = from.id < to.id ? from : to;          // every task locks the lower id first
        Account second = first == from ? to : from;
        return first.lock.withLock(() -> audit()
                .thenCompose(v -> second.lock.withLock(() -> move(from, to, amount))));
    }
    // @end region=fixed

    static CompletionStage<Void> audit() {
        return Tasks.sleep(Duration.ofMillis(1));
    }

    static CompletionStage<Void> move(Account from, Account to, int amount) {
        from.balance -= amount;
        to.balance += amount;
        return Tasks.sleep(Duration.ZERO);
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        Account a = new Account(1);
        Account b = new Account(2);
        run.atEnd(() -> check(a.balance + b.balance == 200, "money was created or lost"));
        EventLoop loop = run.loop();
        return Tasks.gather(loop.createTask("A->B", () -> transfer(a, b, 10)),
                loop.createTask("B->A", () -> transfer(b, a, 20)));
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        Account a = new Account(1);
        Account b = new Account(2);
        run.atEnd(() -> check(a.balance == 110 && b.balance == 90, "balances " + a.balance + " and " + b.balance));
        EventLoop loop = run.loop();
        return Tasks.gather(loop.createTask("A->B", () -> orderedTransfer(a, b, 10)),
                loop.createTask("B->A", () -> orderedTransfer(b, a, 20)));
    }
}
