package io.github.loopsync.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopCancellationException;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.LoopHost;
import io.github.loopsync.sync.AsyncSemaphore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loops hosted by a real NIO event loop group: sockets on 127.0.0.1, Netty's scheduler for
 * timers, cancellation from another thread, and the close tied to the group's shutdown. Waits
 * are bounded by timeouts that only guard against a hang; nothing sleeps.
 */
@Timeout(60)
class NettyHostedLoopTest {

    private static final long GUARD_SECONDS = 30;

    private MultiThreadIoEventLoopGroup group;

    @BeforeEach
    void startGroup() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stopGroup() throws Exception {
        group.shutdownGracefully(0, GUARD_SECONDS, TimeUnit.SECONDS).get(GUARD_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * A server handler that sends each byte through a slow "backend" (a 1 ms sleep) behind a
     * semaphore of two permits and writes back the byte plus one.
     */
    private static final class LimitedEchoHandler extends ChannelInboundHandlerAdapter {
        private final AsyncSemaphore backendSlots;
        private final AtomicInteger inBackend;
        private final AtomicInteger mostInBackend;
        private final List<String> offLoop;

        LimitedEchoHandler(AsyncSemaphore backendSlots, AtomicInteger inBackend, AtomicInteger mostInBackend,
                List<String> offLoop) {
            this.backendSlots = backendSlots;
            this.inBackend = inBackend;
            this.mostInBackend = mostInBackend;
            this.offLoop = offLoop;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            NettyLoops.loopOf(ctx);
            ByteBuf bytes = (ByteBuf) message;
            try {
                while (bytes.isReadable()) {
                    int value = bytes.readByte();
                    backendSlots.withPermit(() -> {
                        mostInBackend.accumulateAndGet(inBackend.incrementAndGet(), Math::max);
                        return Tasks.sleep(Duration.ofMillis(1)).thenApply(v -> {
                            inBackend.decrementAndGet();
                            return value + 1;
                        });
                    }).thenAccept(reply -> {
                        if (!ctx.executor().inEventLoop()) {
                            offLoop.add(Thread.currentThread().getName());
                        }
                        ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte(reply));
                    });
                }
            } finally {
                bytes.release();
            }
        }
    }

    /** Over a real socket, handler code limits backend calls with a semaphore; every continuation runs on the channel's loop. */
    @Test
    void semaphoreLimitsBackendCallsOverRealSockets() throws Exception {
        AtomicInteger inBackend = new AtomicInteger();
        AtomicInteger mostInBackend = new AtomicInteger();
        List<String> offLoop = new ArrayList<>();
        AsyncSemaphore slots = new AsyncSemaphore(2);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LimitedEchoHandler(slots, inBackend, mostInBackend, offLoop));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        int count = 40;
        byte[] sent = new byte[count];
        for (int i = 0; i < count; i++) {
            sent[i] = (byte) i;
        }
        List<Integer> replies = new ArrayList<>();
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout((int) TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
            OutputStream out = client.getOutputStream();
            out.write(sent);
            out.flush();
            InputStream in = client.getInputStream();
            for (int i = 0; i < count; i++) {
                replies.add(in.read());
            }
        }
        server.close().sync();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(i + 1);
        }
        assertEquals(expected, replies, "a FIFO semaphore and equal sleeps keep the order");
        assertTrue(mostInBackend.get() <= 2, "never more than the two permits in the backend: " + mostInBackend);
        int slotsLeft = NettyLoops.loopOf(group.next()).submit(() -> Tasks.yieldNow().thenApply(v -> slots.availablePermits()))
                .get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertEquals(2, slotsLeft, "every permit is back");
        assertEquals(List.of(), offLoop);
    }

    /** Timers of a Netty-hosted loop are carried by the Netty event loop's scheduler and fire on its thread. */
    @Test
    void timersUseNettysScheduler() throws Exception {
        io.netty.channel.EventLoop netty = group.next();
        AtomicInteger scheduled = new AtomicInteger();
        LoopHost counting = new LoopHost() {
            private final LoopHost delegate = NettyLoops.host(netty);

            @Override
            public boolean inHostThread() {
                return delegate.inHostThread();
            }

            @Override
            public void execute(Runnable task) {
                delegate.execute(task);
            }

            @Override
            public Future<?> schedule(Runnable task, long delayNanos) {
                scheduled.incrementAndGet();
                return delegate.schedule(task, delayNanos);
            }
        };
        EventLoop loop = EventLoop.builder().name("counting").startOn(counting);
        try {
            // The host is asked to schedule only if the deadline is still ahead when the batch that
            // made the sleep ends; a 2 ms sleep was sometimes already due there in a cold JVM (class
            // loading), and then ran at once without the host's scheduler. 250 ms leaves room.
            boolean onNettyThread = loop.submit(() -> Tasks.sleep(Duration.ofMillis(250))
                    .thenApply(v -> netty.inEventLoop())).get(GUARD_SECONDS, TimeUnit.SECONDS);
            assertTrue(onNettyThread);
            assertTrue(scheduled.get() >= 1, "the sleep's deadline went to Netty's scheduler");
        } finally {
            loop.close();
        }
    }

    /** Cancelling a submitted task from the test thread cancels it on the Netty thread. */
    @Test
    void cancellationFromAnotherThread() throws Exception {
        EventLoop loop = NettyLoops.loopOf(group.next());
        CompletableFuture<String> cleanup = new CompletableFuture<>();
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Void> sleeper = loop.submit(() -> {
            started.complete(null);
            return Tasks.sleep(Duration.ofHours(1)).whenComplete((v, e) ->
                    cleanup.complete((e instanceof CancellationException) + " on Netty thread: " + group.next().inEventLoop()));
        });
        started.get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertTrue(sleeper.cancel(false));
        assertEquals("true on Netty thread: true", cleanup.get(GUARD_SECONDS, TimeUnit.SECONDS));
    }

    /** Shutting the Netty group down closes its loops on the Netty thread: unfinished tasks are cancelled and clean up there. */
    @Test
    void groupShutdownClosesTheLoop() throws Exception {
        EventLoop loop = NettyLoops.loopOf(group.next());
        CompletableFuture<String> cleanup = new CompletableFuture<>();
        loop.submit(() -> {
            loop.createTask(() -> loop.createFuture().whenComplete((v, e) -> cleanup.complete(
                    (e instanceof LoopCancellationException) + " " + group.next().inEventLoop())));
            return Tasks.yieldNow();
        }).get(GUARD_SECONDS, TimeUnit.SECONDS);
        group.shutdownGracefully(0, GUARD_SECONDS, TimeUnit.SECONDS).get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertTrue(loop.isClosed());
        assertEquals("true true", cleanup.getNow("not cleaned up"));
    }
}
