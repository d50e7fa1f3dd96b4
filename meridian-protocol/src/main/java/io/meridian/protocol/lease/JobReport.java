package io.meridian.protocol.lease;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.JsonNode;

/** What a worker says about a job it holds. On the wire: {@code {"kind": "succeeded", "lease": {...}, ...}}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JobReport.Started.class, name = "started"),
    @JsonSubTypes.Type(value = JobReport.Succeeded.class, name = "succeeded"),
    @JsonSubTypes.Type(value = JobReport.Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = JobReport.Progress.class, name = "progress")
})
public sealed interface JobReport {
    LeaseRef lease();

    /** The handler started (moves the job from LEASED to RUNNING). */
    record Started(LeaseRef lease) implements JobReport {}

    record Succeeded(LeaseRef lease, JsonNode output) implements JobReport {}

    record Failed(LeaseRef lease, FailureInfo failure) implements JobReport {}

    /** The handler's latest progress message and the log lines it wrote since the last report. */
    record Progress(LeaseRef lease, String message, java.util.List<String> log) implements JobReport {
        public Progress {
            log = log == null ? java.util.List.of() : java.util.List.copyOf(log);
        }
    }
}
