package io.meridian.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.execution.JobStatus;
import io.meridian.model.json.Json;
import io.meridian.store.JobRecord;
import io.meridian.store.JobState;
import io.meridian.store.StoreFixtures;
import io.meridian.store.StoreWrite;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * State changes of many stored jobs go out as one array-bound UPDATE: every column of every job must land as if
 * written one by one (instants to the microsecond, nulls, JSON, free text with NUL), and a job the UPDATE does
 * not find is inserted with its spec instead.
 */
class JobStateUpdatesTest extends FreshSchema {

    static final Instant T = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @Test
    void manyStateChangesInOneCommitLandExactlyAndAMissingJobIsInserted() {
        List<StoreWrite> fresh = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            fresh.add(new StoreWrite.PutJob(StoreFixtures.job("job-" + i, null, T.plusMillis(i))));
        }
        store.commit(fresh);

        List<StoreWrite> changes = new ArrayList<>();
        List<JobRecord> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            JobRecord stored = store.job("job-" + i).orElseThrow();
            JobState state = i % 2 == 0
                    ? new JobState(JobStatus.RUNNING, 2, 1, 1, T.plusNanos(999), "worker-" + i, T.plusSeconds(30 + i),
                    T.plusSeconds(60), null, null, T.plusNanos(i * 1001L))
                    : new JobState(JobStatus.FAILED, 3, 3, 0, null, null, null, null, Json.parse("{\"n\":" + i + "}"),
                    "boom\u0000" + i, T.plusMillis(i));
            changes.add(new StoreWrite.PutJob(stored.with(state)));
            expected.add(stored.with(micros(state, i % 2 == 0 ? null : "boom\uFFFD" + i)));
        }
        JobRecord neverStored = StoreFixtures.job("job-missing", null, T).with(new JobState(JobStatus.LEASED, 1, 0, 0,
                null, "w", T.plusSeconds(5), null, null, null, T));
        changes.add(new StoreWrite.PutJob(neverStored));
        store.commit(changes);

        for (JobRecord want : expected) {
            assertThat(store.job(want.id())).contains(want);
        }
        assertThat(store.job("job-missing")).contains(new JobRecord(neverStored.id(), neverStored.spec(),
                micros(neverStored.state(), null), m(neverStored.createdAt())));
        assertThat(store.countJobsByStatus()).containsEntry(JobStatus.RUNNING, 150L)
                .containsEntry(JobStatus.FAILED, 150L).containsEntry(JobStatus.LEASED, 1L);
    }

    /** What PostgreSQL keeps of a state: instants truncated to microseconds, NUL in free text replaced. */
    static JobState micros(JobState s, String error) {
        return new JobState(s.status(), s.attempt(), s.failures(), s.lostAttempts(), m(s.notBefore()), s.workerId(),
                m(s.leaseExpiresAt()), m(s.deadline()), s.result(), error, m(s.updatedAt()));
    }

    static Instant m(Instant i) {
        return i == null ? null : i.truncatedTo(ChronoUnit.MICROS);
    }
}
