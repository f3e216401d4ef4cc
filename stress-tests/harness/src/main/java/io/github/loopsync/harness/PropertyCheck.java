package io.github.loopsync.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Property-based exploration: generates operation sequences for a few tasks from a seed, explores
 * each on the harness, and on failure shrinks the sequences (drops operations while the same kind
 * of failure remains) before reporting the seed, the minimal sequences and the replay token.
 *
 * <p>Example: <pre>{@code
 * PropertyCheck.forAll(seed, 50, random -> randomOperations(random), (run, tasks) -> {
 *     // start one task per list of operations, check invariants, return the main stage
 * }, RaceOptions.defaults().cancellations(1));
 * }</pre>
 *
 * <p>Operations are plain values (an enum, a record) that the scenario interprets. The generator
 * must derive everything from the {@link Random} it is given, so that a seed reproduces a trial.
 */
public final class PropertyCheck {

    private PropertyCheck() {
    }

    /**
     * Runs {@code trials} generated trials and throws an {@link AssertionError} with a shrunk
     * counterexample if one fails.
     *
     * @param seed the seed; trial {@code i} uses {@code seed + i}
     * @param trials how many sequences to generate
     * @param generate makes one list of operations per task
     * @param scenario builds the scenario of one trial
     * @param options how to explore each trial
     * @param <O> the operation type
     * @throws AssertionError describing the seed, the minimal operations and the failing schedule
     */
    public static <O> void forAll(long seed, int trials, Function<Random, List<List<O>>> generate,
            BiFunction<RaceRun, List<List<O>>, ? extends CompletionStage<?>> scenario, RaceOptions options) {
        Objects.requireNonNull(generate, "generate");
        Objects.requireNonNull(scenario, "scenario");
        for (int trial = 0; trial < trials; trial++) {
            long trialSeed = seed + trial;
            List<List<O>> operations = generate.apply(new Random(trialSeed));
            RaceResult result = explore(operations, scenario, options);
            if (result.failed()) {
                Shrunk<O> minimal = shrink(operations, result, scenario, options);
                throw new AssertionError("property failed for seed " + trialSeed + " (trial " + trial + ")\n"
                        + "minimal operations per task: " + minimal.operations + "\n" + minimal.result.report());
            }
        }
    }

    private static <O> RaceResult explore(List<List<O>> operations,
            BiFunction<RaceRun, List<List<O>>, ? extends CompletionStage<?>> scenario, RaceOptions options) {
        return Race.explore(options, run -> scenario.apply(run, operations));
    }

    private static final class Shrunk<O> {
        final List<List<O>> operations;
        final RaceResult result;

        Shrunk(List<List<O>> operations, RaceResult result) {
            this.operations = operations;
            this.result = result;
        }
    }

    /** Greedily drops single operations (and empty tasks) while the failure kind stays the same. */
    private static <O> Shrunk<O> shrink(List<List<O>> operations, RaceResult failure,
            BiFunction<RaceRun, List<List<O>>, ? extends CompletionStage<?>> scenario, RaceOptions options) {
        List<List<O>> best = copy(operations);
        RaceResult bestResult = failure;
        boolean improved = true;
        while (improved) {
            improved = false;
            search:
            for (int task = 0; task < best.size(); task++) {
                for (int index = 0; index < best.get(task).size(); index++) {
                    List<List<O>> candidate = copy(best);
                    candidate.get(task).remove(index);
                    if (candidate.get(task).isEmpty() && candidate.size() > 1) {
                        candidate.remove(task);
                    }
                    RaceResult trial = explore(candidate, scenario, options);
                    if (trial.failed() && trial.failureKind() == failure.failureKind()) {
                        best = candidate;
                        bestResult = trial;
                        improved = true;
                        break search;
                    }
                }
            }
        }
        return new Shrunk<>(best, bestResult);
    }

    private static <O> List<List<O>> copy(List<List<O>> operations) {
        List<List<O>> copy = new ArrayList<>();
        for (List<O> task : operations) {
            copy.add(new ArrayList<>(task));
        }
        return copy;
    }
}
