package io.github.loopsync.loop.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The loop's cross-thread inbox: a multi-producer, single-consumer linked queue. This class is
 * concurrent: any thread may {@link #offer}; only the loop thread may {@link #poll} or ask
 * {@link #isEmpty}.
 */
public final class MpscInbox {

    /**
     * One posted callback. {@code next} is written once, by the producer that linked after it;
     * {@code callback} is cleared by the consumer that takes it or, once the inbox claims, by a
     * producer that withdraws it.
     */
    public static final class Node {
        Runnable callback;
        volatile Node next;

        Node(Runnable callback) {
            this.callback = callback;
        }
    }

    private static final VarHandle TAIL;
    private static final VarHandle NEXT;
    private static final VarHandle CALLBACK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(MpscInbox.class, "tail", Node.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
            CALLBACK = lookup.findVarHandle(Node.class, "callback", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Consumer-owned: the stub node; the first real item is {@code head.next}. */
    private Node head;
    /** The last linked node; producers swap themselves in here (the linearization point). */
    private volatile Node tail;
    /** Consumer-owned: whether {@link #poll} takes callbacks by atomic claim ({@link #startClaiming}). */
    private boolean claiming;

    /*
     * Implementation notes. A producer first swaps its node into tail (getAndSet), then links the
     * previous tail to it. Between the two steps the consumer may see tail != head while
     * head.next is still null; poll() then spins for the link, which the producer is about to
     * write. isEmpty() reads tail, so a node counts as present from the moment of its swap; the
     * park protocol in LoopInbox relies on that: after the loop announces it is parking it reads
     * tail, and a producer reads the parking flag only after its swap. The consumer clears the link
     * of a node it moves past (a plain store: no producer writes that link again): a node that had
     * been promoted would otherwise keep every later post reachable from the old generation, and
     * each young collection would copy the whole chain.
     *
     * Withdrawal: a producer may take back a callback it has enqueued, but only after the consumer
     * has started claiming (startClaiming, then a write the producer reads: LoopInbox's closed
     * flag). From then on the consumer takes each callback with an atomic exchange and the
     * producer withdraws with a compare-and-set, so exactly one of them gets it; a withdrawn node
     * stays linked, empty, and poll() passes over it. Before that point the consumer's plain reads
     * and clears are ordered before the flag, so a producer that has read the flag sees them, and
     * its compare-and-set on a node already taken fails.
     */

    /** An empty inbox. */
    public MpscInbox() {
        Node stub = new Node(null);
        head = stub;
        tail = stub;
    }

    /**
     * Appends a callback; safe from any thread, lock-free, one atomic exchange (a full fence).
     *
     * @param callback what to run
     * @return the node, for {@link #withdraw}
     */
    public Node offer(Runnable callback) {
        Node node = new Node(callback);
        Node previous = (Node) TAIL.getAndSet(this, node);
        previous.next = node;
        return node;
    }

    /**
     * Removes and returns the oldest callback, or {@code null} if none was posted; passes over
     * withdrawn ones. Loop thread only.
     *
     * @return the callback, or {@code null}
     */
    public Runnable poll() {
        for (;;) {
            Node first = head;
            Node next = first.next;
            if (next == null) {
                if (tail == first) {
                    return null;
                }
                next = awaitLink(first);
            }
            Runnable callback = take(first, next);
            if (callback != null) {
                return callback;
            }
        }
    }

    /**
     * The newest node, for {@link #pollThrough}: a bound that leaves out what is posted later.
     * Loop thread only.
     *
     * @return the node the last swap put in (the stub when nothing was ever posted)
     */
    public Node newest() {
        return tail;
    }

    /**
     * Like {@link #poll}, but takes nothing posted after {@code last}. Loop thread only.
     *
     * @param last what {@link #newest} returned
     * @return the oldest callback up to {@code last}, or {@code null} once {@code last} is taken
     */
    public Runnable pollThrough(Node last) {
        for (;;) {
            Node first = head;
            if (first == last) {
                return null;
            }
            Node next = first.next;
            if (next == null) {
                next = awaitLink(first);                // last lies ahead: first's link is coming
            }
            Runnable callback = take(first, next);
            if (callback != null) {
                return callback;
            }
        }
    }

    /** Waits for the producer that has swapped in the node after {@code first} to link it. */
    private static Node awaitLink(Node first) {
        Node next;
        while ((next = first.next) == null) {
            Thread.onSpinWait();
        }
        return next;
    }

    /** Moves past {@code first} to {@code next} and takes its callback (null if withdrawn). */
    private Runnable take(Node first, Node next) {
        head = next;
        NEXT.set(first, null);                          // see the implementation notes
        if (claiming) {
            return (Runnable) CALLBACK.getAndSet(next, null);
        }
        Runnable callback = next.callback;
        next.callback = null;
        return callback;
    }

    /**
     * Loop thread: from now on {@link #poll} takes each callback by an atomic exchange, so that
     * producers may {@link #withdraw}. Call before publishing, through a volatile write, that
     * withdrawal is allowed.
     */
    public void startClaiming() {
        claiming = true;
    }

    /**
     * Any thread, for the producer of {@code node}, and only once the consumer has started
     * claiming: takes the callback back unless the consumer took it first.
     *
     * @param node what {@link #offer} returned
     * @return {@code true} if withdrawn (it will never run); {@code false} if the consumer has it
     */
    public boolean withdraw(Node node) {
        Runnable callback = (Runnable) CALLBACK.getVolatile(node);
        return callback != null && CALLBACK.compareAndSet(node, callback, null);
    }

    /** True when nothing has been posted since the last poll. Loop thread only. */
    public boolean isEmpty() {
        return tail == head;
    }

    /**
     * Diagnostics, from any thread: the number of callbacks posted and not yet polled, counting a
     * node whose producer has swapped it in but not linked it yet. Exact while the consumer is
     * parked (it wrote {@code head} before announcing that); a snapshot otherwise. Stops counting
     * at {@code limit}.
     */
    public int pendingCount(int limit) {
        for (int attempt = 0; ; attempt++) {
            Node start = head;
            Node last = tail;
            Node node = start;
            int count = 0;
            while (node != last && count < limit) {
                Node next = node.next;
                if (next == null) {
                    if (head != start && attempt < 3) {
                        break;                          // the consumer moved past (and cut) this
                    }                                   // node while we walked: count again
                    return count + 1;                   // the last swap is not linked yet
                }
                node = next;
                count++;
            }
            if (node == last || count >= limit) {
                return count;
            }
        }
    }
}

