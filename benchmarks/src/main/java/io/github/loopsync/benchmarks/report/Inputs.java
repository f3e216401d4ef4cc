package io.github.loopsync.benchmarks.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/**
 * The three input files of the report, bound with Jackson databind: JMH's {@code -rf json} array,
 * the asyncio script's object and {@code WaiterFootprint}'s object. Fields the report does not use
 * are ignored; a field it needs that is missing, or a document that is not JSON, is refused with
 * {@link IllegalArgumentException} naming the file's kind and Jackson's reason.
 *
 * <p>Optional numbers are boxed and read through {@link #orNaN}: an absent figure is NaN, which
 * the report prints as "–". JMH writes {@code "NaN"} (a string) where it has no error estimate;
 * Jackson reads that string as {@link Double#NaN}.
 */
final class Inputs {

    private Inputs() {
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** One element of JMH's result array; {@code benchmark} is the fully qualified method. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record JmhResult(@JsonProperty(required = true) String benchmark, @JsonProperty(required = true) String mode,
            Integer threads, Map<String, String> params, @JsonProperty(required = true) Metric primaryMetric,
            Map<String, Metric> secondaryMetrics) {
    }

    /** A JMH metric: the score, its 99.9% confidence half-width (NaN if unknown) and the unit. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Metric(@JsonProperty(required = true) double score, Double scoreError,
            @JsonProperty(required = true) String scoreUnit) {
    }

    /** The asyncio script's output. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AsyncioRun(String python, String implementation, String mode, List<AsyncioResult> results) {
    }

    /** One asyncio scenario; the last three fields only some scenarios have. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AsyncioResult(@JsonProperty(required = true) String scenario,
            @JsonProperty("ns_per_op") Double nsPerOp, @JsonProperty("ops_per_s") Double opsPerSecond,
            Long count, Long rounds, Double spread, String note,
            @JsonProperty("bytes_per_waiter") Double bytesPerWaiter,
            @JsonProperty("bytes_measured_with") String bytesMeasuredWith,
            @JsonProperty("total_ms") Double totalMillis) {
    }

    /** {@code WaiterFootprint}'s output: the JVM and one measurement per waiter shape. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FootprintRun(String jvm, List<FootprintMeasurement> measurements) {
    }

    /** Heap retained per parked waiter of one shape, and the bytes allocated while parking it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FootprintMeasurement(@JsonProperty(required = true) String shape, long waiters,
            @JsonProperty(required = true) double retainedBytesPerWaiter, Double allocatedBytesPerWaiter) {
    }

    /**
     * Reads a JMH {@code -rf json} document.
     *
     * @param json the document
     * @return its results, in order
     * @throws IllegalArgumentException if it is not a JSON array of results
     */
    static List<JmhResult> jmh(String json) {
        return read("JMH results", json, new TypeReference<List<JmhResult>>() { });
    }

    /**
     * Reads the asyncio script's output.
     *
     * @param json the document
     * @return the run
     * @throws IllegalArgumentException if it is not the script's object
     */
    static AsyncioRun asyncio(String json) {
        return read("asyncio results", json, new TypeReference<AsyncioRun>() { });
    }

    /**
     * Reads {@code WaiterFootprint}'s output.
     *
     * @param json the document
     * @return the run
     * @throws IllegalArgumentException if it is not WaiterFootprint's object
     */
    static FootprintRun footprint(String json) {
        return read("footprint results", json, new TypeReference<FootprintRun>() { });
    }

    /** {@code value}, or NaN when the source left it out. */
    static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static <T> T read(String what, String json, TypeReference<T> type) {
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + ": " + e.getOriginalMessage(), e);
        }
        if (value == null) {
            throw new IllegalArgumentException(what + ": the document is null");
        }
        return value;
    }
}
