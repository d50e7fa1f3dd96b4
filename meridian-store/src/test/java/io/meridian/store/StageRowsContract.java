package io.meridian.store;

import static io.meridian.store.StoreFixtures.at;
import static io.meridian.store.StoreFixtures.fullExecution;
import static io.meridian.store.StoreFixtures.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.json.Json;
import io.meridian.store.StoreWrite.PutExecution;
import io.meridian.store.StoreWrite.PutExecutionStatus;
import io.meridian.store.StoreWrite.PutJob;
import io.meridian.store.StoreWrite.PutStage;
import io.meridian.store.query.ExecutionQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Executions stored per stage: {@link PutStage} and {@link PutExecutionStatus} change what they name and nothing
 * else, every read assembles the whole execution, and batches end where applying their writes in order would.
 */
public interface StageRowsContract extends StoreAccess {

    private static ExecutionRecord withStages(ExecutionRecord x, ExecutionStatus status, String error,
                                              java.time.Instant updated, Map<String, StageRun> stages) {
        return new ExecutionRecord(x.id(), x.pipeline(), x.inputs(), status, stages, error, x.requestId(),
                x.createdAt(), updated);
    }

    private static StageRun running(String stageId, int done) {
        return new StageRun(stageId, StageStatus.RUNNING, 3, done, done + 1, null, null, at(5), null);
    }

    private ExecutionRecord read(String id) {
        return storeUnderTest().execution(id).orElseThrow();
    }

    @Test
    default void aStageWriteChangesThatStageAndNoOther() {
        ExecutionRecord full = fullExecution("e");
        write(new PutExecution(full));
        StageRun resize = new StageRun("resize", StageStatus.SUCCEEDED, 2, 2, 4, Json.parse("[1,\"two\",{}]"),
                null, at(3), at(9));
        write(new PutStage("e", resize));
        Map<String, StageRun> expected = new HashMap<>(full.stages());
        expected.put("resize", resize);
        assertThat(read("e")).isEqualTo(withStages(full, full.status(), full.error(), full.updatedAt(), expected));
    }

