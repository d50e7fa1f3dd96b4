package io.meridian.model.codec;

import io.meridian.model.pipeline.AggregationStrategy;
import io.meridian.model.pipeline.FederatedStageConfig;
import io.meridian.model.pipeline.FederationStrategy;
import io.meridian.model.pipeline.Stage;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;

/** Rules of a stage's federation section that hold whatever the cluster (region names are checked at submission). */
final class FederationRules {
    private FederationRules() {}

    static void check(Stage stage, BiConsumer<String, String> report) {
        FederatedStageConfig f = stage.federation();
        if (f == null) {
            return;
        }
        if (stage.foreach() != null) {
            report.accept("federation", "a federated stage cannot also use foreach; use data_locality: true to split "
                    + "a list across regions");
        }
        if (f.aggregation() == AggregationStrategy.REDUCE && (f.reducer() == null || f.reducer().isBlank())) {
            report.accept("federation/aggregation", "aggregation reduce needs a reducer (sum, count, min, max, concat, "
                    + "or one registered in Java)");
        }
        if (f.reducer() != null && f.aggregation() != AggregationStrategy.REDUCE) {
            report.accept("federation/reducer", "reducer only applies with aggregation: reduce");
        }
        if (f.chain() && f.strategy() != FederationStrategy.SEQUENTIAL) {
            report.accept("federation/chain", "chain only applies with strategy: sequential");
        }
        if (f.dataLocality() && f.strategy() != FederationStrategy.PARALLEL) {
            report.accept("federation/data_locality", "data_locality splits the input across regions, so it needs "
                    + "strategy: parallel");
        }
        if (f.maxRetries() < 0 || f.maxRetries() > Limits.MAX_RETRIES) {
            report.accept("federation/max_retries", Limits.MAX_RETRIES_RULE + ", got " + f.maxRetries());
        }
        if (f.timeoutSeconds() < 0 || f.timeoutSeconds() > Limits.MAX_TIMEOUT_SECONDS) {
            report.accept("federation/timeout_seconds", FederationDecoder.TIMEOUT + ", got " + f.timeoutSeconds());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < f.regions().size(); i++) {
            String region = f.regions().get(i);
            if (region == null || region.isBlank()) {
                report.accept("federation/regions/" + i, "a region name must not be empty");
            } else if (!seen.add(region)) {
                report.accept("federation/regions/" + i, "region '" + region + "' is listed twice");
            }
        }
    }
}
