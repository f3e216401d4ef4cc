package io.github.loopsync.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test that explores a scenario with the harness. The method takes a {@link
 * RaceContext} parameter and calls {@link RaceContext#run} with the scenario; the test fails with
 * the report if any schedule fails (unless the method is also annotated {@link ExpectRace}).
 *
 * <p>Example: <pre>{@code
 * @RaceTest(strategy = Strategy.EXHAUSTIVE, ordering = Ordering.ANY)
 * void neverOversells(RaceContext race) {
 *     race.run(run -> { ... return mainStage; });
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Test
@ExtendWith(RaceExtension.class)
public @interface RaceTest {

    /**
     * The exploration strategy.
     *
     * @return the strategy; default delay-bounded
     */
    Strategy strategy() default Strategy.DELAY_BOUNDED;

    /**
     * The ordering model.
     *
     * @return the model; default per-origin FIFO
     */
    Ordering ordering() default Ordering.PER_ORIGIN_FIFO;

    /**
     * The most schedules at the default budget ({@code -Dloopsync.budget} scales it).
     *
     * @return the bound
     */
    int maxSchedules() default 2_000;

    /**
     * The most deviations from FIFO, for delay-bounded search.
     *
     * @return the bound
     */
    int maxDelays() default 3;

    /**
     * How many cancellations the harness may inject per run, with every oracle judging those runs
     * ({@link RaceOptions#cancellations(int)}); the default, -1, injects one and judges it
     * leniently ({@link RaceOptions#lenientCancellations()}); 0 turns injection off.
     *
     * @return the bound, or -1 for the default
     */
    int cancellations() default -1;

    /**
     * How late, in milliseconds, a timer may fire ({@link RaceOptions#timerJitter}); the default,
     * -1, keeps the defaults' 5 ms; 0 keeps timers on time.
     *
     * @return the bound, or -1 for the default
     */
    long timerJitterMillis() default -1;

    /**
     * How many times per run the loop may wake up late for a timer ({@link RaceOptions#lateTimers}).
     *
     * @return the bound
     */
    int lateTimers() default 1;

    /**
     * The most steps per run.
     *
     * @return the bound
     */
    int maxSteps() default 10_000;

    /**
     * The seed of the random strategies.
     *
     * @return the seed
     */
    long seed() default 0x5eedL;
}
