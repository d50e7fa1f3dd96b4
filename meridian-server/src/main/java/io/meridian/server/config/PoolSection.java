package io.meridian.server.config;

import io.meridian.protocol.lease.NodeType;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code pools:} in {@code meridian.yaml} (or one {@code --pool} flag, read by {@link PoolFlag}): the
 * keys as written, turned into the checked {@link PoolSpec} by {@link #toSpec}. Absent keys take the defaults
 * docs/configuration.md lists.
 */
public record PoolSection(String name, String provider, String nodeType, String instanceType,
                          List<String> capabilities, Map<String, String> labels, String region, Integer min,
                          Integer max, Double costPerHour, Boolean spot, Integer startupSeconds, Integer workerSlots,
                          String scaleDownCooldown, Double budgetPerHour, KubernetesSection kubernetes) {

    /** The checked pool; {@code where} prefixes errors ("pools[0]", "--pool"). */
    public PoolSpec toSpec(String where) {
        if (provider == null) {
            throw new IllegalArgumentException(where + ": provider is required (local, kubernetes, aws, gcp, azure)");
        }
        Provider p = Provider.parse(where + ".provider", provider);
        int lo = min == null ? 0 : min;
        return new PoolSpec(name, p, nodeType == null ? null : NodeType.parse(where + ".node_type", nodeType),
                instanceType, capabilities, labels, region, lo,
                max == null ? Math.max(lo, PoolSpec.DEFAULT_MAX) : max, costPerHour == null ? 0 : costPerHour,
                spot != null && spot, startupSeconds == null ? PoolSpec.DEFAULT_STARTUP_SECONDS : startupSeconds,
                workerSlots == null ? PoolSpec.DEFAULT_WORKER_SLOTS : workerSlots,
                scaleDownCooldown == null ? null : DurationText.parse(where + ".scale_down_cooldown",
                        scaleDownCooldown), budgetPerHour, kubernetes == null ? null : kubernetes.toSettings(where));
    }
}
