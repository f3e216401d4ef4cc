package io.github.loopsync.demos.chat;

import io.github.loopsync.loop.EventLoop;
import io.github.loopsync.loop.LoopFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** An in-memory client: records the lines written to it; can read slowly or break. */
final class FakeClient implements ChatConnection {
    private final EventLoop loop;
    final List<String> lines = new ArrayList<>();
    /** Writes not yet acknowledged: while reading slowly, each send waits until the test reads. */
    final List<LoopFuture<Void>> unread = new ArrayList<>();
    boolean slow;
    boolean broken;
    boolean closed;

    FakeClient(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public CompletionStage<Void> send(String line) {
        if (closed || broken) {
            return loop.failedFuture(new IOException(closed ? "closed" : "connection reset by peer"));
        }
        lines.add(line);
        if (!slow) {
            return loop.done();
        }
        LoopFuture<Void> written = loop.createFuture();
        unread.add(written);
        return written;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The lines that other members said (not the room's own "* ..." notices). */
    List<String> chat() {
        List<String> chat = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("* ")) {
                chat.add(line);
            }
        }
        return chat;
    }
}
