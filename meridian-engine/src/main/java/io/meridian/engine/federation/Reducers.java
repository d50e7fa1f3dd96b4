package io.meridian.engine.federation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Named reducers for the {@code reduce} aggregation: the built-ins {@code sum}, {@code count}, {@code min},
 * {@code max} and {@code concat}, plus any registered in Java with {@link #register}.
 *
 * <ul>
 *   <li>{@code sum}: numbers add up; objects add up field by field (recursively), so per-region counters sum.</li>
 *   <li>{@code count}: the number of items when the results are lists, else the number of results.</li>
 *   <li>{@code min}, {@code max}: of numeric results.</li>
 *   <li>{@code concat}: lists are concatenated, strings joined, anything else collected into a list.</li>
 * </ul>
 */
public final class Reducers {
    /** A user's reducer: the successful results in region order in, one value out. */
    @FunctionalInterface
    public interface Reducer {
        JsonNode reduce(List<JsonNode> results) throws Aggregator.AggregationFailure;
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Map<String, Reducer> reducers = new ConcurrentHashMap<>();

    public Reducers() {
        reducers.put("sum", Reducers::sum);
        reducers.put("count", results -> NODES.numberNode(results.stream().allMatch(JsonNode::isArray)
                ? results.stream().mapToInt(JsonNode::size).sum() : results.size()));
        reducers.put("min", results -> extreme(results, true));
        reducers.put("max", results -> extreme(results, false));
        reducers.put("concat", Reducers::concat);
    }

    /** Adds or replaces a reducer that pipelines can name in {@code reducer}. */
    public Reducers register(String name, Reducer reducer) {
        reducers.put(name, reducer);
        return this;
    }

    public boolean knows(String name) {
        return reducers.containsKey(name);
    }

    public Set<String> names() {
        return new TreeSet<>(reducers.keySet());
    }

    public Aggregator aggregator(String name) {
        Reducer reducer = reducers.get(name);
        if (reducer == null) {
            return results -> {
                throw new Aggregator.AggregationFailure("unknown reducer '" + name + "'; known: " + names());
            };
        }
        return results -> reducer.reduce(results.stream().map(RegionOutput::output).toList());
    }

    private static JsonNode sum(List<JsonNode> results) throws Aggregator.AggregationFailure {
        JsonNode total = null;
        for (JsonNode r : results) {
            total = total == null ? r.deepCopy() : add(total, r);
        }
        return total == null ? NODES.numberNode(0) : total;
    }

    private static JsonNode add(JsonNode a, JsonNode b) throws Aggregator.AggregationFailure {
        if (a.isNumber() && b.isNumber()) {
            return a.isIntegralNumber() && b.isIntegralNumber() ? NODES.numberNode(a.longValue() + b.longValue())
                    : NODES.numberNode(a.doubleValue() + b.doubleValue());
        }
        if (a.isObject() && b.isObject()) {
            ObjectNode out = (ObjectNode) a.deepCopy();
            for (var field : b.properties()) {
                JsonNode mine = out.get(field.getKey());
                out.set(field.getKey(), mine == null ? field.getValue().deepCopy() : add(mine, field.getValue()));
            }
            return out;
        }
        throw new Aggregator.AggregationFailure("reducer sum adds numbers or objects of numbers, got " + a.getNodeType()
                + " and " + b.getNodeType());
    }

    private static JsonNode extreme(List<JsonNode> results, boolean min) throws Aggregator.AggregationFailure {
        JsonNode best = null;
        for (JsonNode r : results) {
            if (!r.isNumber()) {
                throw new Aggregator.AggregationFailure("reducer " + (min ? "min" : "max")
                        + " needs numeric results, got " + r.getNodeType());
            }
            if (best == null || (min ? r.doubleValue() < best.doubleValue() : r.doubleValue() > best.doubleValue())) {
                best = r;
            }
        }
        return best == null ? NODES.nullNode() : best;
    }

    private static JsonNode concat(List<JsonNode> results) {
        if (!results.isEmpty() && results.stream().allMatch(JsonNode::isString)) {
            StringBuilder text = new StringBuilder();
            results.forEach(r -> text.append(r.stringValue()));
            return NODES.stringNode(text.toString());
        }
        ArrayNode out = NODES.arrayNode();
        for (JsonNode r : results) {
            if (r.isArray()) {
                r.forEach(out::add);
            } else {
                out.add(r);
            }
        }
        return out;
    }
}
