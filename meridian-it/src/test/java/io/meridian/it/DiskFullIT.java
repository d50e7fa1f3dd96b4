package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.model.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: a coordinator's embedded store on a small tmpfs that the test fills. Writes must be refused
 * as {@code storage_full} (not {@code not_leader … election under way}), readiness must say 503 with that code,
 * and everything must work again once space is freed, with nothing acknowledged lost. Mounting needs root (as in
 * CI); elsewhere the test is skipped and says why.
 */
class DiskFullIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    Path mount;
    CliProcess server;
    String url;
    String token;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        mount = Files.createDirectories(dir.resolve("small-disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): " + out);
    }

    @AfterEach
    void unmount() throws Exception {
        if (server != null) {
            server.kill9();
        }
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
        }
    }

    HttpResponse<String> submit(int payloadBytes) throws Exception {
        String body = "{\"jobs\": [{\"type\": \"noop\", \"payload\": {\"blob\": \"" + "x".repeat(payloadBytes) + "\"}}]}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/queue/jobs"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> ready() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/health/ready")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    boolean readyLeader() throws Exception {
        HttpResponse<String> r = ready();
        return r.statusCode() == 200 && Json.parse(r.body()).path("role").asString().equals("leader");
    }

    static String code(HttpResponse<String> r) {
        var body = Json.parse(r.body());
        return body.has("error") ? body.path("error").path("code").asString() : body.path("code").asString("");
    }

    /** Writes until the file system refuses; returns the filler file. */
    Path fill() throws IOException {
        Path filler = mount.resolve("filler");
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
        return filler;
    }

    @Test
    void aFullDiskIsReportedAsStorageFullAndTheCoordinatorRecoversWhenSpaceReturns() throws Exception {
        int port = FreePort.find();
        Path data = mount.resolve("data");
        server = CliProcess.start(dir, "server", "--bind", "127.0.0.1:" + port, "--data-dir", data.toString());
        url = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(this::readyLeader);
        token = Files.readString(data.resolve("admin.token")).strip();
        HttpResponse<String> kept = submit(100);
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(201);
        String keptId = Json.parse(kept.body()).path("ids").get(0).asString();

        Path filler = fill();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 200 && (refused == null || refused.statusCode() == 201); i++) {
            refused = submit(32 * 1024); // SQLite may still have free pages: write until they are used up
        }
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(code(refused)).isEqualTo("storage_full");
        assertThat(Json.parse(refused.body()).path("error").path("message").asString()).contains("storage full");

        await().atMost(Duration.ofSeconds(30)).until(() -> ready().statusCode() == 503);
        assertThat(code(ready())).isEqualTo("storage_full");
        HttpResponse<String> meanwhile = submit(10);
        assertThat(meanwhile.statusCode()).isEqualTo(503);
        assertThat(code(meanwhile)).as("not an election hint: " + meanwhile.body()).isEqualTo("storage_full");

        long freedAt = System.nanoTime();
        Files.delete(filler);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(this::readyLeader);
        long recovered = (System.nanoTime() - freedAt) / 1_000_000;
        HttpResponse<String> after = submit(100);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
        HttpResponse<String> job = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/queue/jobs/" + keptId))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(job.statusCode()).as("the job acknowledged before the disk filled is still there").isEqualTo(200);
        System.out.printf("STRESS disk_full ready_again_after_space_freed_ms=%d%n", recovered);
    }
}
