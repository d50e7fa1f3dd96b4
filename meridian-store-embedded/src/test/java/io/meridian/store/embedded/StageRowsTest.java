package io.meridian.store.embedded;

import static io.meridian.store.StoreFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.StageRun;
import io.meridian.model.execution.StageStatus;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.StoreFixtures;
import io.meridian.store.StoreWrite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.StringNode;

/**
 * Executions stored per stage in SQLite. A stage change writes that stage and the small header, not the execution's
 * other stages nor its pipeline: measured in WAL bytes, which is what SQLite writes per commit (one frame per
 * changed page). Stage and definition rows go with their execution.
 */
class StageRowsTest {

    private static final int CHANGES = 20;

    @TempDir
    Path dir;

    @Test
    void changingOneStageWritesNeitherTheOtherStagesNorThePipeline() throws Exception {
        Path file = dir.resolve("cost.db");
        Path wal = dir.resolve("cost.db-wal");
        try (SqliteStore store = new SqliteStore(file)) {
            ExecutionRecord big = bigExecution();
            store.commit(List.of(new StoreWrite.PutExecution(big)));
            long before = Files.size(wal);

            for (int i = 0; i < CHANGES; i++) {
                StageRun resize = new StageRun("resize", StageStatus.RUNNING, CHANGES, i, i, null, null, at(3), null);
                store.commit(List.of(new StoreWrite.PutStage("big", resize),
                        new StoreWrite.PutExecutionStatus("big", ExecutionStatus.RUNNING, null, at(10 + i))));
            }
            long perChange = (Files.size(wal) - before) / CHANGES;

            // a rewrite of the execution would cost more than 1.5 MB per change (its output and pipeline)
            assertThat(perChange).as("WAL bytes per stage change").isLessThan(64 * 1024);
            assertThat(store.execution("big").orElseThrow().stages().get("fetch")).isEqualTo(big.stages().get("fetch"));
        }
    }

    @Test
    void deletingAnExecutionDeletesItsStageAndDefinitionRows() throws Exception {
        Path file = dir.resolve("retention.db");
        try (SqliteStore store = new SqliteStore(file)) {
            ExecutionRecord old = StoreFixtures.fullExecution("old");
            store.commit(List.of(new StoreWrite.PutExecution(old),
                    new StoreWrite.PutExecution(StoreFixtures.fullExecution("kept"))));
            assertThat(count(store, "execution_stages")).isEqualTo(4);
            assertThat(store.deleteExecutions(old.updatedAt().plusMillis(1), 1).executions()).isEqualTo(1);
            assertThat(count(store, "execution_stages")).isEqualTo(2);
            assertThat(count(store, "execution_definitions")).isEqualTo(1);
        }
    }

    private static long count(SqliteStore store, String table) {
        return store.query("SELECT count(*) FROM " + table, rs -> rs.getLong(1)).getFirst();
    }

    /** An execution whose first stage has a 1 MB output and whose pipeline carries 512 KB, both incompressible. */
    private static ExecutionRecord bigExecution() {
        Random random = new Random(42);
        byte[] noise = new byte[512 * 1024];
        random.nextBytes(noise);
        Pipeline p = StoreFixtures.pipeline();
        Pipeline described = new Pipeline(p.id(), p.name(), HexFormat.of().formatHex(noise, 0, 256 * 1024),
                p.version(), p.failurePolicy(), p.defaults(), p.stages(), p.inputs());
        StageRun fetch = new StageRun("fetch", StageStatus.SUCCEEDED, 1, 1, 1,
                StringNode.valueOf(HexFormat.of().formatHex(noise)), null, at(1), at(2));
        Map<String, StageRun> stages = new HashMap<>();
        stages.put("fetch", fetch);
        stages.put("resize", StageRun.pending("resize"));
        return new ExecutionRecord("big", described, null, ExecutionStatus.RUNNING, stages, null, null, at(0), at(0));
    }
}
