package io.meridian.store;

import static io.meridian.store.StoreFixtures.at;
import static io.meridian.store.StoreFixtures.execution;
import static io.meridian.store.StoreFixtures.fullExecution;
import static io.meridian.store.StoreFixtures.fullJob;
import static io.meridian.store.StoreFixtures.job;
import static io.meridian.store.StoreFixtures.queuedJob;
import static io.meridian.store.StoreFixtures.sparseJob;
import static io.meridian.store.StoreFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.JobStatus;
import io.meridian.store.StoreWrite.PutExecution;
import io.meridian.store.StoreWrite.PutJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do. A store's test extends this and supplies {@link #newStore()}; durable
 * stores also override {@link #reopen(Store)} so that reads are checked against what reached the disk.
 * Queries, checkpoints, retention, locks, leadership and tokens are covered by the contract interfaces it implements.
 * Needs junit-jupiter, assertj-core and awaitility on the user's test classpath.
 */
public abstract class StoreContractTest implements ExecutionQueryContract, CheckpointContract, RetentionContract,
        LockContract, LockEventContract, LeadershipContract, StageRowsContract, TokenContract, EventContract,
        SinkCursorContract, ScheduleContract {

    protected Store store;

    /** A new, empty store. */
    protected abstract Store newStore();

    /** The same data, read through a fresh instance (closing the old one) where the store persists. */
    protected Store reopen(Store old) {
        return old;
    }

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public Store storeUnderTest() {
        return store;
    }

    @Override
    public Store reopened() {
        store = reopen(store);
        return store;
    }

    protected void commit(StoreWrite... writes) {
        store.commit(List.of(writes));
    }

    @Test
    void committedWritesCanBeReadBackAfterReopening() {
        commit(new PutExecution(execution("e1", null, at(0))), new PutJob(job("j1", "e1", at(1))));
        store = reopen(store);
        assertThat(store.execution("e1")).contains(execution("e1", null, at(0)));
        assertThat(store.job("j1")).contains(job("j1", "e1", at(1)));
        assertThat(store.job("missing")).isEmpty();
        assertThat(store.execution("missing")).isEmpty();
    }

    @Test
    void stageAndStatusWritesSurviveReopening() {
        ExecutionRecord full = fullExecution("e");
        commit(new PutExecution(full));
        var resize = new io.meridian.model.execution.StageRun("resize", io.meridian.model.execution.StageStatus.RUNNING,
                2, 1, 2, null, null, at(3), null);
        commit(new StoreWrite.PutStage("e", resize),
                new StoreWrite.PutExecutionStatus("e", ExecutionStatus.RUNNING, null, at(8)));
        store = reopen(store);
        Map<String, io.meridian.model.execution.StageRun> stages = new java.util.HashMap<>(full.stages());
        stages.put("resize", resize);
        assertThat(store.execution("e")).contains(new ExecutionRecord("e", full.pipeline(), full.inputs(),
                ExecutionStatus.RUNNING, stages, null, full.requestId(), full.createdAt(), at(8)));
    }

    @Test
    void registeredPipelinesRoundTripAndAVersionIsNeverReplaced() {
        var p1 = StoreFixtures.pipeline();
        var p2 = new io.meridian.model.pipeline.Pipeline(p1.id(), "renamed", p1.description(), p1.version() + 1,
                p1.failurePolicy(), p1.defaults(), p1.stages(), p1.inputs());
        commit(new StoreWrite.PutPipeline(p2), new StoreWrite.PutPipeline(p1));
        var sameVersionChanged = new io.meridian.model.pipeline.Pipeline(p1.id(), "changed", p1.description(),
                p1.version(), p1.failurePolicy(), p1.defaults(), p1.stages(), p1.inputs());
        commit(new StoreWrite.PutPipeline(sameVersionChanged));
        store = reopen(store);
        assertThat(store.pipelines()).containsExactly(p1, p2);
    }

    @Test
    void everyFieldOfAJobRoundTrips() {
        commit(new PutJob(fullJob("full")), new PutJob(sparseJob("sparse")));
        store = reopen(store);
        assertThat(store.job("full")).contains(fullJob("full"));
        assertThat(store.job("sparse")).contains(sparseJob("sparse"));
    }

    @Test
    void everyFieldOfAnExecutionRoundTrips() {
        ExecutionRecord sparse = execution("sparse", null, at(0));
        commit(new PutExecution(fullExecution("full")), new PutExecution(sparse));
        store = reopen(store);
        assertThat(store.execution("full")).contains(fullExecution("full"));
        assertThat(store.execution("sparse")).contains(sparse);
    }

    @Test
    void puttingAnExistingJobReplacesItsStateButKeepsSpecAndCreation() {
        JobRecord original = fullJob("j");
        commit(new PutJob(original));
        JobRecord impostor = new JobRecord("j", sparseJob("j").spec(), state(JobStatus.SUCCEEDED, 4, at(99)), at(50));
        commit(new PutJob(impostor));
        store = reopen(store);
        assertThat(store.job("j")).contains(original.with(impostor.state()));
    }

    @Test
    void theLastWriteOfAJobInABatchWins() {
        JobRecord j = queuedJob("j", at(0));
        commit(new PutJob(j), new PutJob(j.with(state(JobStatus.LEASED, 1, at(1)))),
                new PutJob(j.with(state(JobStatus.RUNNING, 1, at(2)))));
        assertThat(store.job("j")).contains(j.with(state(JobStatus.RUNNING, 1, at(2))));
    }

    @Test
    void puttingAnExistingExecutionReplacesIt() {
        commit(new PutExecution(execution("e", "r1", at(0))));
        ExecutionRecord done = fullExecution("e");
        commit(new PutExecution(done));
        assertThat(store.execution("e")).contains(done);
        assertThat(store.executionByRequestId("r1")).isEmpty();
        assertThat(store.executionByRequestId(done.requestId())).contains(done);
    }

    @Test
    void aBatchWithAnInvalidWriteAppliesNothing() {
        JobRecord existing = queuedJob("a", at(0));
        commit(new PutJob(existing));
        JobRecord noId = new JobRecord(null, existing.spec(), existing.state(), at(0));
        List<StoreWrite> batch = List.of(new PutJob(existing.with(state(JobStatus.LEASED, 1, at(5)))),
                new PutJob(queuedJob("b", at(1))), new PutExecution(execution("e", null, at(0))), new PutJob(noId));
        assertThatThrownBy(() -> store.commit(batch)).isInstanceOf(StoreException.class);
        assertNothingButJobA(existing);
    }

    @Test
    void aBatchReusingAnotherExecutionsRequestIdAppliesNothing() {
        commit(new PutExecution(execution("e1", "req", at(0))));
        List<StoreWrite> batch = List.of(new PutJob(queuedJob("b", at(1))),
                new PutExecution(execution("e2", "req", at(1))));
        assertThatThrownBy(() -> store.commit(batch)).isInstanceOf(StoreException.class);
        assertThat(store.job("b")).isEmpty();
        assertThat(store.execution("e2")).isEmpty();
        assertThat(store.executionByRequestId("req").map(ExecutionRecord::id)).contains("e1");
    }

    private void assertNothingButJobA(JobRecord a) {
        assertThat(store.job("a")).contains(a);
        assertThat(store.job("b")).isEmpty();
        assertThat(store.execution("e")).isEmpty();
        assertThat(store.countJobsByStatus()).containsExactly(Map.entry(JobStatus.WAITING, 1L));
    }

    @Test
    void anEmptyBatchIsFine() {
        store.commit(List.of());
        assertThat(store.executions(10)).isEmpty();
    }

    @Test
    void jobsOfAnExecutionComeInCreationOrder() {
        // committed out of order, and some created in the same millisecond: ties keep insertion order
        commit(new PutJob(job("late", "e", at(20))), new PutJob(job("other", "f", at(0))));
        commit(new PutJob(job("tie-1", "e", at(10))), new PutJob(job("tie-2", "e", at(10))),
                new PutJob(job("first", "e", at(5))), new PutJob(job("tie-3", "e", at(10))));
        store = reopen(store);
        assertThat(store.jobsOfExecution("e")).extracting(JobRecord::id)
                .containsExactly("first", "tie-1", "tie-2", "tie-3", "late");
        assertThat(store.jobsOfExecution("none")).isEmpty();
    }

    @Test
    void payloadsAreReadByIdLeavingOutJobsWithoutOne() {
        JobRecord full = fullJob("full");
        commit(new PutJob(queuedJob("q", at(0))), new PutJob(full), new PutJob(sparseJob("sparse")));
        // a later state change carries no payload (the leader keeps none in memory): the stored one stays
        commit(new PutJob(new JobRecord("q", queuedJob("q", at(0)).spec().withPayload(null),
                state(JobStatus.LEASED, 1, at(1)), at(0))));
        store = reopen(store);
        assertThat(store.payloads(List.of("q", "full", "sparse", "missing"))).containsOnly(
                Map.entry("q", queuedJob("q", at(0)).spec().payload()), Map.entry("full", full.spec().payload()));
        assertThat(store.payloads(List.of())).isEmpty();
    }

    @Test
    void payloadsOfABatchLargerThanOneStatementAllCome() {
        List<StoreWrite> writes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_234; i++) {
            ids.add("p" + i);
            writes.add(new PutJob(new JobRecord("p" + i, queuedJob("p" + i, at(i)).spec().withPayload(
                    io.meridian.model.json.Json.parse("{\"i\":" + i + "}")), JobState.waiting(at(i)), at(i))));
        }
        store.commit(writes);
        ids.add("p7"); // asked twice, answered once
        Map<String, tools.jackson.databind.JsonNode> found = store.payloads(ids);
        assertThat(found).hasSize(1_234);
        assertThat(found.get("p1233").get("i").asInt()).isEqualTo(1233);
    }

    @Test
    void jobsStreamWithoutPayloadsStateByStateOldestFirst() {
        JobRecord full = fullJob("full"); // RUNNING
        commit(new PutJob(queuedJob("w3", JobStatus.WAITING, at(30))), new PutJob(queuedJob("d1", JobStatus.DELAYED, at(10))),
                new PutJob(queuedJob("s0", JobStatus.SUCCEEDED, at(0))), new PutJob(queuedJob("w2", JobStatus.WAITING, at(20))),
                new PutJob(full));
        store = reopen(store);
        List<JobRecord> seen = new ArrayList<>();

        store.forEachJobWithoutPayload(Set.of(JobStatus.RUNNING, JobStatus.WAITING, JobStatus.DELAYED), seen::add);

        assertThat(seen).extracting(JobRecord::id).containsExactly("w2", "w3", "d1", "full");
        assertThat(seen).allMatch(j -> j.spec().payload() == null);
        assertThat(seen.get(3)).as("every other field as stored").isEqualTo(full.withPayload(null));
        List<JobRecord> none = new ArrayList<>();
        store.forEachJobWithoutPayload(Set.of(JobStatus.DEAD), none::add);
        assertThat(none).isEmpty();
    }

    @Test
    void streamingJobsReadsOneSnapshotOfAllItsStates() {
        commit(new PutJob(queuedJob("w1", JobStatus.WAITING, at(10))), new PutJob(queuedJob("d1", JobStatus.DELAYED, at(20))));
        List<JobRecord> seen = new ArrayList<>();

        // A new leader serves while it streams: what it commits meanwhile must not come back in the stream.
        store.forEachJobWithoutPayload(Set.of(JobStatus.WAITING, JobStatus.DELAYED), j -> {
            if (seen.isEmpty()) {
                commit(new PutJob(queuedJob("w1", JobStatus.DELAYED, at(10))),
                        new PutJob(queuedJob("d1", JobStatus.SUCCEEDED, at(20))),
                        new PutJob(queuedJob("w9", JobStatus.WAITING, at(30))));
            }
            seen.add(j);
        });

        assertThat(seen).extracting(j -> j.id() + " " + j.state().status())
                .containsExactly("w1 WAITING", "d1 DELAYED");
    }

    @Test
    void theCountsAfterAStreamComeFromItsSnapshot() {
        commit(new PutJob(queuedJob("w1", JobStatus.WAITING, at(10))), new PutJob(queuedJob("s1", JobStatus.SUCCEEDED, at(5))),
                new PutJob(queuedJob("f1", JobStatus.FAILED, at(6))));
        List<JobRecord> seen = new ArrayList<>();

        // A new leader finishes jobs while it streams: they are its own to count, not the snapshot's.
        Map<JobStatus, Long> counts = store.forEachJobWithoutPayload(Set.of(JobStatus.WAITING), j -> {
            if (seen.isEmpty()) {
                commit(new PutJob(queuedJob("w1", JobStatus.SUCCEEDED, at(10))),
                        new PutJob(queuedJob("s2", JobStatus.SUCCEEDED, at(30))));
            }
            seen.add(j);
        }, Set.of(JobStatus.SUCCEEDED, JobStatus.DEAD, JobStatus.WAITING));

        assertThat(seen).extracting(JobRecord::id).containsExactly("w1");
        assertThat(counts).as("as the snapshot had them; states with none left out, others not counted")
                .containsOnly(Map.entry(JobStatus.SUCCEEDED, 1L), Map.entry(JobStatus.WAITING, 1L));
        assertThat(store.forEachJobWithoutPayload(Set.of(), j -> { }, Set.of())).isEmpty();
    }

    @Test
    void jobsByStatusAreOldestFirstAndLimited() {
        commit(new PutJob(queuedJob("w3", JobStatus.WAITING, at(30))), new PutJob(queuedJob("d1", JobStatus.DELAYED, at(10))),
                new PutJob(queuedJob("r0", JobStatus.RUNNING, at(0))), new PutJob(queuedJob("w2", JobStatus.WAITING, at(20))),
                new PutJob(queuedJob("w4", JobStatus.WAITING, at(40))));
        store = reopen(store);
        Set<JobStatus> ready = Set.of(JobStatus.WAITING, JobStatus.DELAYED);
        assertThat(store.jobsByStatus(ready, 10)).extracting(JobRecord::id).containsExactly("d1", "w2", "w3", "w4");
        assertThat(store.jobsByStatus(ready, 2)).extracting(JobRecord::id).containsExactly("d1", "w2");
        assertThat(store.jobsByStatus(Set.of(JobStatus.DEAD), 10)).isEmpty();
    }

    @Test
    void executionsAreNewestFirstAndLimited() {
        commit(new PutExecution(execution("mid", null, at(10))), new PutExecution(execution("new", null, at(20))),
                new PutExecution(execution("old", null, at(0))));
        assertThat(store.executions(10)).extracting(ExecutionRecord::id).containsExactly("new", "mid", "old");
        assertThat(store.executions(2)).extracting(ExecutionRecord::id).containsExactly("new", "mid");
    }

    @Test
    void executionsCanBeFoundByRequestId() {
        commit(new PutExecution(execution("e1", "req-1", at(0))), new PutExecution(execution("e2", null, at(1))));
        store = reopen(store);
        assertThat(store.executionByRequestId("req-1")).contains(execution("e1", "req-1", at(0)));
        assertThat(store.executionByRequestId("req-2")).isEmpty();
    }

    @Test
    void jobsAreCountedByStatus() {
        commit(new PutJob(queuedJob("a", JobStatus.WAITING, at(0))), new PutJob(queuedJob("b", JobStatus.WAITING, at(0))),
                new PutJob(queuedJob("c", JobStatus.FAILED, at(0))));
        commit(new PutJob(queuedJob("b", JobStatus.SUCCEEDED, at(1))));
        assertThat(store.countJobsByStatus()).containsOnly(Map.entry(JobStatus.WAITING, 1L),
                Map.entry(JobStatus.SUCCEEDED, 1L), Map.entry(JobStatus.FAILED, 1L));
    }

    @Test
    void oldJobsInTheGivenStatesAreDeleted() {
        commit(new PutJob(queuedJob("old-done", JobStatus.SUCCEEDED, at(0))),
                new PutJob(queuedJob("old-dead", JobStatus.DEAD, at(0))),
                new PutJob(queuedJob("new-done", JobStatus.SUCCEEDED, at(100))),
                new PutJob(queuedJob("old-waiting", JobStatus.WAITING, at(0))),
                new PutJob(queuedJob("edge", JobStatus.SUCCEEDED, at(50))));
        Map<JobStatus, Long> deleted = store.deleteJobs(Set.of(JobStatus.SUCCEEDED, JobStatus.DEAD), at(50));
        store = reopen(store);
        assertThat(deleted).containsOnly(Map.entry(JobStatus.SUCCEEDED, 1L), Map.entry(JobStatus.DEAD, 1L));
        assertThat(store.job("old-done")).isEmpty();
        assertThat(store.job("old-dead")).isEmpty();
        assertThat(List.of("new-done", "old-waiting", "edge")).allSatisfy(id -> assertThat(store.job(id)).isPresent());
    }

    @Test
    void deletingJobsReportsHowManyOfEachStateWent() {
        commit(new PutJob(queuedJob("done-1", JobStatus.SUCCEEDED, at(0))),
                new PutJob(queuedJob("done-2", JobStatus.SUCCEEDED, at(1))),
                new PutJob(queuedJob("done-3", JobStatus.SUCCEEDED, at(2))),
                new PutJob(queuedJob("failed-1", JobStatus.FAILED, at(0))),
                new PutJob(queuedJob("failed-2", JobStatus.FAILED, at(3))),
                new PutJob(queuedJob("cancelled", JobStatus.CANCELLED, at(0))),
                new PutJob(queuedJob("dead", JobStatus.DEAD, at(0))),
                new PutJob(queuedJob("failed-late", JobStatus.FAILED, at(100))),
                new PutJob(queuedJob("waiting", JobStatus.WAITING, at(0))));

        assertThat(store.deleteJobs(Set.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.DEAD), at(50)))
                .containsOnly(Map.entry(JobStatus.SUCCEEDED, 3L), Map.entry(JobStatus.FAILED, 2L),
                        Map.entry(JobStatus.DEAD, 1L));
        store = reopen(store);
        assertThat(store.countJobsByStatus()).containsOnly(Map.entry(JobStatus.FAILED, 1L),
                Map.entry(JobStatus.CANCELLED, 1L), Map.entry(JobStatus.WAITING, 1L));
        assertThat(store.deleteJobs(Set.of(JobStatus.SUCCEEDED, JobStatus.FAILED), at(50))).isEmpty();
        assertThat(store.deleteJobs(Set.of(), at(50))).isEmpty();
    }

    @Test
    void concurrentCommitsAllLand() throws Exception {
        int threads = 8;
        int batches = 50;
        int perBatch = 20;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        int batch = b;
                        store.commit(IntStream.range(0, perBatch).<StoreWrite>mapToObj(i ->
                                new PutJob(job(thread + "-" + batch + "-" + i, "e" + thread, at(batch)))).toList());
                        store.commit(List.of(new PutJob(queuedJob(thread + "-" + batch + "-0", JobStatus.LEASED, at(batch)))));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(store.countJobsByStatus()).containsOnly(
                Map.entry(JobStatus.WAITING, (long) threads * batches * (perBatch - 1)),
                Map.entry(JobStatus.LEASED, (long) threads * batches));
        assertThat(store.jobsOfExecution("e3")).hasSize(batches * perBatch);
    }

    @Test
    void aLargeBatchCommitsAtOnce() {
        List<StoreWrite> batch = IntStream.range(0, 20_000)
                .<StoreWrite>mapToObj(i -> new PutJob(job("j" + i, "big", at(i / 100)))).toList();
        store.commit(batch);
        store = reopen(store);
        List<JobRecord> jobs = store.jobsOfExecution("big");
        assertThat(jobs).hasSize(20_000);
        assertThat(jobs.get(19_999).id()).isEqualTo("j19999");
        assertThat(store.jobsByStatus(Set.of(JobStatus.WAITING), 3)).extracting(JobRecord::id)
                .containsExactly("j0", "j1", "j2");
    }

    @Test
    void executionStatusSurvivesUpdates() {
        ExecutionRecord e = execution("e", null, at(0));
        commit(new PutExecution(e));
        ExecutionRecord paused = new ExecutionRecord("e", e.pipeline(), e.inputs(), ExecutionStatus.PAUSED,
                e.stages(), null, null, e.createdAt(), at(9));
        commit(new PutExecution(paused));
        store = reopen(store);
        assertThat(store.execution("e")).contains(paused);
        assertThat(store.executions(10)).containsExactly(paused);
    }

    @org.junit.jupiter.api.Test
    void schedulesSurviveAReopen() {
        var fired = ScheduleContract.cronSchedule("s").handled(StoreFixtures.at(60_000), "x-1", StoreFixtures.at(1));
        store.commit(java.util.List.of(new StoreWrite.PutSchedule(fired),
                new StoreWrite.PutSchedule(ScheduleContract.everySchedule("t"))));
        store = reopen(store);
        org.assertj.core.api.Assertions.assertThat(store.schedules())
                .containsExactly(fired, ScheduleContract.everySchedule("t"));
    }
}
