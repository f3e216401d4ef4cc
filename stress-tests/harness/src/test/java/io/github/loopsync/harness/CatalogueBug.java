package io.github.loopsync.harness;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One bug of the race catalogue: a scenario with the bug, and its fixed twin, which differs only
 * in the fix. The default settings must find the bug, replay it exactly, and pass the twin.
 */
final class CatalogueBug {

    final String id;
    final String story;
    final Function<RaceRun, CompletionStage<?>> racy;
    final Function<RaceRun, CompletionStage<?>> fixed;

    CatalogueBug(String id, String story, Function<RaceRun, CompletionStage<?>> racy,
            Function<RaceRun, CompletionStage<?>> fixed) {
        this.id = id;
        this.story = story;
        this.racy = racy;
        this.fixed = fixed;
    }

    /** A bug whose twin is the same scenario with the fix switched on. */
    static CatalogueBug of(String id, String story, Function<Boolean, Function<RaceRun, CompletionStage<?>>> scenario) {
        return new CatalogueBug(id, story, scenario.apply(false), scenario.apply(true));
    }

    @Override
    public String toString() {
        return id;
    }
}
