package io.meridian.protocol.lease;

import tools.jackson.databind.JsonNode;

/** What a worker says about a job it holds. */
public sealed interface JobReport {
    LeaseRef lease();

    /** The handler started (moves the job from LEASED to RUNNING). */
    record Started(LeaseRef lease) implements JobReport {}

    record Succeeded(LeaseRef lease, JsonNode output) implements JobReport {}

    record Failed(LeaseRef lease, FailureInfo failure) implements JobReport {}
}
