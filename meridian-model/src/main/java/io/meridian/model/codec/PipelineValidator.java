package io.meridian.model.codec;

import io.meridian.model.pipeline.ConfigSchema;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.pipeline.StageDefaults;
import io.meridian.model.text.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The semantic rules of a pipeline, in one place: used for pipelines built in code and, via the reader,
 * for pipeline files (which add line and column).
 */
public final class PipelineValidator {
    private static final Pattern PIPELINE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /** No dots: stage ids appear inside template paths such as {{stages.ID.output}}. */
    private static final Pattern STAGE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern INPUT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private PipelineValidator() {}

    /**
     * @param knownTypes stage types the cluster can run; null skips the type check
     * @return the problems found, empty when the pipeline is valid; file is the pipeline id
     */
    public static List<ValidationError> validate(Pipeline pipeline, Set<String> knownTypes) {
        String file = pipeline.id() == null || pipeline.id().isBlank() ? "pipeline" : pipeline.id();
        return check(pipeline, knownTypes, Map.of()).stream()
                .map(v -> new ValidationError(file, 0, 0, v.stageId(), v.message()))
                .toList();
    }

    static List<Violation> check(Pipeline pipeline, Set<String> knownTypes, Map<String, ConfigSchema> configSchemas) {
        List<Violation> violations = new ArrayList<>();
        pipelineLevel(pipeline, violations);
        if (pipeline.stages().size() > Limits.MAX_STAGES) {
            return violations;
        }
        DependencyGraph graph = new DependencyGraph(pipeline.stages());
        TemplateRules templates = new TemplateRules(pipeline, graph);
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < pipeline.stages().size(); i++) {
            Stage stage = pipeline.stages().get(i);
            int index = i;
            StageRules.check(pipeline, index, knownTypes, firstIndex, graph,
                    (field, message) -> violations.add(new Violation(index, stage.id(), field, message)));
            templates.check(index, (field, message) -> violations.add(new Violation(index, stage.id(), field, message)));
            ConfigSchema schema = stage.type() == null ? null : configSchemas.get(stage.type());
            if (schema != null) {
                schema.check(stage.config(), (key, message) -> violations.add(new Violation(index, stage.id(),
                        key.isEmpty() ? "config" : Pointers.child("config", key), stage.type() + ": " + message)));
            }
        }
        for (List<Integer> cycle : graph.cycles()) {
            Stage first = pipeline.stages().get(cycle.getFirst());
            String path = cycle.stream().map(i -> pipeline.stages().get(i).id()).collect(Collectors.joining(" -> "));
            violations.add(new Violation(cycle.getFirst(), first.id(), "depends_on",
                    "dependency cycle: " + path + " -> " + first.id()));
        }
        return violations;
    }

    private static void pipelineLevel(Pipeline pipeline, List<Violation> violations) {
        if (pipeline.id() == null || pipeline.id().isEmpty()) {
            violations.add(new Violation(-1, null, "id", "pipeline id is required"));
        } else if (!PIPELINE_ID.matcher(pipeline.id()).matches()) {
            violations.add(new Violation(-1, null, "id", "pipeline id '" + pipeline.id()
                    + "' must be 1–128 characters of letters, digits, '.', '_' or '-'"));
        }
        if (pipeline.version() < 1) {
            violations.add(new Violation(-1, null, "version", Limits.VERSION + ", got " + pipeline.version()));
        }
        StageDefaults defaults = pipeline.defaults();
        SettingsRules.priority(defaults.priority(), (f, m) -> violations.add(new Violation(-1, null, "defaults/" + f, m)));
        SettingsRules.timeout(defaults.timeoutSeconds(), (f, m) -> violations.add(new Violation(-1, null, "defaults/" + f, m)));
        SettingsRules.retry(defaults.retry(), (f, m) -> violations.add(new Violation(-1, null, "defaults/" + f, m)));
        for (String name : pipeline.inputs().keySet()) {
            if (name == null || !INPUT_NAME.matcher(name).matches()) {
                violations.add(new Violation(-1, null, "inputs/" + name, "input name '" + name
                        + "' must be 1–64 letters, digits, '_' or '-'"));
            }
        }
        if (pipeline.stages().isEmpty()) {
            violations.add(new Violation(-1, null, "stages", "a pipeline needs at least one stage"));
        } else if (pipeline.stages().size() > Limits.MAX_STAGES) {
            violations.add(new Violation(-1, null, "stages", "too many stages: " + pipeline.stages().size()
                    + " (the limit is " + Limits.MAX_STAGES + ")"));
        }
    }

    static boolean validStageId(String id) {
        return id != null && STAGE_ID.matcher(id).matches();
    }

    static String unknownType(String type, Set<String> knownTypes) {
        return "unknown stage type '" + type + "'" + Suggestions.didYouMean(type, knownTypes)
                + "; known types: " + String.join(", ", new TreeSet<>(knownTypes));
    }
}
