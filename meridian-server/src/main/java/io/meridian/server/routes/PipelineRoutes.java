package io.meridian.server.routes;

import static io.meridian.server.auth.Scope.CLIENT;

import io.meridian.model.codec.PipelineJson;
import io.meridian.model.codec.PipelineReader;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.ConfigSchema;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;
import io.meridian.server.http.Routes;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Pipelines: register (JSON or YAML by Content-Type), list, latest by id, a given version. */
public final class PipelineRoutes {
    private final PipelineRegistry registry;
    private final Set<String> knownTypes;
    private final Supplier<Map<String, ConfigSchema>> configSchemas;

    /** @param configSchemas by stage type: a pipeline's stage configs are checked against them before it is stored */
    public PipelineRoutes(PipelineRegistry registry, Set<String> knownTypes,
                          Supplier<Map<String, ConfigSchema>> configSchemas) {
        this.registry = registry;
        this.knownTypes = knownTypes;
        this.configSchemas = configSchemas;
    }

    public void addTo(Routes r) {
        r.post("/v1/pipelines", CLIENT, this::register);
        r.get("/v1/pipelines", CLIENT, ex -> {
            var out = Json.object();
            var arr = out.putArray("pipelines");
            registry.all().forEach(p -> arr.addObject().put("id", p.id()).put("version", p.version())
                    .put("name", p.name()).put("stages", p.stages().size()));
            ex.json(200, out);
        });
        r.get("/v1/pipelines/{id}", CLIENT, ex -> ex.json(200, PipelineJson.toJson(registry.latest(ex.path("id"))
                .orElseThrow(() -> ApiError.notFound("pipeline " + ex.path("id"))))));
        r.get("/v1/pipelines/{id}/versions/{version}", CLIENT, ex -> ex.json(200, PipelineJson.toJson(
                registry.get(ex.path("id"), Integer.parseInt(ex.path("version"))).orElseThrow(() ->
                        ApiError.notFound("pipeline " + ex.path("id") + " version " + ex.path("version"))))));
    }

    private void register(Exchange ex) throws Exception {
        String type = String.valueOf(ex.header("Content-Type"));
        String file = type.contains("yaml") ? "pipeline.yaml" : "pipeline.json";
        Pipeline p = PipelineReader.read(ex.bodyText(), file, knownTypes, configSchemas.get());
        switch (registry.register(p)) {
            case CREATED -> ex.json(201, PipelineJson.toJson(p));
            case UNCHANGED -> ex.json(200, PipelineJson.toJson(p));
            case CONFLICT -> throw new ApiError(409, "conflict", "pipeline '" + p.id() + "' version " + p.version()
                    + " is already registered with a different definition; raise the version");
        }
    }
}
