package io.meridian.store.embedded;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.JobRecord;
import io.meridian.store.StoreFixtures;
import io.meridian.store.StoreWrite;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link KillDashNineTest}: commits batches forever, each inserting
 * {@value #JOBS_PER_BATCH} jobs and finishing the previous batch's, and prints the batch number once
 * {@code commit} has returned. Whatever it printed must survive the kill.
 */
public final class CrashingWriterMain {

    static final int JOBS_PER_BATCH = 500;

    private CrashingWriterMain() {}

    public static void main(String[] args) {
        SqliteStore store = new SqliteStore(Path.of(args[0]));
        for (int batch = 0; ; batch++) {
            List<StoreWrite> writes = new ArrayList<>();
            for (int i = 0; i < JOBS_PER_BATCH; i++) {
                writes.add(new StoreWrite.PutJob(StoreFixtures.job(jobId(batch, i), "exec-" + batch, Instant.now())));
                if (batch > 0) {
                    JobRecord previous = StoreFixtures.job(jobId(batch - 1, i), "exec-" + (batch - 1), Instant.now());
                    writes.add(new StoreWrite.PutJob(previous.with(StoreFixtures.state(JobStatus.SUCCEEDED, 1,
                            Instant.now()))));
                }
            }
            store.commit(writes);
            System.out.println(batch);
            System.out.flush();
        }
    }

    static String jobId(int batch, int index) {
        return "b" + batch + "-" + index;
    }
}
