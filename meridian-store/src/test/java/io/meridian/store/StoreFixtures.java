package io.meridian.store;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.Foreach;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.pipeline.StageDefaults;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Records for store tests: minimal ones, and ones with every field set. Instants are at ms precision. */
public final class StoreFixtures {

    public static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    private StoreFixtures() {}

    public static Instant at(long offsetMillis) {
        return T0.plusMillis(offsetMillis);
    }

    public static JobRecord job(String id, String executionId, Instant createdAt) {
        JobSpec spec = new JobSpec("echo", Json.parse("{\"n\":1}"), 5, null, null, 60, executionId,
                executionId == null ? null : "stage", executionId == null ? -1 : 0);
        return new JobRecord(id, spec, JobState.waiting(createdAt), createdAt);
    }

    /** A job submitted straight to the queue, not by a pipeline. */
    public static JobRecord queuedJob(String id, Instant createdAt) {
        return job(id, null, createdAt);
    }

    public static JobRecord queuedJob(String id, JobStatus status, Instant createdAt) {
        JobRecord j = queuedJob(id, createdAt);
        return j.with(state(status, 1, createdAt));
    }

    public static JobState state(JobStatus status, int attempt, Instant updatedAt) {
        return new JobState(status, attempt, 0, 0, null, null, null, null, null, null, updatedAt);
    }

    /** A job with every optional field set to a non-default value. */
    public static JobRecord fullJob(String id) {
        JsonNode payload = Json.parse("""
                {"s":"x","i":42,"big":12345678901,"d":1.5,"b":true,"nul":null,"arr":[1,"two",{"k":[]}],"o":{"p":{}}}""");
        JobSpec spec = new JobSpec("resize-image", payload, 9,
                new Requirements(List.of("gpu", "ffmpeg"), 4, 8192, 1, "edge"),
                new RetryPolicy(7, 0.25, 3.0, 120.5, 0.2), 900, "exec-1", "resize", 17, "affinity", "customer-7");
        JobState state = new JobState(JobStatus.RUNNING, 3, 1, 1, at(10), "worker-7", at(30_000), at(900_000),
                Json.parse("{\"url\":\"s3://b/k\",\"sizes\":[1,2]}"), "previous attempt timed out", at(5));
        return new JobRecord(id, spec, state, at(0));
    }

    /** A job with every nullable field null and defaults elsewhere. */
    public static JobRecord sparseJob(String id) {
        JobSpec spec = new JobSpec("noop", null, 0, null, null, 0, null, null, -1);
        JobState state = new JobState(JobStatus.WAITING, 0, 0, 0, null, null, null, null, null, null, at(1));
        return new JobRecord(id, spec, state, at(1));
    }

    public static ExecutionRecord execution(String id, String requestId, Instant createdAt) {
        return new ExecutionRecord(id, pipeline(), null, ExecutionStatus.RUNNING, Map.of(), null, requestId,
                createdAt, createdAt);
    }

    public static ExecutionRecord fullExecution(String id) {
        StageRun fetch = new StageRun("fetch", StageStatus.SUCCEEDED, 1, 1, 2,
                Json.parse("{\"urls\":[\"a\",\"b\"]}"), null, at(1), at(2));
        StageRun resize = new StageRun("resize", StageStatus.FAILED, 2, 1, 3, null, "boom", at(3), null);
        return new ExecutionRecord(id, pipeline(), Json.parse("{\"files\":[\"a.png\"],\"n\":3}"),
                ExecutionStatus.FAILED, Map.of("fetch", fetch, "resize", resize), "stage resize failed",
                "req-" + id, at(0), at(4));
    }

    public static Pipeline pipeline() {
        ObjectNode config = Json.object().put("url", "{{input.url}}").put("depth", 2);
        Stage fetch = new Stage("fetch", "http-get", config, List.of(), RetryPolicy.NONE, 30, 5, null, null);
        Stage resize = new Stage("resize", "resize-image", Json.object(), List.of("fetch"),
                new RetryPolicy(2, 1, 2, 10, 0), 600, 8, new Requirements(List.of("gpu"), 2, 1024, 1),
                new Foreach("{{stages.fetch.output.urls}}"));
        return new Pipeline("thumbs", "Thumbnails", "makes thumbnails", 3, FailurePolicy.CONTINUE,
                new StageDefaults(RetryPolicy.DEFAULT, 600, 5), List.of(fetch, resize));
    }
}
