package io.meridian.model.pipeline;

import java.util.List;

/**
 * A stage's {@code federation} section: where the stage runs and how the results come back together.
 *
 * @param strategy       null: the pipeline's default_strategy, else the coordinator's default
 * @param regions        region names; empty means every region the coordinator knows
 * @param dataLocality   partition a list input across the regions, each running only its part
 * @param reducer        with aggregation {@code reduce}: sum, count, min, max, concat or a registered name
 * @param timeoutSeconds per region and attempt; 0 means the region's own timeout_seconds
 * @param maxRetries     further attempts in the same region after a failure (with retry_on_failure)
 * @param fallbackRegion where the work goes when the chosen regions failed; null for none
 * @param chain          with {@code sequential}: every region runs, each given the previous one's output
 * @param sourceLocation with {@code nearest}: where the data is, when the items carry no location
 */
public record FederatedStageConfig(FederationStrategy strategy, List<String> regions, boolean dataLocality,
                                   AggregationStrategy aggregation, String reducer, int timeoutSeconds,
                                   boolean retryOnFailure, int maxRetries, String fallbackRegion, boolean chain,
                                   GeoPoint sourceLocation) {

    public FederatedStageConfig {
        regions = regions == null ? List.of() : List.copyOf(regions);
        aggregation = aggregation == null ? AggregationStrategy.ALL : aggregation;
    }

    /** The same settings with {@code strategy} filled in when none was set. */
    public FederatedStageConfig withDefaultStrategy(FederationStrategy fallback) {
        return strategy != null || fallback == null ? this : new FederatedStageConfig(fallback, regions, dataLocality,
                aggregation, reducer, timeoutSeconds, retryOnFailure, maxRetries, fallbackRegion, chain, sourceLocation);
    }
}
