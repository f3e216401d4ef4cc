package io.github.loopsync.demos.chat;

import io.github.loopsync.loop.Chains;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Loops;
import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.TaskGroup;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.TimerHandle;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncEvent;
import io.github.loopsync.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * A chat room on one event loop, independent of the transport. Each member has two bounded
 * {@link AsyncQueue}s: an inbox of the lines it sent, handled in order by a reader task (a full
 * inbox tells the transport to stop reading from that client), and an outbox drained to its
 * connection by a writer task (which waits whenever the transport is not writable). A line for a
 * member whose outbox stays full longer than {@code slowReaderTimeout} disconnects that member, so
 * a slow client holds the others back for that long at most. An {@link AsyncSemaphore} limits the
 * {@code /ask} calls in flight to the slow {@link Backend}; every task belongs to one {@link
 * TaskGroup}, so that {@link #shutdown} ends them all. A Netty server feeds it from channel handlers; tests feed it from the controlled loop,
 * where the harness can explore its interleavings.
 *
 * <p>Lines a client sends: {@code /ask question} (answered to the asker alone), {@code /who},
 * {@code /quit}; anything else is broadcast to the other members. Loop-confined: call every method
 * on the room's loop thread.
 */
public final class ChatRoom {

    private final int queueCapacity;
    private final Duration slowReaderTimeout;
    private final AsyncSemaphore backendSlots;
    private final Backend backend;
    private final Duration shutdownGrace;
    private final Map<ChatConnection, Member> members = new LinkedHashMap<>();
    private final Set<Task<?>> asks = new LinkedHashSet<>();
    private final AsyncEvent stopping = new AsyncEvent();
    private TaskGroup group;
    private LoopFuture<Void> finished;
    private int guests;

    /** One member: its connection, its outbox and the task that drains the outbox. */
    private static final class Member {
        final String name;
        final ChatConnection connection;
        final AsyncQueue<String> inbox;
        final AsyncQueue<String> outbox;
        Task<Void> reader;
        Task<Void> writer;

        Member(String name, ChatConnection connection, int capacity) {
            this.name = name;
            this.connection = connection;
            this.inbox = new AsyncQueue<>(capacity);
            this.outbox = new AsyncQueue<>(capacity);
        }
    }

    /**
     * Creates a room, not yet started.
     *
     * @param queueCapacity lines queued per client and direction; at least 1
     * @param slowReaderTimeout how long a line waits for room in a member's outbox before that
     *     member is disconnected as too slow
     * @param backendSlots the semaphore limiting {@code /ask} calls in flight
     * @param backend the service that answers {@code /ask}
     * @param shutdownGrace how long {@link #shutdown} lets clients read their last lines
     */
    public ChatRoom(int queueCapacity, Duration slowReaderTimeout, AsyncSemaphore backendSlots, Backend backend,
            Duration shutdownGrace) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity: " + queueCapacity + " (expected: >= 1)");
        }
        this.queueCapacity = queueCapacity;
        this.slowReaderTimeout = Objects.requireNonNull(slowReaderTimeout, "slowReaderTimeout");
        this.backendSlots = Objects.requireNonNull(backendSlots, "backendSlots");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.shutdownGrace = Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    }

    /**
     * Opens the room. It takes members from the loop's next step on.
     *
     * @return a future completing once the room has shut down and every one of its tasks ended
     * @throws IllegalStateException if already started
     */
    public LoopFuture<Void> start() {
        if (finished != null) {
            throw new IllegalStateException("the room was already started");
        }
        finished = TaskGroup.run(opened -> {
            group = opened;
            return stopping.await();
        });
        return finished;
    }

    /**
     * A client connected: it becomes a member, greeted with its name, and the others are told.
     * After {@link #shutdown} the client is told so and closed instead.
     *
     * @param connection the client's connection
     * @throws IllegalStateException if the room is not open yet (its first step has not run)
     */
    public void join(ChatConnection connection) {
        Objects.requireNonNull(connection, "connection");
        if (stopping.isSet()) {
            connection.send("* the server is shutting down");
            connection.close();
            return;
        }
        if (group == null) {
            throw new IllegalStateException("the room is not open yet: start() it and let the loop run a step");
        }
        Member member = new Member("guest-" + (++guests), connection, queueCapacity);
        members.put(connection, member);
        member.writer = group.createTask("writer of " + member.name, () -> write(member));
        member.reader = group.createTask("reader of " + member.name,
                () -> Loops.forEach(member.inbox, line -> handle(member, line)));
        tell(member, "* welcome, " + member.name + " (" + members.size() + " here)");
        broadcast(member, "* " + member.name + " joined");
    }

    /** Drains the outbox to the connection, one line at a time, until the outbox is shut down. */
    private CompletionStage<Void> write(Member member) {
        return Loops.forEach(member.outbox, member.connection::send)
                .exceptionally(Chains.catching(Exception.class, lost -> {
                    gone(member, " left (connection lost)");   // a send failed: the client is gone
                    return null;
                }))
                .whenComplete((ignored, failure) -> member.connection.close());
    }

    /**
     * A line arrived from a client; it is handled after the lines before it.
     *
     * @param connection the client's connection
     * @param line the line, without its line break
     * @return a stage completing when the room can take the client's next line: while it is
     *     pending, the transport should stop reading from that client (Netty: auto-read off)
     */
    public CompletionStage<Void> received(ChatConnection connection, String line) {
        Member member = members.get(connection);
        if (member == null || member.inbox.isShutdown()) {
            return EventLoop.current().done();          // it left, or was disconnected, meanwhile
        }
        return member.inbox.put(line);
    }

    /** Handles one line, in the member's reader task. */
    private CompletionStage<?> handle(Member member, String line) {
        if (line.startsWith("/ask ")) {
            ask(member, line.substring("/ask ".length()));
            return EventLoop.current().done();
        } else if (line.equals("/who")) {
            return tell(member, "* here: " + String.join(", ", names()));
        } else if (line.equals("/quit")) {
            return tell(member, "* bye").thenRun(() -> leave(member, " left"));
        }
        return broadcast(member, member.name + ": " + line);
    }

    /** Calls the backend in a task of the group, at most as many at once as the semaphore allows. */
    private void ask(Member member, String question) {
        Task<Void> call = group.createTask("ask of " + member.name, () -> backendSlots
                .withPermit(() -> backend.ask(question))
                .thenCompose(answer -> tell(member, "* answer: " + answer))
                .exceptionally(Chains.catching(Exception.class, failed -> {
                    tell(member, "* the backend failed: " + failed.getMessage());
                    return null;
                })));
        asks.add(call);
        call.whenComplete((ignored, failure) -> asks.remove(call));
    }

    /**
     * The client's connection closed (the peer went away, perhaps mid-line): its member leaves,
     * and lines still queued for it are dropped.
     *
     * @param connection the client's connection
     */
    public void disconnected(ChatConnection connection) {
        Member member = members.get(connection);
        if (member != null) {
            gone(member, " left");
        }
    }

    /** Leaves gracefully: the lines queued so far are still written, then the connection closes. */
    private void leave(Member member, String how) {
        if (members.remove(member.connection) == null) {
            return;
        }
        member.inbox.shutdown(true);
        member.outbox.shutdown();
        broadcast(member, "* " + member.name + how);
    }

    /** Leaves at once: queued lines are dropped and the writer is stopped where it waits. */
    private void gone(Member member, String how) {
        if (members.remove(member.connection) == null) {
            return;
        }
        member.inbox.shutdown(true);
        member.outbox.shutdown(true);
        Task<?> current = EventLoop.current().currentTask();
        if (member.writer != current) {
            member.writer.cancel("the client is gone");    // it may wait on a send that never ends
        }
        if (member.reader != current) {
            member.reader.cancel("the client is gone");    // it may wait for room in a slow outbox
        }
        broadcast(member, "* " + member.name + how);
    }

    /**
     * Queues a line for one member, waiting for room at most {@code slowReaderTimeout}; a member
     * whose outbox stays full that long is disconnected as too slow. Never fails.
     */
    private CompletionStage<Void> tell(Member member, String line) {
        if (member.outbox.isShutdown()) {
            return EventLoop.current().done();
        }
        return Tasks.waitFor(member.outbox.put(line), slowReaderTimeout)
                .exceptionally(Chains.catching(Exception.class, notQueued -> {
                    if (notQueued instanceof TimeoutException) {
                        gone(member, " was disconnected (too slow)");
                    }
                    return null;                        // else it left meanwhile: nothing to do
                }));
    }

    /** Tells every member but {@code from}; completes once the line is queued for all of them. */
    private CompletionStage<?> broadcast(Member from, String line) {
        List<CompletionStage<Void>> queued = new ArrayList<>();
        for (Member member : new ArrayList<>(members.values())) {
            if (member != from) {
                queued.add(tell(member, line));
            }
        }
        return Tasks.gather(queued);
    }

    /**
     * The names of the members, in the order they joined.
     *
     * @return the names
     */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Member member : members.values()) {
            names.add(member.name);
        }
        return names;
    }

    /**
     * Shuts the room down: no one joins any more, {@code /ask} calls in flight and lines being
     * handled are cancelled, every member is told (if its outbox has room) and its outbox shut down, and clients get {@code shutdownGrace} to read their
     * last lines before the writers still waiting are stopped. Idempotent.
     *
     * @return the future of {@link #start}: complete once every task of the room has ended
     * @throws IllegalStateException if the room was never started
     */
    public LoopFuture<Void> shutdown() {
        if (finished == null) {
            throw new IllegalStateException("the room was never started");
        }
        if (stopping.isSet()) {
            return finished;
        }
        stopping.set();
        for (Task<?> call : new ArrayList<>(asks)) {
            call.cancel("the server is shutting down");
        }
        List<Member> leaving = new ArrayList<>(members.values());
        for (Member member : leaving) {
            member.inbox.shutdown(true);
            member.reader.cancel("the server is shutting down");
            if (!member.outbox.isFull()) {
                member.outbox.putNowait("* the server is shutting down");
            }
            member.outbox.shutdown();
        }
        members.clear();
        TimerHandle grace = EventLoop.current().callLater(shutdownGrace, () -> {
            for (Member member : leaving) {
                member.writer.cancel("the client did not read its last lines in time");
            }
        });
        finished.whenComplete((ignored, failure) -> grace.cancel());
        return finished;
    }
}
