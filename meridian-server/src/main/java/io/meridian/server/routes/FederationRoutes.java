package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.CLIENT;
import static io.meridian.server.auth.Scope.REGION;

import io.meridian.engine.Coordinator;
import io.meridian.engine.federation.FederationCoordinator;
import io.meridian.engine.federation.RegionHealth;
import io.meridian.engine.federation.RegionalPipeline;
import io.meridian.model.codec.PipelineReader;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.ConfigSchema;
import io.meridian.model.pipeline.InputBinder;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.text.FieldRules;
import io.meridian.server.api.ExecutionDocument;
import io.meridian.server.api.Fields;
import io.meridian.server.api.RegionStageStart;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import io.meridian.store.ExecutionRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * The federation's routes. A region key (scope {@code region}) may start a stage run here, read and cancel runs
 * it started (pipeline ids beginning {@code fed.}) and read this cluster's load; nothing else. People read the
 * federation this coordinator leads at {@code /v1/federation/health}: every region's reachability, latency,
 * load against max_concurrent and breaker, and the statistics. Region keys never appear in any answer.
 */
public final class FederationRoutes {
    private final Coordinator coordinator;
    private final Set<String> knownTypes;
    private final Supplier<Map<String, ConfigSchema>> configSchemas;
    private final Supplier<Optional<FederationCoordinator>> federation;

    /** @param configSchemas by stage type: this region checks a stage run's configs against its own schemas */
    public FederationRoutes(Coordinator coordinator, Set<String> knownTypes,
                            Supplier<Map<String, ConfigSchema>> configSchemas,
                            Supplier<Optional<FederationCoordinator>> federation) {
        this.coordinator = coordinator;
        this.knownTypes = knownTypes;
        this.configSchemas = configSchemas;
        this.federation = federation;
    }

    public void addTo(Routes r) {
        r.post("/v1/federation/stages", REGION, this::start);
        r.get("/v1/federation/stages/{id}", REGION, ex -> ex.json(200, ExecutionDocument.of(run(ex.path("id")))));
        r.post("/v1/federation/stages/{id}/cancel", REGION, ex -> {
            ex.noBody();
            coordinator.cancelExecution(run(ex.path("id")).id());
            ex.json(200, ExecutionDocument.of(run(ex.path("id"))));
        });
        r.get("/v1/federation/load", REGION, ex -> ex.json(200, Json.object()
                .put("active_runs", coordinator.activeExecutions(RegionalPipeline.PREFIX))));
        r.get("/v1/federation/health", CLIENT, this::health);
    }

    private void start(Exchange ex) throws Exception {
        RegionStageStart body = ex.body(RegionStageStart.class);
        if (body.pipeline() == null || !body.pipeline().isObject() || body.requestId() == null) {
            throw ApiError.badRequest("give pipeline (one federated stage's pipeline) and request_id");
        }
        Pipeline pipeline = PipelineReader.read(Json.write(body.pipeline()), "federated-stage.json", knownTypes,
                configSchemas.get());
        if (!pipeline.id().startsWith(RegionalPipeline.PREFIX) || !pipeline.federatedStages().isEmpty()) {
            throw ApiError.badRequest("a region runs pipelines with ids starting '" + RegionalPipeline.PREFIX
                    + "' and no federated stages");
        }
        ObjectNode inputs = InputBinder.bind(pipeline, body.inputs());
        String requestId = Fields.require(FieldRules.REQUEST_ID, "request_id", body.requestId());
        boolean seen = coordinator.executionByRequestId(requestId).isPresent();
        ExecutionRecord x = ExecutionRoutes.start(coordinator, pipeline, inputs, requestId);
        ex.json(seen ? 200 : 201, ExecutionDocument.of(x));
    }

    /** A run started through federation; other executions are not a region key's business (404, not 403). */
    private ExecutionRecord run(String id) {
        Fields.require(FieldRules.RECORD_ID, "run id (path)", id);
        return coordinator.execution(id).filter(x -> x.pipeline().id().startsWith(RegionalPipeline.PREFIX))
                .orElseThrow(() -> ApiError.notFound("federated run " + id));
    }

    private void health(Exchange ex) throws Exception {
        Optional<FederationCoordinator> f = federation.get();
        ObjectNode out = Json.object();
        out.put("configured", f.isPresent());
        var regions = out.putArray("regions");
        if (f.isPresent()) {
            List<RegionHealth> all = "true".equals(ex.query("probe")) ? f.get().checkHealth() : f.get().health();
            all.forEach(h -> regions.add(view(h)));
            out.put("default_strategy", f.get().config().defaultStrategy().wireName());
            out.set("stats", f.get().stats().toJson());
        }
        ex.json(200, out);
    }

    private static ObjectNode view(RegionHealth h) {
        ObjectNode o = Json.object();
        o.put("region", h.region());
        o.put("endpoint", h.endpoint());
        o.put("healthy", h.healthy());
        o.put("reachable", h.reachable());
        o.put("latency_ms", h.latencyMs());
        o.put("current_load", Math.max(h.inFlight(), h.remoteActive()));
        o.put("in_flight", h.inFlight());
        o.put("remote_active", h.remoteActive());
        o.put("max_concurrent", h.maxConcurrent());
        o.put("breaker", h.breaker());
        o.put("checked_at", h.checkedAt() == null ? null : h.checkedAt().toString());
        o.put("error", h.error());
        return o;
    }
}
