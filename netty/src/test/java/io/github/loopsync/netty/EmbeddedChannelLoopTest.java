package io.github.loopsync.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Loops;
import io.github.loopsync.queue.AsyncQueue;
import io.github.loopsync.sync.AsyncLock;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Handler code on an {@link EmbeddedChannel}: the test thread is the channel's event loop and
 * runs the loop's batches with {@code runPendingTasks()}, so every step is deterministic.
 */
@Timeout(30)
class EmbeddedChannelLoopTest {

    private EmbeddedChannel channel;

    @AfterEach
    void closeLoop() {
        if (channel != null) {
            NettyLoops.loopOf(channel.eventLoop()).close();
            channel.finishAndReleaseAll();
        }
    }

    /**
     * A handler that queues each message into a bounded queue; one task per channel drains it,
     * takes a lock around each item and writes the result. Everything runs on the channel's loop.
     */
    private static final class QueueingHandler extends ChannelInboundHandlerAdapter {
        private final AsyncQueue<String> inbox = new AsyncQueue<>(2);
        private final AsyncLock lock = new AsyncLock();
        final List<String> refusedPuts = new ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            EventLoop loop = NettyLoops.loopOf(ctx);
            loop.createTask(() -> Loops.forEach(inbox, item -> lock.withLock(() ->
                    loop.completedFuture(ctx.writeAndFlush(item.toUpperCase() + " on loop thread: " + loop.isCurrent())))));
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            String item = (String) message;
            if (inbox.isFull()) {
                refusedPuts.add(item);                        // a full queue: backpressure
            } else {
                inbox.putNowait(item);
            }
        }
    }

    /** Items put by the handler are processed in order by a task on the channel's loop, and a full queue refuses. */
    @Test
    void handlerFeedsATaskThroughABoundedQueue() {
        QueueingHandler handler = new QueueingHandler();
        channel = new EmbeddedChannel(handler);
        channel.writeInbound("a", "b", "c");
        assertEquals(List.of("c"), handler.refusedPuts, "the bound is 2 and nothing ran yet");
        channel.runPendingTasks();
        assertEquals("A on loop thread: true", channel.readOutbound());
        assertEquals("B on loop thread: true", channel.readOutbound());
        assertNull(channel.readOutbound());
        channel.writeInbound("d");
        channel.runPendingTasks();
        assertEquals("D on loop thread: true", channel.readOutbound());
    }

    /** The loop of a channel's event loop is made once, and is that thread's current loop. */
    @Test
    void oneLoopPerEventLoop() {
        channel = new EmbeddedChannel();
        EventLoop loop = NettyLoops.loopOf(channel.eventLoop());
        assertSame(loop, NettyLoops.loopOf(channel.eventLoop()));
        assertSame(loop, EventLoop.currentOrNull());
        loop.close();
        EventLoop next = NettyLoops.loopOf(channel.eventLoop());
        assertTrue(next != loop && !next.isClosed(), "a closed loop is replaced on next use");
    }
}
