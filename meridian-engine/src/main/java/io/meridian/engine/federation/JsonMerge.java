package io.meridian.engine.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code merge} aggregation. Objects merge key by key, recursively; arrays are concatenated in region order;
 * null gives way to any value. Anything else that differs is a conflict, and the rule is: <b>the region listed
 * first keeps its value</b> (regions are listed in order of preference). Every conflict is recorded as
 * {@code "path: kept <value> from <region>, dropped <value> from <region>"} so it is never silent.
 */
public final class JsonMerge implements Aggregator {
    private final List<String> conflicts = new ArrayList<>();

    @Override
    public JsonNode aggregate(List<RegionOutput> results) {
        if (results.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        JsonNode merged = results.getFirst().output();
        String owner = results.getFirst().region();
        for (RegionOutput next : results.subList(1, results.size())) {
            merged = merge(merged, next.output(), "$", owner, next.region());
            owner = owner + "+" + next.region();
        }
        return merged;
    }

    /** The conflicts the last {@link #aggregate} resolved by the rule. */
    public List<String> conflicts() {
        return List.copyOf(conflicts);
    }

    private JsonNode merge(JsonNode kept, JsonNode incoming, String path, String keptFrom, String incomingFrom) {
        if (kept == null || kept.isNull()) {
            return incoming == null ? kept : incoming.deepCopy();
        }
        if (incoming == null || incoming.isNull()) {
            return kept;
        }
        if (kept.isObject() && incoming.isObject()) {
            ObjectNode out = (ObjectNode) kept.deepCopy();
            for (Map.Entry<String, JsonNode> field : incoming.properties()) {
                JsonNode mine = out.get(field.getKey());
                out.set(field.getKey(), mine == null ? field.getValue().deepCopy()
                        : merge(mine, field.getValue(), path + "." + field.getKey(), keptFrom, incomingFrom));
            }
            return out;
        }
        if (kept.isArray() && incoming.isArray()) {
            ArrayNode out = (ArrayNode) kept.deepCopy();
            incoming.forEach(v -> out.add(v.deepCopy()));
            return out;
        }
        if (!CanonicalJson.of(kept).equals(CanonicalJson.of(incoming))) {
            conflicts.add(path + ": kept " + abbreviated(kept) + " from " + keptFrom + ", dropped "
                    + abbreviated(incoming) + " from " + incomingFrom);
        }
        return kept;
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
