package io.github.loopsync.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program names itself and the repository correctly wherever its jar is. */
class LaunchTest {

    private static final Path HERE = Path.of("").toAbsolutePath();

    /** Run from the jar the build makes, the root is three levels up. */
    @Test
    void theBuiltJarIsThreeLevelsBelowTheRoot() {
        Path root = Path.of("/home/someone/loopsync");
        assertEquals(root, Launch.rootOf(root.resolve("race-demos/target/race-demos.jar")));
        assertEquals(root, Launch.rootOf(root.resolve("race-demos/target/classes")));
    }

    /** A copy of the jar outside the repository names itself, and the current directory stands for the root. */
    @Test
    void aCopiedJarNamesItself(@TempDir Path elsewhere) throws IOException {
        Path copy = Files.createFile(elsewhere.resolve("demos.jar"));
        assertEquals(HERE, Launch.rootOf(copy));
        String expected = copy.startsWith(HERE) ? HERE.relativize(copy).toString() : copy.toString();
        assertEquals("java -jar " + expected, Launch.selfFrom(copy));
    }

    /** A code source too close to the file system's root, or none at all, falls back to the current directory. */
    @Test
    void anUnknownPlaceFallsBackToTheCurrentDirectory() {
        assertEquals(HERE, Launch.rootOf(Path.of("/race-demos.jar")));
        assertEquals(HERE, Launch.rootOf(null));
        assertEquals("java -jar race-demos/target/race-demos.jar", Launch.selfFrom(null));
    }
}
