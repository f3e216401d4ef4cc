package io.github.loopsync.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link RaceTest}: the test passes only if the harness finds a failing schedule (of the
 * given kind, within the given deviations). Used by demos of racy code. The report of a race found
 * as expected is printed only with {@code -Dloopsync.verbose=true}; an unmet expectation fails the
 * test with the report.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ExpectRace {

    /**
     * The expected kind of failure; empty accepts any.
     *
     * @return the kinds accepted
     */
    FailureKind[] kind() default {};

    /**
     * The most deviations from FIFO the (shrunk) failing schedule may have; -1 for any.
     *
     * @return the bound
     */
    int maxDeviations() default -1;
}
