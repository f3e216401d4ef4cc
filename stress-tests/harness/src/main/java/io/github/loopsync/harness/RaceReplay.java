package io.github.loopsync.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link RaceTest}: run exactly the schedule of this replay token instead of exploring, to
 * pin a failure found earlier as a regression test.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RaceReplay {

    /**
     * The replay token, as printed in a report.
     *
     * @return the token
     */
    String value();
}
