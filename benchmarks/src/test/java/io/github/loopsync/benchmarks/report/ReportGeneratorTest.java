package io.github.loopsync.benchmarks.report;

import static io.github.loopsync.benchmarks.report.JmhSamples.line;
import static io.github.loopsync.benchmarks.report.JmhSamples.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Feeds the report generator a tiny JMH, asyncio and footprint sample and checks its tables and chart. */
class ReportGeneratorTest {

    /** Four JMH results in the shapes JMH 1.37 writes: average time, single shot with a param, throughput. */
    private static final String JMH = "[\n"
            + result("io.github.loopsync.benchmarks.UncontendedBenchmark.loopsyncLock", "avgt", 1, "{}", 4.0, 0.5, "ns/op", 0.2)
            + ",\n"
            + result("io.github.loopsync.benchmarks.UncontendedBenchmark.jucReentrantLock", "avgt", 1, "{}", 10.0, "\"NaN\"",
                    "ns/op", 0.0)
            + ",\n"
            + result("io.github.loopsync.benchmarks.EventFanOutBenchmark.setWakesAll", "ss", 1,
                    "{\"generation\": \"young\", \"waiters\": \"1000000\"}",
                    40.0, 4.0, "ms/op", 96_000_000.0)
            + ",\n"
            + result("io.github.loopsync.benchmarks.EventFanOutBenchmark.setWakesAll", "ss", 1,
                    "{\"generation\": \"old\", \"waiters\": \"1000000\"}", 38.0, 4.0, "ms/op", 96_000_000.0)
            + ",\n"
            + result("io.github.loopsync.benchmarks.CancelParkedBenchmark.cancelAll", "ss", 1, "{\"waiters\": \"1000000\"}",
                    600.0, 30.0, "ms/op", 1.0)
            + ",\n"
            + result("io.github.loopsync.benchmarks.ExecuteThroughputBenchmark.loopsyncOneProducer", "thrpt", 1, "{}",
                    20_000_000.0, 1_000_000.0, "ops/s", 24.0)
            + ",\n"
            + result("io.github.loopsync.benchmarks.ExecuteThroughputBenchmark.loopsyncTwoProducers", "thrpt", 2, "{}",
                    10_000.0, 100.0, "ops/ms", 24.0)
            + ",\n"
            + result("io.github.loopsync.benchmarks.ExecuteThroughputBenchmark.jucSingleThreadExecutorTwoProducers", "thrpt", 2,
                    "{}", 5_000_000.0, 100_000.0, "ops/s", 24.0)
            + "\n]";

    private static final String ASYNCIO = "{\"python\": \"3.11.7\", \"implementation\": \"CPython\", \"mode\": \"short\", "
            + "\"results\": [{\"scenario\": \"uncontended_lock\", \"ns_per_op\": 400.0, \"ops_per_s\": 2500000.0, "
            + "\"count\": 1000, \"rounds\": 5, \"spread\": 0.1, \"note\": \"one coroutine\"},"
            + "{\"scenario\": \"event_fan_out\", \"ns_per_op\": 10000.0, \"ops_per_s\": 100000.0, \"count\": 100000, "
            + "\"rounds\": 5, \"spread\": 0.2, \"note\": \"tasks\", \"bytes_per_waiter\": 900.0, "
            + "\"bytes_measured_with\": \"tracemalloc, 100,000 tasks\"}]}";

    private static final String FOOTPRINT = "{\"jvm\": \"OpenJDK 64-Bit Server VM 17.0.15\", \"measurements\": ["
            + "{\"shape\": \"await() future + one dependent stage\", \"waiters\": 1000000, \"retainedBytesPerWaiter\": 112.0, "
            + "\"allocatedBytesPerWaiter\": 130.0}]}";

    private static ReportGenerator generator() {
        return new ReportGenerator(Inputs.jmh(JMH), Inputs.asyncio(ASYNCIO), Inputs.footprint(FOOTPRINT));
    }

