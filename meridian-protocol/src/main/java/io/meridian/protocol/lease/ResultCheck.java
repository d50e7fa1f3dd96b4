package io.meridian.protocol.lease;

import io.meridian.model.json.Json;
import io.meridian.model.json.JsonSize;
import io.meridian.model.text.Printable;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.POJONode;

/**
 * Decides whether a job's output can be stored and sent: it must serialise to JSON, read back as the same
 * JSON (no NaN or infinity, which JSON cannot hold; no deeper nesting than {@link Json#MAX_DEPTH}), and fit in
 * the per-result limit. The worker checks before it reports and the engine checks again before it stores, so
 * one bad output fails its own job, never an exchange or a commit (issue 12).
 */
public final class ResultCheck {
    /** The per-result limit unless the coordinator says otherwise ({@code engine.max_result_bytes}). */
    public static final long DEFAULT_MAX_RESULT_BYTES = 2L * 1024 * 1024;

    /**
     * The project's mapper, refusing Java objects with no properties: written as {@code {}} they would lose
     * whatever the handler meant to return without a word.
     */
    private static final tools.jackson.databind.json.JsonMapper STRICT = Json.MAPPER.rebuild()
            .enable(tools.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

    private ResultCheck() {}

    /** Why an output was refused; {@link #failure()} is what the job fails with. */
    public static final class Refused extends Exception {
        private final transient FailureInfo failure;

        Refused(String type, String message) {
            super(message, null, false, false);
            this.failure = new FailureInfo(type, message, true);
        }

        public FailureInfo failure() {
            return failure;
        }
    }

    /**
     * The output as plain JSON (objects a handler put in it as Java values converted), or {@link Refused} naming
     * the cause: {@code result_unserialisable} or {@code result_too_large} (size and limit in the message).
     */
    public static JsonNode validated(JsonNode output, long maxBytes) throws Refused {
        if (output == null) {
            return null;
        }
        JsonNode plain = plain(output);
        checkValues(plain, 0);
        if (sizeBound(plain, maxBytes) <= maxBytes) {
            return plain; // surely under the limit: no need to write it out to count (most outputs are small)
        }
        long size = sizeOf(plain);
        if (size > maxBytes) {
            throw new Refused("result_too_large", "the job's result is " + size + " bytes of JSON, over the "
                    + maxBytes + "-byte limit per result (engine.max_result_bytes); return less, or store it "
                    + "elsewhere and return a reference to it");
        }
        return plain;
    }

    /** A report with a refused output turned into a failure of that job; any other report as it is. */
    public static JobReport screen(JobReport report, long maxBytes) {
        if (!(report instanceof JobReport.Succeeded s)) {
            return report;
        }
        try {
            JsonNode plain = validated(s.output(), maxBytes);
            return plain == s.output() ? s : new JobReport.Succeeded(s.lease(), plain);
        } catch (Refused r) {
            return new JobReport.Failed(s.lease(), r.failure());
        }
    }

    private static JsonNode plain(JsonNode output) throws Refused {
        if (!containsJavaValues(output, 0)) {
            return output;
        }
        try {
            return STRICT.valueToTree(output);
        } catch (RuntimeException | StackOverflowError e) {
            throw unserialisable(e.getMessage());
        }
    }

    private static boolean containsJavaValues(JsonNode node, int depth) {
        if (node instanceof POJONode) {
            return true;
        }
        if (!node.isContainer() || depth > Json.MAX_DEPTH) {
            return false;
        }
        for (JsonNode child : node.values()) {
            if (containsJavaValues(child, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private static void checkValues(JsonNode node, int depth) throws Refused {
        if (depth > Json.MAX_DEPTH) {
            throw unserialisable("it is nested deeper than " + Json.MAX_DEPTH + " levels");
        }
        if (node.isFloatingPointNumber() && !Double.isFinite(node.asDouble())) {
            throw unserialisable("it holds the number " + node.asDouble() + ", which JSON cannot represent");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                checkValues(it.next().getValue(), depth + 1);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node.values()) {
                checkValues(child, depth + 1);
            }
        }
    }

    /**
     * A cheap upper bound on the node's JSON size, or more than {@code cap} once it passes it (then the caller
     * counts exactly). Strings count six bytes a character (the longest escape), numbers other than big ones their
     * longest text; a big integer or decimal gives up at once.
     */
    private static long sizeBound(JsonNode node, long cap) {
        if (node.isString()) {
            return 6L * node.asString().length() + 2;
        }
        if (node.isBigInteger() || node.isBigDecimal()) {
            return Long.MAX_VALUE;
        }
        if (node.isNumber()) {
            return 32;
        }
        if (node.isNull() || node.isBoolean()) {
            return 5;
        }
        if (!node.isContainer()) {
            return Long.MAX_VALUE; // binary, say: counted exactly
        }
        long bound = 2L + node.size(); // brackets, and a comma or colon per member at most
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                long value = sizeBound(e.getValue(), cap);
                if (value > cap) {
                    return value;
                }
                bound += 6L * e.getKey().length() + 2 + value;
                if (bound > cap) {
                    return bound;
                }
            }
        } else {
            for (JsonNode child : node.values()) {
                long value = sizeBound(child, cap);
                if (value > cap) {
                    return value;
                }
                bound += value;
                if (bound > cap) {
                    return bound;
                }
            }
        }
        return bound;
    }

    private static long sizeOf(JsonNode node) throws Refused {
        try {
            return jsonBytes(node);
        } catch (RuntimeException | StackOverflowError e) {
            throw unserialisable(e.getMessage());
        }
    }

    /** The size of {@code value} as JSON, counted as it is written: no buffer of the whole text is built. */
    public static long jsonBytes(Object value) {
        return JsonSize.of(value);
    }

    private static Refused unserialisable(String cause) {
        return new Refused("result_unserialisable", "the job's result cannot be stored as JSON: " + cause);
    }

    /**
     * The JSON pointer of the first string or field name holding U+0000 (which PostgreSQL's text cannot hold), or
     * null when there is none; "" is the whole value.
     */
    public static String nulAt(JsonNode node) {
        return nulAt(node, "");
    }

    private static String nulAt(JsonNode node, String pointer) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return node.asString().indexOf('\u0000') >= 0 ? pointer : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String at = nulAt(node.get(i), pointer + "/" + i);
                if (at != null) {
                    return at;
                }
            }
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String key = e.getKey();
                String here = pointer + "/" + Printable.quote(key).replace("'", "");
                if (key.indexOf('\u0000') >= 0) {
                    return here;
                }
                String at = nulAt(e.getValue(), here);
                if (at != null) {
                    return at;
                }
            }
        }
        return null;
    }
}
