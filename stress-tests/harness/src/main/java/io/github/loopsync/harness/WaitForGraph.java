package io.github.loopsync.harness;

import io.github.loopsync.loop.Task;
import io.github.loopsync.loop.spi.ProgressProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds task → primitive → holder edges from the probes and finds a cycle, for deadlock reports. */
final class WaitForGraph {

    private WaitForGraph() {
    }

    /** A cycle as text ({@code A → AsyncLock[...] → B → ... → A}), or null. */
    static String cycle(List<ProgressProbe> probes) {
        Map<Task<?>, List<Object[]>> edges = new LinkedHashMap<>();
        for (ProgressProbe probe : probes) {
            for (Task<?> waiting : probe.waitingTasks()) {
                for (Task<?> holder : probe.holders()) {
                    edges.computeIfAbsent(waiting, t -> new ArrayList<>()).add(new Object[] {probe, holder});
                }
            }
        }
        for (Task<?> start : edges.keySet()) {
            List<Object> path = new ArrayList<>();
            String found = search(start, start, edges, path, new ArrayList<>());
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String search(Task<?> start, Task<?> at, Map<Task<?>, List<Object[]>> edges, List<Object> path,
            List<Task<?>> visited) {
        visited.add(at);
        for (Object[] edge : edges.getOrDefault(at, List.of())) {
            ProgressProbe via = (ProgressProbe) edge[0];
            Task<?> next = (Task<?>) edge[1];
            path.add(at);
            path.add(via);
            if (next == start) {
                StringBuilder text = new StringBuilder();
                for (Object element : path) {
                    text.append(element instanceof Task ? ((Task<?>) element).name()
                            : ((ProgressProbe) element).describe()).append(" → ");
                }
                return text.append(start.name()).toString();
            }
            if (!visited.contains(next)) {
                String found = search(start, next, edges, path, visited);
                if (found != null) {
                    return found;
                }
            }
            path.remove(path.size() - 1);
            path.remove(path.size() - 1);
        }
        return null;
    }
}
