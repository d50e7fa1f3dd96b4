package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.CLIENT_OR_WORKER;

import io.meridian.model.execution.StageStatus;
import io.meridian.model.json.Json;
import io.meridian.model.text.FieldRules;
import io.meridian.server.api.Fields;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.store.Store;
import java.util.Optional;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/executions/{id}/stages/{stage}/output}: a succeeded stage's output, read-only. Jobs carry
 * references to the upstream outputs they read, never copies; remote workers read them here (once per stage,
 * then from their cache), with a worker token or a client one. The leader answers from memory or its store, a
 * follower from the shared store.
 */
public final class StageOutputRoutes {
    public static final String PATH = "/v1/executions/{id}/stages/{stage}/output";

    private final BiFunction<String, String, Optional<JsonNode>> outputs;

    /** @param outputs a succeeded stage's output by execution id and stage id; empty otherwise */
    public StageOutputRoutes(BiFunction<String, String, Optional<JsonNode>> outputs) {
        this.outputs = outputs;
    }

    /** The route as a follower serves it: straight from the shared store, as fresh as the leader's last commit. */
    public static StageOutputRoutes fromStore(Store store) {
        return new StageOutputRoutes((id, stage) -> store.execution(id).map(x -> x.stages().get(stage))
                .filter(s -> s.status() == StageStatus.SUCCEEDED)
                .map(s -> s.output() == null ? NullNode.getInstance() : s.output()));
    }

    public void addTo(Routes r) {
        r.get(PATH, CLIENT_OR_WORKER, this::get);
    }

    private void get(Exchange ex) throws Exception {
        // checked before any lookup, as every id at the edge is
        String id = Fields.require(FieldRules.RECORD_ID, "execution id (path)", ex.path("id"));
        String stage = Fields.require(FieldRules.STAGE_ID, "stage id (path)", ex.path("stage"));
        JsonNode output = outputs.apply(id, stage).orElseThrow(() -> ApiError.notFound("output of stage '" + stage
                + "' of execution " + id + " (the execution or stage is unknown, or the stage has not succeeded)"));
        ObjectNode body = Json.object().put("execution_id", id).put("stage_id", stage);
        body.set("output", output);
        ex.json(200, body);
    }
}
