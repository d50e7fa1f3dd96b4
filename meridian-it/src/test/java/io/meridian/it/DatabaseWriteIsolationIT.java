package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack from issue 12 against a real embedded coordinator ({@code meridian run}): a pipeline whose
 * database_write stages attach the coordinator's own store and copy its jobs table, or attach a new file to
 * plant it anywhere the worker can write. Both are refused, and the store is untouched.
 */
class DatabaseWriteIsolationIT {
    @TempDir
    Path dir;

    @Test
    void aPipelineCannotAttachTheCoordinatorsStoreOrPlantFiles() throws Exception {
        Path dataDir = dir.resolve(".meridian");
        Path store = dataDir.resolve("meridian.db");
        Path planted = dataDir.resolve("planted.db");
        Path pipeline = dir.resolve("attack.yaml");
        Files.writeString(pipeline, """
                id: attack
                failure_policy: continue
                stages:
                  - id: attach_store
                    type: database_write
                    retry: {max_retries: 0}
                    config:
                      sql: "ATTACH DATABASE '%s' AS x"
                  - id: copy_jobs
                    type: database_write
                    retry: {max_retries: 0}
                    config:
                      create_table: "CREATE TABLE x.stolen AS SELECT * FROM x.jobs"
                      sql: "INSERT INTO x.stolen SELECT * FROM x.jobs"
                  - id: plant_file
                    type: database_write
                    retry: {max_retries: 0}
                    config:
                      sql: "INSERT INTO t VALUES (1); ATTACH DATABASE '%s' AS y"
                """.formatted(store, planted));

        var r = CliProcess.run(dir, "run", pipeline.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).as(r.toString())
                .contains("attach_store", "the statement in 'sql' is refused", "starting with 'attach'")
                .contains("plant_file", "only one statement is allowed");
        assertThat(planted).doesNotExist();
        assertThat(tables(store)).isNotEmpty().doesNotContain("stolen");
        // stage files have their own directory; nothing of theirs sits beside the store
        assertThat(dataDir.resolve("stage-data")).isDirectory();
        assertThat(dataDir.resolve("data.db")).doesNotExist();
    }

    static List<String> tables(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (var conn = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             var rs = conn.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
