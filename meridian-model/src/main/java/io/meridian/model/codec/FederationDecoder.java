package io.meridian.model.codec;

import io.meridian.model.pipeline.AggregationStrategy;
import io.meridian.model.pipeline.FederatedStageConfig;
import io.meridian.model.pipeline.FederationStrategy;
import io.meridian.model.pipeline.GeoPoint;
import io.meridian.model.pipeline.PipelineFederation;
import io.meridian.model.text.Suggestions;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code federation} sections: the pipeline's ({@code enabled, default_strategy}) and a stage's
 * ({@code strategy, regions, data_locality, aggregation, reducer, timeout_seconds, retry_on_failure, max_retries,
 * fallback_region, chain, source_location}). Region names are checked against the coordinator's regions at
 * submission, not here: a file does not know the cluster it will run on.
 */
final class FederationDecoder {
    static final String TIMEOUT = "federation.timeout_seconds must be an integer 0–" + Limits.MAX_TIMEOUT_SECONDS
            + " (0: each region's own timeout)";

    private FederationDecoder() {}

    static PipelineFederation pipeline(JsonNode root, NodeReader reader, List<Problem> problems) {
        JsonNode node = reader.object(root, "", "federation");
        if (node == null) {
            return PipelineFederation.DEFAULT;
        }
        KnownFields.PIPELINE_FEDERATION.check(node, "/federation", null, problems);
        Boolean enabled = reader.bool(node, "/federation", "enabled");
        FederationStrategy strategy = strategy(node, "/federation", "default_strategy", reader);
        return new PipelineFederation(enabled == null || enabled, strategy);
    }

    static FederatedStageConfig stage(JsonNode stage, String pointer, FederationStrategy inherited, NodeReader reader,
                                      List<Problem> problems, String stageId) {
        JsonNode node = reader.object(stage, pointer, "federation");
        if (node == null) {
            return null;
        }
        String at = Pointers.child(pointer, "federation");
        KnownFields.FEDERATION.check(node, at, stageId, problems);
        FederationStrategy strategy = strategy(node, at, "strategy", reader);
        List<String> regions = reader.strings(node, at, "regions");
        Boolean locality = reader.bool(node, at, "data_locality");
        AggregationStrategy aggregation = aggregation(node, at, reader);
        String reducer = reader.text(node, at, "reducer");
        Integer timeout = reader.integer(node, at, "timeout_seconds", TIMEOUT);
        Boolean retry = reader.bool(node, at, "retry_on_failure");
        Integer maxRetries = reader.integer(node, at, "max_retries", Limits.MAX_RETRIES_RULE);
        String fallback = reader.text(node, at, "fallback_region");
        Boolean chain = reader.bool(node, at, "chain");
        return new FederatedStageConfig(strategy == null ? inherited : strategy, regions,
                locality != null && locality, aggregation, reducer, timeout == null ? 0 : timeout,
                retry == null || retry, maxRetries == null ? 0 : maxRetries, fallback, chain != null && chain,
                location(node, at, reader, problems, stageId));
    }

    private static FederationStrategy strategy(JsonNode node, String at, String field, NodeReader reader) {
        String name = reader.text(node, at, field);
        if (name == null) {
            return null;
        }
        return FederationStrategy.fromWire(name).orElseGet(() -> {
            reader.report(at, field, "unknown federation strategy '" + name + "'"
                    + Suggestions.didYouMean(name, FederationStrategy.NAMES) + "; expected one of "
                    + String.join(", ", FederationStrategy.NAMES));
            return null;
        });
    }

    private static AggregationStrategy aggregation(JsonNode node, String at, NodeReader reader) {
        String name = reader.text(node, at, "aggregation");
        if (name == null) {
            return null;
        }
        return AggregationStrategy.fromWire(name).orElseGet(() -> {
            reader.report(at, "aggregation", "unknown aggregation '" + name + "'"
                    + Suggestions.didYouMean(name, AggregationStrategy.NAMES) + "; expected one of "
                    + String.join(", ", AggregationStrategy.NAMES));
            return null;
        });
    }

    private static GeoPoint location(JsonNode node, String at, NodeReader reader, List<Problem> problems,
                                     String stageId) {
        JsonNode location = reader.object(node, at, "source_location");
        if (location == null) {
            return null;
        }
        String here = Pointers.child(at, "source_location");
        KnownFields.LOCATION.check(location, here, stageId, problems);
        Double lat = reader.number(location, here, "lat", "lat must be a number -90..90");
        Double lon = reader.number(location, here, "lon", "lon must be a number -180..180");
        if (lat == null || lon == null || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
            reader.report(at, "source_location", "source_location needs {lat: -90..90, lon: -180..180}");
            return null;
        }
        return new GeoPoint(lat, lon);
    }
}
