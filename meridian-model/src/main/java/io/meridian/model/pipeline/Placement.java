package io.meridian.model.pipeline;

import java.util.List;

/**
 * How a stage's jobs choose among able workers that are waiting for work.
 *
 * @param strategy    one of {@link #STRATEGIES}; null means the coordinator's default
 * @param affinityKey with {@code affinity}: a template (such as {@code {{item.customer}}}); jobs with the same
 *                    resolved key go to the same worker while it is healthy
 */
public record Placement(String strategy, String affinityKey) {
    public static final List<String> STRATEGIES =
            List.of("least_loaded", "round_robin", "priority", "cost_optimized", "affinity");
}
