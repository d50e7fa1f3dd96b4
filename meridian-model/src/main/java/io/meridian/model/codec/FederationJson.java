package io.meridian.model.codec;

import io.meridian.model.pipeline.FederatedStageConfig;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A stage's federation section in the file format, every effective value written out. */
public final class FederationJson {
    private FederationJson() {}

    public static ObjectNode toJson(FederatedStageConfig f) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (f.strategy() != null) {
            out.put("strategy", f.strategy().wireName());
        }
        ArrayNode regions = out.putArray("regions");
        f.regions().forEach(regions::add);
        out.put("data_locality", f.dataLocality());
        out.put("aggregation", f.aggregation().wireName());
        if (f.reducer() != null) {
            out.put("reducer", f.reducer());
        }
        out.put("timeout_seconds", f.timeoutSeconds());
        out.put("retry_on_failure", f.retryOnFailure());
        out.put("max_retries", f.maxRetries());
        if (f.fallbackRegion() != null) {
            out.put("fallback_region", f.fallbackRegion());
        }
        out.put("chain", f.chain());
        if (f.sourceLocation() != null) {
            out.putObject("source_location").put("lat", f.sourceLocation().latitude())
                    .put("lon", f.sourceLocation().longitude());
        }
        return out;
    }

    /** The stage section read back from {@link #toJson} (as carried in a federated job's payload). */
    public static FederatedStageConfig fromJson(tools.jackson.databind.JsonNode json) {
        java.util.List<Problem> problems = new java.util.ArrayList<>();
        ObjectNode holder = JsonNodeFactory.instance.objectNode();
        holder.set("federation", json);
        FederatedStageConfig config = FederationDecoder.stage(holder, "", null, new NodeReader(problems, null),
                problems, null);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid federation section: " + problems.getFirst().message());
        }
        return config;
    }
}
