package io.github.loopsync.demos;

import static io.github.loopsync.demos.Checks.check;

import io.github.loopsync.harness.RaceRun;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.queue.AsyncQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Demo 9: a crawler marks a page done with {@code taskDone()} before it queues the links it found;
 * for an instant nothing is unfinished, {@code join()} returns, and the crawl "finishes" with most
 * pages unvisited. The fix queues the children first and calls {@code taskDone()} last.
 * Re-expresses the web-crawler queue example of chapter 12 of Fowler, <i>Python Concurrency with
 * asyncio</i> (never copied).
 */
public final class JoinReturnsEarly implements Demo {

    @Override
    public String id() {
        return "join-returns-early";
    }

    @Override
    public String title() {
        return "taskDone() before queuing the children makes join() return early";
    }

    @Override
    public String story() {
        return "A crawler starts from one page that links to two others. A worker takes a page, fetches it, "
                + "and queues its links; the main task waits for the queue's join() and then reports the pages visited.";
    }

    @Override
    public String reference() {
        return "Fowler, Python Concurrency with asyncio, chapter 12, web crawler with a queue (re-expressed)";
    }

    record Page(String name, List<String> links) {
    }

    static final List<Page> SITE = List.of(
            new Page("home", List.of("news", "about")),
            new Page("news", List.of()),
            new Page("about", List.of()));

    static Page fetchable(String name) {
        return SITE.stream().filter(page -> page.name().equals(name)).findFirst().orElseThrow();
    }

    // @start region=racy
    static CompletionStage<Void> racyCrawl(AsyncQueue<String> todo, List<String> visited) {
        return todo.get().thenCompose(name -> {
            todo.taskDone();                             // BUG: done before the children are queued
            return fetch(name, visited).thenAccept(page -> page.links().forEach(todo::putNowait));
        }).thenCompose(v -> racyCrawl(todo, visited));
    }
    // @end region=racy

    // @start region=fixed
    static CompletionStage<Void> crawl(AsyncQueue<String> todo, List<String> visited) {
        return todo.get().thenCompose(name -> fetch(name, visited)
                .thenAccept(page -> page.links().forEach(todo::putNowait))
                .whenComplete((v, failure) -> todo.taskDone()))  // done only after its children
                .thenCompose(v -> crawl(todo, visited));
    }
    // @end region=fixed

    static CompletionStage<Page> fetch(String name, List<String> visited) {
        visited.add(name);
        return Tasks.sleep(Duration.ofMillis(10)).thenApply(v -> fetchable(name));
    }

    private static CompletionStage<?> scenario(RaceRun run, boolean racy) {
        AsyncQueue<String> todo = new AsyncQueue<>();
        List<String> visited = new ArrayList<>();
        todo.putNowait("home");
        EventLoop loop = run.loop();
        Task<Void> worker = loop.createTask("worker", () -> racy ? racyCrawl(todo, visited) : crawl(todo, visited));
        return todo.join().thenCompose(v -> {
            check(visited.size() == SITE.size(), "join() returned after visiting " + visited);
            worker.cancel();
            return worker.exceptionally(stopped -> null);
        });
    }

    @Override
    public CompletionStage<?> racy(RaceRun run) {
        return scenario(run, true);
    }

    @Override
    public CompletionStage<?> fixed(RaceRun run) {
        return scenario(run, false);
    }
}
