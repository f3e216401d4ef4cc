package io.github.loopsync.loop;

import io.github.loopsync.internal.WaitingOperation;
import java.time.Duration;
import io.github.loopsync.loop.engine.LoopDriver;

/** The future of {@link Tasks#sleep}: its timer decides it; cancelling it removes the timer. */
final class SleepFuture extends LoopFuture<Void> implements WaitingOperation {

    private final TimerHandle timer;
    private final Duration delay;

    /** The timer's callback: a separate object, since a ready entry that is a LoopFuture means "deliver it". */
    private final class Alarm implements Runnable, LoopDriver.LoopClosingAware {
        @Override
        public void run() {
            decideValue(null);
        }

        @Override
        public void loopClosing(String reason) {
            completeExceptionally(new LoopCancellationException(reason));
        }

        @Override
        public String toString() {
            return "wake " + SleepFuture.this;
        }
    }

    SleepFuture(EventLoop loop, Duration delay) {
        super(loop, true);
        this.delay = delay;
        this.timer = loop.callLater(delay, new Alarm());
    }

    @Override
    protected void onWithdrawn() {
        timer.cancel();
    }

    @Override
    public String toString() {
        return "sleep(" + delay + ") " + super.toString();
    }
}
