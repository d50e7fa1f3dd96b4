package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meridian run} and {@code submit --wait} show each stage change from the execution's events; a
 * {@code submit --wait} whose coordinator is killed (kill -9) and restarted resumes its event stream after the last
 * event it showed: every stage line appears exactly once and the command ends with the execution's outcome.
 */
class FollowEventsIT {
    @TempDir
    Path dir;
    final java.util.List<CliProcess> started = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(p -> p.process.destroyForcibly());
    }

    CliProcess start(String... args) throws Exception {
        CliProcess p = CliProcess.start(dir, args);
        started.add(p);
        return p;
    }

    Path pipeline(int millis) throws Exception {
        Path file = dir.resolve("two.yaml");
        Files.writeString(file, """
                id: two
                stages:
                  - id: work
                    type: ledger
                    foreach: "{{input.items}}"
                    config: {ledger: "%s", millis: %d}
                  - id: gather
                    type: ledger
                    depends_on: [work]
                    config: {ledger: "%s", millis: 1}
                """.formatted(dir.resolve("ledger.txt"), millis, dir.resolve("ledger.txt")));
        Files.writeString(dir.resolve("inputs.json"), "{\"items\": [1, 2, 3, 4, 5, 6]}");
        return file;
    }

    @Test
    void runShowsEachStageFromItsEvents() throws Exception {
        var r = CliProcess.run(dir, "run", pipeline(20).toString(), "--data-dir", dir.resolve("run").toString(),
                "--workers", "2", "--input-file", dir.resolve("inputs.json").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("stage 'work' started", "stage 'work' succeeded (6 jobs)",
                "stage 'gather' started", "stage 'gather' succeeded (1 jobs)");
        assertThat(count(r.stderr(), "stage 'work' succeeded")).isEqualTo(1);
    }

    @Test
    void submitWaitResumesItsStreamAcrossACoordinatorRestart() throws Exception {
        int port = FreePort.find();
        Path data = dir.resolve("coordinator");
        String url = "http://127.0.0.1:" + port;
        String[] serverArgs = {"server", "--bind", "127.0.0.1:" + port, "--data-dir", data.toString(),
                "--workers", "1"};
        Files.createDirectories(data);
        CliProcess first = start(serverArgs);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(data.resolve("admin.token"))
                && ready(url));
        String token = Files.readString(data.resolve("admin.token")).strip();

        CliProcess waiting = start("submit", pipeline(600).toString(), "--wait", "--input-file",
                dir.resolve("inputs.json").toString(), "--coordinator", url, "--token", token);
        await().atMost(Duration.ofSeconds(60)).until(() -> waiting.stderrSoFar().contains("stage 'work' started"));
        first.kill9();
        await().atMost(Duration.ofSeconds(30)).until(() -> waiting.stderrSoFar().contains("Event stream lost"));

        start(serverArgs);
        var r = waiting.await(Duration.ofMinutes(2));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).contains("Event stream back; resuming after event", "stage 'work' succeeded",
                "stage 'gather' succeeded");
        assertThat(count(r.stderr(), "stage 'work' started")).as(r.stderr()).isEqualTo(1);
        assertThat(count(r.stderr(), "stage 'gather' succeeded")).as(r.stderr()).isEqualTo(1);
        assertThat(r.stdout()).contains("succeeded");
    }

    private static boolean ready(String url) {
        try {
            var c = (java.net.HttpURLConnection) java.net.URI.create(url + "/health/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            return c.getResponseCode() == 200;
        } catch (java.io.IOException notYet) {
            return false;
        }
    }

    private static int count(String text, String part) {
        return (int) Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }
}
