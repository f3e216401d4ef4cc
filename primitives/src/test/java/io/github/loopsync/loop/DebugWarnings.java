package io.github.loopsync.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An exception handler for debug-mode tests: it keeps the {@link LoopDebugWarning}s apart from
 * any other report, and checks what a warning says and where it points.
 */
final class DebugWarnings implements LoopExceptionHandler {

    final List<LoopDebugWarning> warnings = new ArrayList<>();
    final List<String> headlines = new ArrayList<>();
    final List<Task<?>> tasks = new ArrayList<>();
    final List<Throwable> otherReports = new ArrayList<>();

    @Override
    public void handle(EventLoop loop, String message, Throwable error, Task<?> task) {
        if (error instanceof LoopDebugWarning) {
            warnings.add((LoopDebugWarning) error);
            headlines.add(message);
            tasks.add(task);
        } else {
            otherReports.add(error);
        }
    }

    /** The warnings of one kind, in the order they were reported. */
    List<LoopDebugWarning> of(LoopDebugWarning.Kind kind) {
        return warnings.stream().filter(warning -> warning.kind() == kind).collect(Collectors.toList());
    }

    /** Fails unless exactly one warning was reported, of {@code kind}; returns it. */
    LoopDebugWarning single(LoopDebugWarning.Kind kind) {
        assertEquals(1, warnings.size(), () -> "expected one " + kind + " warning, got " + describe());
        LoopDebugWarning warning = warnings.get(0);
        assertEquals(kind, warning.kind(), warning::getMessage);
        return warning;
    }

    /** Fails if anything at all was reported. */
    void assertNone() {
        assertEquals(List.of(), warnings, this::describe);
        assertEquals(List.of(), otherReports);
    }

    /**
     * Fails unless the warning's stack trace starts in this test class, in {@code method} (or in a
     * lambda written in it), and its message names that frame.
     */
    static void assertPointsAt(LoopDebugWarning warning, Class<?> testClass, String method) {
        StackTraceElement[] site = warning.getStackTrace();
        assertTrue(site.length > 0, () -> "no site recorded: " + warning.getMessage());
        StackTraceElement top = site[0];
        assertEquals(testClass.getName(), top.getClassName(), () -> "the site starts in library code: " + top);
        assertTrue(top.getMethodName().equals(method) || top.getMethodName().startsWith("lambda$" + method + "$"),
                () -> "the site starts in " + top + ", not in " + method);
        assertTrue(warning.getMessage().contains(testClass.getSimpleName() + "." + top.getMethodName() + "("
                + top.getFileName() + ":" + top.getLineNumber() + ")"), warning::getMessage);
    }

    private String describe() {
        return warnings.stream().map(Throwable::getMessage).collect(Collectors.joining("\n")) + " / others: " + otherReports;
    }
}
