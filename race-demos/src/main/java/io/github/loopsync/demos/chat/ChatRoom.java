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
import io.github.loopsync.queue.QueueShutDownException;
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
    /** The members in the room: they get the broadcasts. */
    private final Map<ChatConnection, Member> members = new LinkedHashMap<>();
    /** Every member whose writer has not ended yet, in the room or leaving it. */
    private final Set<Member> connected = new LinkedHashSet<>();
    private final Set<Task<?>> asks = new LinkedHashSet<>();
    private final AsyncEvent open = new AsyncEvent();
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
        /** Said /quit: gets no more lines but its bye. */
        boolean left;

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
            open.set();
            return stopping.await();
        });
        return finished;
    }

    /**
     * Completes once the room takes members (the loop has run the first step after {@link #start}).
     *
     * @return a future completing when the room is open
     */
    public LoopFuture<Void> whenOpen() {
        return open.await();
    }

    /**
     * A client connected: it becomes a member, greeted with its name, and the others are told.
     * After {@link #shutdown} the client is told so and closed instead.
     *
     * @param connection the client's connection
     * @throws IllegalStateException if the room is not open yet (see {@link #whenOpen})
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
        connected.add(member);
        member.writer = group.createTask("writer of " + member.name, () -> write(member));
        member.reader = group.createTask("reader of " + member.name,
                () -> Loops.forEach(member.inbox, line -> handle(member, line)));
        tell(member, "* welcome, " + member.name + " (" + members.size() + " here)");
        broadcast(member, "* " + member.name + " joined");
    }

    // @start region=writer
    /** Drains the outbox to the connection, one line at a time, until the outbox is shut down. */
    private CompletionStage<Void> write(Member member) {
        return Loops.forEach(member.outbox, member.connection::send)
                .exceptionally(Chains.catching(Exception.class, lost -> {
                    gone(member, " left (connection lost)");   // a send failed: the client is gone
                    return null;
                }))
                .whenComplete((ignored, failure) -> writerEnded(member));
    }
    // @end region=writer

    private void writerEnded(Member member) {
        connected.remove(member);
        member.connection.close();
    }

    /**
     * A line arrived from a client; it is handled after the lines before it.
     *
     * @param connection the client's connection
     * @param line the line, without its line break
     * @return a stage completing when the room can take the client's next line (or has dropped
     *     this one, the client having left); while it is pending, the transport should stop
     *     reading from that client (Netty: auto-read off). It never fails.
     */
    public CompletionStage<Void> received(ChatConnection connection, String line) {
        Member member = members.get(connection);
        if (member == null || member.inbox.isShutdown()) {
            return EventLoop.current().done();          // it left, or was disconnected, meanwhile
        }
        // A put still waiting when the member leaves or the room shuts down: the line is dropped.
        return member.inbox.put(line).exceptionally(Chains.catching(QueueShutDownException.class, dropped -> null));
    }

    /** Handles one line, in the member's reader task. */
    private CompletionStage<?> handle(Member member, String line) {
        if (line.startsWith("/ask ")) {
            return ask(member, line.substring("/ask ".length()));
        } else if (line.equals("/who")) {
            return tell(member, "* here: " + String.join(", ", names()));
        } else if (line.equals("/quit")) {
            return quit(member);
        }
        return broadcast(member, member.name + ": " + line);
    }

    /**
     * Calls the backend in a task of the group, at most as many at once as the semaphore allows.
     * Once the group is shutting down it starts no task: the asker is told instead (the race
     * harness found this case: a line still being handled when the server stops).
     */
    private CompletionStage<Void> ask(Member member, String question) {
        Task<Void> call;
        try {
            call = group.createTask("ask of " + member.name, () -> backendSlots
                    .withPermit(() -> backend.ask(question))
                    .thenCompose(answer -> tell(member, "* answer: " + answer))
                    .exceptionally(failed -> {
                        if (Tasks.isCancellation(failed)) {
                            throw Chains.rethrow(failed);   // stopped by the shutdown: stays cancelled
                        }
                        tell(member, "* the backend failed: " + Tasks.unwrap(failed).getMessage());
                        return null;
                    }));
        } catch (IllegalStateException shuttingDown) {
            return tell(member, "* the server is shutting down");
        }
        asks.add(call);
        call.whenComplete((ignored, failure) -> asks.remove(call));
        return EventLoop.current().done();
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

    /**
     * Leaves gracefully: out of the room at once (no line queued after this one reaches it), then
     * the bye after the lines queued so far, then the connection closes.
     */
    private CompletionStage<Void> quit(Member member) {
        members.remove(member.connection);
        member.left = true;
        member.inbox.shutdown(true);
        broadcast(member, "* " + member.name + " left");
        return Tasks.waitFor(member.outbox.put("* bye"), slowReaderTimeout).handle((queued, failure) -> {
            if (failure == null) {
                member.outbox.shutdown();               // the writer ends after the bye
            } else if (Tasks.unwrap(failure) instanceof TimeoutException) {
                end(member);                            // too slow even to be told bye
            }
            return null;                                // else the room shut its outbox meanwhile
        });
    }

    /** Leaves at once, unannounced by the client: the others are told. */
    private void gone(Member member, String how) {
        boolean wasHere = members.remove(member.connection) != null;
        end(member);
        if (wasHere) {
            broadcast(member, "* " + member.name + how);
        }
    }

    /** Ends a member's tasks at once: queued lines are dropped, waits are cancelled. Idempotent. */
    private void end(Member member) {
        member.inbox.shutdown(true);
        member.outbox.shutdown(true);
        Task<?> current = EventLoop.current().currentTask();
        if (member.writer != current) {
            member.writer.cancel("the client is gone");    // it may wait on a send that never ends
        }
        if (member.reader != current) {
            member.reader.cancel("the client is gone");    // it may wait for room in a slow outbox
        }
    }

    /** Queues a line for one member; a member that stays too slow to take it is disconnected. */
    private CompletionStage<Void> tell(Member member, String line) {
        if (member.left || member.outbox.isShutdown()) {
            return EventLoop.current().done();
        }
        return putOrGiveUp(member.outbox, line, slowReaderTimeout,
                () -> gone(member, " was disconnected (too slow)"));
    }

    // @start region=tell
    /**
     * Puts {@code line} into {@code outbox}, waiting for room at most {@code timeout}; if it is
     * still full then, runs {@code tooSlow}. The stage never fails: a shut-down outbox (its
     * member left meanwhile) drops the line.
     */
    static CompletionStage<Void> putOrGiveUp(AsyncQueue<String> outbox, String line, Duration timeout,
            Runnable tooSlow) {
        return Tasks.waitFor(outbox.put(line), timeout)
                .exceptionally(Chains.catching(Exception.class, notQueued -> {
                    if (notQueued instanceof TimeoutException) {
                        tooSlow.run();
                    }
                    return null;
                }));
    }
    // @end region=tell

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
     * handled are cancelled, every member is told (if its outbox has room) and its outbox shut
     * down, and clients get {@code shutdownGrace} to read their last lines before the writers
     * still waiting are stopped. Idempotent.
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
        List<Member> leaving = new ArrayList<>(connected);
        Task<?> current = EventLoop.current().currentTask();
        for (Member member : leaving) {
            member.inbox.shutdown(true);
            if (member.reader != current) {
                member.reader.cancel("the server is shutting down");
            }
            if (!member.left && !member.outbox.isShutdown() && !member.outbox.isFull()) {
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
