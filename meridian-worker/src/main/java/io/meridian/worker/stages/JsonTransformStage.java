package io.meridian.worker.stages;

import io.meridian.model.pipeline.ConfigSchema;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskFailure;
import io.meridian.worker.sdk.TaskHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import tools.jackson.databind.JsonNode;

/**
 * {@code json_transform}: runs a jq program (jackson-jq, jq 1.6 syntax) over an input.
 * Config: {@code expression} (default {@code .}); {@code input} (default: the single dependency's output, or
 * an object of all dependency outputs by stage id). Output: the program's single result, or an array of its
 * results when it yields several (none: null).
 */
public final class JsonTransformStage implements TaskHandler {
    private final Map<String, JsonQuery> compiled = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "json_transform";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.builder()
                .optional("expression", ConfigSchema.Kind.STRING)
                .optional("input", ConfigSchema.Kind.ANY)
                .build();
    }

    @Override
    public JsonNode execute(TaskContext context) throws Exception {
        String expression = context.config().path("expression").asString(".");
        JsonQuery query = compile(expression);
        ObjectMapper mapper = Jq.JACKSON2;
        com.fasterxml.jackson.databind.JsonNode input = mapper.readTree(Json.write(input(context)));
        List<com.fasterxml.jackson.databind.JsonNode> results = new ArrayList<>();
        try {
            query.apply(Scope.newChildScope(Jq.ROOT), input, results::add);
        } catch (JsonQueryException e) {
            throw new TaskFailure("jq_error", "jq expression failed: " + e.getMessage(), true);
        }
        String out = results.isEmpty() ? "null" : results.size() == 1 ? mapper.writeValueAsString(results.get(0))
                : mapper.writeValueAsString(results);
        return Json.parse(out);
    }

    private static JsonNode input(TaskContext context) {
        if (context.config().has("input")) {
            return context.config().get("input");
        }
        var deps = context.dependencies();
        return deps.size() == 1 ? deps.values().iterator().next() : deps;
    }

    private JsonQuery compile(String expression) throws TaskFailure {
        JsonQuery q = compiled.get(expression);
        if (q != null) {
            return q;
        }
        try {
            q = JsonQuery.compile(expression, Versions.JQ_1_6);
        } catch (JsonQueryException e) {
            throw new TaskFailure("bad_config", "invalid jq expression '" + expression + "': " + e.getMessage(), true);
        }
        compiled.put(expression, q);
        return q;
    }

    /**
     * Built on the first run of a transform, not when the handler is loaded: every server and worker loads all
     * handlers at start, and loading jq's built-in functions (and a Jackson 2 mapper) took a few hundred ms of it.
     */
    private static final class Jq {
        // jackson-jq works on Jackson 2 trees; values cross over as JSON text (Jackson 3 elsewhere in Meridian).
        static final ObjectMapper JACKSON2 = new ObjectMapper();
        static final Scope ROOT = rootScope();

        private static Scope rootScope() {
            Scope scope = Scope.newEmptyScope();
            BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
            return scope;
        }
    }
}
