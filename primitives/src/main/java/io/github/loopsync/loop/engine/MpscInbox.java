package io.github.loopsync.loop.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The loop's cross-thread inbox: a multi-producer, single-consumer linked queue. This class is
 * concurrent: any thread may {@link #offer}; only the loop thread may {@link #poll} or ask
 * {@link #isEmpty}.
 */
public final class MpscInbox {

    /** One posted callback. {@code next} is written once, by the producer that linked after it. */
    static final class Node {
        Runnable callback;
        volatile Node next;

        Node(Runnable callback) {
            this.callback = callback;
        }
    }

    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(MpscInbox.class, "tail", Node.class);
            NEXT = MethodHandles.lookup().findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Consumer-owned: the stub node; the first real item is {@code head.next}. */
    private Node head;
    /** The last linked node; producers swap themselves in here (the linearization point). */
    private volatile Node tail;

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
     */

    /** An empty inbox. */
    public MpscInbox() {
        Node stub = new Node(null);
        head = stub;
        tail = stub;
    }

    /** Appends a callback; safe from any thread, lock-free, one atomic exchange. */
    public void offer(Runnable callback) {
        Node node = new Node(callback);
        Node previous = (Node) TAIL.getAndSet(this, node);
        previous.next = node;
    }

    /** Removes and returns the oldest callback, or {@code null} if none was posted. Loop thread only. */
    public Runnable poll() {
        Node first = head;
        Node next = first.next;
        if (next == null) {
            if (tail == first) {
                return null;
            }
            // A producer has swapped tail but not linked yet: its link is imminent.
            while ((next = first.next) == null) {
                Thread.onSpinWait();
            }
        }
        head = next;
        NEXT.set(first, null);                          // see the implementation notes
        Runnable callback = next.callback;
        next.callback = null;
        return callback;
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
