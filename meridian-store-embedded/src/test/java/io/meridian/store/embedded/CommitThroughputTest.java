package io.meridian.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.JobRecord;
import io.meridian.store.JobState;
import io.meridian.store.StoreFixtures;
import io.meridian.store.StoreWrite;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints commit throughput for batches of 1,000 jobs, as the engine writes them: each job is inserted once,
 * then updated twice (leased, then done). Informational only: timing is not asserted.
 */
class CommitThroughputTest {

    private static final int BATCH = 1_000;
    private static final int JOBS = 60_000;

    @TempDir
    Path dir;

    @Test
    void fullSync() {
        measure("synchronous=FULL", SqliteOptions.DEFAULT);
    }

    @Test
    void normalSync() {
        measure("synchronous=NORMAL", SqliteOptions.DEFAULT.withFullSync(false));
    }

    private void measure(String label, SqliteOptions options) {
        try (SqliteStore store = new SqliteStore(dir.resolve("bench.db"), options)) {
            List<JobRecord> jobs = IntStream.range(0, JOBS)
                    .mapToObj(i -> StoreFixtures.job("job-" + i, "exec-" + i / 100, StoreFixtures.at(i))).toList();
            commitAll(store, jobs); // warm-up: JIT, page cache
            List<JobRecord> fresh = jobs.stream().map(j -> new JobRecord("new-" + j.id(), j.spec(), j.state(),
                    j.createdAt())).toList();
            double inserts = commitAll(store, fresh);
            double leases = commitAll(store, fresh.stream().map(j -> j.with(state(j, JobStatus.LEASED))).toList());
            double done = commitAll(store, fresh.stream().map(j -> j.with(state(j, JobStatus.SUCCEEDED))).toList());
            System.out.printf("%s, batches of %,d PutJob: insert %,.0f, update to LEASED %,.0f, update to SUCCEEDED %,.0f rows/s%n",
                    label, BATCH, inserts, leases, done);
            assertThat(store.countJobsByStatus()).containsEntry(JobStatus.SUCCEEDED, (long) JOBS);
        }
    }

    private static JobState state(JobRecord job, JobStatus status) {
        return new JobState(status, 1, 0, 0, null, "worker-1", StoreFixtures.at(30_000), null, null, null,
                job.createdAt().plusMillis(5));
    }

    /** Returns rows per second. */
    private static double commitAll(SqliteStore store, List<JobRecord> jobs) {
        long start = System.nanoTime();
        for (int from = 0; from < jobs.size(); from += BATCH) {
            store.commit(jobs.subList(from, Math.min(from + BATCH, jobs.size())).stream()
                    .<StoreWrite>map(StoreWrite.PutJob::new).toList());
        }
        return jobs.size() / ((System.nanoTime() - start) / 1e9);
    }
}
