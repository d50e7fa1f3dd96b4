package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.elastic.gcp.GceStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code meridian server} with a gcp pool, its Compute Engine endpoint pointed at the local stand-in (no cloud is
 * reachable here) and its Application Default Credentials at a credentials file whose token refresh the stand-in
 * answers: the pool is kept at its min, an instance whose worker never registers is deleted and replaced, and the
 * pool's instances are deleted when the server stops.
 */
class GcpPoolIT {
    @TempDir
    Path dir;
    GceStandIn gce;
    ProcessHarness cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (gce != null) {
            gce.close();
        }
    }

    @Test
    void aServerKeepsItsGcpPoolOnComputeEngineAndDeletesWhatNeverRegisters() throws Exception {
        gce = new GceStandIn();
        cluster = new ProcessHarness(dir);
        Path credentials = dir.resolve("adc.json");
        Files.writeString(credentials, "{\"type\": \"authorized_user\", \"client_id\": \"meridian-it\", "
                + "\"client_secret\": \"it-client-secret\", \"refresh_token\": \"it-refresh\", \"token_uri\": \""
                + gce.endpoint() + "/token\"}");
        ProcessHarness.Server server = cluster.server("coordinator", Map.of("GOOGLE_APPLICATION_CREDENTIALS",
                credentials.toString(), "MERIDIAN_POOL_COORDINATOR", "https://coordinator.example:8443",
                "MERIDIAN_GCP_PROJECT", "meridian-it", "MERIDIAN_GCP_ZONE", "europe-west1-b", "MERIDIAN_GCP_IMAGE",
                "projects/meridian-it/global/images/meridian-worker", "MERIDIAN_GCP_ENDPOINT", gce.endpoint(),
                "MERIDIAN_GCP_LIST_SECONDS", "0"), "--pool",
                "gcp:name=cloud,instance_type=e2-standard-4,min=1,max=2,startup_seconds=2,spot=true");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> gce.requests().stream().filter(r -> r.startsWith("POST ") && r.endsWith("/instances"))
                        .count() >= 2 && gce.requests().stream().anyMatch(r -> r.startsWith("DELETE ")));
        JsonNode first = gce.instances().getFirst();
        assertThat(first.path("labels").path("meridian-pool").asString()).isEqualTo("cloud");
        assertThat(first.path("scheduling").path("provisioningModel").asString()).isEqualTo("SPOT");
        assertThat(first.path("metadata").path("items").get(0).path("value").asString())
                .contains("MERIDIAN_COORDINATOR=https://coordinator.example:8443", "\"--node-type\" \"vm\"");
        assertThat(gce.authorizations()).allSatisfy(a -> assertThat(a).isEqualTo("Bearer ya29.stand-in"));

        server.process().process.destroy(); // SIGTERM: the server stops its pools
        assertThat(server.process().process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gce.instances()).allSatisfy(i -> assertThat(i.path("status").asString()).isEqualTo("STOPPING"));
        String output = Files.readString(server.process().stdout) + Files.readString(server.process().stderr);
        assertThat(output).doesNotContain("it-client-secret").doesNotContain("it-refresh");
    }
}
