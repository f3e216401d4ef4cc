package io.github.loopsync.demos.chat;

import java.util.concurrent.CompletionStage;

/**
 * One client of the chat, as the {@link ChatRoom} sees it: a place to write lines to, with
 * backpressure. The Netty server implements it over a channel; tests implement it in memory.
 * Every method is called on the room's loop thread.
 */
public interface ChatConnection {

    /**
     * Writes one line to the client.
     *
     * @param line the line, without its line break
     * @return a stage completing when the transport can take the next line (a Netty channel that
     *     is writable again), or failing if the connection is gone
     */
    CompletionStage<Void> send(String line);

    /** Closes the connection once what was sent has been written. Idempotent. */
    void close();
}
