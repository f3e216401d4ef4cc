package io.github.loopsync.demos.chat;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.loop.Tasks;
import io.github.loopsync.netty.NettyLoops;
import io.github.loopsync.sync.AsyncSemaphore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The chat room on Netty: a TCP server on 127.0.0.1 whose connections are all served by one Netty
 * event loop, which also hosts the room's loopsync loop ({@link NettyLoops}). Each connection's
 * handler ({@link ChatHandler}) feeds the room and writes what the room sends, with Netty's
 * backpressure: a channel that is not writable holds its writer task back, and a client whose
 * inbox is full is not read from until it has room.
 *
 * <p>Closing stops accepting, shuts the room down (every member is told, outboxes drain within the
 * grace period, backend calls are cancelled, every task of the room's group ends), and then shuts
 * the Netty event loop down, which closes the loopsync loop on its thread.
 */
public final class ChatServer implements AutoCloseable {

    /** Write-buffer bounds per channel: small, so that a client that stops reading is felt soon. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(8 * 1024, 32 * 1024);
    private static final int MAX_LINE = 4096;

    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private final ChatRoom room;
    private final LoopFuture<Void> finished;
    private final Channel acceptor;

    private ChatServer(MultiThreadIoEventLoopGroup group, EventLoop loop, ChatRoom room, LoopFuture<Void> finished,
            Channel acceptor) {
        this.group = group;
        this.loop = loop;
        this.room = room;
        this.finished = finished;
        this.acceptor = acceptor;
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param port the port, or 0 for any free one (see {@link #port()})
     * @param room a room that was not started; the server starts it on its loop
     * @return the running server
     * @throws InterruptedException if interrupted while binding
     */
    public static ChatServer start(int port, ChatRoom room) throws InterruptedException {
        return start(port, room, 0);
    }

    /**
     * Starts a server on 127.0.0.1 whose connections have a kernel send buffer of {@code
     * sendBufferBytes}: small buffers make a client that stops reading felt after kilobytes
     * instead of megabytes (tests use this).
     *
     * @param port the port, or 0 for any free one (see {@link #port()})
     * @param room a room that was not started; the server starts it on its loop
     * @param sendBufferBytes {@code SO_SNDBUF} per connection, or 0 for the system's default
     * @return the running server
     * @throws InterruptedException if interrupted while binding
     */
    public static ChatServer start(int port, ChatRoom room, int sendBufferBytes) throws InterruptedException {
        Objects.requireNonNull(room, "room");
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            io.netty.channel.EventLoop netty = group.next();
            EventLoop loop = NettyLoops.loopOf(netty);
            ChatRoom created = room;
            LoopFuture<Void> finished = call(loop, created::start);
            call(loop, created::whenOpen).get(10, TimeUnit.SECONDS);
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(netty)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
            if (sendBufferBytes > 0) {
                bootstrap.childOption(ChannelOption.SO_SNDBUF, sendBufferBytes);
            }
            Channel acceptor = bootstrap
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(
                                    new LineBasedFrameDecoder(MAX_LINE),
                                    new StringDecoder(StandardCharsets.UTF_8),
                                    new StringEncoder(StandardCharsets.UTF_8),
                                    new ChatHandler(created));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            return new ChatServer(group, loop, created, finished, acceptor);
        } catch (ExecutionException | TimeoutException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("the chat room did not open", e);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Runs the chat on a port until standard input ends (Ctrl-D) or a line is entered. Connect
     * with {@code nc 127.0.0.1 PORT}; type lines to chat, {@code /ask something}, {@code /who},
     * {@code /quit}.
     *
     * @param args the port (default 7000)
     * @throws Exception if the server cannot start or stop
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7000;
        ChatRoom room = new ChatRoom(64, Duration.ofSeconds(2), new AsyncSemaphore(2),
                question -> Tasks.sleep(Duration.ofSeconds(1)).thenApply(v -> "you asked: " + question),
                Duration.ofSeconds(2));
        try (ChatServer server = start(port, room)) {
            System.out.println("chat on 127.0.0.1:" + server.port() + " (connect with: nc 127.0.0.1 "
                    + server.port() + "); press Enter to stop");
            System.in.read();
            System.out.println("stopping: members are told, queues drain, tasks end");
        }
    }

    /** Runs {@code action} on the loop's thread and waits for its value. */
    private static <T> T call(EventLoop loop, Supplier<T> action) throws InterruptedException {
        try {
            return loop.submit(() -> loop.completedFuture(action.get())).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the chat loop did not answer", e);
        }
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return ((InetSocketAddress) acceptor.localAddress()).getPort();
    }

    /**
     * The loopsync loop that serves the room and every connection (Netty's event loop thread).
     *
     * @return the loop
     */
    public EventLoop loop() {
        return loop;
    }

    /**
     * The room, for reading its state on {@link #loop()}.
     *
     * @return the room
     */
    public ChatRoom room() {
        return room;
    }

    /**
     * Stops accepting and shuts the room down, waiting at most {@code timeout} until every task of
     * the room has ended. The Netty event loop keeps running (see {@link #close}).
     *
     * @param timeout how long to wait for the room
     * @throws InterruptedException if interrupted while waiting
     * @throws TimeoutException if the room did not finish in time
     */
    public void stopRoom(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            acceptor.close().sync();
            call(loop, room::shutdown);
            finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the chat room failed", e.getCause());
        }
    }

    /**
     * Runs {@code query} on the room's loop and returns its value: the way to read loop-confined
     * state (the room, its semaphore) from another thread.
     *
     * @param query what to compute on the loop
     * @param <T> the value's type
     * @return the value
     * @throws InterruptedException if interrupted while waiting
     */
    public <T> T onLoop(Supplier<T> query) throws InterruptedException {
        return call(loop, query);
    }

    /**
     * Stops the room ({@link #stopRoom} with 10 seconds), then shuts the Netty event loop down,
     * which closes the loopsync loop on its thread.
     *
     * @throws TimeoutException if the room did not finish in time (Netty is shut down anyway)
     * @throws IllegalStateException if interrupted (the interrupt status is kept)
     */
    @Override
    public void close() throws TimeoutException {
        try {
            try {
                stopRoom(Duration.ofSeconds(10));
            } finally {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the chat server", e);
        }
    }
}
