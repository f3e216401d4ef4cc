/**
 * Queues for tasks on one event loop, with asyncio's semantics including Python 3.13's shutdown:
 * {@link io.github.loopsync.queue.AsyncQueue} (FIFO), {@link
 * io.github.loopsync.queue.AsyncPriorityQueue} and {@link io.github.loopsync.queue.AsyncLifoQueue}.
 * Items and free slots are handed directly to the oldest waiter, so items leave in the order their
 * puts were made, and a cancelled getter or putter never loses or inserts an item.
 */
package io.github.loopsync.queue;
