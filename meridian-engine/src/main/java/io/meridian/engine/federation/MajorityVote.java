package io.meridian.engine.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The {@code majority} aggregation: results vote by canonical JSON equality (key order and number spelling do not
 * matter), and the answer is the one given by more than half of the regions that answered. A tie, or no answer
 * with more than half, fails the stage with every vote shown.
 */
public final class MajorityVote implements Aggregator {

    @Override
    public JsonNode aggregate(List<RegionOutput> results) throws AggregationFailure {
        Map<String, List<RegionOutput>> votes = new LinkedHashMap<>();
        for (RegionOutput r : results) {
            votes.computeIfAbsent(CanonicalJson.of(r.output()), k -> new ArrayList<>()).add(r);
        }
        List<RegionOutput> top = votes.values().stream().max(java.util.Comparator.comparingInt(List::size))
                .orElse(List.of());
        if (!top.isEmpty() && top.size() * 2 > results.size()) {
            return top.getFirst().output();
        }
        String shown = votes.entrySet().stream()
                .map(e -> e.getKey() + " from " + e.getValue().stream().map(RegionOutput::region)
                        .collect(Collectors.joining(", ")) + " (" + e.getValue().size() + ")")
                .collect(Collectors.joining("; "));
        boolean tie = votes.values().stream().filter(v -> v.size() == top.size()).count() > 1;
        throw new AggregationFailure((tie ? "majority vote tied" : "no majority") + " among " + results.size()
                + " results: " + shown);
    }
}
