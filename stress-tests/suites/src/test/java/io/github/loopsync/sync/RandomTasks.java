package io.github.loopsync.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The random scenarios of the property tests: a few tasks, each a short list of operations. */
public final class RandomTasks {

    private RandomTasks() {
    }

    /**
     * Draws {@code 2 + random.nextInt(taskSpread)} tasks of 1 to 3 operations each, uniformly from
     * {@code ops}, in that order of draws (so a seed gives the same scenario as before).
     *
     * @param random the source
     * @param taskSpread how many task counts above 2 are possible, plus one
     * @param ops the operations to draw from
     * @param <E> the operation type
     * @return the tasks' operations
     */
    public static <E> List<List<E>> generate(Random random, int taskSpread, E[] ops) {
        List<List<E>> tasks = new ArrayList<>();
        for (int t = 0, n = 2 + random.nextInt(taskSpread); t < n; t++) {
            List<E> drawn = new ArrayList<>();
            for (int i = 0, m = 1 + random.nextInt(3); i < m; i++) {
                drawn.add(ops[random.nextInt(ops.length)]);
            }
            tasks.add(drawn);
        }
        return tasks;
    }
}
