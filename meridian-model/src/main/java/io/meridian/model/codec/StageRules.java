package io.meridian.model.codec;

import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.pipeline.StageDefaults;
import io.meridian.model.text.Suggestions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/** Per-stage rules: id, type, dependencies and settings. Reports (field, message). */
final class StageRules {
    private StageRules() {}

    static void check(Pipeline pipeline, int index, Set<String> knownTypes, Map<String, Integer> firstIndex,
                      DependencyGraph graph, BiConsumer<String, String> report) {
        Stage stage = pipeline.stages().get(index);
        identity(stage, index, firstIndex, report);
        if (stage.type() == null || stage.type().isBlank()) {
            report.accept("type", "type is required");
        } else if (knownTypes != null && !knownTypes.contains(stage.type())) {
            report.accept("type", PipelineValidator.unknownType(stage.type(), knownTypes));
        }
        dependencies(pipeline, stage, graph, report);
        settings(stage, pipeline.defaults(), report);
        FederationRules.check(stage, report);
    }

    private static void identity(Stage stage, int index, Map<String, Integer> firstIndex,
                                 BiConsumer<String, String> report) {
        if (stage.id() == null || stage.id().isEmpty()) {
            report.accept("id", "stage #" + (index + 1) + " has no id");
        } else if (!PipelineValidator.validStageId(stage.id())) {
            report.accept("id", "stage id '" + stage.id() + "' must be 1–64 letters, digits, '_' or '-'");
        } else {
            Integer first = firstIndex.putIfAbsent(stage.id(), index);
            if (first != null) {
                report.accept("id", "duplicate stage id '" + stage.id() + "' (first used by stage #" + (first + 1) + ")");
            }
        }
    }

    private static void dependencies(Pipeline pipeline, Stage stage, DependencyGraph graph,
                                     BiConsumer<String, String> report) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < stage.dependsOn().size(); i++) {
            String dependency = stage.dependsOn().get(i);
            String field = "depends_on/" + i;
            if (dependency == null) {
                report.accept(field, "depends_on must not contain null");
            } else if (dependency.equals(stage.id())) {
                report.accept(field, "a stage cannot depend on itself");
            } else if (!graph.contains(dependency)) {
                report.accept(field, "unknown dependency '" + dependency + "'" + Suggestions.didYouMean(dependency, stageIds(pipeline)));
            } else if (!seen.add(dependency)) {
                report.accept(field, "dependency '" + dependency + "' is listed twice");
            }
        }
    }

    private static List<String> stageIds(Pipeline pipeline) {
        return pipeline.stages().stream().map(Stage::id).filter(Objects::nonNull).toList();
    }

    /** Values inherited from invalid defaults were reported on the defaults; do not repeat that per stage. */
    private static void settings(Stage stage, StageDefaults defaults, BiConsumer<String, String> report) {
        if (stage.priority() != defaults.priority() || Limits.validPriority(defaults.priority())) {
            SettingsRules.priority(stage.priority(), report);
        }
        if (stage.timeoutSeconds() != defaults.timeoutSeconds() || Limits.validTimeout(defaults.timeoutSeconds())) {
            SettingsRules.timeout(stage.timeoutSeconds(), report);
        }
        if (!stage.retry().equals(defaults.retry()) || SettingsRules.validRetry(defaults.retry())) {
            SettingsRules.retry(stage.retry(), report);
        }
        SettingsRules.requirements(stage.requires(), report);
    }
}
