package io.meridian.protocol.api;

import tools.jackson.databind.JsonNode;

/**
 * A job to put straight in the queue. Null fields take the coordinator's defaults (priority 5, a timeout of an
 * hour, no requirements, the default placement).
 *
 * @param type           the handler type
 * @param payload        the handler's config (null: an empty object)
 * @param placement      null, or a strategy with (for {@code affinity}) its key
 */
public record JobSubmission(String type, JsonNode payload, Integer priority, Integer timeoutSeconds,
                            io.meridian.model.pipeline.Placement placement) {

    /** A job of this type with this payload, on every default. */
    public static JobSubmission of(String type, JsonNode payload) {
        return new JobSubmission(type, payload, null, null, null);
    }
}
