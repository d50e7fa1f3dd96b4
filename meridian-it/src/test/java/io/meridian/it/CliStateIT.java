package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import io.meridian.store.embedded.SqliteStore;
import io.meridian.store.lock.LockInfo;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code meridian executions} filters and pages; {@code meridian locks} lists, shows and releases. */
class CliStateIT {
    @TempDir
    Path dir;

    static String example(String name) {
        return Path.of("..", "examples", name).toAbsolutePath().normalize().toString();
    }

    @Test
    void executionsAreFilteredAndPagedWithTheCursorTheTablePrints() throws Exception {
        for (int i = 0; i < 2; i++) {
            var run = CliProcess.run(dir, "run", example("hello.yaml"), "--input", "name=Ada", "--json");
            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
        var first = CliProcess.run(dir, "executions", "--pipeline", "hello", "--status", "succeeded", "--limit", "1",
                "--json");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        JsonNode page = Json.parse(first.stdout());
        assertThat(page.path("items").size()).isEqualTo(1);
        String cursor = page.path("next_cursor").asString();

        var table = CliProcess.run(dir, "executions", "--pipeline", "hello", "--limit", "1");
        assertThat(table.stdout()).contains("EXECUTION", "VERSION", "hello", "succeeded", "More: add --cursor " + cursor);
        var second = CliProcess.run(dir, "executions", "--pipeline", "hello", "--limit", "1", "--cursor", cursor, "--json");
        JsonNode next = Json.parse(second.stdout());
        assertThat(next.path("items").get(0).path("execution_id"))
                .isNotEqualTo(page.path("items").get(0).path("execution_id"));
        assertThat(next.path("next_cursor").isNull()).isTrue();
        assertThat(Json.parse(CliProcess.run(dir, "executions", "--pipeline", "other", "--json").stdout())
                .path("items").size()).isZero();

        var bad = CliProcess.run(dir, "executions", "--status", "done");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--status: unknown status 'done'");
        var badTime = CliProcess.run(dir, "executions", "--since", "last week");
        assertThat(badTime.stderr()).contains("--since must be an ISO-8601 time");
    }

    @Test
    void locksAreListedShownAndReleasedFromTheEmbeddedStore() throws Exception {
        LockInfo lock;
        try (SqliteStore store = new SqliteStore(dir.resolve(".meridian/meridian.db"))) {
            lock = store.locks().acquire("reports/daily", "etl-7", Duration.ofMinutes(10)).orElseThrow();
            store.locks().acquire("other", "etl-8", Duration.ofMinutes(10)).orElseThrow();
        }
        var list = CliProcess.run(dir, "locks", "list", "--prefix", "reports/");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains("RESOURCE", "reports/daily", "etl-7", lock.lockId()).doesNotContain("etl-8");
        assertThat(CliProcess.run(dir, "locks").stdout()).contains("reports/daily", "other");

        var get = CliProcess.run(dir, "locks", "get", "reports/daily", "--json");
        assertThat(Json.parse(get.stdout()).path("fencing_token").asLong()).isEqualTo(lock.fencingToken());

        var wrong = CliProcess.run(dir, "locks", "release", "reports/daily", "--lock-id", "guess");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.stderr()).contains("not held under lock id guess");
        var released = CliProcess.run(dir, "locks", "release", "reports/daily", "--lock-id", lock.lockId());
        assertThat(released.exitCode()).as(released.toString()).isZero();
        var gone = CliProcess.run(dir, "locks", "get", "reports/daily");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.stderr()).contains("lock 'reports/daily' is not held");

        var help = CliProcess.run(dir, "locks", "--help");
        assertThat(help.stdout()).contains("list", "get", "release", "meridian locks release reports/daily --lock-id");
    }
}
