package io.github.loopsync.harness;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link RaceTest}: resolves the {@link RaceContext} parameter from
 * the method's annotations.
 */
public final class RaceExtension implements ParameterResolver {

    /** Creates the extension; JUnit does this. */
    public RaceExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RaceContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        RaceTest test = method.getAnnotation(RaceTest.class);
        String testName = context.getRequiredTestClass().getSimpleName() + "#" + method.getName();
        RaceOptions options = RaceOptions.defaults().test(testName);
        if (test != null) {
            options = options.strategy(test.strategy()).ordering(test.ordering()).maxSchedules(test.maxSchedules())
                    .maxDelays(test.maxDelays()).maxSteps(test.maxSteps()).seed(test.seed());
            options = options.lateTimers(test.lateTimers());
            if (test.timerJitterMillis() >= 0) {
                options = options.timerJitter(java.time.Duration.ofMillis(test.timerJitterMillis()));
            }
            if (test.cancellations() >= 0) {
                options = options.cancellations(test.cancellations());
            }
        }
        RaceReplay replay = method.getAnnotation(RaceReplay.class);
        String token = null;
        if (replay != null) {
            token = replay.value();
            if (!replay.recordedOn().isBlank()) {
                options = options.test(replay.recordedOn());
            }
        }
        return new RaceContext(options, token, method.getAnnotation(ExpectRace.class), testName);
    }
}
