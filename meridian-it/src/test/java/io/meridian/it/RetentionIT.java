package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meridian.cli.embedded.EmbeddedRuntime;
import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.model.codec.PipelineReader;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.server.config.MeridianConfig;
import io.meridian.store.ExecutionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention configured in meridian.yaml, on the embedded SQLite store with the real periodic duties: finished
 * executions go with their jobs and checkpoints once past retention; unfinished ones stay however old.
 */
class RetentionIT {
    @TempDir
    Path dir;

    @Test
    void retentionAndItsIntervalAreReadFromMeridianYaml() throws Exception {
        Path file = dir.resolve("meridian.yaml");
        Files.writeString(file, "engine:\n  retention: 36h\n  cleanup_interval: PT90S\n");
        EngineSettings settings = MeridianConfig.load(file).engineSettings();
        assertThat(settings.retention()).isEqualTo(Duration.ofHours(36));
        assertThat(settings.cleanupInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(MeridianConfig.load(null).engineSettings().retention()).isEqualTo(Duration.ofDays(7));

        Files.writeString(file, "engine:\n  retention: 7 weeks\n");
        assertThatThrownBy(() -> MeridianConfig.load(file).engineSettings())
                .hasMessageContaining("engine.retention: '7 weeks' is not a duration");
        Files.writeString(file, "engine:\n  cleanup_interval: 0s\n");
        assertThatThrownBy(() -> MeridianConfig.load(file).engineSettings())
                .hasMessageContaining("engine.cleanup_interval must be a positive duration");
    }

    @Test
    void finishedExecutionsAreDeletedAfterRetentionAndUnfinishedOnesStay() throws Exception {
        Path file = dir.resolve("meridian.yaml");
        Files.writeString(file, "engine:\n  retention: 1s\n  cleanup_interval: 100ms\n");
        MeridianConfig config = MeridianConfig.load(file);
        Pipeline pipeline = PipelineReader.read("id: p\nstages:\n  - id: a\n    type: noop\n", "p.yaml", Set.of("noop"));
        try (EmbeddedRuntime rt = EmbeddedRuntime.open(dir.resolve("data"), config)) {
            Coordinator c = rt.coordinator();
            ExecutionRecord cancelled = c.startExecution(pipeline, Json.object(), null);
            c.cancelExecution(cancelled.id());
            c.checkpoints().link(cancelled.id(), "ckpt", null, null);
            ExecutionRecord waiting = c.startExecution(pipeline, Json.object(), null); // no workers: stays running

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> rt.store().execution(cancelled.id()).isEmpty());
            assertThat(rt.store().jobsOfExecution(cancelled.id())).isEmpty();
            assertThat(rt.store().checkpoints(cancelled.id())).isEmpty();
            assertThat(c.execution(cancelled.id())).isEmpty();
            assertThat(rt.store().execution(waiting.id())).isPresent();
            assertThat(rt.store().jobsOfExecution(waiting.id())).hasSize(1);
            assertThat(c.executionsDeletedByRetention()).isEqualTo(1);
        }
    }
}
