package io.meridian.store.embedded;

import static io.meridian.store.embedded.CrashingWriterMain.JOBS_PER_BATCH;
import static io.meridian.store.embedded.CrashingWriterMain.jobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.JobRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/** Every batch a writer saw acknowledged is in the database after the writer is killed with SIGKILL. */
class KillDashNineTest {

    @TempDir
    Path dir;

    @RepeatedTest(5)
    void acknowledgedBatchesSurviveKill() throws Exception {
        Path file = dir.resolve("crash.db");
        Process writer = startWriter(file);
        AtomicInteger lastAcked = new AtomicInteger(-1);
        Thread.ofVirtual().start(() -> readAcks(writer, lastAcked));

        await().atMost(Duration.ofSeconds(60)).until(() -> lastAcked.get() >= 3 || !writer.isAlive());
        Thread.sleep(ThreadLocalRandom.current().nextInt(100)); // land the kill anywhere in a commit
        writer.destroyForcibly();
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lastAcked.get()).as("writer acknowledged batches before dying on its own? see %s",
                dir.resolve("writer.err")).isGreaterThanOrEqualTo(3);

        try (SqliteStore store = new SqliteStore(file)) {
            int acked = lastAcked.get();
            System.out.printf("acknowledged batches 0..%d, found %s%n", acked, store.countJobsByStatus());
            for (int batch = 0; batch < acked; batch++) {
                assertBatch(store, batch, Set.of(JobStatus.SUCCEEDED));
            }
            // finished by the batch in flight at the kill, or not yet
            assertBatch(store, acked, Set.of(JobStatus.WAITING, JobStatus.SUCCEEDED));
            // the batch in flight at the kill is all there or not at all
            assertThat(store.jobsOfExecution("exec-" + (acked + 1)).size()).isIn(0, JOBS_PER_BATCH);
        }
    }

    private static void assertBatch(SqliteStore store, int batch, Set<JobStatus> allowed) {
        List<JobRecord> jobs = store.jobsOfExecution("exec-" + batch);
        assertThat(jobs).as("batch %d", batch).hasSize(JOBS_PER_BATCH);
        assertThat(jobs.getFirst().id()).isEqualTo(jobId(batch, 0));
        assertThat(jobs).extracting(j -> j.state().status()).as("batch %d", batch).isSubsetOf(allowed);
        assertThat(jobs).extracting(j -> j.state().status()).as("batch %d atomic", batch)
                .containsOnly(jobs.getFirst().state().status());
    }

    private Process startWriter(Path file) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashingWriterMain.class.getName(), file.toString())
                .redirectError(dir.resolve("writer.err").toFile())
                .start();
    }

    /** Lines are batch numbers, printed in order; a line cut short by the kill is ignored. */
    private static void readAcks(Process writer, AtomicInteger lastAcked) {
        try (var lines = new BufferedReader(new InputStreamReader(writer.getInputStream()))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    lastAcked.set(Integer.parseInt(line.strip()));
                }
            }
        } catch (Exception endOfStream) {
            // the process was killed
        }
    }
}
