package io.meridian.model.codec;

import static io.meridian.model.codec.Fixtures.TYPES;
import static io.meridian.model.codec.Fixtures.file;
import static io.meridian.model.codec.Fixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Requirements;
import io.meridian.model.pipeline.RetryPolicy;
import io.meridian.model.pipeline.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineReaderTest {

    @Test
    void readsACompleteYamlPipelineWithEffectiveValues() {
        Pipeline p = PipelineReader.read(file("etl.yaml"), TYPES);
        assertThat(p.id()).isEqualTo("nightly-etl");
        assertThat(p.name()).isEqualTo("Nightly ETL");
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.failurePolicy()).isEqualTo(FailurePolicy.CONTINUE);
        assertThat(p.inputs().keySet()).containsExactly("bucket", "files");
        assertThat(p.inputs().get("bucket").required()).isTrue();
        assertThat(p.inputs().get("files").defaultValue()).isEqualTo(Json.parse("[\"a.csv\",\"b.csv\"]"));

        RetryPolicy defaultRetry = new RetryPolicy(2, 1, 2, 300, 0.1);
        assertThat(p.defaults().retry()).isEqualTo(defaultRetry);
        Stage collect = p.stage("collect").orElseThrow();
        assertThat(collect.name()).isEqualTo("Collect");
        assertThat(collect.retry()).isEqualTo(defaultRetry);
        assertThat(collect.timeoutSeconds()).isEqualTo(600);
        assertThat(collect.priority()).isEqualTo(4);
        assertThat(collect.config().get("url").stringValue()).isEqualTo("https://storage/{{input.bucket}}/list");

        Stage process = p.stage("process").orElseThrow();
        assertThat(process.retry()).isEqualTo(new RetryPolicy(5, 1, 3, 120, 0.2));
        assertThat(process.timeoutSeconds()).isEqualTo(30);
        assertThat(process.priority()).isEqualTo(9);
        assertThat(process.requires()).isEqualTo(new Requirements(List.of("python"), 2, 4096, 1));
        assertThat(process.foreach().items()).isEqualTo("{{input.files}}");
        assertThat(p.stage("load").orElseThrow().dependsOn()).containsExactly("process", "collect");
    }

    @Test
    void jsonAndYamlFilesReadTheSame() {
        assertThat(PipelineReader.read(file("etl.json"), TYPES)).isEqualTo(PipelineReader.read(file("etl.yaml"), TYPES));
    }

    @Test
    void reportsEveryProblemWithLineColumnStageAndSuggestion() {
        PipelineValidationException e = org.junit.jupiter.api.Assertions.assertThrows(
                PipelineValidationException.class, () -> PipelineReader.read(file("many-errors.yaml"), TYPES));
        assertThat(e.errors()).extracting(ValidationError::toString).containsExactly(
                "many-errors.yaml:5:5: stage 'collect': priority must be an integer 1–10, got 11",
                "many-errors.yaml:7:5: stage 'process': unknown stage type 'scrpit' (did you mean 'script'?);"
                        + " known types: http_request, noop, script, sql",
                "many-errors.yaml:8:5: stage 'process': unknown field 'dependson' (did you mean 'depends_on'?)",
                "many-errors.yaml:11:18: stage 'load': unknown dependency 'colect' (did you mean 'collect'?)",
                "many-errors.yaml:11:26: stage 'load': a stage cannot depend on itself",
                "many-errors.yaml:12:5: stage 'load': timeout_seconds must be an integer 1–604800 (7 days), got string \"5m\"",
                "many-errors.yaml:15:7: stage 'load': unknown field 'initial_backof_seconds'"
                        + " (did you mean 'initial_backoff_seconds'?)");
        assertThat(e.getMessage()).startsWith("many-errors.yaml:5:5: stage 'collect'").contains("\nmany-errors.yaml:7:5");
    }

    @Test
    void jsonErrorsCarryLineAndColumn() {
        String json = "{\n  \"id\": \"p\",\n  \"stages\": [\n    {\"id\": \"s\", \"type\": \"noop\", \"prority\": 3}\n  ]\n}";
        assertThat(messages(json, "p.json"))
                .containsExactly("p.json:4:33: stage 's': unknown field 'prority' (did you mean 'priority'?)");
    }

    @Test
    void cycleIsReportedWithItsPathWhateverTheDeclarationOrder() {
        assertThat(messages(read("cycle.yaml"), "cycle.yaml"))
                .containsExactly("cycle.yaml:5:5: stage 'b': dependency cycle: b -> a -> c -> b");
        String reordered = "id: loop\nstages:\n"
                + "  - {id: a, type: noop, depends_on: [c]}\n"
                + "  - {id: c, type: noop, depends_on: [b]}\n"
                + "  - {id: b, type: noop, depends_on: [a]}\n";
        assertThat(messages(reordered, "loop.yaml")).containsExactly("loop.yaml:3:25: stage 'a': dependency cycle: a -> c -> b -> a");
    }

    @Test
    void stageIdsMustBePresentValidAndUnique() {
        String yaml = "id: p\nstages:\n  - type: noop\n  - {id: 'a.b', type: noop}\n  - {id: x, type: noop}\n"
                + "  - {id: x, type: noop}\n  - {id: y}\n";
        assertThat(messages(yaml, "p.yaml")).containsExactly(
                "p.yaml:3:5: stage #1 has no id",
                "p.yaml:4:6: stage 'a.b': stage id 'a.b' must be 1–64 letters, digits, '_' or '-'",
                "p.yaml:6:6: stage 'x': duplicate stage id 'x' (first used by stage #3)",
                "p.yaml:7:5: stage 'y': type is required");
    }

    @Test
    void pipelineLevelProblems() {
        assertThat(messages("name: x\nstages: []\nfederated: {}\nfailure_policy: fail-fast\nversion: 0\n", "p.yaml"))
                .containsExactly(
                        "p.yaml:1:1: pipeline id is required",
                        "p.yaml:2:1: a pipeline needs at least one stage",
                        "p.yaml:3:1: unknown field 'federated'; expected one of: id, name, description, version,"
                                + " failure_policy, defaults, inputs, stages, federation",
                        "p.yaml:4:1: failure_policy must be one of fail_fast, continue, got 'fail-fast'"
                                + " (did you mean 'fail_fast'?)",
                        "p.yaml:5:1: version must be an integer ≥ 1, got 0");
        assertThat(messages("id: 'has space'\nstages: [{id: s, type: noop}]\n", "p.yaml"))
                .containsExactly("p.yaml:1:1: pipeline id 'has space' must be 1–128 characters of letters, digits, '.', '_' or '-'");
    }

    @Test
    void unknownFieldsAreCaughtAtEveryLevel() {
        String yaml = "id: p\ndefaults: {priorty: 3, retry: {max_retrys: 1}}\ninputs: {x: {defualt: 1}}\n"
                + "stages:\n  - id: s\n    type: noop\n    requires: {min_core: 1}\n";
        assertThat(messages(yaml, "p.yaml")).extracting(m -> m.substring(m.indexOf("unknown"))).containsExactlyInAnyOrder(
                "unknown field 'priorty' (did you mean 'priority'?)",
                "unknown field 'max_retrys' (did you mean 'max_retries'?)",
                "unknown field 'defualt' (did you mean 'default'?)",
                "unknown field 'min_core' (did you mean 'min_cores'?)");
    }

    @Test
    void invalidDefaultsAreReportedOnceNotPerStage() {
        String yaml = "id: p\ndefaults: {priority: 0}\nstages: [{id: a, type: noop}, {id: b, type: noop}]\n";
        assertThat(messages(yaml, "p.yaml")).containsExactly("p.yaml:2:12: priority must be an integer 1–10, got 0");
    }

    @Test
    void wrongTypesAreReportedWithoutFollowUpNoise() {
        String yaml = Fixtures.yamlStage("config: [1]", "depends_on: s2", "foreach: 3", "retry: {max_retries: 2.5}");
        assertThat(messages(yaml, "p.yaml")).extracting(m -> m.substring(m.indexOf("': ") + 3)).containsExactly(
                "config must be an object, got a list",
                "depends_on must be a list of strings, got string \"s2\"",
                "foreach must be a template string such as \"{{input.files}}\", got 3",
                "max_retries must be an integer 0–100, got 2.5");
        assertThat(messages(Fixtures.yamlStage("depends_on: [1, null]"), "p.yaml")).hasSize(2)
                .allMatch(m -> m.contains("depends_on must be a list of strings"));
        assertThat(messages("id: 5\nstages: {}\n", "p.yaml"))
                .containsExactly("p.yaml:1:1: id must be a string, got 5", "p.yaml:2:1: stages must be a list, got an object");
    }

    private static String read(String name) {
        try {
            return java.nio.file.Files.readString(file(name));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
