package io.meridian.model.codec;

import io.meridian.model.pipeline.Placement;
import io.meridian.model.text.Suggestions;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code placement}: a strategy name ({@code placement: round_robin}) or an object
 * ({@code placement: {strategy: affinity, affinity_key: "{{item.customer}}"}}). Stages inherit the defaults'.
 */
final class PlacementDecoder {
    private PlacementDecoder() {}

    static Placement decode(JsonNode stage, String pointer, String inherited, NodeReader reader, List<Problem> problems,
                            String stageId) {
        JsonNode node = stage.get("placement");
        if (node == null || node.isNull()) {
            return inherited == null ? null : new Placement(inherited, null);
        }
        if (node.isString()) {
            return new Placement(checked(node.stringValue(), pointer, reader), null);
        }
        if (!node.isObject()) {
            reader.report(pointer, "placement", "placement must be a strategy name or {strategy, affinity_key}, got "
                    + NodeReader.describe(node));
            return null;
        }
        String at = Pointers.child(pointer, "placement");
        KnownFields.PLACEMENT.check(node, at, stageId, problems);
        String strategy = node.has("strategy") ? checked(node.path("strategy").asString(""), at, reader) : inherited;
        String key = reader.text(node, at, "affinity_key");
        if (key != null && !"affinity".equals(strategy)) {
            reader.report(at, "affinity_key", "affinity_key only applies with strategy: affinity");
        }
        return new Placement(strategy, key);
    }

    static String strategy(JsonNode defaults, String pointer, NodeReader reader) {
        JsonNode node = defaults.get("placement");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            reader.report(pointer, "placement", "defaults.placement must be a strategy name, got "
                    + NodeReader.describe(node));
            return null;
        }
        return checked(node.stringValue(), pointer, reader);
    }

    private static String checked(String name, String pointer, NodeReader reader) {
        if (!Placement.STRATEGIES.contains(name)) {
            reader.report(pointer, "placement", "unknown placement strategy '" + name + "'"
                    + Suggestions.didYouMean(name, Placement.STRATEGIES) + "; expected one of "
                    + String.join(", ", Placement.STRATEGIES));
            return null;
        }
        return name;
    }
}
