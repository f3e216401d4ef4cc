package io.github.loopsync.demos;

/**
 * What every entry of the {@link Catalogue} has, whether it races tasks on a loop ({@link Demo}) or
 * real threads ({@link ThreadDemo}): the id the command line takes, and what {@code list}, {@code run}
 * and {@code explore} print about it.
 */
public interface Entry {

    /**
     * A short identifier for the command line, such as {@code lost-update}.
     *
     * @return the id
     */
    String id();

    /**
     * A one-line title.
     *
     * @return the title
     */
    String title();

    /**
     * What the program is for and what goes wrong, in a sentence or two.
     *
     * @return the story
     */
    String story();

    /**
     * Where the demo comes from: the book listing it re-expresses or the bug it replays.
     *
     * @return the reference
     */
    String reference();

    /**
     * What the demo races on.
     *
     * @return the kind
     */
    Kind kind();
}
