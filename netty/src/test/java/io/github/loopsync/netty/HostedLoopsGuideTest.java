package io.github.loopsync.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.loopsync.harness.Race;
import io.github.loopsync.harness.RaceOptions;
import io.github.loopsync.harness.RaceResult;
import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.loop.spi.LoopHost;
import io.github.loopsync.sync.AsyncLock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of docs/guide/hosted-loops.md, run as tests; the page shows their regions
 * verbatim. The same {@link TicketDesk} is explored by the race-condition harness on its controlled
 * loop and then served by a Netty handler.
 */
@Timeout(60)
class HostedLoopsGuideTest {

    // @start region=logic
    /** Sells each ticket once: the check and the backend call after it are one critical section. */
    static final class TicketDesk {
        private final AsyncLock lock = new AsyncLock();
        private final Function<String, CompletionStage<Void>> recordSale;   // the slow backend
        private int left;

        TicketDesk(int tickets, Function<String, CompletionStage<Void>> recordSale) {
            this.left = tickets;
            this.recordSale = recordSale;
        }

        CompletionStage<Boolean> sell(String buyer) {
            return lock.withLock(() -> {
                if (left == 0) {
                    return CompletableFuture.completedFuture(false);
                }
                return recordSale.apply(buyer).thenApply(recorded -> {
                    left--;
                    return true;
                });
            });
        }
    }
    // @end region=logic

    /** The harness explores every schedule of two buyers for the last ticket: never both served. */
    @Test
    void theDeskIsRaceTestedOnTheControlledLoop() {
        // @start region=race-test
        RaceResult result = Race.explore(RaceOptions.defaults(), run -> {
            TicketDesk desk = new TicketDesk(1, buyer -> Tasks.sleep(Duration.ofMillis(5)));
            EventLoop loop = run.loop();
            return Tasks.gather(loop.createTask("ann", () -> desk.sell("ann")),
                                loop.createTask("bob", () -> desk.sell("bob")))
                        .thenAccept(sold -> assertEquals(1, sold.stream().filter(s -> s).count(), "sold"));
        });
        assertFalse(result.failed(), result::report);
        // @end region=race-test
    }

    // @start region=handler
    /** Reads a buyer's name and answers "sold" or "sold out"; the desk's continuations run on this channel's loop. */
    static final class TicketHandler extends ChannelInboundHandlerAdapter {
        private final TicketDesk desk;

        TicketHandler(TicketDesk desk) {
            this.desk = desk;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ByteBuf bytes = (ByteBuf) message;
            String buyer = bytes.toString(StandardCharsets.UTF_8);
            bytes.release();
            NettyLoops.loopOf(ctx);                  // the channel's loopsync loop, bound on first use
            desk.sell(buyer).thenAccept(sold ->
                    ctx.writeAndFlush(Unpooled.copiedBuffer(sold ? "sold" : "sold out", StandardCharsets.UTF_8)));
        }
    }
    // @end region=handler

    /** The same desk behind a Netty handler: the second buyer hears "sold out". */
    @Test
    void theDeskIsServedByANettyHandler() {
        TicketDesk desk = new TicketDesk(1, buyer -> Tasks.yieldNow());   // a suspension point, no timer
        EmbeddedChannel channel = new EmbeddedChannel(new TicketHandler(desk));
        try {
            channel.writeInbound(Unpooled.copiedBuffer("ann", StandardCharsets.UTF_8),
                    Unpooled.copiedBuffer("bob", StandardCharsets.UTF_8));
            channel.runPendingTasks();
            assertEquals("sold", readText(channel));
            assertEquals("sold out", readText(channel));
        } finally {
            NettyLoops.loopOf(channel.eventLoop()).close();
            channel.finishAndReleaseAll();
        }
    }

    private static String readText(EmbeddedChannel channel) {
        ByteBuf reply = channel.readOutbound();
        try {
            return reply.toString(StandardCharsets.UTF_8);
        } finally {
            reply.release();
        }
    }

    /** A loop hosted by a single-threaded scheduled executor runs its tasks and timers on the executor's thread. */
    @Test
    void executorHost() throws Exception {
        // @start region=executor
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                task -> new Thread(task, "app-thread"));
        EventLoop loop = EventLoop.builder().name("on-executor").startOn(LoopHost.of(executor));
        CompletableFuture<String> where = loop.submit(() ->
                Tasks.sleep(Duration.ofMillis(1)).thenApply(slept -> Thread.currentThread().getName()));
        assertEquals("app-thread", where.get(30, TimeUnit.SECONDS));
        loop.close();                                 // runs the close on app-thread, and waits for it
        executor.shutdown();
        // @end region=executor
        assertTrue(loop.isClosed());
    }

    /** A Netty event loop's shutdown closes its loopsync loop. */
    @Test
    void nettyGroupShutdown() throws Exception {
        // @start region=netty
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoop loop = NettyLoops.loopOf(group.next());
        int answer = loop.submit(() -> Tasks.sleep(Duration.ofMillis(1)).thenApply(slept -> 42))
                         .get(30, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);   // closes the loop on the Netty thread
        // @end region=netty
        assertEquals(42, answer);
        assertTrue(loop.isClosed());
    }
}
