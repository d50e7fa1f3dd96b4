package io.meridian.server.config;

import io.meridian.elastic.pool.PoolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code meridian server --pool PROVIDER:key=value,...}: the keys of a {@code pools:} entry, snake_case. A
 * list value continues over the following pieces without '=' ({@code capabilities=gpu,burst,max=4}); labels are
 * written {@code labels=team:data,tier:batch}. A kubernetes pool's keys (those of its {@code kubernetes:} section)
 * are written beside the others, node_selector like labels and tolerations as {@code KEY[:VALUE]:EFFECT}
 * ({@code tolerations=nvidia.com/gpu:NoSchedule,dedicated:ml:NoExecute}). Every error names the key and the value.
 */
public final class PoolFlag {
    private static final Set<String> LISTS = Set.of("capabilities", "labels", "coordinators", "node_selector",
            "tolerations");
    private static final List<String> KUBERNETES_KEYS = List.of("image", "namespace", "coordinators", "token_secret",
            "cpu", "memory", "cpu_limit", "gpu", "node_selector", "tolerations", "drain_seconds");
    private static final List<String> KEYS = java.util.stream.Stream.concat(java.util.stream.Stream.of("name",
            "node_type", "instance_type", "capabilities", "labels", "region", "min", "max", "cost_per_hour", "spot",
            "startup_seconds", "worker_slots", "scale_down_cooldown", "budget_per_hour"), KUBERNETES_KEYS.stream())
            .toList();

    private PoolFlag() {}

    public static PoolSpec parse(String text) {
        String where = "--pool '" + text + "'";
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(where + ": expected PROVIDER:name=NAME,key=value,... "
                    + "(e.g. local:name=burst,min=0,max=8,capabilities=burst)");
        }
        Map<String, List<String>> values = pairs(where, text.substring(colon + 1));
        if (!values.containsKey("name")) {
            throw new IllegalArgumentException(where + ": name=NAME is required");
        }
        PoolSection s = new PoolSection(one(values, "name"), text.substring(0, colon), one(values, "node_type"),
                one(values, "instance_type"), values.get("capabilities"), labels(where, "labels", values.get("labels")),
                one(values, "region"), whole(where, values, "min"), whole(where, values, "max"),
                number(where, values, "cost_per_hour"), bool(where, values, "spot"),
                whole(where, values, "startup_seconds"), whole(where, values, "worker_slots"),
                one(values, "scale_down_cooldown"), number(where, values, "budget_per_hour"),
                kubernetes(where, values));
        return s.toSpec("--pool " + s.name());
    }

    private static KubernetesSection kubernetes(String where, Map<String, List<String>> values) {
        if (KUBERNETES_KEYS.stream().noneMatch(values::containsKey)) {
            return null;
        }
        List<String> coordinators = values.get("coordinators");
        return new KubernetesSection(one(values, "image"), one(values, "namespace"),
                coordinators == null ? null : String.join(",", coordinators), one(values, "token_secret"),
                one(values, "cpu"), one(values, "memory"), one(values, "cpu_limit"), whole(where, values, "gpu"),
                labels(where, "node_selector", values.get("node_selector")),
                tolerations(where, values.get("tolerations")),
                whole(where, values, "drain_seconds"));
    }

    /** {@code KEY:EFFECT} tolerates the taint whatever its value (Exists), {@code KEY:VALUE:EFFECT} that value only. */
    private static List<KubernetesSection.TolerationSection> tolerations(String where, List<String> pieces) {
        if (pieces == null) {
            return null;
        }
        List<KubernetesSection.TolerationSection> out = new ArrayList<>();
        for (String p : pieces) {
            String[] parts = p.split(":", -1);
            if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
                throw new IllegalArgumentException(where + ": tolerations are KEY[:VALUE]:EFFECT, got '" + p + "'");
            }
            out.add(parts.length == 2 ? new KubernetesSection.TolerationSection(parts[0], "Exists", null, parts[1])
                    : new KubernetesSection.TolerationSection(parts[0], "Equal", parts[1], parts[2]));
        }
        return out;
    }

    private static Map<String, List<String>> pairs(String where, String body) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String listKey = null;
        for (String piece : body.split(",", -1)) {
            int eq = piece.indexOf('=');
            if (eq < 0) {
                if (listKey == null || piece.isBlank()) {
                    throw new IllegalArgumentException(where + ": '" + piece + "' is not key=value");
                }
                out.get(listKey).add(piece.strip());
                continue;
            }
            String key = piece.substring(0, eq).strip();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "'; expected one of "
                        + String.join(", ", KEYS));
            }
            if (out.containsKey(key)) {
                throw new IllegalArgumentException(where + ": key '" + key + "' is given twice");
            }
            String value = piece.substring(eq + 1).strip();
            out.put(key, new ArrayList<>(value.isEmpty() ? List.of() : List.of(value)));
            listKey = LISTS.contains(key) ? key : null;
        }
        return out;
    }

    private static String one(Map<String, List<String>> values, String key) {
        List<String> v = values.get(key);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    private static Integer whole(String where, Map<String, List<String>> values, String key) {
        String v = one(values, key);
        try {
            return v == null ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + key + " must be a whole number, got '" + v + "'");
        }
    }

    private static Double number(String where, Map<String, List<String>> values, String key) {
        String v = one(values, key);
        try {
            return v == null ? null : Double.valueOf(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + key + " must be a number, got '" + v + "'");
        }
    }

    private static Boolean bool(String where, Map<String, List<String>> values, String key) {
        String v = one(values, key);
        if (v == null) {
            return null;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(where + ": " + key + " must be true or false, got '" + v + "'");
        }
        return Boolean.valueOf(v);
    }

    private static Map<String, String> labels(String where, String key, List<String> pieces) {
        if (pieces == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pieces) {
            int colon = p.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(where + ": " + key + " are KEY:VALUE, got '" + p + "'");
            }
            out.put(p.substring(0, colon), p.substring(colon + 1));
        }
        return out;
    }
}
