package io.meridian.elastic.pool;

import io.meridian.protocol.lease.NodeType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolSpecTest {
    static PoolSpec pool(String name, int min, int max, double cost, String... caps) {
        return new PoolSpec(name, Provider.LOCAL, null, null, List.of(caps), Map.of(), null, min, max, cost, false,
                60, 4, null, null);
    }

    @Test
    void offersItsCapabilitiesAndTheOnesEveryWorkerHas() {
        PoolSpec p = pool("burst", 0, 4, 0, "burst");
        assertThat(p.offers(Set.of("burst", "cpu"))).isTrue();
        assertThat(p.offers(Set.of("gpu"))).isFalse();
        assertThat(p.nodeType()).isEqualTo(NodeType.LOCAL);
    }

    @Test
    void theBudgetCapsTheSize() {
        PoolSpec p = new PoolSpec("gpu", Provider.AWS, null, null, List.of(), Map.of(), null, 0, 10, 0.75, true, 60,
                4, null, 3.0);
        assertThat(p.affordable()).isEqualTo(4);
        assertThat(p.nodeType()).isEqualTo(NodeType.VM);
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> pool("Bad Name", 0, 1, 0)).hasMessageContaining("pool name must be");
        assertThatThrownBy(() -> pool("a", -1, 1, 0)).hasMessageContaining("min must be 0 or more, got -1");
        assertThatThrownBy(() -> pool("a", 0, 0, 0)).hasMessageContaining("max must be at least 1");
        assertThatThrownBy(() -> pool("a", 0, 1, -2)).hasMessageContaining("cost_per_hour must be 0 or more");
        assertThatThrownBy(() -> NodeType.parse("node_type", "phone")).hasMessageContaining("local, vm, container, edge");
    }

    @Test
    void aKubernetesPoolGetsDefaultsAndRefusesWhatTheApiServerWould() {
        PoolSpec k = new PoolSpec("gpu", Provider.KUBERNETES, null, null, List.of(), Map.of(), null, 0, 2, 0, false, 60,
                4, null, null);
        assertThat(k.kubernetes()).isEqualTo(KubernetesPool.DEFAULT);
        assertThat(k.kubernetes().image()).isEqualTo("meridian:latest");
        assertThat(k.kubernetes().coordinators()).isEqualTo("http://meridian:7070");
        assertThat(k.kubernetes().drainSeconds()).isEqualTo(30);
        assertThat(k.nodeType()).isEqualTo(NodeType.CONTAINER);
        assertThatThrownBy(() -> kube(null, null, 0, Map.of("gpu type", "a100"), List.of()))
                .hasMessageContaining("kubernetes.node_selector: 'gpu type=a100' is not a Kubernetes label");
        assertThatThrownBy(() -> kube("Prod", null, 0, Map.of(), List.of()))
                .hasMessageContaining("kubernetes.namespace must be a DNS label");
        assertThatThrownBy(() -> kube(null, "2 cores", 0, Map.of(), List.of()))
                .hasMessageContaining("kubernetes.cpu must be a Kubernetes quantity");
        assertThatThrownBy(() -> kube(null, null, -1, Map.of(), List.of()))
                .hasMessageContaining("kubernetes.gpu must be 0 or more, got -1");
        assertThatThrownBy(() -> new Toleration("gpu", "Exists", "yes", null))
                .hasMessageContaining("operator Exists takes no value");
        assertThatThrownBy(() -> new Toleration(null, "Equal", "x", "NoSchedule"))
                .hasMessageContaining("operator Equal needs a key");
        assertThat(new Toleration(null, "Exists", null, null).operator()).isEqualTo("Exists"); // tolerates every taint
    }

    private static KubernetesPool kube(String namespace, String cpu, int gpu, Map<String, String> nodeSelector,
                                       List<Toleration> tolerations) {
        return new KubernetesPool(null, namespace, null, null, cpu, null, null, gpu, nodeSelector, tolerations, 0);
    }
}
