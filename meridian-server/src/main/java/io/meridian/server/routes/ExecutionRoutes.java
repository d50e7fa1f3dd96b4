package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.CLIENT;

import io.meridian.engine.Coordinator;
import io.meridian.engine.orchestrator.RequestIdConflict;
import io.meridian.engine.federation.FederationCoordinator;
import io.meridian.engine.federation.SubmissionCheck;
import io.meridian.model.codec.PipelineReader;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.ConfigSchema;
import io.meridian.model.pipeline.InputBinder;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.text.FieldRules;
import io.meridian.server.api.ExecutionDocument;
import io.meridian.server.api.ExecutionQueryParams;
import io.meridian.server.api.ExecutionStart;
import io.meridian.server.api.Fields;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.query.ExecutionPage;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * Executions: start (an inline pipeline, a file's text, or a registered pipeline id and version), query (by
 * pipeline, version, status and creation time, a page at a time), get, cancel, pause, resume. A start with a
 * request id (body {@code request_id} or header {@code Idempotency-Key}) seen before returns that execution (200
 * instead of 201) when it is the same request, and 409 {@code request_id_conflict} when the pipeline or inputs
 * differ.
 */
public final class ExecutionRoutes {
    private final Coordinator coordinator;
    private final PipelineRegistry pipelines;
    private final Set<String> knownTypes;
    private final Supplier<Map<String, ConfigSchema>> configSchemas;
    private final Supplier<Optional<FederationCoordinator>> federation;

    /** @param configSchemas by stage type: an inline pipeline's stage configs are checked against them */
    public ExecutionRoutes(Coordinator coordinator, PipelineRegistry pipelines, Set<String> knownTypes,
                           Supplier<Map<String, ConfigSchema>> configSchemas,
                           Supplier<Optional<FederationCoordinator>> federation) {
        this.coordinator = coordinator;
        this.pipelines = pipelines;
        this.knownTypes = knownTypes;
        this.configSchemas = configSchemas;
        this.federation = federation;
    }

    public void addTo(Routes r) {
        r.post("/v1/executions", CLIENT, this::start);
        r.get("/v1/executions", CLIENT, this::list);
        r.get("/v1/executions/{id}", CLIENT, ex -> ex.json(200, document(
                coordinator.execution(executionId(ex)).orElseThrow(() -> ApiError.notFound("execution " + ex.path("id"))))));
        r.post("/v1/executions/{id}/cancel", CLIENT, ex -> act(ex, "cancelled", coordinator::cancelExecution));
        r.post("/v1/executions/{id}/pause", CLIENT, ex -> act(ex, "paused", coordinator::pauseExecution));
        r.post("/v1/executions/{id}/resume", CLIENT, ex -> act(ex, "resumed", coordinator::resumeExecution));
    }

    /** One page of executions, newest first: {items, next_cursor}; see {@link ExecutionQueryParams}. */
    private void list(Exchange ex) throws Exception {
        ExecutionPage page = coordinator.executions(ExecutionQueryParams.parse(ex::query));
        ObjectNode out = Json.object();
        var items = out.putArray("items");
        page.items().forEach(x -> items.add(document(x)));
        out.put("next_cursor", page.next());
        ex.json(200, out);
    }

    private ObjectNode document(ExecutionRecord x) {
        return ExecutionDocument.of(x, coordinator.checkpoints().latestId(x.id()));
    }

    private void start(Exchange ex) throws Exception {
        start(ex, ex.body(ExecutionStart.class));
    }

    /** Starts an execution, answering 201 (200 for a request id seen before); shared with the seed's route. */
    void start(Exchange ex, ExecutionStart body) throws Exception {
        Pipeline pipeline = pipelineOf(body);
        var federationProblems = SubmissionCheck.problems(pipeline, federation.get().orElse(null));
        if (!federationProblems.isEmpty()) {
            throw ApiError.badRequest(String.join("; ", federationProblems));
        }
        ObjectNode inputs = InputBinder.bind(pipeline, body.inputs());
        String requestId = requestId(body.requestId(), ex.header("Idempotency-Key"));
        boolean seen = requestId != null && coordinator.executionByRequestId(requestId).isPresent();
        ExecutionRecord x = start(coordinator, pipeline, inputs, requestId);
        ex.json(seen ? 200 : 201, document(x));
    }

    /** The body's request_id, else the Idempotency-Key header; checked by {@link FieldRules#REQUEST_ID}. */
    static String requestId(String field, String header) {
        if (field != null) {
            return Fields.require(FieldRules.REQUEST_ID, "request_id", field);
        }
        return Fields.check(FieldRules.REQUEST_ID, "Idempotency-Key", header);
    }

    /** Starts, answering 409 when the request id was used for a different request. */
    static ExecutionRecord start(Coordinator coordinator, Pipeline pipeline, ObjectNode inputs, String requestId) {
        try {
            return coordinator.startExecution(pipeline, inputs, requestId);
        } catch (RequestIdConflict e) {
            throw new ApiError(409, "request_id_conflict", e.getMessage(), Json.object()
                    .put("execution_id", e.executionId()));
        }
    }

    private static String executionId(Exchange ex) {
        return Fields.require(FieldRules.RECORD_ID, "execution id (path)", ex.path("id"));
    }

    private Pipeline pipelineOf(ExecutionStart body) {
        if (body.pipelineText() != null) {
            return PipelineReader.read(body.pipelineText(),
                    body.pipelineFile() == null ? "pipeline.yaml" : body.pipelineFile(), knownTypes,
                    configSchemas.get());
        }
        if (body.pipeline() != null && !body.pipeline().isNull()) {
            return PipelineReader.read(Json.write(body.pipeline()), "pipeline.json", knownTypes, configSchemas.get());
        }
        // A registered pipeline was checked when it was registered.
        if (body.pipelineId() != null) {
            String id = body.pipelineId();
            return (body.version() != null ? pipelines.get(id, body.version()) : pipelines.latest(id))
                    .orElseThrow(() -> ApiError.notFound("pipeline " + id));
        }
        throw ApiError.badRequest("give the pipeline: pipeline (a JSON document), pipeline_text (+ pipeline_file) "
                + "or pipeline_id (+ version)");
    }

    /**
     * Cancel, pause or resume: 200 with the execution (pausing a paused one, or resuming a running one, changes
     * nothing and is not an error), 404 when unknown, 409 when it has finished (nothing can change it any more).
     */
    private void act(Exchange ex, String done, Function<String, Optional<ExecutionRecord>> action) throws Exception {
        ex.noBody();
        String id = executionId(ex);
        if (action.apply(id).isEmpty()) {
            ExecutionRecord x = coordinator.execution(id).orElseThrow(() -> ApiError.notFound("execution " + id));
            String status = x.status().name().toLowerCase(java.util.Locale.ROOT);
            throw new ApiError(409, x.status().isTerminal() ? "execution_finished" : "conflict", "execution " + id
                    + " cannot be " + done + ": it " + (x.status().isTerminal() ? "has finished" : "is not live on "
                    + "this coordinator") + " (" + status + ")", Json.object().put("status", status));
        }
        ex.json(200, document(coordinator.execution(id).orElseThrow(() -> ApiError.notFound("execution " + id))));
    }
}
