package io.meridian.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageDatabaseFilesTest {
    @TempDir
    Path dataDir;

    StageDatabaseFiles files() {
        return new StageDatabaseFiles(dataDir);
    }

    @Test
    void theDefaultDataSourceLivesInItsOwnDirectoryNotBesideTheStore() throws Exception {
        try (StageResources r = StageResources.open(WorkerConfig.from(Json.object()), dataDir, Map.of())) {
            try (var conn = ((DataSource) r.resource("default")).getConnection()) {
                conn.createStatement().execute("CREATE TABLE t (k TEXT)");
            }
        }
        assertThat(dataDir.resolve("stage-data/data.db")).exists();
        assertThat(dataDir.resolve("data.db")).doesNotExist();
    }

    @Test
    void relativePathsResolveUnderTheStageDirectoryNotTheWorkingDirectory() {
        assertThat(files().resolve("ds", "jdbc:sqlite:sales.db"))
                .isEqualTo("jdbc:sqlite:" + dataDir.toAbsolutePath().resolve("stage-data/sales.db"));
        assertThat(files().resolve("ds", "jdbc:sqlite:file:sub/sales.db?cache=shared"))
                .isEqualTo("jdbc:sqlite:file:" + dataDir.toAbsolutePath().resolve("stage-data/sub/sales.db")
                        + "?cache=shared");
    }

    @Test
    void pathsOutsideTheDataDirectoryAndOtherDatabasesAreLeftAlone() {
        Path elsewhere = dataDir.resolveSibling(dataDir.getFileName() + "-app").resolve("app.db");
        assertThat(files().resolve("ds", "jdbc:sqlite:" + elsewhere)).isEqualTo("jdbc:sqlite:" + elsewhere);
        assertThat(files().resolve("ds", "jdbc:sqlite::memory:")).isEqualTo("jdbc:sqlite::memory:");
        assertThat(files().resolve("ds", "jdbc:postgresql://db/app")).isEqualTo("jdbc:postgresql://db/app");
    }

    @Test
    void aFileBesideTheStoreIsRefusedHoweverItIsSpelled() {
        String store = dataDir.resolve("meridian.db").toString();
        for (String url : new String[] {"jdbc:sqlite:../meridian.db", "jdbc:sqlite:" + store,
                "jdbc:sqlite:file:..%2Fmeridian%2Edb", "jdbc:sqlite:file://" + store, "jdbc:sqlite:../meridian.db-wal",
                "jdbc:sqlite:./sub/../../tokens.db"}) {
            assertThatThrownBy(() -> files().resolve("reports", url)).as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("datasources.reports.url")
                    .hasMessageContaining("beside its store");
        }
    }

    @Test
    void aSymbolicLinkCannotLeadFromTheStageDirectoryToTheStore() throws Exception {
        Files.createDirectories(dataDir.resolve("stage-data"));
        Files.createSymbolicLink(dataDir.resolve("stage-data/up"), dataDir);
        assertThatThrownBy(() -> files().resolve("ds", "jdbc:sqlite:up/meridian.db"))
                .hasMessageContaining("beside its store");
    }

    @Test
    void urlSettingsThatWouldAllowAttachingAreDropped() {
        assertThat(files().resolve("ds", "jdbc:sqlite:a.db?limit_attached=10&busy_timeout=5000&enable_load_extension=true"))
                .endsWith("a.db?busy_timeout=5000");
    }
}
