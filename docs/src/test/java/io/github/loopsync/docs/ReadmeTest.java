package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

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

    /**
     * What the README says -DskipTests leaves out of the install is what the build leaves out:
     * test compilation, Javadoc jars (the release profile still makes them), the benchmarks module,
     * and the installation of the demos' and benchmarks' shaded jars.
     */
    @Test
    void installFromACloneLeavesOutWhatTheReadmeSays() throws Exception {
        Element rootPom = pom("pom.xml");
        assertEquals("${skipTests}", property(rootPom, "maven.test.skip"), "tests not compiled");
        assertEquals("${skipTests}", property(rootPom, "maven.javadoc.skip"), "no Javadoc jar");
        Element release = profile(rootPom, "release");
        assertEquals("false", property(release, "maven.javadoc.skip"), "the release makes Javadoc jars");
        assertEquals("false", property(release, "maven.source.skip"), "the release makes sources jars");
        assertFalse(children(child(rootPom, "modules"), "module").contains("benchmarks"), "benchmarks in every build");
        Element benchmarks = profile(rootPom, "benchmarks");
        Element activation = child(child(benchmarks, "activation"), "property");
        assertEquals(List.of("skipTests", "!true"),
                List.of(child(activation, "name").getTextContent(), child(activation, "value").getTextContent()));
        assertEquals(List.of("benchmarks"), children(child(benchmarks, "modules"), "module"));
        for (String module : List.of("race-demos", "benchmarks")) {
            assertEquals("true", property(pom(module + "/pom.xml"), "maven.install.skip"), module + " installed");
        }
    }

    private Element pom(String path) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(root.resolve(path).toFile()).getDocumentElement();
    }

    private static Element profile(Element pom, String id) {
        for (Node node = child(pom, "profiles").getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && id.equals(child((Element) node, "id").getTextContent())) {
                return (Element) node;
            }
        }
        throw new AssertionError("no profile " + id);
    }

    private static String property(Element pomOrProfile, String name) {
        Element value = child(child(pomOrProfile, "properties"), name);
        return value.getTextContent();
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && name.equals(node.getNodeName())) {
                return (Element) node;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getNodeName() + ">");
    }

    private static List<String> children(Element parent, String name) {
        List<String> texts = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && name.equals(node.getNodeName())) {
                texts.add(node.getTextContent());
            }
        }
        return texts;
    }
}
