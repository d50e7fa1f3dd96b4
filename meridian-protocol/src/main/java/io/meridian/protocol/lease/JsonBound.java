package io.meridian.protocol.lease;

import io.meridian.model.json.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An upper bound of a value's size as compact JSON, found by walking it instead of writing it out. A job's output
 * and its report are checked against size limits; almost always they are far below them, and the bound says so at
 * a fraction of what counting the written bytes costs (that counting was 8% of a worker's CPU samples with no-op jobs).
 * Only when the bound exceeds a limit does the caller count exactly ({@link ResultCheck#jsonBytes}).
 */
public final class JsonBound {
    /** The bound when a value is not cheap to bound (big numbers, binary, Java objects, deep nesting). */
    public static final long UNKNOWN = Long.MAX_VALUE;
    /** Room for a report's own field names and punctuation ({@code {"kind":"failed","lease":{...}, ...}}). */
    private static final long REPORT_FIELDS = 256;

    private JsonBound() {}

    /** At least the size of {@code node} as JSON, or {@link #UNKNOWN}. */
    public static long of(JsonNode node) {
        return node == null ? 4 : of(node, 0);
    }

    /** At least the size of {@code report} as JSON (its {@code kind}, lease and contents), or {@link #UNKNOWN}. */
    public static long of(JobReport report) {
        long lease = REPORT_FIELDS + string(report.lease().jobId()) + 11;
        return switch (report) {
            case JobReport.Started s -> lease;
            case JobReport.Succeeded s -> plus(lease, of(s.output()));
            case JobReport.Failed f -> plus(lease, f.failure() == null ? 4
                    : plus(string(f.failure().type()), string(f.failure().message())));
            case JobReport.Progress p -> plus(plus(lease, string(p.message())), strings(p.log()));
        };
    }

    private static long of(JsonNode node, int depth) {
        if (depth > Json.MAX_DEPTH) {
            return UNKNOWN;
        }
        if (node.isObject()) {
            long bound = 2;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                long name = string(field.getKey()) + 2; // with its colon and comma
                bound = plus(bound, plus(name, of(field.getValue(), depth + 1)));
            }
            return bound;
        }
        if (node.isArray()) {
            long bound = 2;
            for (JsonNode child : node.values()) {
                bound = plus(bound, plus(1, of(child, depth + 1)));
            }
            return bound;
        }
        if (node.isString()) {
            return string(node.asString());
        }
        if (node.isBoolean() || node.isNull()) {
            return 5;
        }
        if (node.isInt() || node.isLong() || node.isShort()) {
            return 20; // -9223372036854775808
        }
        if (node.isDouble() || node.isFloat()) {
            return 32; // Double.toString writes at most 24 characters
        }
        return UNKNOWN;
    }

    /**
     * Quotes around at most six bytes per UTF-16 unit: a control character is written as a six-character escape,
     * and UTF-8 needs at most three bytes per unit. Null is written as {@code null}.
     */
    private static long string(String s) {
        return s == null ? 4 : 2 + 6L * s.length();
    }

    private static long strings(List<String> lines) {
        long bound = 2;
        for (String line : lines) {
            bound = plus(bound, string(line) + 1);
        }
        return bound;
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? UNKNOWN : sum;
    }
}
