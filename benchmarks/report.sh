#!/usr/bin/env bash
# Runs the whole benchmark suite and writes the report.
#
#   benchmarks/report.sh           short mode: 1 fork, 3 x 1 s warm-up, 5 x 1 s measured per row
#                                  (54 JMH runs, whose iterations JMH puts at 7 minutes; about 12
#                                  minutes on 2 cores with the forks, the build, WaiterFootprint and
#                                  asyncio); writes docs/performance/
#   benchmarks/report.sh --long    3 forks, 5 x 2 s warm-up, 10 x 2 s measured (about an hour);
#                                  writes docs/performance/
#   benchmarks/report.sh --quick   plumbing check only (one short iteration, smaller sizes, only the
#                                  100-task hand-off rows, asyncio at a tenth of its counts); the
#                                  figures mean nothing, so it writes benchmarks/target/report-quick/
#                                  (raw outputs in its raw/ folder) and nothing else
#
# REPORT_NOTE="text" quotes a remark under the report's title (say, that the machine was busy).
#
# It builds only the benchmarks module and what it depends on (primitives, harness), then runs,
# in this order: the JMH suite (-rf json, -prof gc), WaiterFootprint (bytes per parked waiter,
# in a JVM of its own), the asyncio script, and the report generator. Nothing here parses
# results: ReportGenerator (a tested Java class) does.
set -euo pipefail

cd "$(dirname "$0")/.."
mode=short
case "${1:-}" in
  "") ;;
  --long) mode=long ;;
  --quick) mode=quick ;;
  *) echo "usage: benchmarks/report.sh [--long | --quick]" >&2; exit 2 ;;
esac

start=$(date +%s)
work=benchmarks/target/report-work
out=docs/performance
case "$mode" in
  short) jmh_flags=(-f 1 -wi 3 -w 1 -i 5 -r 1); footprint_waiters=1000000; asyncio_flags=() ;;
  long) jmh_flags=(-f 3 -wi 5 -w 2 -i 10 -r 2); footprint_waiters=1000000; asyncio_flags=(--long) ;;
  quick) jmh_flags=(-f 1 -wi 1 -w 200ms -i 1 -r 200ms -p waiters=100000 -p tasks=100)
         footprint_waiters=100000; asyncio_flags=(--quick); out=benchmarks/target/report-quick
         work=$out/raw ;;
esac

echo "== building benchmarks.jar (benchmarks module and its dependencies, tests skipped)"
./mvnw -B -q package -DskipTests -Pbenchmarks -pl benchmarks -am
jar=benchmarks/target/benchmarks.jar
mkdir -p "$work"

echo "== JMH suite, $mode mode: ${jmh_flags[*]}"
# Every benchmark class of the package itself; subpackages (the floor study) are run by hand.
java -jar "$jar" "${jmh_flags[@]}" -prof gc -rf json -rff "$work/jmh.json" \
  'io\.github\.loopsync\.benchmarks\.[A-Za-z]*Benchmark\.' | tee "$work/jmh.log"

echo "== bytes per parked waiter ($footprint_waiters waiters, own JVM)"
java -cp "$jar" io.github.loopsync.benchmarks.WaiterFootprint "$footprint_waiters" | tee "$work/footprint.json"

echo "== asyncio ($(python3 --version 2>&1))"
python3 benchmarks/asyncio_bench.py ${asyncio_flags[@]+"${asyncio_flags[@]}"} | tee "$work/asyncio.json"

command="benchmarks/report.sh${1:+ $1}"
java -cp "$jar" io.github.loopsync.benchmarks.report.ReportGenerator \
  --jmh "$work/jmh.json" --asyncio "$work/asyncio.json" --footprint "$work/footprint.json" \
  --out "$out" --command "$command" ${REPORT_NOTE:+--note "$REPORT_NOTE"}

echo "== done in $(( $(date +%s) - start )) s; report: $out/report.md, chart: $out/chart.svg"
