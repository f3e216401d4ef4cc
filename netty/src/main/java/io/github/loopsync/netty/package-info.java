/**
 * loopsync on Netty: {@link io.github.loopsync.netty.NettyLoops} gives each Netty event loop a
 * loopsync {@link io.github.loopsync.loop.EventLoop} that runs on the Netty thread, so that
 * channel handlers can use loopsync's tasks and primitives with their continuations on the
 * channel's event loop.
 */
package io.github.loopsync.netty;
