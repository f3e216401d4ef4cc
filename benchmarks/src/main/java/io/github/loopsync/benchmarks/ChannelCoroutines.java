package io.github.loopsync.benchmarks;

import kotlin.Unit;
import kotlinx.coroutines.channels.Channel;

/**
 * The two coroutines of the kotlinx {@code Channel} ping-pong row, written by hand as
 * {@link SuspendingLoop}s: a producer that sends items in order and a consumer that receives and
 * sums them.
 */
final class ChannelCoroutines {

    private ChannelCoroutines() {
    }

    /** {@code for (item in items) channel.send(item)}. */
    static final class Producer extends SuspendingLoop {
        private final Channel<Integer> channel;
        private final Integer[] items;
        private int next;

        Producer(Channel<Integer> channel, Integer[] items) {
            this.channel = channel;
            this.items = items;
        }

        @Override
        protected Object proceed() {
            while (next < items.length) {
                if (channel.send(items[next++], continuation()) == SUSPENDED) {
                    return SUSPENDED;
                }
            }
            return Unit.INSTANCE;
        }

        @Override
        protected Object resumed(Object sent) {
            return proceed();
        }

        @Override
        protected String progress() {
            return (items.length - next) + " items not sent";
        }
    }

    /** {@code repeat(left) { sum += channel.receive() }}. */
    static final class Consumer extends SuspendingLoop {
        private final Channel<Integer> channel;
        private int left;
        long sum;

        Consumer(Channel<Integer> channel, int left) {
            this.channel = channel;
            this.left = left;
        }

        @Override
        protected Object proceed() {
            while (left > 0) {
                Object item = channel.receive(continuation());
                if (item == SUSPENDED) {
                    return SUSPENDED;
                }
                take(item);
            }
            return Unit.INSTANCE;
        }

        @Override
        protected Object resumed(Object item) {
            take(item);
            return proceed();
        }

        private void take(Object item) {
            sum += (Integer) item;
            left--;
        }

        @Override
        protected String progress() {
            return left + " items not received";
        }
    }
}
