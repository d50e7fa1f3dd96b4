package io.meridian.engine.federation;

import io.meridian.model.pipeline.AggregationStrategy;
import io.meridian.model.pipeline.FederatedStageConfig;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.text.Suggestions;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pipeline file cannot know and a coordinator checks at submission: that every region a federated stage
 * names (and its fallback) is one of the coordinator's regions, and that a named reducer exists.
 */
public final class SubmissionCheck {
    private SubmissionCheck() {}

    /** @param federation null when the coordinator has no federation section */
    public static List<String> problems(Pipeline pipeline, FederationCoordinator federation) {
        List<String> problems = new ArrayList<>();
        for (Stage stage : pipeline.federatedStages()) {
            String at = "stage '" + stage.id() + "': ";
            if (federation == null) {
                problems.add(at + "federated, but this coordinator has no federation section in its meridian.yaml");
                continue;
            }
            FederatedStageConfig f = stage.federation();
            List<String> known = federation.config().names();
            for (String region : f.regions()) {
                if (!known.contains(region)) {
                    problems.add(at + "unknown region '" + region + "'" + Suggestions.didYouMean(region, known)
                            + "; known regions: " + String.join(", ", known));
                }
            }
            if (f.fallbackRegion() != null && !known.contains(f.fallbackRegion())) {
                problems.add(at + "fallback_region '" + f.fallbackRegion() + "' is not a known region"
                        + Suggestions.didYouMean(f.fallbackRegion(), known) + "; known regions: "
                        + String.join(", ", known));
            }
            if (f.aggregation() == AggregationStrategy.REDUCE && f.reducer() != null
                    && !federation.reducers().knows(f.reducer())) {
                problems.add(at + "unknown reducer '" + f.reducer() + "'; known: "
                        + String.join(", ", federation.reducers().names()));
            }
        }
        return problems;
    }
}
