package io.meridian.engine.federation;

import io.meridian.model.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a federated stage produced: the aggregated result and how each region fared. A region that failed is in
 * {@code failedRegions} even when the fallback region did its work (then {@code fallbacks} says who did);
 * {@code hasPartialFailure} is true when any region failed.
 */
public record FederatedResult(JsonNode aggregated, List<RegionAttempts.Outcome> outcomes, List<String> cancelled,
                              List<String> conflicts, String strategy, String aggregation) {

    public List<String> successfulRegions() {
        Set<String> out = new LinkedHashSet<>();
        outcomes.stream().filter(RegionAttempts.Outcome::ok).forEach(o -> out.add(o.servedBy()));
        return List.copyOf(out);
    }

    public List<String> failedRegions() {
        Set<String> out = new LinkedHashSet<>();
        outcomes.stream().filter(o -> o.error() != null).forEach(o -> out.add(o.region()));
        return List.copyOf(out);
    }

    public boolean hasPartialFailure() {
        return !failedRegions().isEmpty();
    }

    /** The stage's output: {@code result} plus the federation report the next stages and the user can read. */
    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        out.set("result", aggregated);
        out.put("has_partial_failure", hasPartialFailure());
        var successful = out.putArray("successful_regions");
        successfulRegions().forEach(successful::add);
        var failed = out.putArray("failed_regions");
        failedRegions().forEach(failed::add);
        ObjectNode errors = out.putObject("errors");
        ObjectNode fallbacks = out.putObject("fallbacks");
        var runs = out.putArray("runs");
        for (RegionAttempts.Outcome o : outcomes) {
            if (o.error() != null) {
                errors.put(o.region(), o.error());
            }
            if (o.ok() && !o.servedBy().equals(o.region())) {
                fallbacks.put(o.region(), o.servedBy());
            }
            runs.addObject().put("region", o.region()).put("served_by", o.servedBy()).put("ok", o.ok())
                    .put("attempts", o.attempts()).put("latency_ms", o.latencyMs());
        }
        var cancelledRegions = out.putArray("cancelled_regions");
        cancelled.forEach(cancelledRegions::add);
        if (!conflicts.isEmpty()) {
            var c = out.putArray("merge_conflicts");
            conflicts.forEach(c::add);
        }
        out.put("strategy", strategy);
        out.put("aggregation", aggregation);
        return out;
    }

    /** Errors by region, for the failure message when nothing succeeded. */
    static String describeErrors(List<RegionAttempts.Outcome> outcomes) {
        Map<String, String> errors = new LinkedHashMap<>();
        outcomes.forEach(o -> errors.put(o.region(), o.error()));
        List<String> parts = new ArrayList<>();
        errors.forEach((r, e) -> parts.add(r + ": " + e));
        return String.join("; ", parts);
    }
}
