package io.github.loopsync.harness;

import java.util.regex.Pattern;

/** Turns the loop's step descriptions into stable, readable trace text. */
final class Traces {

    private static final Pattern IDENTITY = Pattern.compile("@[0-9a-f]{4,}");
    private static final Pattern LAMBDA = Pattern.compile("[\\w.$]*\\$\\$Lambda[\\w$/.]*");
    private static final Pattern PACKAGE = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z])");

    private Traces() {
    }

    /** Removes identity hashes, lambda class names and package prefixes, which change run to run. */
    static String stable(String text) {
        if (text == null) {
            return "";
        }
        String result = IDENTITY.matcher(text).replaceAll("");
        result = LAMBDA.matcher(result).replaceAll("callback");
        return PACKAGE.matcher(result).replaceAll("$1");
    }

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Object LIBRARY = codeSource(io.github.loopsync.loop.EventLoop.class);
    private static final Object HARNESS = codeSource(Traces.class);

    /**
     * The first stack frame of user code inside the run, as {@code File.java:line}: not the JDK, not
     * a class loaded from loopsync's own jars (tests that share loopsync's package names still
     * count), and not a helper ({@link RaceHelper}, {@link RaceRun#helpers}) unless only helpers
     * are on the stack.
     */
    static String userFrame(java.util.Set<Class<?>> helpers) {
        return WALKER.walk(frames -> {
            String helperFrame = "";
            for (java.util.Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext();) {
                StackWalker.StackFrame frame = it.next();
                Class<?> type = frame.getDeclaringClass();
                if (type == ControlledRun.class) {
                    break;                              // below it: the test that called the harness
                }
                if (isLibrary(type)) {
                    continue;
                }
                String place = frame.getFileName() + ":" + frame.getLineNumber();
                if (!isHelper(type, helpers)) {
                    return place;
                }
                helperFrame = helperFrame.isEmpty() ? place : helperFrame;
            }
            return helperFrame;                         // the wait is inside a helper: its line is all there is
        });
    }

    /**
     * Where {@code error} was thrown, as {@code File.java:line}: its first frame in user code
     * outside the helpers, or "" when it has none.
     */
    static String thrownAt(Throwable error, java.util.Set<Class<?>> helpers) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (StackTraceElement frame : cause.getStackTrace()) {
                if (frame.getClassName().equals(ControlledRun.class.getName())) {
                    break;                              // below it: the harness and the test that called it
                }
                Class<?> type = load(frame.getClassName());
                boolean skip = type == null ? isLibraryName(frame.getClassName())
                        : isLibrary(type) || isHelper(type, helpers);
                if (!skip && frame.getFileName() != null && frame.getLineNumber() > 0) {
                    return frame.getFileName() + ":" + frame.getLineNumber();
                }
            }
        }
        return "";
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Traces.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError notLoadable) {
            return null;
        }
    }

    /** The JDK, and the assertion libraries whose frames sit between a failed check and the test's line. */
    private static boolean isPlatformOrTestLibrary(String name) {
        return name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("org.junit.") || name.startsWith("org.opentest4j.") || name.startsWith("org.assertj.")
                || name.startsWith("org.hamcrest.") || name.startsWith("junit.");
    }

    private static boolean isLibraryName(String name) {
        return isPlatformOrTestLibrary(name)
                || name.startsWith("io.github.loopsync.") && isLibraryPackage(name.substring(0, name.lastIndexOf('.')));
    }

    /** A class marked {@link RaceHelper}, declared by the scenario, or nested in one of those. */
    private static boolean isHelper(Class<?> type, java.util.Set<Class<?>> helpers) {
        for (Class<?> each = type; each != null; each = each.getEnclosingClass()) {
            if (helpers.contains(each) || each.isAnnotationPresent(RaceHelper.class)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLibrary(Class<?> type) {
        String name = type.getName();
        if (isPlatformOrTestLibrary(name)) {
            return true;
        }
        // Library classes live in loopsync's packages and come from loopsync's own jars or
        // directories: a test in the same package, or a program shaded into one jar with the
        // library, still counts as user code.
        Object source = codeSource(type);
        boolean fromLibraryArchive = source != null && (source.equals(LIBRARY) || source.equals(HARNESS));
        return fromLibraryArchive && isLibraryPackage(type.getPackageName());
    }

    private static boolean isLibraryPackage(String pkg) {
        return pkg.equals("io.github.loopsync.loop") || pkg.startsWith("io.github.loopsync.loop.")
                || pkg.equals("io.github.loopsync.sync") || pkg.equals("io.github.loopsync.queue")
                || pkg.equals("io.github.loopsync.bridge") || pkg.equals("io.github.loopsync.internal")
                || pkg.equals("io.github.loopsync.harness");
    }

    private static Object codeSource(Class<?> type) {
        java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }
}
