package io.meridian.engine.federation;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Combines the successful results of a stage that ran in several regions (given in region order) into one output. */
@FunctionalInterface
public interface Aggregator {

    /** @throws AggregationFailure when the results cannot be combined (a majority vote without a majority, say) */
    JsonNode aggregate(List<RegionOutput> results) throws AggregationFailure;

    /** Why results could not be combined; the message shows what the regions answered. */
    final class AggregationFailure extends Exception {
        public AggregationFailure(String message) {
            super(message);
        }
    }
}
