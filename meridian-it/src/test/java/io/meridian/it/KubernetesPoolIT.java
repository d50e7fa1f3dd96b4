package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meridian.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A real {@code meridian server} with a kubernetes pool, its client pointed (through KUBECONFIG) at fabric8's mock
 * API server in CRUD mode, as no cluster can run here. The server finds the provisioner by the pool's provider, its
 * autoscaler creates and scales the pool's Deployment, and the pod (made here, as the ReplicaSet controller the mock
 * lacks would) never registers, so after startup_seconds it is stopped and counted: its pod is deleted and the
 * replicas go down. Stopping the server leaves the Deployment to the next leader.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesPoolIT {
    @TempDir
    Path dir;
    KubernetesMockServer server;
    KubernetesClient client;
    ProcessHarness cluster;
    ProcessHarness.Server coordinator;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() throws Exception {
        if (coordinator != null) { // what the server said of its pool, for a failure's diagnosis
            System.out.println(coordinator.process().stderrSoFar());
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theServerScalesAPoolsDeploymentAndStopsAPodThatNeverRegisters() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: it, user: {token: not-checked}}]
                contexts: [{name: mock, context: {cluster: mock, user: it, namespace: meridian}}]
                current-context: mock
                """.formatted(client.getConfiguration().getMasterUrl()));
        cluster = new ProcessHarness(dir);
        coordinator = cluster.server("coordinator", Map.of("KUBECONFIG", kubeconfig.toString()),
                "--pool", "kubernetes:name=k8s,min=1,max=2,startup_seconds=3,capabilities=gpu,image=meridian:it,"
                        + "gpu=1,tolerations=nvidia.com/gpu:NoSchedule");

        Deployment d = await().atMost(Duration.ofSeconds(30)).until(() -> deployment(), x -> x != null
                && x.getSpec().getReplicas() == 1);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("meridian:it");
        assertThat(d.getSpec().getTemplate().getSpec().getTolerations()).singleElement()
                .satisfies(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        List<String> pods = List.of(pod(d)); // what the ReplicaSet would do
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pool(coordinator).path("current")
                .asInt()).isEqualTo(1));

        // Never registered: it is stopped after startup_seconds, its pod deleted and the replicas lowered.
        await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace("meridian").list().getItems()
                .stream().noneMatch(p -> pods.contains(p.getMetadata().getName())));
        JsonNode decisions = Json.parse(call(coordinator, "/v1/pools?pool=k8s&limit=500").body()).path("decisions");
        assertThat(decisions.valueStream().map(x -> x.path("action").asString())).contains("scale_up", "start_timeout");
        assertThat(pool(coordinator).path("failed_starts").asInt()).isGreaterThanOrEqualTo(1);

        cluster.close(); // SIGTERM: the server stops, its kubernetes workers stay for the next leader
        cluster = null;
        assertThat(deployment()).isNotNull();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace("meridian").withName("meridian-worker-k8s").get();
    }

    private String pod(Deployment d) {
        Pod p = client.pods().inNamespace("meridian").resource(new PodBuilder()
                .withNewMetadata().withGenerateName(d.getMetadata().getName() + "-")
                .withLabels(d.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(d.getSpec().getTemplate().getSpec()).build()).create();
        return p.getMetadata().getName();
    }

    private JsonNode pool(ProcessHarness.Server s) throws Exception {
        return Json.parse(call(s, "/v1/pools?pool=k8s&limit=1").body()).path("pools").get(0);
    }

    private HttpResponse<String> call(ProcessHarness.Server s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.url() + path)).header("Authorization", "Bearer "
                + s.token()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
