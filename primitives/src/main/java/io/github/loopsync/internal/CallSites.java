package io.github.loopsync.internal;

import io.github.loopsync.loop.EventLoop;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Debug mode's record of where something was created: the caller's stack, with loopsync's own
 * frames removed from the top so that the first frame is the user's call ({@code callSoon}, {@code
 * createTask}, {@code acquire}, ...). Captured only in debug mode; safe from any thread.
 */
public final class CallSites {

    /** The frames kept below the first user frame: enough to see who called, short enough to read. */
    static final int MAX_FRAMES = 24;

    private static final StackWalker WALKER = StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));

    /** Where loopsync-primitives' classes come from (the jar, or target/classes in its own build). */
    private static final CodeSource LIBRARY = codeSourceOf(EventLoop.class);

    /**
     * Whether a class is part of this library: in one of its packages and loaded from the same place
     * (so that a test class in one of its packages, even patched into its module, is a user
     * class). Cached per class.
     */
    private static final ClassValue<Boolean> IN_LIBRARY = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (!type.getPackageName().startsWith("io.github.loopsync.")) {
                return false;
            }
            return Objects.equals(codeSourceOf(type), LIBRARY);
        }
    };

    private CallSites() {
    }

    private static CodeSource codeSourceOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource();
    }

    /**
     * The calling thread's stack below loopsync's own frames, at most {@value #MAX_FRAMES} frames.
     *
     * @return the frames, first the user's call; empty if the whole stack is loopsync's
     */
    public static StackTraceElement[] capture() {
        return WALKER.walk(frames -> userFrames(frames).limit(MAX_FRAMES)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    private static Stream<StackWalker.StackFrame> userFrames(Stream<StackWalker.StackFrame> frames) {
        Predicate<StackWalker.StackFrame> library = frame -> IN_LIBRARY.get(frame.getDeclaringClass());
        return frames.dropWhile(library);
    }

    /**
     * The first frame of a site as {@code Class.method(File.java:line)}, or {@code "an unknown
     * place"} when nothing was recorded.
     *
     * @param site a captured site, or {@code null}
     * @return a one-line description
     */
    public static String describe(StackTraceElement[] site) {
        if (site == null || site.length == 0) {
            return "an unknown place (not recorded)";
        }
        StackTraceElement top = site[0];
        String className = top.getClassName();
        return className.substring(className.lastIndexOf('.') + 1) + "." + top.getMethodName()
                + "(" + (top.getFileName() != null ? top.getFileName() + ":" + top.getLineNumber() : "unknown source")
                + ")";
    }
}
