package io.meridian.elastic.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.meridian.elastic.pool.KubernetesPool;
import io.meridian.elastic.pool.PoolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Deployment that runs one kubernetes pool's workers: what the pool says becomes the pod template, and nothing
 * else. Every pod runs {@code meridian worker} with its own pod name as worker id (through the downward API), so
 * the coordinator's registry, the pod list and the autoscaler all name a worker the same way.
 */
final class WorkerDeployment {
    static final String POOL_LABEL = "meridian.io/pool";
    static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    static final String NAME_LABEL = "app.kubernetes.io/name";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /** The ReplicaSet controller removes the pod with the lowest cost first when the Deployment shrinks. */
    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    static final String GPU_RESOURCE = "nvidia.com/gpu";
    static final String TOKEN_KEY = "token";
    static final String CONTAINER = "worker";
    /** Time after the drain for the JVM to deregister and exit before the kubelet kills it. */
    static final int EXIT_MARGIN_SECONDS = 15;
    /**
     * The worker drains on SIGTERM. The hook sends it at once and holds until the worker (PID 1) has exited, so the
     * drain runs inside the pod's grace period, which counts from the hook's start.
     */
    static final List<String> PRE_STOP = List.of("/bin/sh", "-c",
            "kill -TERM 1; while kill -0 1 2>/dev/null; do sleep 1; done");

    private WorkerDeployment() {}

    static String name(String pool) {
        return "meridian-worker-" + pool;
    }

    /** The labels that select a pool's pods, on the Deployment, its selector and its pod template. */
    static Map<String, String> selector(String pool) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME_LABEL, "meridian");
        labels.put(COMPONENT_LABEL, "worker");
        labels.put(POOL_LABEL, pool);
        return labels;
    }

    static Deployment of(PoolSpec pool, String namespace, int replicas) {
        Map<String, String> labels = new LinkedHashMap<>(selector(pool.name()));
        labels.put(MANAGED_BY_LABEL, "meridian");
        return new DeploymentBuilder()
                .withNewMetadata().withName(name(pool.name())).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(selector(pool.name())).endSelector()
                .withTemplate(template(pool, labels))
                .endSpec().build();
    }

    private static PodTemplateSpec template(PoolSpec pool, Map<String, String> labels) {
        KubernetesPool k = pool.kubernetes();
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false) // workers never call the Kubernetes API
                .withTerminationGracePeriodSeconds((long) k.drainSeconds() + EXIT_MARGIN_SECONDS)
                .withNodeSelector(k.nodeSelector())
                .withTolerations(k.tolerations().stream().map(t -> new TolerationBuilder().withKey(t.key())
                        .withOperator(t.operator()).withValue(t.value()).withEffect(t.effect()).build()).toList())
                .withContainers(container(pool))
                .endSpec().build();
    }

    private static Container container(PoolSpec pool) {
        KubernetesPool k = pool.kubernetes();
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(k.image())
                .withArgs(args(pool))
                .withEnv(environment(k))
                .withResources(resources(k))
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand(PRE_STOP).endExec().endPreStop()
                .endLifecycle()
                .build();
    }

    /** The image's entrypoint is the meridian command; the token stays out of the arguments, which ps shows. */
    static List<String> args(PoolSpec pool) {
        List<String> a = new ArrayList<>(List.of("worker", "--id", "$(MERIDIAN_WORKER_ID)",
                "--concurrency", String.valueOf(pool.workerSlots()), "--node-type", pool.nodeType().word(),
                "--cost-per-hour", String.valueOf(pool.costPerHour()),
                "--drain-seconds", String.valueOf(pool.kubernetes().drainSeconds()),
                "--label", PoolSpec.POOL_LABEL + "=" + pool.name()));
        if (!pool.capabilities().isEmpty()) {
            a.addAll(List.of("--capabilities", String.join(",", pool.capabilities())));
        }
        if (pool.region() != null) {
            a.addAll(List.of("--region", pool.region()));
        }
        pool.labels().forEach((key, value) -> a.addAll(List.of("--label", key + "=" + value)));
        return a;
    }

    private static List<EnvVar> environment(KubernetesPool k) {
        return List.of(
                new EnvVarBuilder().withName("MERIDIAN_WORKER_ID").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                new EnvVarBuilder().withName("MERIDIAN_COORDINATOR").withValue(k.coordinators()).build(),
                new EnvVarBuilder().withName("MERIDIAN_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                        .withName(k.tokenSecret()).withKey(TOKEN_KEY).endSecretKeyRef().endValueFrom().build());
    }

    private static ResourceRequirements resources(KubernetesPool k) {
        Map<String, Quantity> requests = new LinkedHashMap<>();
        Map<String, Quantity> limits = new LinkedHashMap<>();
        if (k.cpu() != null) {
            requests.put("cpu", new Quantity(k.cpu()));
        }
        if (k.cpuLimit() != null) {
            limits.put("cpu", new Quantity(k.cpuLimit()));
        }
        if (k.memory() != null) { // memory is not elastic: a pod over its request may be evicted, so limit = request
            requests.put("memory", new Quantity(k.memory()));
            limits.put("memory", new Quantity(k.memory()));
        }
        if (k.gpu() > 0) { // extended resources must be requested and limited alike
            requests.put(GPU_RESOURCE, new Quantity(String.valueOf(k.gpu())));
            limits.put(GPU_RESOURCE, new Quantity(String.valueOf(k.gpu())));
        }
        return new ResourceRequirementsBuilder().withRequests(requests.isEmpty() ? null : requests)
                .withLimits(limits.isEmpty() ? null : limits).build();
    }
}
