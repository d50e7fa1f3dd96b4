package io.meridian.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.Stage;
import io.meridian.model.pipeline.StageDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineValidatorTest {

    private static Stage stage(String id, String... dependsOn) {
        return new Stage(id, "noop", null, List.of(dependsOn), null, 60, 5, null, null);
    }

    private static Pipeline pipeline(List<Stage> stages) {
        return new Pipeline("p", null, null, 1, null, StageDefaults.DEFAULT, stages);
    }

    @Test
    void codeBuiltPipelinesGetStageIdsInsteadOfLines() {
        List<ValidationError> errors = PipelineValidator.validate(pipeline(List.of(
                stage("collect"), new Stage("process", "nope", null, List.of("colect"), null, 60, 0, null, null))),
                Set.of("noop"));
        assertThat(errors).extracting(ValidationError::toString).containsExactly(
                "p: stage 'process': unknown stage type 'nope' (did you mean 'noop'?); known types: noop",
                "p: stage 'process': unknown dependency 'colect' (did you mean 'collect'?)",
                "p: stage 'process': priority must be an integer 1–10, got 0");
        assertThat(errors.getFirst()).isEqualTo(new ValidationError("p", 0, 0, "process",
                "unknown stage type 'nope' (did you mean 'noop'?); known types: noop"));
    }

    @Test
    void nullKnownTypesSkipsTheTypeCheck() {
        assertThat(PipelineValidator.validate(pipeline(List.of(stage("a"))), null)).isEmpty();
    }

    @Test
    void tenThousandStageChainValidatesWithoutRecursion() {
        List<Stage> chain = new ArrayList<>();
        chain.add(stage("s0"));
        for (int i = 1; i < 10_000; i++) {
            chain.add(stage("s" + i, "s" + (i - 1)));
        }
        assertThat(PipelineValidator.validate(pipeline(chain), Set.of("noop"))).isEmpty();
    }

    @Test
    void tenThousandStageCycleIsFoundWithoutRecursion() {
        List<Stage> ring = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ring.add(stage("s" + i, "s" + ((i + 1) % 10_000)));
        }
        List<ValidationError> errors = PipelineValidator.validate(pipeline(ring), Set.of("noop"));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.stageId()).isEqualTo("s0");
            assertThat(e.message()).startsWith("dependency cycle: s0 -> s1 -> s2 -> ").endsWith("s9999 -> s0");
        });
    }

    @Test
    void separateCyclesAreEachReported() {
        List<ValidationError> errors = PipelineValidator.validate(pipeline(List.of(
                stage("a", "b"), stage("b", "a"), stage("c", "d"), stage("d", "c"), stage("e", "a"))), null);
        assertThat(errors).extracting(ValidationError::message)
                .containsExactly("dependency cycle: a -> b -> a", "dependency cycle: c -> d -> c");
    }

    @Test
    void validationErrorFormatting() {
        assertThat(new ValidationError("pipeline.yaml", 12, 5, "process", "unknown dependency 'colect'"))
                .hasToString("pipeline.yaml:12:5: stage 'process': unknown dependency 'colect'");
        assertThat(new ValidationError("pipeline.yaml", 0, 0, null, "file is empty")).hasToString("pipeline.yaml: file is empty");
        PipelineValidationException e = new PipelineValidationException(List.of(
                new ValidationError("f", 1, 2, null, "a"), new ValidationError("f", 3, 4, "s", "b")));
        assertThat(e).hasMessage("f:1:2: a\nf:3:4: stage 's': b");
    }
}
