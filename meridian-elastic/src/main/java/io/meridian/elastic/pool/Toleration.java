package io.meridian.elastic.pool;

import java.util.Set;

/**
 * A Kubernetes toleration of a kubernetes pool's workers, so they may run on tainted nodes (GPU nodes usually are).
 *
 * @param operator {@code Equal} (the default: the taint's value must be {@code value}) or {@code Exists} (any value)
 * @param effect   the taint effect tolerated: NoSchedule, PreferNoSchedule or NoExecute; null tolerates them all
 */
public record Toleration(String key, String operator, String value, String effect) {
    private static final Set<String> OPERATORS = Set.of("Equal", "Exists");
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    public Toleration {
        operator = operator == null ? "Equal" : operator;
        if (!OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("operator must be Equal or Exists, got '" + operator + "'");
        }
        if (effect != null && !EFFECTS.contains(effect)) {
            throw new IllegalArgumentException("effect must be NoSchedule, PreferNoSchedule or NoExecute, got '"
                    + effect + "'");
        }
        if (operator.equals("Exists") && value != null) {
            throw new IllegalArgumentException("a toleration with operator Exists takes no value, got '" + value
                    + "'");
        }
        if (operator.equals("Equal") && (key == null || key.isBlank())) {
            throw new IllegalArgumentException("a toleration with operator Equal needs a key");
        }
        if (key != null && !KubernetesPool.LABEL_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("toleration key '" + key + "' is not a Kubernetes key "
                    + "([prefix/]name, letters, digits, '-', '_', '.')");
        }
    }
}
