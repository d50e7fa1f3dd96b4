package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.CLIENT_OR_WORKER;

import io.meridian.engine.Coordinator;
import io.meridian.model.json.Json;
import io.meridian.model.text.FieldRules;
import io.meridian.server.api.CheckpointRequest;
import io.meridian.server.api.Fields;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checkpoints of an execution: link one (201; a repeat of the same checkpoint id replaces it) and list them,
 * oldest first. Task handlers link checkpoints with worker tokens, so both routes take client or worker tokens.
 */
public final class CheckpointRoutes {
    private final Coordinator coordinator;

    public CheckpointRoutes(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    public void addTo(Routes r) {
        r.post("/v1/executions/{id}/checkpoints", CLIENT_OR_WORKER, this::link);
        r.get("/v1/executions/{id}/checkpoints", CLIENT_OR_WORKER, this::list);
    }

    private void link(Exchange ex) throws Exception {
        String id = Fields.require(FieldRules.RECORD_ID, "execution id (path)", ex.path("id"));
        CheckpointRequest body = ex.body(CheckpointRequest.class); // its fields are checked by CheckpointService
        var checkpoint = coordinator.checkpoints().link(id, body.checkpointId(), body.stageId(), body.metadata())
                .orElseThrow(() -> ApiError.notFound("execution " + id));
        ex.json(201, Json.toTree(checkpoint));
    }

    private void list(Exchange ex) throws Exception {
        String id = Fields.require(FieldRules.RECORD_ID, "execution id (path)", ex.path("id"));
        coordinator.execution(id).orElseThrow(() -> ApiError.notFound("execution " + id));
        ObjectNode out = Json.object();
        var items = out.putArray("items");
        coordinator.checkpoints().list(id).forEach(c -> items.add(Json.toTree(c)));
        ex.json(200, out);
    }
}
