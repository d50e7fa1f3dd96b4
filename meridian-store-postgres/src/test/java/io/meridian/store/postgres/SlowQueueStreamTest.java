package io.meridian.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.execution.JobStatus;
import io.meridian.store.JobRecord;
import io.meridian.store.StoreFixtures;
import io.meridian.store.StoreWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A new leader fills its queue from this stream while it serves, and may pause between rows longer than the 2 s
 * every other transaction may stay idle (growing a table of millions, a GC pause): the stream must survive that.
 */
class SlowQueueStreamTest extends FreshSchema {

    @Test
    void aConsumerSlowerThanTheIdleInTransactionLimitStillGetsEveryRow() {
        List<StoreWrite> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobs.add(new StoreWrite.PutJob(StoreFixtures.job("job-" + i, null, Instant.EPOCH.plusSeconds(i))));
        }
        jobs.add(new StoreWrite.PutJob(StoreFixtures.job("delayed", null, Instant.EPOCH).with(
                new io.meridian.store.JobState(JobStatus.DELAYED, 1, 1, 0, Instant.EPOCH, null, null, null, null, null,
                        Instant.EPOCH))));
        store.commit(jobs);
        List<String> seen = new ArrayList<>();

        store.forEachJobWithoutPayload(Set.of(JobStatus.WAITING, JobStatus.DELAYED), (JobRecord j) -> {
            if (seen.isEmpty()) {
                // the pause itself is what is tested: longer than the sessions' 2 s idle-in-transaction limit
                LockSupport.parkNanos(2_500_000_000L);
            }
            seen.add(j.id());
        });

        assertThat(seen).containsExactly("job-0", "job-1", "job-2", "delayed");
    }
}