    @Test
    default void aStatusWriteChangesTheHeaderAndLeavesTheStages() {
        ExecutionRecord full = fullExecution("e");
        write(new PutExecution(full));
        write(new PutExecutionStatus("e", ExecutionStatus.CANCELLED, "cancelled by request", at(77)));
        assertThat(read("e")).isEqualTo(withStages(full, ExecutionStatus.CANCELLED, "cancelled by request", at(77),
                full.stages()));
        write(new PutExecutionStatus("e", ExecutionStatus.SUCCEEDED, null, at(78)));
        assertThat(read("e").error()).isNull();
        assertThat(storeUnderTest().executionByRequestId(full.requestId()).orElseThrow().status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    default void aStageWriteCanAddAStageTheExecutionDidNotHaveYet() {
        ExecutionRecord bare = StoreFixtures.execution("e", null, at(0));
        write(new PutExecution(bare));
        write(new PutStage("e", running("fetch", 0)));
        assertThat(read("e").stages()).containsExactly(Map.entry("fetch", running("fetch", 0)));
    }

    @Test
    default void writesToAnExecutionThatIsNotStoredRefuseTheWholeBatch() {
        write(new PutExecution(fullExecution("e")));
        List<StoreWrite> orphanStage = List.of(new PutJob(queuedJob("b", at(1))), new PutStage("e", running("x", 0)),
                new PutStage("missing", running("fetch", 1)));
        assertThatThrownBy(() -> storeUnderTest().commit(orphanStage)).isInstanceOf(StoreException.class)
                .hasMessageContaining("missing");
        List<StoreWrite> orphanStatus = List.of(new PutJob(queuedJob("b", at(1))),
                new PutExecutionStatus("missing", ExecutionStatus.FAILED, "x", at(2)));
        assertThatThrownBy(() -> storeUnderTest().commit(orphanStatus)).isInstanceOf(StoreException.class)
                .hasMessageContaining("missing");
        assertThat(storeUnderTest().job("b")).isEmpty();
        assertThat(storeUnderTest().execution("missing")).isEmpty();
        assertThat(read("e")).isEqualTo(fullExecution("e"));
    }

    @Test
    default void anExecutionAndItsLaterChangesInOneBatchEndAsWrittenInOrder() {
        ExecutionRecord start = withStages(StoreFixtures.execution("e", "req-e", at(0)), ExecutionStatus.RUNNING,
                null, at(0), Map.of("a", StageRun.pending("a"), "b", StageRun.pending("b")));
        write(new PutExecution(start), new PutStage("e", running("a", 0)), new PutStage("e", running("a", 1)),
                new PutExecutionStatus("e", ExecutionStatus.PAUSED, null, at(1)), new PutStage("e", running("a", 2)),
                new PutExecutionStatus("e", ExecutionStatus.RUNNING, null, at(2)));
        assertThat(read("e")).isEqualTo(withStages(start, ExecutionStatus.RUNNING, null, at(2),
                Map.of("a", running("a", 2), "b", StageRun.pending("b"))));
    }

    @Test
    default void puttingAWholeExecutionReplacesEveryStageIncludingOnesWrittenBeforeItInTheBatch() {
        ExecutionRecord full = fullExecution("e");
        write(new PutExecution(full), new PutStage("e", running("extra", 0)));
        assertThat(read("e").stages()).containsKeys("fetch", "resize", "extra");

        ExecutionRecord one = withStages(full, ExecutionStatus.RUNNING, null, at(10),
                Map.of("fetch", running("fetch", 1)));
        write(new PutStage("e", running("resize", 2)), new PutExecutionStatus("e", ExecutionStatus.FAILED, "x", at(9)),
                new PutExecution(one));
        assertThat(read("e")).isEqualTo(one);
    }

    @Test
    default void queriesAssembleEveryExecutionWithItsOwnStages() {
        for (int i = 0; i < 5; i++) {
            Map<String, StageRun> stages = Map.of("s" + i, running("s" + i, i), "common", running("common", i));
            write(new PutExecution(withStages(StoreAccess.executionOf("e" + i, "p", 1, ExecutionStatus.RUNNING,
                    at(i), at(i)), ExecutionStatus.RUNNING, null, at(i), stages)));
        }
        write(new PutStage("e3", running("common", 2)));
        List<ExecutionRecord> page = storeUnderTest().executions(new ExecutionQuery("p", null, null, null, null,
                null, 10)).items();
        assertThat(page).extracting(ExecutionRecord::id).containsExactly("e4", "e3", "e2", "e1", "e0");
        for (ExecutionRecord x : page) {
            int i = x.id().charAt(1) - '0';
            int common = i == 3 ? 2 : i;
            assertThat(x.stages()).containsOnly(Map.entry("s" + i, running("s" + i, i)),
                    Map.entry("common", running("common", common)));
        }
        assertThat(storeUnderTest().executions(2)).extracting(x -> x.stages().size()).containsExactly(2, 2);
    }

    @Test
    default void anExecutionOfManyStagesRoundTripsAndTakesManyStageWritesInOneBatch() {
        int n = 5_000;
        Map<String, StageRun> stages = new HashMap<>();
        for (int i = 0; i < n; i++) {
            stages.put("stage-" + i, StageRun.pending("stage-" + i));
        }
        ExecutionRecord big = withStages(StoreFixtures.execution("big", null, at(0)), ExecutionStatus.RUNNING, null,
                at(0), stages);
        write(new PutExecution(big));
        List<StoreWrite> batch = new ArrayList<>();
        for (int i = 0; i < n; i += 2) {
            StageRun done = new StageRun("stage-" + i, StageStatus.SUCCEEDED, 1, 1, 1, Json.parse("{\"i\":" + i + "}"),
                    null, at(i), at(i + 1));
            batch.add(new PutStage("big", done));
            stages.put(done.stageId(), done);
        }
        storeUnderTest().commit(batch);
        assertThat(read("big")).isEqualTo(withStages(big, big.status(), null, big.updatedAt(), stages));
    }
}
