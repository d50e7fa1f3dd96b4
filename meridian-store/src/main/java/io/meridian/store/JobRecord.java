package io.meridian.store;

import java.time.Instant;

/** A job as the store keeps it. */
public record JobRecord(String id, JobSpec spec, JobState state, Instant createdAt) {

    public JobRecord with(JobState newState) {
        return new JobRecord(id, spec, newState, createdAt);
    }

    /** The same job with this payload (the leader's records of live jobs carry none: it stays in the store). */
    public JobRecord withPayload(tools.jackson.databind.JsonNode payload) {
        return new JobRecord(id, spec.withPayload(payload), state, createdAt);
    }
}
