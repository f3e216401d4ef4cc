package io.github.loopsync.demos.chat;

import java.util.concurrent.CompletionStage;

/** The slow service behind the chat's {@code /ask} command; the room limits calls in flight. */
@FunctionalInterface
public interface Backend {

    /**
     * Answers a question.
     *
     * @param question the text after {@code /ask}
     * @return the answer, some time later
     */
    CompletionStage<String> ask(String question);
}
