package io.meridian.server.api;

import io.meridian.model.execution.StageRun;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Stage;
import io.meridian.store.ExecutionRecord;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * The execution document: what {@code GET /v1/executions/{id}} returns and what {@code meridian run --json}
 * prints. Execution id, status, error, timings, inputs, each stage's type, status, jobs, attempts, output and
 * error, the latest checkpoint's id, and the outputs of the final stages (those nothing depends on).
 */
public final class ExecutionDocument {
    private ExecutionDocument() {}

    public static ObjectNode of(ExecutionRecord x) {
        return of(x, null);
    }

    /** The document with the id of the execution's latest checkpoint (null when it has none). */
    public static ObjectNode of(ExecutionRecord x, String latestCheckpointId) {
        ObjectNode doc = Json.object();
        doc.put("execution_id", x.id());
        doc.put("pipeline_id", x.pipeline().id());
        doc.put("pipeline_version", x.pipeline().version());
        doc.put("status", x.status().name().toLowerCase());
        doc.put("error", x.error());
        doc.put("created_at", x.createdAt().toString());
        doc.put("updated_at", x.updatedAt().toString());
        doc.put("duration_ms", Duration.between(x.createdAt(), x.updatedAt()).toMillis());
        doc.put("checkpoint_id", latestCheckpointId);
        doc.set("inputs", x.inputs());
        ObjectNode stages = doc.putObject("stages");
        for (Stage s : x.pipeline().stages()) {
            StageRun r = x.stages().get(s.id());
            ObjectNode o = stages.putObject(s.id());
            o.put("type", s.type());
            o.put("status", r.status().name().toLowerCase());
            o.put("jobs", r.jobs());
            o.put("jobs_done", r.jobsDone());
            o.put("attempts", r.attempts());
            o.set("output", r.output());
            o.put("error", r.error());
            o.put("started_at", r.startedAt() == null ? null : r.startedAt().toString());
            o.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
        }
        ObjectNode outputs = doc.putObject("outputs");
        x.pipeline().stages().stream().filter(s -> x.pipeline().dependentsOf(s.id()).isEmpty())
                .forEach(s -> outputs.set(s.id(), x.stages().get(s.id()).output()));
        return doc;
    }
}
