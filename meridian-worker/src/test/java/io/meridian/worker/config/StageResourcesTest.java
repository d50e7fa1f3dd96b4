package io.meridian.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import io.meridian.worker.stages.HttpPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageResourcesTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultDataSourceIsAnSqliteFileInTheStageDataDirectoryAndWorks() throws Exception {
        try (var r = StageResources.open(WorkerConfig.from(Json.object()), dir, Map.of())) {
            var ds = (DataSource) r.resource("default");
            try (var conn = ds.getConnection(); var st = conn.createStatement()) {
                st.execute("CREATE TABLE t (n INTEGER)");
                st.execute("INSERT INTO t VALUES (41)");
                var rs = st.executeQuery("SELECT n + 1 FROM t");
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            assertThat(Files.exists(dir.resolve("stage-data/data.db"))).isTrue();
        }
    }

    @Test
    void configuredDataSourcesAndTheHttpPolicyAreResources() throws Exception {
        var config = WorkerConfig.from(Json.parse("{\"datasources\": {\"other\": {\"url\": \"jdbc:sqlite:other.db\"}}, "
                + "\"http\": {\"allow\": [\"127.0.0.1\"]}}"));
        try (var r = StageResources.open(config, dir, Map.of())) {
            assertThat(r.resource("default")).isInstanceOf(DataSource.class);
            try (var conn = ((DataSource) r.resource("other")).getConnection()) {
                assertThat(conn.isValid(1)).isTrue();
            }
            assertThat(dir.resolve("stage-data/other.db")).exists();
            assertThat(r.resource(HttpPolicy.RESOURCE)).isEqualTo(new HttpPolicy(List.of("127.0.0.1")));
            assertThat(r.resource("nope")).isNull();
        }
    }

    @Test
    void anUnreachableDataSourceDoesNotStopOpening() {
        var config = WorkerConfig.from(Json.parse("{\"datasources\": {\"far\": {\"url\": \"jdbc:sqlite:no/such/dir/x.db\"}}}"));
        try (var r = StageResources.open(config, dir, Map.of())) {
            assertThat(r.resource("far")).isInstanceOf(DataSource.class);
        }
    }

    @Test
    void secretsComeFromTheEnvironmentWithThePrefix() {
        var env = Map.of("MERIDIAN_SECRET_TOKEN", "abc", "TOKEN", "wrong", "APP_TOKEN", "app");
        try (var r = StageResources.open(WorkerConfig.from(Json.object()), dir, env)) {
            assertThat(r.secret("TOKEN")).isEqualTo("abc");
            assertThatThrownBy(() -> r.secret("API_KEY")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'API_KEY'").hasMessageContaining("MERIDIAN_SECRET_API_KEY");
        }
        try (var r = StageResources.open(WorkerConfig.from(Json.parse("{\"secrets\": {\"env_prefix\": \"APP_\"}}")), dir, env)) {
            assertThat(r.secret("TOKEN")).isEqualTo("app");
            assertThatThrownBy(() -> r.secret("X")).hasMessageContaining("APP_X");
        }
    }
}
