package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's "Use it in your project" section matches the build it describes. */
class ReadmeTest {

    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");

    private final Path root = Path.of(System.getProperty("loopsync.root", "..")).toAbsolutePath().normalize();

    /** The dependency XML names the artifacts this build makes, at its version, and the JUnit it is tested with. */
    @Test
    void dependenciesNameThisBuildsVersions() throws IOException {
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        List<String> shown = new ArrayList<>();
        Matcher dependency = DEPENDENCY.matcher(readme);
        while (dependency.find()) {
            shown.add(dependency.group(1) + ":" + dependency.group(2) + ":" + dependency.group(3));
        }
        String version = System.getProperty("loopsync.version");
        assertEquals(List.of("io.github.loopsync:loopsync-primitives:" + version, "io.github.loopsync:loopsync-harness:" + version,
                "org.junit.jupiter:junit-jupiter:" + System.getProperty("junit.version")), shown);
    }

    /** The install-from-a-clone command is the one the build keeps fast: tests, the jcstress gate included, skipped. */
    @Test
    void installFromACloneSkipsTheTests() throws IOException {
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("./mvnw -B -q -DskipTests install"), "README's install command");
        String jcstressPom = Files.readString(root.resolve("stress-tests/jcstress/pom.xml"), StandardCharsets.UTF_8);
        assertTrue(jcstressPom.contains("<jcstress.skip>${skipTests}</jcstress.skip>"), "the jcstress gate follows -DskipTests");
    }
}
