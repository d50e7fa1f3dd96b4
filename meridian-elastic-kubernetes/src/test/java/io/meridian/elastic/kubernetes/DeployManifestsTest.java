package io.meridian.elastic.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.meridian.elastic.pool.KubernetesPool;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every manifest of deploy/kubernetes/ read with the fabric8 model, and the facts the docs promise about them. */
class DeployManifestsTest {
    static final Path DIR = Path.of("..", "deploy", "kubernetes");
    static List<HasMetadata> objects = new ArrayList<>();

    @BeforeAll
    static void readAll() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    Object read = Serialization.unmarshal(in);
                    if (read instanceof KubernetesList list) {
                        objects.addAll(list.getItems());
                    } else if (read instanceof List<?> many) {
                        many.forEach(o -> objects.add((HasMetadata) o));
                    } else {
                        objects.add((HasMetadata) read);
                    }
                }
            }
        }
    }

    static <T extends HasMetadata> T one(Class<T> kind, String name) {
        return objects.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow(() ->
                        new AssertionError("no " + kind.getSimpleName() + " " + name + " in " + DIR));
    }

    @Test
    void everyObjectIsInTheMeridianNamespace() {
        assertThat(objects).hasSizeGreaterThanOrEqualTo(12);
        assertThat(objects).filteredOn(o -> !o.getKind().equals("Namespace"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " "
                        + o.getMetadata().getName()).isEqualTo("meridian"));
    }

    @Test
    void twoCoordinatorsProbedOnTheirReadinessAndKeptByADisruptionBudget() {
        StatefulSet s = one(StatefulSet.class, "meridian");
        assertThat(s.getSpec().getReplicas()).isEqualTo(2);
        assertThat(s.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("meridian-coordinator");
        Container c = s.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(c.getArgs()).contains("server", "--store=$(MERIDIAN_STORE)", "--node-id=$(POD_NAME)");
        assertThat(c.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(7070));
        assertThat(c.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("MERIDIAN_STORE");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("meridian-postgres");
        });
        assertThat(one(Secret.class, "meridian-postgres").getStringData()).containsKey("url");
        assertThat(one(Secret.class, "meridian-worker-token").getStringData()).containsKey("token");

        PodDisruptionBudget pdb = one(PodDisruptionBudget.class, "meridian");
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(s.getSpec().getSelector().getMatchLabels());
        assertThat(one(Service.class, "meridian").getSpec().getSelector())
                .isEqualTo(s.getSpec().getSelector().getMatchLabels());
        assertThat(one(Service.class, "meridian-nodes").getSpec().getClusterIP()).isEqualTo("None");
        assertThat(s.getSpec().getServiceName()).isEqualTo("meridian-nodes");
    }

    @Test
    void theCoordinatorsMayDoWhatTheProvisionerDoesAndNothingElse() {
        Role role = one(Role.class, "meridian-provisioner");
        assertThat(role.getRules()).hasSize(2);
        PolicyRule deployments = role.getRules().get(0);
        assertThat(deployments.getApiGroups()).containsExactly("apps");
        assertThat(deployments.getResources()).containsExactly("deployments");
        assertThat(deployments.getVerbs()).containsExactlyInAnyOrder("get", "create", "patch");
        PolicyRule pods = role.getRules().get(1);
        assertThat(pods.getApiGroups()).containsExactly("");
        assertThat(pods.getResources()).containsExactly("pods");
        assertThat(pods.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch", "patch", "delete");
        assertThat(role.getRules()).flatExtracting(PolicyRule::getVerbs)
                .doesNotContain("*", "update", "deletecollection");
        RoleBinding b = one(RoleBinding.class, "meridian-provisioner");
        assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(b.getRoleRef().getName()).isEqualTo("meridian-provisioner");
        assertThat(b.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(one(ServiceAccount.class, "meridian-coordinator").getMetadata()
                    .getName());
        });
    }

    @Test
    void theWorkerDeploymentIsTheOneTheProvisionerMakesForThePoolOfTheConfig() {
        String yaml = one(io.fabric8.kubernetes.api.model.ConfigMap.class, "meridian-config").getData()
                .get("meridian.yaml");
        assertThat(yaml).contains("name: burst", "provider: kubernetes", "image: meridian:latest", "cpu: \"1\"",
                "memory: 1Gi", "drain_seconds: 30", "worker_slots: 16", "capabilities: [burst]");
        String coordinators = "http://meridian-0.meridian-nodes.meridian.svc:7070,"
                + "http://meridian-1.meridian-nodes.meridian.svc:7070";
        assertThat(yaml).contains("coordinators: " + coordinators);
        PoolSpec burst = new PoolSpec("burst", Provider.KUBERNETES, null, null, List.of("burst"), Map.of(), null, 0,
                10, 0, false, 180, 16, null, null, new KubernetesPool("meridian:latest", "meridian", coordinators,
                "meridian-worker-token", "1", "1Gi", null, 0, null, null, 30));

        Deployment manifest = one(Deployment.class, "meridian-worker-burst");
        Deployment made = WorkerDeployment.of(burst, "meridian", 0);
        assertThat(manifest.getMetadata()).isEqualTo(made.getMetadata());
        assertThat(manifest.getSpec()).isEqualTo(made.getSpec());
    }
}
