package io.github.loopsync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet in README.md and docs/ names only variables it defines itself: a reader who
 * copies it finds no {@code out}, {@code token} or {@code loop} that was declared off the page.
 * Each snippet is compiled on its own, with its source file's package and imports (and that file's
 * member types), either as class members or as a method body, whichever parses; a "cannot find
 * symbol ... variable" from javac is a snippet that leans on its surroundings. Types, methods and
 * annotations are not judged here: the imports are named in the pages and in the README.
 */
class SelfContainedSnippetsTest {

    private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([^#\\s]+)#([\\w-]+) -->\\R```java\\R");
    private static final Pattern HEADER_LINE = Pattern.compile("^(package|import)\\s[^;]+;", Pattern.MULTILINE);
    private static final Pattern UNDEFINED_VARIABLE = Pattern.compile("symbol:\\s+variable (\\w+)");

    private final Path root = Path.of(System.getProperty("loopsync.root", "..")).toAbsolutePath().normalize();

    /** No snippet on any page uses a variable that it does not declare. */
    @Test
    void everySnippetDefinesTheVariablesItUses() throws IOException {
        Map<String, Snippet> snippets = snippets();
        assertTrue(snippets.size() > 50, "too few snippets found: " + snippets.size());
        Map<String, TreeSet<String>> undefined = undefinedVariables(new ArrayList<>(snippets.values()));
        List<String> problems = new ArrayList<>();
        for (Snippet snippet : snippets.values()) {
            if (snippet.form == null) {
                problems.add(snippet.where + ": parses neither as class members nor as statements");
            } else if (undefined.containsKey(snippet.className)) {
                problems.add(snippet.where + ": uses " + undefined.get(snippet.className) + " without defining it");
            }
        }
        if (!problems.isEmpty()) {
            fail("snippets that lean on code off the page:\n  " + String.join("\n  ", problems));
        }
    }

    /** The check itself finds a variable a snippet does not define, and accepts one it does. */
    @Test
    void theCheckSeesAnUndefinedVariable() throws IOException {
        Path source = root.resolve("docs/src/test/java/io/github/loopsync/docs/HarnessGuideTest.java");
        Snippet leaning = new Snippet("leaning", source, "int doubled = token.length() * 2;\n", 0);
        Snippet standing = new Snippet("standing", source, "String token = \"t\";\nint doubled = token.length() * 2;\n", 1);
        Map<String, TreeSet<String>> undefined = undefinedVariables(List.of(leaning, standing));
        assertEquals(Map.of(leaning.className, new TreeSet<>(List.of("token"))), undefined);
    }

    /** The marked Java snippets of every page, keyed by page and position. */
    private Map<String, Snippet> snippets() throws IOException {
        Map<String, Snippet> snippets = new LinkedHashMap<>();
        for (Path page : SnippetsTest.pages(root)) {
            Matcher matcher = MARKER.matcher(Files.readString(page, StandardCharsets.UTF_8));
            while (matcher.find()) {
                Path source = root.resolve(matcher.group(1));
                String where = root.relativize(page) + " (" + matcher.group(1).replaceAll(".*/", "") + "#" + matcher.group(2) + ")";
                snippets.put(where, new Snippet(where, source, SnippetsTest.region(source, matcher.group(2)), snippets.size()));
            }
        }
        return snippets;
    }

    /** Compiles the snippets together and returns, per wrapper class, the variables javac could not find. */
    private static Map<String, TreeSet<String>> undefinedVariables(List<Snippet> snippets) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        for (Snippet snippet : snippets) {
            snippet.form = snippet.isImports() ? snippet.withImports()
                    : parses(javac, snippet.asMembers()) ? snippet.asMembers()
                    : parses(javac, snippet.asStatements()) ? snippet.asStatements() : null;
            if (snippet.form != null) {
                units.add(snippet.form);
            }
        }
        Path classes = Files.createTempDirectory("snippets");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-proc:none", "-d", classes.toString(), "-Xmaxerrs", "100000",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        javac.getTask(new StringWriter(), null, diagnostics, options, null, units).call();
        Map<String, TreeSet<String>> undefined = new LinkedHashMap<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            Matcher variable = UNDEFINED_VARIABLE.matcher(diagnostic.getMessage(Locale.ROOT));
            if (diagnostic.getKind() == Diagnostic.Kind.ERROR && diagnostic.getSource() != null && variable.find()) {
                String unit = diagnostic.getSource().getName();
                String className = unit.substring(unit.lastIndexOf('/') + 1, unit.length() - ".java".length());
                undefined.computeIfAbsent(className, name -> new TreeSet<>()).add(variable.group(1));
            }
        }
        return undefined;
    }

    private static boolean parses(JavaCompiler javac, JavaFileObject unit) throws IOException {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(new StringWriter(), null, diagnostics, List.of("-proc:none"), null, List.of(unit));
        task.parse();
        return diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }

    /** One snippet and the two ways it can stand alone. */
    private static final class Snippet {
        final String where;
        final String className;
        final String header;
        final String body;
        JavaFileObject form;

        Snippet(String where, Path source, String body, int index) throws IOException {
            this.where = where;
            this.className = "Snippet" + index;
            String text = Files.readString(source, StandardCharsets.UTF_8);
            Matcher lines = HEADER_LINE.matcher(text);
            List<String> header = new ArrayList<>();
            while (lines.find()) {
                header.add(lines.group());
            }
            // The file's own member types, as a reader sees them beside the snippet.
            String packageName = header.isEmpty() || !header.get(0).startsWith("package ") ? ""
                    : header.get(0).substring("package ".length(), header.get(0).length() - 1).trim();
            String topLevel = source.getFileName().toString().replace(".java", "");
            header.add(packageName.isEmpty() ? 0 : 1, "import " + (packageName.isEmpty() ? "" : packageName + ".") + topLevel + ".*;");
            this.header = header.stream().collect(Collectors.joining("\n", "", "\n"));
            // A constructor of the file's class becomes the wrapper's constructor.
            this.body = body.replaceAll("(?m)^(\\s*(?:public |protected |private )?)" + topLevel + "\\(", "$1" + className + "(");
        }

        /** A list of imports, as a page shows above its first example. */
        boolean isImports() {
            return body.lines().filter(line -> !line.isBlank()).allMatch(line -> line.startsWith("import "));
        }

        JavaFileObject withImports() {
            return unit(body + "class " + className + " {\n}\n");
        }

        JavaFileObject asMembers() {
            return unit(header + "class " + className + " {\n" + body + "\n}\n");
        }

        JavaFileObject asStatements() {
            return unit(header + "class " + className + " {\n void snippet() throws Throwable {\n" + body + "\n }\n}\n");
        }

        private JavaFileObject unit(String code) {
            return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            };
        }
    }
}
