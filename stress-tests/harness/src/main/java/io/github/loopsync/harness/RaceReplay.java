package io.github.loopsync.harness;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link RaceTest}: run exactly the schedule of this replay token instead of exploring, to
 * pin a failure found earlier as a regression test. A token replays only the test and scenario it
 * was recorded on; to pin a token in another test method than the one that found it, name that
 * one in {@link #recordedOn()}.
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

    /**
     * The test the token was recorded on ({@code Class#method}, as the token names it), when it is
     * not this method; empty for this method.
     *
     * @return the test that recorded the token, or empty
     */
    String recordedOn() default "";
}
