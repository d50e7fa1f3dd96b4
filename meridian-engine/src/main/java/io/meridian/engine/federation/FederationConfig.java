package io.meridian.engine.federation;

import io.meridian.model.pipeline.FederationStrategy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The federation a coordinator belongs to: its regions (the local cluster is one of them when a region's endpoint
 * is {@code local}) and the strategy of stages that name none.
 *
 * @param healthInterval     how often every region is probed
 * @param breakerThreshold   consecutive failures that open a region's circuit breaker
 * @param breakerCoolDown    how long an open breaker keeps the region out before one trial run
 */
public record FederationConfig(List<RegionConfig> regions, FederationStrategy defaultStrategy,
                               Duration healthInterval, int breakerThreshold, Duration breakerCoolDown) {

    public FederationConfig {
        regions = List.copyOf(regions);
        defaultStrategy = defaultStrategy == null ? FederationStrategy.NEAREST : defaultStrategy;
        healthInterval = healthInterval == null ? Duration.ofSeconds(5) : healthInterval;
        breakerThreshold = breakerThreshold <= 0 ? 3 : breakerThreshold;
        breakerCoolDown = breakerCoolDown == null ? Duration.ofSeconds(30) : breakerCoolDown;
        Set<String> names = new HashSet<>();
        for (RegionConfig r : regions) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("region '" + r.name() + "' is configured twice");
            }
        }
    }

    /** Regions and a default strategy, with default health and breaker settings. */
    public FederationConfig(List<RegionConfig> regions, FederationStrategy defaultStrategy) {
        this(regions, defaultStrategy, null, 0, null);
    }

    public Optional<RegionConfig> region(String name) {
        return regions.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return regions.stream().map(RegionConfig::name).toList();
    }
}
