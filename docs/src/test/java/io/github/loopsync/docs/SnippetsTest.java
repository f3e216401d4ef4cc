package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every code block in README.md and docs/ that is marked {@code <!-- snippet: path#region -->}
 * equals that region of a compiled, tested source file, every block marked {@code <!-- include:
 * path -->} equals that whole file (golden outputs that tests compare against), and every marker
 * resolves. Run with {@code -Dloopsync.updateSnippets=true} to rewrite the pages instead.
 */
class SnippetsTest {

    private static final Pattern MARKER = Pattern.compile(
            "<!-- snippet: ([^#\\s]+)#([\\w-]+) -->\\R```(\\w*)\\R(.*?)```", Pattern.DOTALL);

    private static final Pattern INCLUDE = Pattern.compile(
            "<!-- include: ([^\\s]+) -->\\R```(\\w*)\\R(.*?)```", Pattern.DOTALL);

    private final Path root = Path.of(System.getProperty("loopsync.root", "..")).toAbsolutePath().normalize();

    /** Each marked snippet in the pages matches its source region exactly. */
    @Test
    void pagesShowTheirSourcesExactly() throws IOException {
        boolean update = Boolean.getBoolean("loopsync.updateSnippets");
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Path page : pages(root)) {
            String text = Files.readString(page, StandardCharsets.UTF_8);
            Matcher matcher = MARKER.matcher(text);
            StringBuilder rewritten = new StringBuilder();
            while (matcher.find()) {
                checked++;
                String expected = region(root.resolve(matcher.group(1)), matcher.group(2));
                String shown = matcher.group(4);
                if (!shown.equals(expected)) {
                    mismatches.add(root.relativize(page) + ": snippet " + matcher.group(1) + "#" + matcher.group(2)
                            + " differs from its source;\n--- page ---\n" + shown + "--- source ---\n" + expected);
                }
                String replacement = "<!-- snippet: " + matcher.group(1) + "#" + matcher.group(2) + " -->\n```"
                        + matcher.group(3) + "\n" + expected + "```";
                matcher.appendReplacement(rewritten, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(rewritten);
            if (update && !rewritten.toString().equals(text)) {
                Files.writeString(page, rewritten.toString(), StandardCharsets.UTF_8);
            }
        }
        for (Path page : pages(root)) {
            String text = Files.readString(page, StandardCharsets.UTF_8);
            Matcher matcher = INCLUDE.matcher(text);
            StringBuilder rewritten = new StringBuilder();
            while (matcher.find()) {
                checked++;
                Path included = root.resolve(matcher.group(1));
                if (!Files.exists(included)) {
                    throw new AssertionError("included file not found: " + included);
                }
                String expected = Files.readString(included, StandardCharsets.UTF_8);
                if (!matcher.group(3).equals(expected)) {
                    mismatches.add(root.relativize(page) + ": included " + matcher.group(1) + " differs from the file");
                }
                matcher.appendReplacement(rewritten, Matcher.quoteReplacement("<!-- include: " + matcher.group(1) + " -->\n```"
                        + matcher.group(2) + "\n" + expected + "```"));
            }
            matcher.appendTail(rewritten);
            if (update && !rewritten.toString().equals(text)) {
                Files.writeString(page, rewritten.toString(), StandardCharsets.UTF_8);
            }
        }
        assertTrue(checked > 0, "no snippet markers found under " + root);
        if (!update && !mismatches.isEmpty()) {
            fail(String.join("\n\n", mismatches) + "\n\nRun ./mvnw -pl docs test -Dloopsync.updateSnippets=true to refresh.");
        }
    }

    /** The region extractor strips the region's common indentation and keeps inner lines verbatim. */
    @Test
    void regionsAreDedented() throws IOException {
        Path source = Files.createTempFile("snippet", ".java");
        Files.writeString(source, "class A {\n    // @start region=r\n    void f() {\n        g();\n    }\n    // @end region=r\n}\n");
        assertEquals("void f() {\n    g();\n}\n", region(source, "r"));
        Files.delete(source);
    }

    /** README.md and every page under docs/, outside build output. */
    static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
            pages.addAll(walk.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !p.startsWith(root.resolve("docs/target")))
                    .sorted().collect(Collectors.toList()));
        }
        return pages;
    }

    static String region(Path source, String name) throws IOException {
        if (!Files.exists(source)) {
            throw new AssertionError("snippet source not found: " + source);
        }
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = lines.get(i).trim();
            if (trimmed.equals("// @start region=" + name)) {
                start = i + 1;
            } else if (trimmed.equals("// @end region=" + name)) {
                end = i;
            }
        }
        if (start < 0 || end < start) {
            throw new AssertionError("region " + name + " not found in " + source);
        }
        List<String> body = lines.subList(start, end);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : body) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }
}
