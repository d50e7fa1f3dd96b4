package io.meridian.model.codec;

import io.meridian.model.pipeline.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The stage DAG by index. Traversals are iterative so 10,000-stage chains cost heap, not stack. */
final class DependencyGraph {
    private static final int MAX_CYCLES_REPORTED = 20;

    private final List<Stage> stages;
    private final Map<String, Integer> indexById = new HashMap<>();
    private final int[][] edges;
    private final int[] visitedStamp;
    private final int[] queue;
    private int stamp;

    /** Edges point from a stage to its known dependencies; unknown ids, duplicates and self-edges are ignored. */
    DependencyGraph(List<Stage> stages) {
        this.stages = stages;
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).id() != null) {
                indexById.putIfAbsent(stages.get(i).id(), i);
            }
        }
        edges = new int[stages.size()][];
        visitedStamp = new int[stages.size()];
        queue = new int[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            int self = i;
            edges[i] = stages.get(i).dependsOn().stream().filter(indexById::containsKey)
                    .mapToInt(indexById::get).filter(d -> d != self).distinct().toArray();
        }
    }

    boolean contains(String id) {
        return indexById.containsKey(id);
    }

    /** Whether {@code stageIndex} transitively depends on {@code targetId}. Breadth-first, stops at the target. */
    boolean isUpstream(int stageIndex, String targetId) {
        Integer target = indexById.get(targetId);
        if (target == null) {
            return false;
        }
        // A fresh stamp per query marks visited stages without clearing an array each time.
        stamp++;
        int head = 0;
        int tail = 0;
        queue[tail++] = stageIndex;
        visitedStamp[stageIndex] = stamp;
        while (head < tail) {
            for (int dependency : edges[queue[head++]]) {
                if (dependency == target) {
                    return true;
                }
                if (visitedStamp[dependency] != stamp) {
                    visitedStamp[dependency] = stamp;
                    queue[tail++] = dependency;
                }
            }
        }
        return false;
    }

    /** Each cycle as stage indexes, starting at its earliest-declared stage, e.g. [a, c, b] for a→c→b→a. */
    List<List<Integer>> cycles() {
        List<List<Integer>> cycles = new ArrayList<>();
        int[] state = new int[stages.size()]; // 0 unvisited, 1 on the current path, 2 done
        int[] nextEdge = new int[stages.size()];
        for (int start = 0; start < stages.size() && cycles.size() < MAX_CYCLES_REPORTED; start++) {
            if (state[start] != 0) {
                continue;
            }
            List<Integer> path = new ArrayList<>();
            path.add(start);
            state[start] = 1;
            while (!path.isEmpty() && cycles.size() < MAX_CYCLES_REPORTED) {
                int node = path.getLast();
                if (nextEdge[node] < edges[node].length) {
                    int next = edges[node][nextEdge[node]++];
                    if (state[next] == 0) {
                        state[next] = 1;
                        path.add(next);
                    } else if (state[next] == 1) {
                        cycles.add(rotateToEarliest(path.subList(path.lastIndexOf(next), path.size())));
                    }
                } else {
                    state[node] = 2;
                    path.removeLast();
                }
            }
        }
        return cycles;
    }

    private static List<Integer> rotateToEarliest(List<Integer> cycle) {
        Integer[] nodes = cycle.toArray(Integer[]::new);
        int first = 0;
        for (int i = 1; i < nodes.length; i++) {
            if (nodes[i] < nodes[first]) {
                first = i;
            }
        }
        List<Integer> rotated = new ArrayList<>(Arrays.asList(nodes).subList(first, nodes.length));
        rotated.addAll(Arrays.asList(nodes).subList(0, first));
        return rotated;
    }
}
