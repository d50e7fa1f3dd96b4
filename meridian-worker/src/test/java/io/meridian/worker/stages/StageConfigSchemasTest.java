package io.meridian.worker.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.model.codec.PipelineReader;
import io.meridian.model.codec.PipelineValidationException;
import io.meridian.worker.sdk.HandlerRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The built-in stage types declare their config schemas, as {@code meridian validate} reads them. */
class StageConfigSchemasTest {
    final HandlerRegistry handlers = HandlerRegistry.fromClasspath(getClass().getClassLoader());

    @Test
    void aDatabaseWriteWithoutSqlIsCaughtBeforeItRuns() {
        String yaml = """
                id: p
                stages:
                  - id: save
                    type: database_write
                    config:
                      params: [1]
                  - id: fetch
                    type: http_request
                    config: {method: GET}
                """;
        var e = catchThrowableOfType(PipelineValidationException.class,
                () -> PipelineReader.read(yaml, "p.yaml", handlers.types(), handlers.configSchemas()));
        assertThat(e.errors()).extracting(Object::toString).containsExactly(
                "p.yaml:5:5: stage 'save': database_write: config.sql is required (a string)",
                "p.yaml:9:5: stage 'fetch': http_request: config.url is required (a string)");
    }

    @Test
    void everyExamplePipelinePassesItsStagesSchemas() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.walk(Path.of("..", "examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString()
                    .contains("meridian")).toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            PipelineReader.read(example, null, handlers.configSchemas());
        }
    }
}