    /** The summary gives loopsync's figure, the target's verdict and the ratios to the fastest peer and asyncio. */
    @Test
    void summaryHasVerdictsAndRatios() {
        String md = generator().markdown("benchmarks/report.sh", "2026-11-22", "chart.svg", "Measured on a busy machine.");
        assertEquals("| Uncontended acquire + release | 4.00 ns | faster than j.u.c `ReentrantLock` beyond the error, "
                + "allocation-free | met | j.u.c `ReentrantLock` 10.0 ns | 2.50× | 400 ns | 100× |",
                line(md, "| Uncontended acquire + release |"));
        assertEquals("| Event fan-out | 40.0 ns | ≤ 40 ns per waiter, young or promoted | met (promoted waiters 38.0 ns) | – | – | 10,000 ns"
                + " | 250× |",
                line(md, "| Event fan-out |"));
        assertEquals("| Bytes per parked waiter | 112 B | ≤ 100 B per parked waiter with one dependent stage "
                + "| missed: 112 B > 100 B | – | – | 900 B | 8.04× |", line(md, "| Bytes per parked waiter |"));
        assertTrue(line(md, "| Cancelling parked lock waiters |")
                .contains("| 600 ms (600 ns) | < 0.5 s for 1,000,000 | missed: 600 ms > 500 ms |"), md);
        // The two-producer peer is compared with loopsync's two-producer row only, never with the one-producer target row.
        assertEquals("| Cross-thread execute throughput | 20.0 M/s (50.0 ns) | ≥ 10 M callbacks/s from one producer | met | – | – | – | – |",
                line(md, "| Cross-thread execute throughput |"));
        assertTrue(line(md, "| Harness throughput |").contains("| – | ≥ 50,000 schedules/s | not measured (no loopsync figure) |"), md);
        assertTrue(md.startsWith("# Benchmark report\n\n> Measured on a busy machine.\n\nGenerated by"), md);
        assertTrue(md.contains("2026-11-22") && md.contains("`benchmarks/report.sh`") && md.contains("![Time per operation, log scale](chart.svg)"),
                md);
    }

    /**
     * kotlinx's hand-off and ping-pong rows are JVM peers: the fastest of them is named in the
     * summary with its ratio (the verdicts are TargetVerdictsTest's), and each coroutine count is
     * compared with loopsync's row for the same number of tasks.
     */
    @Test
    void kotlinxRowsArePeersOfHandOffAndPingPong() {
        String bench = "io.github.loopsync.benchmarks.";
        String jmh = "[" + String.join(", ",
                result(bench + "HandoffBenchmark.lock", "avgt", 1, "{\"tasks\": \"100\"}", 70.0, 7.0, "ns/op", 40.0),
                result(bench + "HandoffBenchmark.lock", "avgt", 1, "{\"tasks\": \"10000\"}", 90.0, 9.0, "ns/op", 40.0),
                result(bench + "HandoffBenchmark.ibmFairLock", "avgt", 1, "{\"tasks\": \"100\"}", 34.0, 1.0, "ns/op", 60.0),
                result(bench + "HandoffBenchmark.kotlinMutex", "avgt", 1, "{\"tasks\": \"100\"}", 28.0, 1.4, "ns/op", 32.0),
                result(bench + "HandoffBenchmark.kotlinMutex", "avgt", 1, "{\"tasks\": \"10000\"}", 120.0, 6.0, "ns/op", 32.0),
                result(bench + "QueuePingPongBenchmark.loopsyncBounded1", "avgt", 1, "{}", 100.0, 5.0, "ns/op", 48.0),
                result(bench + "QueuePingPongBenchmark.ibmBuffered1", "avgt", 1, "{}", 95.0, 5.0, "ns/op", 100.0),
                result(bench + "QueuePingPongBenchmark.kotlinChannel1", "avgt", 1, "{}", 80.0, 4.0, "ns/op", 24.0)) + "]";
        String md = new ReportGenerator(Inputs.jmh(jmh), null, null).markdown("c", "d", "chart.svg", null);
        assertTrue(line(md, "| Lock hand-off under contention |").endsWith(
                "| kotlinx `Mutex`, 100 coroutines (one-thread dispatcher) 28.0 ns | 0.400× | – | – |"), md);
        assertTrue(line(md, "| Queue ping-pong |").endsWith("| kotlinx `Channel(1)` (one-thread dispatcher) 80.0 ns | 0.800× | – | – |"),
                md);
        assertEquals("| kotlinx `Mutex`, 100 coroutines (one-thread dispatcher) | JVM peer | 28.0 | 5.00% | 35.7 M/s | 32.0 | 0.400× |  |",
                line(md, "| kotlinx `Mutex`, 100 coroutines"));
        assertEquals("| kotlinx `Mutex`, 10,000 coroutines (one-thread dispatcher) | JVM peer | 120 | 5.00% | 8.33 M/s | 32.0 | 1.33× "
                + "| ratio against loopsync `AsyncLock`, 10,000 tasks |", line(md, "| kotlinx `Mutex`, 10,000 coroutines"));
        assertEquals("| kotlinx `Mutex`, 10 coroutines (one-thread dispatcher) | JVM peer | – | – | – | – | – "
                + "| ratio against loopsync `AsyncLock`, 10 tasks; not in this run |", line(md, "| kotlinx `Mutex`, 10 coroutines"));
        assertEquals("| kotlinx `Channel(1)` (one-thread dispatcher) | JVM peer | 80.0 | 5.00% | 12.5 M/s | 24.0 | 0.800× |  |",
                line(md, "| kotlinx `Channel(1)`"));
    }

