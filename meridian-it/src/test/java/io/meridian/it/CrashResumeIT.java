package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.execution.JobStatus;
import io.meridian.model.json.Json;
import io.meridian.store.JobRecord;
import io.meridian.store.Store;
import io.meridian.store.StoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of a real {@code meridian run} mid-execution, several times, then {@code --resume}: the execution
 * completes, nothing acknowledged is lost, and no job whose success was recorded runs again.
 */
class CrashResumeIT {
    static final int ITEMS = 120;
    static final Pattern STARTED = Pattern.compile("Execution (\\S+) of pipeline");

    @TempDir
    Path dir;

    @Test
    void killedRunsResumeToACompleteResultWithoutRerunningSucceededJobs() throws Exception {
        Path ledger = dir.resolve("ledger.txt");
        Path pipeline = dir.resolve("crash.yaml");
        Files.writeString(pipeline, """
                id: crash
                inputs:
                  items: {required: true}
                stages:
                  - id: work
                    type: ledger
                    foreach: "{{input.items}}"
                    config: {ledger: "%s", millis: 40}
                  - id: gather
                    type: ledger
                    depends_on: [work]
                    config: {ledger: "%s", millis: 1}
                """.formatted(ledger, ledger));
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < ITEMS; i++) {
            items.append(i == 0 ? "" : ",").append(i);
        }
        String[] run = {"run", pipeline.toString(), "--input", "items=" + items + "]", "--workers", "2",
                "--concurrency", "3", "--json"};

        CliProcess first = CliProcess.start(dir, run);
        String id = awaitExecutionId(first);
        killAfterProgress(first, ledger, 15);
        for (int kill = 2; kill <= 4; kill++) {
            CliProcess resumed = CliProcess.start(dir, "run", pipeline.toString(), "--resume", id, "--workers", "2",
                    "--concurrency", "3", "--json");
            killAfterProgress(resumed, ledger, 15 * kill);
        }
        var last = CliProcess.start(dir, "resume", id, "--json").await(Duration.ofMinutes(2));
        assertThat(last.exitCode()).as(last.toString()).isZero();

        JsonNode doc = Json.parse(last.stdout());
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        JsonNode outputs = doc.path("stages").path("work").path("output");
        assertThat(outputs.size()).isEqualTo(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            assertThat(outputs.get(i).path("item").asInt()).as("item order").isEqualTo(i);
        }
        assertLedgerConsistentWithStore(id, ledger);
    }

    private void assertLedgerConsistentWithStore(String executionId, Path ledger) throws Exception {
        Map<String, Integer> accepted = new HashMap<>();
        try (Store store = StoreProvider.openStore("sqlite", dir.resolve(".meridian"))) {
            List<JobRecord> jobs = store.jobsOfExecution(executionId);
            for (JobRecord j : jobs) {
                if (j.state().status() == JobStatus.SUCCEEDED) {
                    String key = j.spec().idempotencyKey(j.id());
                    assertThat(accepted.put(key, j.state().attempt())).as("one accepted result per job " + key).isNull();
                }
            }
        }
        assertThat(accepted).hasSize(ITEMS + 1);
        Map<String, Integer> runs = new HashMap<>();
        for (String line : Files.readAllLines(ledger)) {
            String[] parts = line.split(" ");
            int attempt = Integer.parseInt(parts[1]);
            runs.merge(parts[0], 1, Integer::sum);
            // A job runs again only if its previous attempt's success was never recorded: every run it had
            // happened at or before the attempt whose result was accepted.
            assertThat(attempt).as("run of %s after its success was recorded", parts[0])
                    .isLessThanOrEqualTo(accepted.get(parts[0]));
        }
        assertThat(runs.keySet()).isEqualTo(accepted.keySet());
    }

    private static String awaitExecutionId(CliProcess p) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Matcher m = STARTED.matcher(p.stderrSoFar());
            if (m.find()) {
                id[0] = m.group(1);
            }
            return id[0] != null;
        });
        return id[0];
    }

    private static void killAfterProgress(CliProcess p, Path ledger, int ledgerLines) throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(ledger) && Files.readAllLines(ledger).size() >= ledgerLines);
        assertThat(p.process.isAlive()).as("still running when killed").isTrue();
        p.kill9();
    }
}
