package io.meridian.elastic.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.meridian.elastic.pool.KubernetesPool;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.pool.Toleration;
import io.meridian.elastic.provision.ProvisionException;
import io.meridian.elastic.provision.ProvisionedWorker;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact objects the provisioner creates, scales and deletes, read back from fabric8's mock API server in CRUD
 * mode (and, for the order of a stop, from the requests it received). No real cluster is involved.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesProvisionerTest {
    KubernetesMockServer server;
    KubernetesClient client;
    private ReplicaSetStandIn replicaSets;
    private KubernetesProvisioner provisioner;

    static PoolSpec gpuPool(String image) {
        KubernetesPool k = new KubernetesPool(image, "ml", "http://meridian-0:7070,http://meridian-1:7070",
                "gpu-token", "500m", "4Gi", "2", 1, Map.of("cloud.google.com/gke-accelerator", "nvidia-l4"),
                List.of(new Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule")), 20);
        return new PoolSpec("gpu", Provider.KUBERNETES, null, "g2-standard-8", List.of("gpu"), Map.of("team", "ml"),
                "europe-west4", 0, 4, 0.9, true, 120, 2, null, null, k);
    }

    @BeforeEach
    void open() {
        replicaSets = new ReplicaSetStandIn(server.createClient());
        provisioner = new KubernetesProvisioner(server.createClient(), List.of(), Duration.ofSeconds(10),
                InstantSource.system());
    }

    @AfterEach
    void closeAll() {
        provisioner.close();
        replicaSets.close();
    }

    @Test
    void theDeploymentCarriesThePoolAndTheWorkersAreItsPods() throws Exception {
        List<ProvisionedWorker> started = provisioner.start(gpuPool("registry.example/meridian:1.2"), 2);

        Deployment d = client.apps().deployments().inNamespace("ml").withName("meridian-worker-gpu").get();
        Map<String, String> selector = Map.of("app.kubernetes.io/name", "meridian",
                "app.kubernetes.io/component", "worker", "meridian.io/pool", "gpu");
        assertThat(d.getMetadata().getLabels()).containsAllEntriesOf(selector)
                .containsEntry("app.kubernetes.io/managed-by", "meridian");
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(35L); // the 20 s drain and 15 s to exit
        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("cloud.google.com/gke-accelerator", "nvidia-l4"));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getValue()).isNull();
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        Container c = pod.getContainers().getFirst();
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(c.getImage()).isEqualTo("registry.example/meridian:1.2");
        assertThat(c.getArgs()).containsExactly("worker", "--id", "$(MERIDIAN_WORKER_ID)", "--concurrency", "2",
                "--node-type", "container", "--cost-per-hour", "0.9", "--drain-seconds", "20",
                "--label", "meridian.pool=gpu", "--capabilities", "gpu", "--region", "europe-west4",
                "--label", "team=ml");
        assertThat(c.getEnv()).hasSize(3);
        assertThat(c.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(c.getEnv().get(1).getName()).isEqualTo("MERIDIAN_COORDINATOR");
        assertThat(c.getEnv().get(1).getValue()).isEqualTo("http://meridian-0:7070,http://meridian-1:7070");
        assertThat(c.getEnv().get(2).getName()).isEqualTo("MERIDIAN_TOKEN");
        assertThat(c.getEnv().get(2).getValue()).isNull(); // never in the Deployment itself
        assertThat(c.getEnv().get(2).getValueFrom().getSecretKeyRef().getName()).isEqualTo("gpu-token");
        assertThat(c.getEnv().get(2).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        assertThat(c.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("500m"),
                "memory", new Quantity("4Gi"), "nvidia.com/gpu", new Quantity("1")));
        assertThat(c.getResources().getLimits()).isEqualTo(Map.of("cpu", new Quantity("2"),
                "memory", new Quantity("4Gi"), "nvidia.com/gpu", new Quantity("1")));
        assertThat(c.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("/bin/sh", "-c",
                "kill -TERM 1; while kill -0 1 2>/dev/null; do sleep 1; done");

        assertThat(started).extracting(ProvisionedWorker::workerId)
                .allMatch(id -> id.startsWith("meridian-worker-gpu-"))
                .containsExactlyInAnyOrderElementsOf(client.pods().inNamespace("ml").list().getItems().stream()
                        .map(p -> p.getMetadata().getName()).toList());
        assertThat(started).allSatisfy(w -> {
            assertThat(w.pool()).isEqualTo("gpu");
            assertThat(w.stopping()).isFalse();
        });
    }

    @Test
    void stoppingAWorkerMakesItTheCheapestPodScalesDownByOneAndDeletesIt() throws Exception {
        List<String> ids = provisioner.start(gpuPool("meridian:1"), 3).stream().map(ProvisionedWorker::workerId)
                .toList();
        replicaSets.pause(); // from here on, every write is the provisioner's
        String gone = ids.get(1);
        // The mock deletes at once; a finalizer keeps the pod visible as the kubelet's grace period would.
        client.pods().inNamespace("ml").withName(gone).edit(p -> new PodBuilder(p).editMetadata()
                .addToFinalizers("example.com/hold").endMetadata().build());
        while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // forget what came before
        }

        provisioner.stop(gone);

        List<String> writes = new ArrayList<>();
        for (RecordedRequest r; (r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
            if (!r.getMethod().equals("GET")) {
                writes.add(r.getMethod() + " " + r.getPath().replaceFirst("\\?.*", ""));
            }
        }
        assertThat(writes).containsExactly("PATCH /api/v1/namespaces/ml/pods/" + gone,
                "PATCH /apis/apps/v1/namespaces/ml/deployments/meridian-worker-gpu",
                "DELETE /api/v1/namespaces/ml/pods/" + gone);
        Pod stopping = client.pods().inNamespace("ml").withName(gone).get();
        assertThat(stopping.getMetadata().getAnnotations())
                .containsEntry("controller.kubernetes.io/pod-deletion-cost", "-2147483648");
        assertThat(stopping.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(client.apps().deployments().inNamespace("ml").withName("meridian-worker-gpu").get().getSpec()
                .getReplicas()).isEqualTo(2);
        assertThat(provisioner.running("gpu")).extracting(ProvisionedWorker::workerId, ProvisionedWorker::stopping)
                .containsExactlyInAnyOrder(tuple(ids.get(0), false), tuple(gone, true), tuple(ids.get(2), false));
        provisioner.stop(gone); // already leaving: nothing more is asked of the cluster
        assertThat(client.apps().deployments().inNamespace("ml").withName("meridian-worker-gpu").get().getSpec()
                .getReplicas()).isEqualTo(2);
    }

    @Test
    void podsTheClusterDoesNotMakeUndoTheStartAsAProviderError() throws Exception {
        provisioner.close();
        provisioner = new KubernetesProvisioner(server.createClient(), List.of(), Duration.ofMillis(500),
                InstantSource.system());
        replicaSets.pause(); // as a ResourceQuota refusing every new pod would

        assertThatThrownBy(() -> provisioner.start(gpuPool("meridian:1"), 2)).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("Deployment ml/meridian-worker-gpu of pool 'gpu' got no 2 new pods within 0 s")
                .hasMessageContaining("scaled back to 0");
        assertThat(client.apps().deployments().inNamespace("ml").withName("meridian-worker-gpu").get().getSpec()
                .getReplicas()).isZero();
    }

    @Test
    void anUnreachableApiServerIsAProviderErrorAndTheLastPodListStands() throws Exception {
        provisioner.start(gpuPool("meridian:1"), 1);
        List<ProvisionedWorker> seen = provisioner.running("gpu");
        provisioner.close();
        KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
                server.createClient().getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
        provisioner = new KubernetesProvisioner(unreachable, List.of(gpuPool("meridian:1")), Duration.ofSeconds(5),
                InstantSource.system());
        assertThat(provisioner.running("gpu")).isEqualTo(seen);
        replicaSets.close();
        server.destroy();

        assertThatThrownBy(() -> provisioner.start(gpuPool("meridian:1"), 1)).isInstanceOf(ProvisionException.class)
                .hasMessageContaining("could not scale Deployment ml/meridian-worker-gpu of pool 'gpu' up by 1");
        assertThat(provisioner.running("gpu")).isEqualTo(seen); // not "none": that would start a second fleet
        provisioner.stop(seen.getFirst().workerId()); // logged, and asked again on a later tick
    }

    @Test
    void aChangedPoolUpdatesThePodTemplateOnceAndKeepsTheReplicas() throws Exception {
        provisioner.start(gpuPool("meridian:1"), 2);
        provisioner.close();
        provisioner = new KubernetesProvisioner(server.createClient(), List.of(), Duration.ofSeconds(10),
                InstantSource.system()); // a new leader, with the pool's image changed

        List<ProvisionedWorker> more = provisioner.start(gpuPool("meridian:2"), 1);

        Deployment d = client.apps().deployments().inNamespace("ml").withName("meridian-worker-gpu").get();
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("meridian:2");
        assertThat(more).hasSize(1);
    }
}
