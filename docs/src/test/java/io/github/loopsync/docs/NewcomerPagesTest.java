package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pages a newcomer reads first (cheat-sheet, decision guide, pitfalls, cookbook, semantics)
 * are linked from both indexes, and every relative link on them reaches an existing file and,
 * where it names one, an existing heading.
 */
class NewcomerPagesTest {

    private static final List<String> PAGES = List.of("cheat-sheet.md", "choosing.md", "pitfalls.md", "cookbook.md",
            "semantics.md");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    private final Path root = Path.of(System.getProperty("loopsync.root", "..")).toAbsolutePath().normalize();

    /** README.md and docs/README.md both link every newcomer page. */
    @Test
    void bothIndexesLinkEveryPage() throws IOException {
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        String index = Files.readString(root.resolve("docs/README.md"), StandardCharsets.UTF_8);
        for (String page : PAGES) {
            assertTrue(readme.contains("](docs/" + page + ")"), "README.md does not link docs/" + page);
            assertTrue(index.contains("](" + page + ")"), "docs/README.md does not link " + page);
        }
    }

    /** Every relative link on the newcomer pages resolves to a file, and its #anchor to a heading there. */
    @Test
    void relativeLinksResolve() throws IOException {
        List<String> broken = new ArrayList<>();
        for (String page : PAGES) {
            Path file = root.resolve("docs").resolve(page);
            Matcher link = LINK.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("http")) {
                    continue;
                }
                int hash = target.indexOf('#');
                Path linked = hash == 0 ? file : file.getParent().resolve(hash < 0 ? target : target.substring(0, hash)).normalize();
                if (!Files.exists(linked)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(linked).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** The check computes GitHub's anchors: lower case, punctuation dropped, spaces to hyphens. */
    @Test
    void anchorsFollowGitHub() {
        assertEquals("trycatchfinally-in-a-chain", anchor("try/catch/finally in a chain"));
        assertEquals("differences-from-asyncio-cpython-313314", anchor("Differences from asyncio (CPython 3.13/3.14)"));
        assertEquals("producers-workers-and-join", anchor("Producers, workers and `join`"));
    }

    private static List<String> anchors(Path page) throws IOException {
        List<String> anchors = new ArrayList<>();
        Matcher heading = HEADING.matcher(Files.readString(page, StandardCharsets.UTF_8));
        while (heading.find()) {
            anchors.add(anchor(heading.group(1)));
        }
        return anchors;
    }

    private static String anchor(String heading) {
        return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
