package io.github.loopsync.demos;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where this program and the repository it was built in are, so that the commands it prints work
 * when pasted into the shell it runs in, whatever the current directory.
 */
final class Launch {

    private Launch() {
    }

    /**
     * The repository root: this code runs from {@code race-demos/target/race-demos.jar} or, in
     * tests, from {@code race-demos/target/classes}; both are three levels below the root.
     */
    static Path root() {
        try {
            Path codeSource = Path.of(Launch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.toAbsolutePath().normalize().getParent().getParent().getParent();
        } catch (URISyntaxException | SecurityException | NullPointerException unknown) {
            return Path.of("").toAbsolutePath();
        }
    }

    /** A file of the repository as the shell in the current directory should name it. */
    static String path(String fromRoot) {
        Path file = root().resolve(fromRoot);
        Path here = Path.of("").toAbsolutePath();
        return file.startsWith(here) ? here.relativize(file).toString() : file.toString();
    }

    /** The command that runs this program, e.g. {@code java -jar race-demos/target/race-demos.jar} from the root. */
    static String self() {
        return "java -jar " + path("race-demos/target/race-demos.jar");
    }
}
