package io.github.loopsync.harness;

import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds task → primitive → holder edges from the probes and finds a cycle, for deadlock reports. */
final class WaitForGraph {

    /** One edge: {@code waiting} waits for {@code via}, which {@code holder} holds. */
    record Edge(Task<?> waiting, ProgressProbe via, Task<?> holder) {
    }

    private WaitForGraph() {
    }

    /**
     * The report lines for the probes: a "wait-for graph:" section with one line per waiting task and
     * primitive (when any task waits), then a "cycle:" line (when the edges close a cycle).
     */
    static String describe(List<ProgressProbe> probes) {
        StringBuilder text = new StringBuilder();
        List<Edge> edges = new ArrayList<>();
        for (ProgressProbe probe : probes) {
            for (Task<?> waiting : probe.waitingTasks()) {
                List<Task<?>> holders = probe.holders();
                if (text.length() == 0) {
                    text.append("\n  wait-for graph:");
                }
                text.append("\n    ").append(waiting.name()).append(" waits for ").append(probe.describe());
                if (!holders.isEmpty()) {
                    text.append(" held by ").append(names(holders));
                }
                for (Task<?> holder : holders) {
                    edges.add(new Edge(waiting, probe, holder));
                }
            }
        }
        String cycle = cycle(edges);
        if (cycle != null) {
            text.append("\n  cycle: ").append(cycle);
        }
        return text.toString();
    }

    /** The tasks' names, comma-separated. */
    static String names(List<Task<?>> tasks) {
        List<String> names = new ArrayList<>();
        for (Task<?> task : tasks) {
            names.add(task.name());
        }
        return String.join(", ", names);
    }

    /** A cycle as text ({@code A → AsyncLock[...] → B → ... → A}), or null. */
    private static String cycle(List<Edge> edges) {
        Map<Task<?>, List<Edge>> outgoing = new LinkedHashMap<>();
        for (Edge edge : edges) {
            outgoing.computeIfAbsent(edge.waiting(), t -> new ArrayList<>()).add(edge);
        }
        for (Task<?> start : outgoing.keySet()) {
            String found = search(start, start, outgoing, new ArrayList<>(), new ArrayList<>());
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String search(Task<?> start, Task<?> at, Map<Task<?>, List<Edge>> outgoing, List<Edge> path,
            List<Task<?>> visited) {
        visited.add(at);
        for (Edge edge : outgoing.getOrDefault(at, List.of())) {
            path.add(edge);
            if (edge.holder() == start) {
                StringBuilder text = new StringBuilder();
                for (Edge step : path) {
                    text.append(step.waiting().name()).append(" → ").append(step.via().describe()).append(" → ");
                }
                return text.append(start.name()).toString();
            }
            if (!visited.contains(edge.holder())) {
                String found = search(start, edge.holder(), outgoing, path, visited);
                if (found != null) {
                    return found;
                }
            }
            path.remove(path.size() - 1);
        }
        return null;
    }
}
