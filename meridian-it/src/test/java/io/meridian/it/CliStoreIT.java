package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import io.meridian.store.Store;
import io.meridian.store.StoreProvider;
import io.meridian.store.lock.LockInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code --store} means what it says for every command that opens a store, not only for {@code server}. */
class CliStoreIT {
    @TempDir
    Path dir;

    @Test
    void runStatusExecutionsAndLocksAllUseThePostgresStoreTheyAreGiven() throws Exception {
        try (TestPostgres pg = TestPostgres.requireOrSkip()) {
            String store = pg.location();
            var run = CliProcess.run(dir, "run", CliStateIT.example("hello.yaml"), "--input", "name=Ada", "--json",
                    "--store", store);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            String id = Json.parse(run.stdout()).path("execution_id").asString();

            var status = CliProcess.run(dir, "status", id, "--json", "--store", store);
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(Json.parse(status.stdout()).path("status").asString()).isEqualTo("succeeded");

            var executions = CliProcess.run(dir, "executions", "--pipeline", "hello", "--json", "--store", store);
            assertThat(executions.exitCode()).as(executions.toString()).isZero();
            JsonNode items = Json.parse(executions.stdout()).path("items");
            assertThat(items.size()).isEqualTo(1);
            assertThat(items.get(0).path("execution_id").asString()).isEqualTo(id);

            LockInfo lock;
            try (Store s = StoreProvider.openStore(store, null)) {
                lock = s.locks().acquire("reports/daily", "etl-7", Duration.ofMinutes(10)).orElseThrow();
            }
            // The store's options come after the subcommand here, as with every other command.
            var get = CliProcess.run(dir, "locks", "get", "reports/daily", "--json", "--store", store);
            assertThat(get.exitCode()).as(get.toString()).isZero();
            assertThat(Json.parse(get.stdout()).path("fencing_token").asLong()).isEqualTo(lock.fencingToken());
            var list = CliProcess.run(dir, "locks", "--store", store);
            assertThat(list.stdout()).as(list.toString()).contains("reports/daily", "etl-7");

            var missing = CliProcess.run(dir, "status", "no-such-execution", "--store", store);
            assertThat(missing.exitCode()).isEqualTo(2);
            assertThat(missing.stderr()).contains("no execution 'no-such-execution'", pg.schema)
                    .doesNotContain(".meridian");

            // The data directory holds the local workers' scratch space (stage-data), but no embedded store.
            try (var files = Files.walk(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("nothing was written to an embedded store").noneMatch(n -> n.startsWith("meridian.db"));
            }
        }
    }

    @Test
    void aRunOnAStoreAServerLeadsIsRefusedAndToldWhereToSubmit() throws Exception {
        try (TestPostgres pg = TestPostgres.requireOrSkip(); ProcessHarness cluster = new ProcessHarness(dir)) {
            var server = cluster.server("coordinator", "--store", pg.location(), "--node-id", "the-leader");
            var run = CliProcess.run(dir, "run", CliStateIT.example("hello.yaml"), "--store", pg.location());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.stderr()).contains("the-leader at " + server.url(), "meridian submit FILE --coordinator");
        }
    }

    @Test
    void aStoreNobodyUnderstandsIsAUsageErrorThatListsTheOnesThatAre() throws Exception {
        for (String command : new String[] {"run", "status", "executions", "locks", "server"}) {
            var args = switch (command) {
                case "run" -> new String[] {"run", CliStateIT.example("hello.yaml"), "--store", "mongodb://db/x"};
                case "status" -> new String[] {"status", "some-id", "--store", "mongodb://db/x"};
                case "locks" -> new String[] {"locks", "list", "--store", "mongodb://db/x"};
                case "server" -> new String[] {"server", "--bind", "127.0.0.1:0", "--store", "mongodb://db/x"};
                default -> new String[] {command, "--store", "mongodb://db/x"};
            };
            var r = CliProcess.run(dir, args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.stderr()).as(command).contains("--store: no store understands 'mongodb://db/x'",
                    "postgresql://", "mariadb://", "sqlite");
        }
        assertThat(dir.resolve(".meridian")).satisfiesAnyOf(d -> assertThat(d).doesNotExist(),
                d -> assertThat(d).isEmptyDirectory());
    }

    @Test
    void theStoreCanComeFromTheConfigFileAndTheOptionWins() throws Exception {
        Files.writeString(dir.resolve("meridian.yaml"), "store: mongodb://db/x\n");
        var fromConfig = CliProcess.run(dir, "executions");
        assertThat(fromConfig.exitCode()).as(fromConfig.toString()).isEqualTo(2);
        assertThat(fromConfig.stderr()).contains("'store' in the config file: no store understands");
        var option = CliProcess.run(dir, "executions", "--store", "sqlite", "--json");
        assertThat(option.exitCode()).as(option.toString()).isZero();
    }
}
