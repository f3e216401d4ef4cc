package io.github.loopsync.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small reader for the JSON that JMH ({@code -rf json}), the asyncio script and {@code
 * WaiterFootprint} write: objects become {@link Map}s (in document order), arrays {@link List}s,
 * numbers {@link Double}s, and {@code true}, {@code false}, {@code null} themselves. Strict about
 * syntax: anything else throws {@link IllegalArgumentException} with the offset.
 */
final class Json {

    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON document.
     *
     * @param text the document
     * @return the value
     * @throws IllegalArgumentException if the text is not valid JSON
     */
    static Object parse(String text) {
        Json reader = new Json(text);
        Object value = reader.value();
        reader.skipSpace();
        if (reader.at != text.length()) {
            throw reader.error("trailing text");
        }
        return value;
    }

    /**
     * A field of an object as a number; JMH writes {@code "NaN"} as a string when it has no error
     * estimate, which becomes {@link Double#NaN}.
     *
     * @param object the object
     * @param name the field
     * @return the number, or NaN if the field is absent or the string "NaN"
     */
    static double number(Map<?, ?> object, String name) {
        Object value = object.get(name);
        if (value instanceof Double) {
            return (Double) value;
        }
        if (value == null || "NaN".equals(value)) {
            return Double.NaN;
        }
        throw new IllegalArgumentException("field " + name + ": " + value + " (expected: a number)");
    }

    /**
     * A field of an object as an object.
     *
     * @param object the object
     * @param name the field
     * @return the nested object, or an empty map if absent
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<?, ?> object, String name) {
        Object value = object.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("field " + name + ": " + value + " (expected: an object)");
        }
        return (Map<String, Object>) value;
    }

    /**
     * A field of an object as a string.
     *
     * @param object the object
     * @param name the field
     * @return the string, or {@code null} if absent
     */
    static String string(Map<?, ?> object, String name) {
        Object value = object.get(name);
        return value == null ? null : value.toString();
    }

    private Object value() {
        skipSpace();
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return objectValue();
            case '[':
                return arrayValue();
            case '"':
                return stringValue();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return numberValue();
                }
                throw error("unexpected '" + c + "'");
        }
    }

    private Map<String, Object> objectValue() {
        Map<String, Object> fields = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek() == '}') {
            at++;
            return fields;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a field name");
            }
            String name = stringValue();
            skipSpace();
            expect(':');
            fields.put(name, value());
            skipSpace();
            char c = next();
            if (c == '}') {
                return fields;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> arrayValue() {
        List<Object> items = new ArrayList<>();
        at++;
        skipSpace();
        if (peek() == ']') {
            at++;
            return items;
        }
        for (;;) {
            items.add(value());
            skipSpace();
            char c = next();
            if (c == ']') {
                return items;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String stringValue() {
        at++;
        StringBuilder out = new StringBuilder();
        for (;;) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"': case '\\': case '/':
                    out.append(escaped);
                    break;
                case 'b':
                    out.append('\b');
                    break;
                case 'f':
                    out.append('\f');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case 'r':
                    out.append('\r');
                    break;
                case 't':
                    out.append('\t');
                    break;
                case 'u':
                    if (at + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                    break;
                default:
                    throw error("bad escape \\" + escaped);
            }
        }
    }

    private Double numberValue() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        try {
            return Double.valueOf(text.substring(start, at));
        } catch (NumberFormatException e) {
            throw error("bad number " + text.substring(start, at));
        }
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw error("expected " + word);
        }
        at += word.length();
        return value;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("JSON: " + message + " at offset " + at);
    }
}