    /** Detail rows carry time, error, throughput, allocation per element and the ratio; single shots their total. */
    @Test
    void detailRowsAreNormalised() {
        String md = generator().markdown("c", "d", "chart.svg", null);
        assertEquals("| loopsync `AsyncLock.acquire` + `release` | loopsync | 4.00 | 12.5% | 250 M/s | 0.200 | 1.00× |  |",
                line(md, "| loopsync `AsyncLock.acquire` + `release` |"));
        assertEquals("| j.u.c `ReentrantLock` | JVM peer | 10.0 | – | 100 M/s | 0.000 | 2.50× |  |", line(md, "| j.u.c `ReentrantLock` |"));
        assertEquals("| loopsync `AsyncEvent.set()`, waiters in the young generation | loopsync | 40.0 | 10.0% | 25.0 M/s | 96.0 | 40.0 ms | 1.00× | waiters = 1,000,000 |",
                line(md, "| loopsync `AsyncEvent.set()`, waiters in the young generation |"));
        assertEquals("| loopsync `EventLoop.execute`, 1 producer | loopsync | 50.0 | 5.00% | 20.0 M/s | 24.0 | 1.00× |  |",
                line(md, "| loopsync `EventLoop.execute`, 1 producer |"));
        assertEquals("| j.u.c single-thread executor, 2 producers | JVM peer | 200 | 2.00% | 5.00 M/s | 24.0 | 2.00× "
                + "| ratio against loopsync `EventLoop.execute`, 2 producers |", line(md, "| j.u.c single-thread executor, 2 producers |"));
        assertTrue(line(md, "| loopsync `EventLoop.execute`, 2 producers |").contains("| 100 | 1.00% | 10.0 M/s |"), md);
        assertTrue(line(md, "| asyncio `Lock` |").contains("| 400 | 10.0% | 2.50 M/s | – | 100× | one coroutine; 1,000 operations × 5 rounds"),
                md);
        assertEquals("| asyncio task blocked in `event.wait()` | CPython asyncio | 900 | 8.04× | tracemalloc, 100,000 tasks |",
                line(md, "| asyncio task blocked in `event.wait()` |"));
        assertTrue(md.contains("| loopsync bare `await()` future | loopsync | – | – | not in this run |"), md);
        assertTrue(line(md, "| IBM async-util `AsyncLock.tryLock` |").contains("not in this run"), md);
    }

