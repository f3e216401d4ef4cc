package io.github.loopsync.demos;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this program and the repository it was built in are, so that the commands it prints work
 * when pasted into the shell it runs in, whatever the current directory.
 */
final class Launch {

    private Launch() {
    }

    /** The jar or class directory this code runs from, or {@code null} if it cannot be told. */
    private static Path codeSource() {
        try {
            return Path.of(Launch.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | SecurityException | NullPointerException unknown) {
            return null;
        }
    }

    /** The repository root, or, if this code does not run from a build of it, the current directory. */
    static Path root() {
        return rootOf(codeSource());
    }

    /**
     * The repository root for code running from {@code codeSource}: three levels up when that is
     * {@code race-demos/target/race-demos.jar} or, in tests, {@code race-demos/target/classes};
     * the current directory when it is anything else (say, the jar copied elsewhere).
     */
    static Path rootOf(Path codeSource) {
        Path target = codeSource == null ? null : codeSource.getParent();
        Path module = target == null ? null : target.getParent();
        if (module != null && module.getParent() != null && target.endsWith("target") && module.endsWith("race-demos")) {
            return module.getParent();
        }
        return Path.of("").toAbsolutePath();
    }

    /** A file of the repository as the shell in the current directory should name it. */
    static String path(String fromRoot) {
        return fromHere(root().resolve(fromRoot));
    }

    private static String fromHere(Path file) {
        Path here = Path.of("").toAbsolutePath();
        return file.startsWith(here) ? here.relativize(file).toString() : file.toString();
    }

    /** The command that runs this program, e.g. {@code java -jar race-demos/target/race-demos.jar} from the root. */
    static String self() {
        return selfFrom(codeSource());
    }

    /** The command that runs this program from {@code codeSource}: that jar, wherever it is, or the built one. */
    static String selfFrom(Path codeSource) {
        if (codeSource != null && codeSource.toString().endsWith(".jar") && Files.isRegularFile(codeSource)) {
            return "java -jar " + fromHere(codeSource);
        }
        return "java -jar " + fromHere(rootOf(codeSource).resolve("race-demos/target/race-demos.jar"));
    }
}
