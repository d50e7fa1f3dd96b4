package io.meridian.store;

import java.time.Instant;

/** A job as the store keeps it. */
public record JobRecord(String id, JobSpec spec, JobState state, Instant createdAt) {

    public JobRecord with(JobState newState) {
        return new JobRecord(id, spec, newState, createdAt);
    }
}
