package io.meridian.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.codec.PipelineReader;
import io.meridian.model.codec.PipelineValidationException;
import io.meridian.model.codec.ValidationError;
import io.meridian.model.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PipelineBuilderTest {
    private static final Set<String> TYPES = Set.of("http_request", "script", "sql", "noop");

    @Test
    void buildsThePipelineTheYamlFileDescribes() throws Exception {
        RetryPolicy defaultRetry = new RetryPolicy(2, 1, 2, 300, 0.1);
        Pipeline built = PipelineBuilder.pipeline("nightly-etl")
                .name("Nightly ETL")
                .description("Collects files, processes each, loads the results.")
                .version(2)
                .failurePolicy(FailurePolicy.CONTINUE)
                .defaults(new StageDefaults(defaultRetry, 600, 4))
                .input("bucket", new InputSpec("Source bucket", null, true))
                .input("files", List.of("a.csv", "b.csv"))
                .stage("collect", "http_request", s -> s.name("Collect").config(object(
                        "{\"url\":\"https://storage/{{input.bucket}}/list\","
                                + "\"headers\":{\"authorization\":\"Bearer {{secrets.STORAGE_TOKEN}}\"}}")))
                .stage("process", "script", s -> s.dependsOn("collect")
                        .foreach("{{input.files}}")
                        .config(object("{\"file\":\"{{item}}\",\"index\":\"{{item_index}}\","
                                + "\"first\":\"{{stages.collect.output.items[0].name}}\"}"))
                        .retry(new RetryPolicy(5, 1, 3, 120, 0.2))
                        .timeoutSeconds(30)
                        .priority(9)
                        .requires(new Requirements(List.of("python"), 2, 4096, 1)))
                .stage("load", "sql", s -> s.dependsOn("process", "collect")
                        .config(object("{\"rows\":\"{{stages.process.output}}\"}")))
                .build(TYPES);
        Path yaml = Path.of(getClass().getResource("/pipelines/etl.yaml").toURI());
        assertThat(built).isEqualTo(PipelineReader.read(yaml, TYPES));
    }

    @Test
    void stagesInheritDefaultsSetAfterThem() {
        Pipeline p = PipelineBuilder.pipeline("p").stage("a", "noop")
                .defaults(new StageDefaults(RetryPolicy.NONE, 90, 8)).build(TYPES);
        Stage a = p.stages().getFirst();
        assertThat(List.of(a.priority(), a.timeoutSeconds())).containsExactly(8, 90);
        assertThat(a.retry()).isEqualTo(RetryPolicy.NONE);
        assertThat(a.config()).isEqualTo(Json.object());
    }

    @Test
    void buildThrowsWithEveryProblem() {
        assertThatThrownBy(() -> PipelineBuilder.pipeline("p")
                .stage("a", "http", s -> s.dependsOn("b").priority(11))
                .stage("b", "noop", s -> s.dependsOn("a").timeoutSeconds(0))
                .build(TYPES))
                .isInstanceOfSatisfying(PipelineValidationException.class, e -> assertThat(e.errors())
                        .extracting(ValidationError::toString).containsExactly(
                                "p: stage 'a': unknown stage type 'http'; known types: http_request, noop, script, sql",
                                "p: stage 'a': priority must be an integer 1–10, got 11",
                                "p: stage 'b': timeout_seconds must be an integer 1–604800 (7 days), got 0",
                                "p: stage 'a': dependency cycle: a -> b -> a"));
    }

    @Test
    void buildUncheckedSkipsOnlyTheTypeCheck() {
        assertThat(PipelineBuilder.pipeline("p").stage("a", "custom_handler").buildUnchecked().stages()).hasSize(1);
        assertThatThrownBy(() -> PipelineBuilder.pipeline("p").stage("a", "custom", s -> s.dependsOn("a")).buildUnchecked())
                .hasMessageContaining("a stage cannot depend on itself");
    }

    @Test
    void configIsCopiedSoLaterChangesDoNotLeak() {
        ObjectNode config = object("{\"x\":1}");
        Pipeline p = PipelineBuilder.pipeline("p").stage("a", "noop", s -> s.config(config)).build(TYPES);
        config.put("x", 2);
        assertThat(p.stages().getFirst().config()).isEqualTo(object("{\"x\":1}"));
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) Json.parse(json);
    }
}
