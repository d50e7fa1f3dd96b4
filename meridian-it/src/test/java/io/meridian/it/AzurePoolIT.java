package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.elastic.azure.ArmStandIn;
import io.meridian.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code meridian server} with a Spot azure pool, its Resource Manager endpoint pointed at the local stand-in (no cloud
 * is reachable here): the server finds the azure provisioner on its class path, takes its settings from the
 * environment and its credential through DefaultAzureCredential (a managed identity endpoint, as App Service exposes
 * it, served by the stand-in), keeps the pool at its min, deletes a machine whose worker never registers (none can:
 * no machine boots) and creates another, and exits on SIGTERM.
 */
class AzurePoolIT {
    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000beef";
    private static final String GROUP = "meridian-it";
    @TempDir
    Path dir;
    ArmStandIn arm;
    ProcessHarness cluster;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void standIn() throws Exception {
        arm = new ArmStandIn(SUBSCRIPTION, GROUP);
        cluster = new ProcessHarness(dir);
        env.putAll(Map.of("MERIDIAN_POOL_COORDINATOR", "https://coordinator.example:8443",
                "MERIDIAN_AZURE_SUBSCRIPTION_ID", SUBSCRIPTION, "MERIDIAN_AZURE_RESOURCE_GROUP", GROUP,
                "MERIDIAN_AZURE_LOCATION", "westeurope", "MERIDIAN_AZURE_IMAGE_ID", "/subscriptions/" + SUBSCRIPTION
                        + "/resourceGroups/img/providers/Microsoft.Compute/images/meridian",
                "MERIDIAN_AZURE_SUBNET_ID", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/net/providers/"
                        + "Microsoft.Network/virtualNetworks/v/subnets/workers",
                "MERIDIAN_AZURE_SSH_PUBLIC_KEY", "ssh-ed25519 AAAAC3Nza it", "MERIDIAN_AZURE_ENDPOINT",
                arm.endpoint().toString(), "MERIDIAN_AZURE_LIST_SECONDS", "0",
                "IDENTITY_ENDPOINT", arm.identityEndpoint().toString()));
        env.put("IDENTITY_HEADER", arm.identityHeader());
    }

    @AfterEach
    void stop() {
        cluster.close();
        arm.close();
    }

    @Test
    void aServerKeepsItsSpotAzurePoolOnVirtualMachinesAndDeletesWhatNeverRegisters() throws Exception {
        ProcessHarness.Server server = cluster.server("coordinator", env, "--pool",
                "azure:name=cloud,instance_type=Standard_D2s_v5,spot=true,min=1,max=2,startup_seconds=2,"
                        + "capabilities=gpu");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> arm.requests("PUT").size() >= 2 && !arm.requests("DELETE").isEmpty());
        ArmStandIn.Request put = arm.requests("PUT").getFirst();
        assertThat(put.authorization()).isEqualTo("Bearer " + ArmStandIn.IDENTITY_TOKEN);
        JsonNode p = put.body().path("properties");
        assertThat(p.path("hardwareProfile").path("vmSize").asString()).isEqualTo("Standard_D2s_v5");
        assertThat(p.path("priority").asString()).isEqualTo("Spot");
        assertThat(p.path("evictionPolicy").asString()).isEqualTo("Delete");
        assertThat(arm.machines().getFirst().tags()).containsEntry("meridian.pool", "cloud");
        String script = new String(Base64.getDecoder().decode(p.path("osProfile").path("customData").asString()),
                StandardCharsets.UTF_8);
        assertThat(script).contains("MERIDIAN_COORDINATOR=https://coordinator.example:8443", "MERIDIAN_TOKEN=",
                "\"--capabilities\" \"gpu\"", "\"--node-type\" \"vm\"");

        HttpResponse<String> pools = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/v1/pools?pool=cloud&limit=50")).header("Authorization", "Bearer "
                + server.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.parse(pools.body()).path("decisions").valueStream().map(d -> d.path("action").asString()))
                .contains("scale_up", "start_timeout");

        server.process().process.destroy(); // SIGTERM: the server exits, within the close limit
        assertThat(server.process().process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(server.process().stdout) + Files.readString(server.process().stderr);
        String token = script.lines().filter(l -> l.startsWith("MERIDIAN_TOKEN=")).findFirst().orElseThrow()
                .substring("MERIDIAN_TOKEN=".length());
        assertThat(output).doesNotContain(ArmStandIn.IDENTITY_TOKEN).doesNotContain(token);
        // Not asserted: that the stopping server deleted its machines. From its shutdown hook the SDK's calls do not
        // complete (known defect, docs/elastic.md); it logs what to delete instead.
        assertThat(output).contains("delete the machines tagged meridian.cluster=meridian in resource group "
                + GROUP);
    }
}