    /** The chart has one bar per timed row with a value, longer for slower rows, on a log axis. */
    @Test
    void chartIsValidSvgWithLogScaledBars() throws Exception {
        String svg = generator().chart();
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", document.getDocumentElement().getTagName());
        NodeList rects = document.getElementsByTagName("rect");
        List<Element> bars = new ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if ("bar".equals(rect.getAttribute("class"))) {
                bars.add(rect);
            }
        }
        // loopsync lock 4 ns, ReentrantLock 10 ns, asyncio lock 400 ns, fan-out 40 and 38 ns (young and promoted),
        // asyncio fan-out 10 µs, cancel 600 ns per waiter, execute 50, 100 and 200 ns: ten timed rows with values.
        assertEquals(10, bars.size(), svg);
        Map<String, Double> width = new java.util.HashMap<>();
        for (Element bar : bars) {
            String title = bar.getElementsByTagName("title").item(0).getTextContent();
            width.put(title.substring(0, title.indexOf(':')), Double.parseDouble(bar.getAttribute("width")));
        }
        // The axis runs from 1 ns to 10 µs (four decades over the plot width): 10 ns sits one decade in.
        double decade = BarChart.PLOT_WIDTH / 4.0;
        assertEquals(decade, width.get("j.u.c ReentrantLock"), 0.1);
        assertEquals(Math.log10(4) * decade, width.get("loopsync AsyncLock.acquire + release"), 0.1);
        assertEquals(4 * decade, width.get("asyncio Event.set()"), 0.1);
        assertTrue(svg.contains(">10 µs<") && svg.contains(">1 ns<"), svg);
    }

    /** Bad inputs are refused with a message, never turned into an empty report. */
    @Test
    void badInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Inputs.jmh("[1, 2"));
        IllegalArgumentException notAnArray = assertThrows(IllegalArgumentException.class, () -> Inputs.jmh("{}"));
        assertTrue(notAnArray.getMessage().startsWith("JMH results: "), notAnArray.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Inputs.jmh("[] []"));
        IllegalArgumentException noScore = assertThrows(IllegalArgumentException.class, () -> Inputs.jmh(
                "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"scoreUnit\": \"ns/op\"}}]"));
        assertTrue(noScore.getMessage().contains("score"), noScore.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Inputs.footprint("{\"measurements\": [{\"waiters\": 3}]}"));
        assertThrows(IllegalArgumentException.class, () -> BarChart.render("empty", List.of()));
        IllegalArgumentException unit = assertThrows(IllegalArgumentException.class, () -> new ReportGenerator(
                Inputs.jmh("[" + result("io.github.loopsync.benchmarks.UncontendedBenchmark.loopsyncLock", "avgt", 1, "{}", 1.0, 0.1,
                        "furlongs/op", 0) + "]"), null, null).chart());
        assertTrue(unit.getMessage().contains("furlongs/op"), unit.getMessage());
    }

    /**
     * What JMH writes is read as it means it: a "NaN" string for an unknown error, the profiler's
     * dotted metric names, fields the report does not use, and text with escapes.
     */
    @Test
    void jmhFileIsReadAsJmhMeansIt() {
        List<Figures.JmhRow> rows = Figures.jmhRows(Inputs.jmh("[" + result("x.y.HandoffBenchmark.lock", "avgt", 1,
                "{\"tasks\": \"100\"}", 70.0, "\"NaN\"", "ns/op", 40.0) + "]"));
        Figures.JmhRow row = rows.get(0);
        assertEquals("HandoffBenchmark.lock", row.benchmark);
        assertEquals(Map.of("tasks", "100"), row.params);
        assertTrue(Double.isNaN(row.scoreError));
        assertEquals(40.0, row.allocatedBytesPerOp);
        assertEquals(1, row.threads);
        Inputs.AsyncioRun asyncio = Inputs.asyncio("{\"python\": \"3.11\", \"results\": [{\"scenario\": \"s\", "
                + "\"note\": \"a \\\"quoted\\\" \\u00b7 note\", \"extra\": [1, {}]}]}");
        assertEquals("a \"quoted\" \u00b7 note", asyncio.results().get(0).note());
        assertTrue(Double.isNaN(Inputs.orNaN(asyncio.results().get(0).nsPerOp())));
    }
}
