package io.meridian.model.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a federated stage chooses the regions it runs in. */
public enum FederationStrategy {
    /** Every listed region at once; results are combined by the stage's aggregation. */
    PARALLEL,
    /** The listed regions in order, the next only if the previous failed (or, with {@code chain}, always). */
    SEQUENTIAL,
    /** The region closest (great-circle distance) to the data's or the stage's source location. */
    NEAREST,
    /** The listed regions in turn, one per execution. */
    ROUND_ROBIN,
    /** The region with the lowest load relative to its max_concurrent. */
    LEAST_LOADED,
    /** The cheapest healthy region. */
    COST_OPTIMIZED;

    public static final List<String> NAMES = Arrays.stream(values()).map(FederationStrategy::wireName).toList();

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FederationStrategy> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    /** True when the stage runs in one region at a time (the others are failover candidates). */
    public boolean picksOne() {
        return this != PARALLEL && this != SEQUENTIAL;
    }
}
