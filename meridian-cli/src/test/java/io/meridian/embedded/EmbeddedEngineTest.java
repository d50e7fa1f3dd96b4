package io.meridian.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.codec.PipelineReader;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.worker.sdk.TaskHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kept engine takes several pipelines until closed; the one-shot run still works as before. */
class EmbeddedEngineTest {
    record Text(String text) {}

    record Count(int words) {}

    private static final TaskHandler WORD_COUNT = TaskHandler.typed("word_count", Text.class,
            (in, ctx) -> new Count(in.text().strip().split("\\s+").length));

    private static Pipeline words(String text, Set<String> types) {
        return PipelineReader.read("""
                id: words
                stages:
                  - id: count
                    type: word_count
                    config: {text: "%s"}
                """.formatted(text), "words.yaml", types);
    }

    @TempDir
    Path dir;

    @Test
    void aStartedEngineRunsPipelinesUntilClosedAndKeepsItsDataDirectory() throws Exception {
        Path data = dir.resolve("data");
        EmbeddedEngine engine = Meridian.embedded().handler(WORD_COUNT).dataDir(data).start();
        try (engine) {
            String first = engine.start(words("a b", engine.stageTypes()));
            EmbeddedRun second = engine.run(words("a b c", engine.stageTypes()));
            assertThat(second.output("count").path("words").asInt()).isEqualTo(3);
            EmbeddedRun firstRun = engine.await(first, Duration.ofSeconds(30));
            assertThat(firstRun.output("count").path("words").asInt()).isEqualTo(2);
            assertThat(engine.executionsStarted()).isEqualTo(2);
            assertThatThrownBy(() -> engine.execution("nope")).hasMessageContaining("no execution nope");
        }
        assertThat(engine.isOpen()).isFalse();
        assertThat(Files.exists(data)).as("a given data directory is kept").isTrue();
        assertThatThrownBy(() -> engine.start(words("late", Set.of("word_count"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aOneShotRunStillRunsAndStops() throws Exception {
        EmbeddedRun run = Meridian.embedded().handler(WORD_COUNT).run(words("x y z w", Set.of("word_count")));
        assertThat(run.succeeded()).isTrue();
        assertThat(run.output("count").path("words").asInt()).isEqualTo(4);
    }
}
