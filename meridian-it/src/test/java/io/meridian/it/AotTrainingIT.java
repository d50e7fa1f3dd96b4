package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run the launcher trains the JVM's start-up cache with: it must get through all its parts and exit on its own. */
class AotTrainingIT {
    @TempDir
    Path dir;

    @Test
    void runsAPipelineAServerAWorkerAndJobsThenExits() throws Exception {
        Path data = dir.resolve("training");
        CliProcess p = CliProcess.start(dir, "aot-training", "--data-dir", data.toString(), "--jobs", "2000");
        CliProcess.Result r = p.await(Duration.ofMinutes(3));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).as("the local run's outputs").contains("\"friends_greeted\":3");
        assertThat(r.stdout()).as("the server's banner").contains("listening on http://127.0.0.1:");
        assertThat(data.resolve("server/admin.token")).exists();
        assertThat(data.resolve("run")).isNotEmptyDirectory();
    }

    @Test
    void refusesToRunWithoutADataDirectory() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "aot-training");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--data-dir");
    }
}
