package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.elastic.aws.Ec2StandIn;
import io.meridian.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meridian server} with an aws pool, its EC2 endpoint pointed at the local EC2 stand-in (no cloud is reachable
 * here): the server finds the aws provisioner on its class path, takes its settings and credentials from the
 * environment, keeps the pool at its min through RunInstances, terminates an instance whose worker never registers
 * (none can: no machine boots) and starts another, and terminates the pool's instances when it stops.
 */
class AwsPoolIT {
    private static final String SECRET = "it-secret-access-key";
    @TempDir
    Path dir;
    Ec2StandIn ec2;
    ProcessHarness cluster;
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void standIn() throws Exception {
        ec2 = new Ec2StandIn();
        cluster = new ProcessHarness(dir);
        env.putAll(Map.of("MERIDIAN_POOL_COORDINATOR", "https://coordinator.example:8443",
                "MERIDIAN_AWS_IMAGE_ID", "ami-0123456789abcdef0", "MERIDIAN_AWS_ENDPOINT", ec2.endpoint().toString(),
                "MERIDIAN_AWS_LIST_SECONDS", "0", "AWS_ACCESS_KEY_ID", "AKIDMERIDIANIT", "AWS_SECRET_ACCESS_KEY",
                SECRET, "AWS_REGION", "eu-west-1"));
    }

    @AfterEach
    void stop() {
        cluster.close();
        ec2.close();
    }

    @Test
    void aServerKeepsItsAwsPoolOnEc2AndTerminatesWhatNeverRegisters() throws Exception {
        ProcessHarness.Server server = cluster.server("coordinator", env, "--pool",
                "aws:name=cloud,instance_type=m7i.large,min=1,max=2,startup_seconds=2,capabilities=gpu");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> ec2.requests("RunInstances").size() >= 2 && !ec2.requests("TerminateInstances").isEmpty());
        Map<String, String> run = ec2.requests("RunInstances").getFirst();
        assertThat(run).containsEntry("InstanceType", "m7i.large").containsEntry("ImageId", "ami-0123456789abcdef0");
        assertThat(ec2.machines().getFirst().tags()).containsEntry("meridian.pool", "cloud");
        String script = new String(Base64.getDecoder().decode(run.get("UserData")), StandardCharsets.UTF_8);
        assertThat(script).contains("MERIDIAN_COORDINATOR=https://coordinator.example:8443", "MERIDIAN_TOKEN=",
                "\"--capabilities\" \"gpu\"", "\"--node-type\" \"vm\"");
        assertThat(ec2.authorizations()).allSatisfy(a -> assertThat(a).contains("Credential=AKIDMERIDIANIT/"));

        HttpResponse<String> pools = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/v1/pools?pool=cloud&limit=50")).header("Authorization", "Bearer "
                + server.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.parse(pools.body()).path("decisions").valueStream().map(d -> d.path("action").asString()))
                .contains("scale_up", "start_timeout");

        server.process().process.destroy(); // SIGTERM: the server stops its pools
        assertThat(server.process().process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ec2.machines()).allSatisfy(m -> assertThat(m.state()[0]).isIn("shutting-down", "terminated"));
        String output = java.nio.file.Files.readString(server.process().stdout)
                + java.nio.file.Files.readString(server.process().stderr);
        String token = script.lines().filter(l -> l.startsWith("MERIDIAN_TOKEN=")).findFirst().orElseThrow()
                .substring("MERIDIAN_TOKEN=".length());
        assertThat(output).doesNotContain(SECRET).doesNotContain(token);
    }

    @Test
    void anAwsPoolIsRefusedAtStartWithoutAnAddressForItsMachinesOrAnImage() throws Exception {
        env.remove("MERIDIAN_POOL_COORDINATOR");
        CliProcess.Result noAddress = CliProcess.start(dir, env, "server", "--bind", "127.0.0.1:0", "--data-dir",
                dir.resolve("a").toString(), "--pool", "aws:name=cloud,instance_type=m7i.large")
                .await(Duration.ofMinutes(1));
        assertThat(noAddress.exitCode()).as(noAddress.toString()).isEqualTo(2);
        assertThat(noAddress.stderr()).contains("pool 'cloud' (aws): set MERIDIAN_POOL_COORDINATOR");
        env.put("MERIDIAN_POOL_COORDINATOR", "https://coordinator.example:8443");
        env.remove("MERIDIAN_AWS_IMAGE_ID");
        CliProcess.Result noImage = CliProcess.start(dir, env, "server", "--bind", "127.0.0.1:0", "--data-dir",
                dir.resolve("b").toString(), "--pool", "aws:name=cloud,instance_type=m7i.large")
                .await(Duration.ofMinutes(1));
        assertThat(noImage.exitCode()).as(noImage.toString()).isEqualTo(2);
        assertThat(noImage.stderr()).contains("MERIDIAN_AWS_IMAGE_ID is required");
        assertThat(ec2.requests("RunInstances")).isEmpty();
        assertThat(List.of(noAddress.stderr(), noImage.stderr())).noneMatch(e -> e.contains(SECRET));
    }
}
