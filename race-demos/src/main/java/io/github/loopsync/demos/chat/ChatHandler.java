package io.github.loopsync.demos.chat;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import io.github.loopsync.netty.NettyLoops;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.buffer.Unpooled;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * One TCP connection of the {@link ChatServer}: a {@link ChatConnection} for the room, fed by
 * Netty. Backpressure both ways: {@link #send} waits while the channel is not writable, and the
 * channel stops reading while the room has no room for the client's next line. Runs on the Netty
 * event loop that hosts the room's loopsync loop.
 */
final class ChatHandler extends SimpleChannelInboundHandler<String> implements ChatConnection {

    ChatHandler(ChatRoom room) {
        this.room = room;
    }

    // @start region=backpressure
    private final ChatRoom room;
    private ChannelHandlerContext ctx;
    private EventLoop loop;
    /** The last line the room has not taken yet, while reading is off; else null. */
    private CompletionStage<Void> lastAccepted;
    /** Completes when the channel is writable again; null while it is writable. */
    private LoopFuture<Void> writable;

    @Override
    public void channelActive(ChannelHandlerContext context) {
        ctx = context;
        loop = NettyLoops.loopOf(context);
        room.join(this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, String line) {
        CompletionStage<Void> accepted = room.received(this, line);
        if (!((Future<?>) accepted).isDone()) {
            context.channel().config().setAutoRead(false);      // the room is behind: stop reading
            lastAccepted = accepted;
            accepted.whenComplete((ignored, failure) -> {
                if (lastAccepted == accepted) {                 // the room took every line read so far
                    lastAccepted = null;
                    context.channel().config().setAutoRead(true);
                }
            });
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable() && writable != null) {
            LoopFuture<Void> resumed = writable;
            writable = null;
            resumed.complete(null);
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (writable != null) {
            writable.completeExceptionally(new ClosedChannelException());
            writable = null;
        }
        room.disconnected(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();                                        // a reset or an over-long line
    }

    @Override
    public CompletionStage<Void> send(String line) {
        if (!ctx.channel().isActive()) {
            return loop.failedFuture(new ClosedChannelException());
        }
        ctx.writeAndFlush(line + "\n");
        if (ctx.channel().isWritable()) {
            return loop.done();
        }
        if (writable == null) {
            writable = loop.createFuture();
        }
        return writable;
    }
    // @end region=backpressure

    @Override
    public void close() {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public String toString() {
        return "connection " + (ctx == null ? "(not active)" : ctx.channel().remoteAddress());
    }
}
