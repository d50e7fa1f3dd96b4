package io.meridian.model.codec;

import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.template.Reference;
import io.meridian.model.template.Template;
import io.meridian.model.template.TemplateException;
import io.meridian.model.text.Suggestions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;

/** Static checks of the templates in a stage's config and foreach. Reports (field, message). */
final class TemplateRules {
    /**
     * Config fields that are code, not data: a template there would splice values into SQL. The engine resolves
     * templates before a worker sees the config, so the worker's own check comes too late; refuse them here.
     */
    private static final Map<String, Set<String>> VERBATIM = Map.of(
            "database_write", Set.of("config/sql", "config/create_table"));

    private final Pipeline pipeline;
    private final DependencyGraph graph;

    TemplateRules(Pipeline pipeline, DependencyGraph graph) {
        this.pipeline = pipeline;
        this.graph = graph;
    }

    void check(int stageIndex, BiConsumer<String, String> report) {
        Stage stage = pipeline.stages().get(stageIndex);
        if (stage.foreach() != null) {
            foreach(stageIndex, stage.foreach().items(), report);
        }
        // Iterative walk: configs built in code are not depth-limited by a parser.
        Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
        pending.push(Map.entry("config", stage.config()));
        while (!pending.isEmpty()) {
            Map.Entry<String, JsonNode> next = pending.pop();
            JsonNode node = next.getValue();
            if (node.isString() && Template.hasMarkers(node.stringValue())
                    && VERBATIM.getOrDefault(stage.type(), Set.of()).contains(next.getKey())) {
                report.accept(next.getKey(), next.getKey() + " of a " + stage.type() + " stage must not contain "
                        + "templates: pass values as parameters in 'rows' (e.g. \"rows\": \"{{stages.ID.output}}\")");
            } else if (node.isString() && Template.hasMarkers(node.stringValue())) {
                text(stageIndex, next.getKey(), node.stringValue(), stage.foreach() != null, report);
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    pending.push(Map.entry(Pointers.child(next.getKey(), field.getKey()), field.getValue()));
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    pending.push(Map.entry(Pointers.child(next.getKey(), i), node.get(i)));
                }
            }
        }
    }

    private void text(int stageIndex, String field, String text, boolean inForeach, BiConsumer<String, String> report) {
        Template template;
        try {
            template = Template.parse(text);
        } catch (TemplateException e) {
            report.accept(field, field + ": " + e.getMessage());
            return;
        }
        for (Reference ref : template.references()) {
            String problem = problem(stageIndex, ref, inForeach);
            if (problem != null) {
                report.accept(field, field + ": " + ref.text() + ": " + problem);
            }
        }
    }

    private void foreach(int stageIndex, String items, BiConsumer<String, String> report) {
        Template template;
        try {
            template = Template.parse(items);
        } catch (TemplateException e) {
            report.accept("foreach", "foreach: " + e.getMessage());
            return;
        }
        if (!template.isSingleReference()) {
            report.accept("foreach", "foreach must be a single reference such as \"{{input.files}}\" or "
                    + "\"{{stages.ID.output.list}}\", got \"" + items + "\"");
            return;
        }
        Reference ref = template.references().getFirst();
        if (ref.root() != Reference.Root.INPUT && ref.root() != Reference.Root.STAGE) {
            report.accept("foreach", "foreach must reference input.* or an upstream stage's output, got " + ref.text());
            return;
        }
        String problem = problem(stageIndex, ref, false);
        if (problem != null) {
            report.accept("foreach", "foreach: " + ref.text() + ": " + problem);
        }
    }

    /** Why the reference cannot work in this stage, or null when it can. */
    private String problem(int stageIndex, Reference ref, boolean inForeach) {
        return switch (ref.root()) {
            case INPUT -> pipeline.inputs().isEmpty() || pipeline.inputs().containsKey(ref.name()) ? null
                    : "undeclared input '" + ref.name() + "'" + Suggestions.didYouMean(ref.name(), pipeline.inputs().keySet())
                    + "; declared inputs: " + String.join(", ", pipeline.inputs().keySet());
            case STAGE -> stageProblem(stageIndex, ref.name());
            case ITEM, ITEM_INDEX -> inForeach ? null : "item is only available in a stage with foreach";
            case SECRET -> null;
        };
    }

    private String stageProblem(int stageIndex, String target) {
        if (!graph.contains(target)) {
            return "unknown stage '" + target + "'" + Suggestions.didYouMean(target,
                    pipeline.stages().stream().map(Stage::id).filter(java.util.Objects::nonNull).toList());
        }
        if (!graph.isUpstream(stageIndex, target)) {
            return "stage '" + target + "' is not upstream of this stage; add it to depends_on";
        }
        return null;
    }
}
