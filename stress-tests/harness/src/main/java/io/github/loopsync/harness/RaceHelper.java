package io.github.loopsync.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class of test helpers (scenario builders, wrappers around the code under test) whose
 * frames a race report skips when it shows where a task suspended: the "suspended at" column names
 * the line of the test or of the code under test that called the helper, not a line inside it.
 * Nested classes of a marked class are skipped too. To skip a class you cannot annotate, declare
 * it from the scenario with {@link RaceRun#helpers}.
 *
 * <p>Example: a {@code Contenders} class that starts three tasks around a user's lock, marked
 * {@code @RaceHelper}, makes every row point at the user's acquire and release lines.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RaceHelper {
}
