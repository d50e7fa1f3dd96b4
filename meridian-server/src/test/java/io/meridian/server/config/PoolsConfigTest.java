package io.meridian.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.protocol.lease.NodeType;
import io.meridian.elastic.pool.KubernetesPool;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.pool.Toleration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolsConfigTest {
    @TempDir
    Path dir;

    MeridianConfig config(String yaml) throws Exception {
        Path file = dir.resolve("meridian.yaml");
        Files.writeString(file, yaml);
        return MeridianConfig.load(file);
    }

    @Test
    void readsEveryKeyOfAPool() throws Exception {
        PoolSpec p = config("""
                pools:
                  - {name: gpu, provider: aws, instance_type: g5.xlarge, capabilities: [gpu], labels: {team: ml},
                     region: eu-west-1, min: 1, max: 3, cost_per_hour: 1.2, spot: true, startup_seconds: 120,
                     worker_slots: 2, scale_down_cooldown: 5m, budget_per_hour: 3}
                """).pools().getFirst();
        assertThat(p).isEqualTo(new PoolSpec("gpu", Provider.AWS, NodeType.VM, "g5.xlarge", List.of("gpu"),
                Map.of("team", "ml"), "eu-west-1", 1, 3, 1.2, true, 120, 2, Duration.ofMinutes(5), 3.0));
        assertThat(p.affordable()).isEqualTo(2);
    }

    @Test
    void appliesDefaults() throws Exception {
        PoolSpec p = config("pools: [{name: burst, provider: local}]").pools().getFirst();
        assertThat(p.nodeType()).isEqualTo(NodeType.LOCAL);
        assertThat(p.min()).isZero();
        assertThat(p.max()).isEqualTo(PoolSpec.DEFAULT_MAX);
        assertThat(p.scaleDownCooldown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.budgetPerHour()).isNull();
    }

    @Test
    void refusesBadPoolsAtTheirPlace() {
        assertThatThrownBy(() -> config("pools: [{name: a, provider: openstack}]"))
                .hasMessageContaining("meridian.yaml:1:").hasMessageContaining("unknown provider 'openstack'");
        assertThatThrownBy(() -> config("pools: [{name: a, provider: local, min: 5, max: 2}]"))
                .hasMessageContaining("max must be at least 1 and at least min (5), got 2");
        assertThatThrownBy(() -> config("pools: [{name: a, provider: local, maxx: 2}]"))
                .hasMessageContaining("unknown key 'maxx' in pools[0] (did you mean 'max'?)");
        assertThatThrownBy(() -> config("pools: [{name: a, provider: local, min: \"1\"}]"))
                .hasMessageContaining("pools[0].min: expected a whole number");
        assertThatThrownBy(() -> config("pools: [{name: a, provider: local}, {name: a, provider: local}]"))
                .hasMessageContaining("pool name 'a' is used twice");
        assertThatThrownBy(() -> config("pools: [{name: a, provider: local, node_type: phone}]"))
                .hasMessageContaining("unknown node type 'phone'; expected one of local, vm, container, edge");
    }

    @Test
    void readsTheFlag() {
        PoolSpec p = PoolFlag.parse("local:name=burst,min=0,max=8,capabilities=burst,gpu,labels=team:x,"
                + "scale_down_cooldown=2s,spot=true");
        assertThat(p.name()).isEqualTo("burst");
        assertThat(p.provider()).isEqualTo(Provider.LOCAL);
        assertThat(p.max()).isEqualTo(8);
        assertThat(p.capabilities()).containsExactly("burst", "gpu");
        assertThat(p.labels()).containsEntry("team", "x");
        assertThat(p.scaleDownCooldown()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.spot()).isTrue();
    }

    @Test
    void flagErrorsNameTheKeyAndValue() {
        assertThatThrownBy(() -> PoolFlag.parse("local:name=a,max=lots"))
                .hasMessageContaining("max must be a whole number, got 'lots'");
        assertThatThrownBy(() -> PoolFlag.parse("local:name=a,colour=red"))
                .hasMessageContaining("unknown key 'colour'");
        assertThatThrownBy(() -> PoolFlag.parse("name=a"))
                .hasMessageContaining("expected PROVIDER:name=NAME");
        assertThatThrownBy(() -> PoolFlag.parse("local:min=1"))
                .hasMessageContaining("name=NAME is required");
        assertThatThrownBy(() -> PoolFlag.parse("local:name=a,spot=yes"))
                .hasMessageContaining("spot must be true or false, got 'yes'");
        assertThatThrownBy(() -> PoolFlag.parse("mars:name=a"))
                .hasMessageContaining("unknown provider 'mars'");
        assertThatThrownBy(() -> PoolFlag.parse("local:name=a,scale_down_cooldown=soon"))
                .hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void readsAKubernetesPoolsDeploymentSettingsFromTheFileAndTheFlag() throws Exception {
        KubernetesPool wanted = new KubernetesPool("registry.example/meridian:1", "ml",
                "http://meridian-0:7070,http://meridian-1:7070", "gpu-token", "500m", "4Gi", "2", 1,
                Map.of("cloud.google.com/gke-accelerator", "nvidia-l4"),
                List.of(new Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule"),
                        new Toleration("dedicated", "Equal", "ml", "NoExecute")), 20);
        PoolSpec file = config("""
                pools:
                  - name: gpu
                    provider: kubernetes
                    capabilities: [gpu]
                    kubernetes:
                      image: registry.example/meridian:1
                      namespace: ml
                      coordinators: http://meridian-0:7070,http://meridian-1:7070
                      token_secret: gpu-token
                      cpu: 500m
                      memory: 4Gi
                      cpu_limit: "2"
                      gpu: 1
                      node_selector: {cloud.google.com/gke-accelerator: nvidia-l4}
                      tolerations:
                        - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
                        - {key: dedicated, value: ml, effect: NoExecute}
                      drain_seconds: 20
                """).pools().getFirst();
        assertThat(file.kubernetes()).isEqualTo(wanted);
        assertThat(file.nodeType()).isEqualTo(NodeType.CONTAINER);
        PoolSpec flag = PoolFlag.parse("kubernetes:name=gpu,capabilities=gpu,image=registry.example/meridian:1,"
                + "namespace=ml,coordinators=http://meridian-0:7070,http://meridian-1:7070,token_secret=gpu-token,"
                + "cpu=500m,memory=4Gi,cpu_limit=2,gpu=1,node_selector=cloud.google.com/gke-accelerator:nvidia-l4,"
                + "tolerations=nvidia.com/gpu:NoSchedule,dedicated:ml:NoExecute,drain_seconds=20");
        assertThat(flag).isEqualTo(file);
        assertThat(PoolFlag.parse("kubernetes:name=k").kubernetes()).isEqualTo(KubernetesPool.DEFAULT);
    }

    @Test
    void refusesKubernetesSettingsTheApiServerWouldRefuse() {
        assertThatThrownBy(() -> config("pools: [{name: k, provider: kubernetes, kubernetes: {memory: 4GB}}]"))
                .hasMessageContaining("meridian.yaml:1:").hasMessageContaining("pools[0]: kubernetes.memory must be "
                        + "a Kubernetes quantity (e.g. 500m, 2, 512Mi, 4Gi), got '4GB'");
        assertThatThrownBy(() -> config("pools: [{name: k, provider: kubernetes, kubernetes: {tolerations: "
                + "[{key: gpu, effect: NoRun}]}}]"))
                .hasMessageContaining("pools[0]: kubernetes.tolerations[0]: effect must be NoSchedule, "
                        + "PreferNoSchedule or NoExecute, got 'NoRun'");
        assertThatThrownBy(() -> config("pools: [{name: k, provider: kubernetes, kubernetes: {gpus: 1}}]"))
                .hasMessageContaining("unknown key 'gpus' in pools[0].kubernetes (did you mean 'gpu'?)");
        assertThatThrownBy(() -> config("pools: [{name: k_1, provider: kubernetes}]"))
                .hasMessageContaining("a kubernetes pool's name must be lower-case letters, digits and '-'");
        assertThatThrownBy(() -> config("pools: [{name: l, provider: local, kubernetes: {gpu: 1}}]"))
                .hasMessageContaining("kubernetes settings are for provider kubernetes only, not local");
        assertThatThrownBy(() -> PoolFlag.parse("kubernetes:name=k,tolerations=gpu"))
                .hasMessageContaining("tolerations are KEY[:VALUE]:EFFECT, got 'gpu'");
        assertThatThrownBy(() -> PoolFlag.parse("kubernetes:name=k,coordinators=meridian:7070"))
                .hasMessageContaining("kubernetes.coordinators must be http(s) URLs, comma separated, got "
                        + "'meridian:7070'");
    }
}
