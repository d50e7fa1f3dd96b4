package io.meridian.elastic.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The part of kube-controller-manager the provisioner relies on, which the mock API server does not run: it keeps
 * as many pods of each worker Deployment as its replicas, creating them from the template and, when there are too
 * many, deleting the ones with the lowest {@code pod-deletion-cost} first (then the newest), as the ReplicaSet
 * controller ranks ready pods. Pausing it stands for a cluster that refuses new pods.
 */
final class ReplicaSetStandIn implements AutoCloseable {
    private final KubernetesClient client;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private boolean paused;

    ReplicaSetStandIn(KubernetesClient client) {
        this.client = client;
        loop.scheduleWithFixedDelay(this::reconcileQuietly, 0, 50, TimeUnit.MILLISECONDS);
    }

    /** Once this returns, the stand-in sends nothing more (a pass under way has finished). */
    synchronized void pause() {
        paused = true;
    }

    private synchronized void reconcileQuietly() {
        try {
            if (!paused) {
                client.apps().deployments().inAnyNamespace()
                        .withLabel(WorkerDeployment.MANAGED_BY_LABEL, "meridian").list().getItems()
                        .forEach(this::reconcile);
            }
        } catch (RuntimeException e) {
            // the mock server stopping at the end of a test
        }
    }

    private void reconcile(Deployment d) {
        String ns = d.getMetadata().getNamespace();
        List<Pod> pods = client.pods().inNamespace(ns).withLabels(d.getSpec().getSelector().getMatchLabels()).list()
                .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        for (int i = pods.size(); i < wanted; i++) {
            client.pods().inNamespace(ns).resource(new PodBuilder()
                    .withNewMetadata().withGenerateName(d.getMetadata().getName() + "-").withNamespace(ns)
                    .withLabels(d.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                    .withSpec(d.getSpec().getTemplate().getSpec()).build()).create();
        }
        pods.stream().sorted(Comparator.comparingLong(ReplicaSetStandIn::deletionCost)
                        .thenComparing(p -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder()))
                .limit(Math.max(0, pods.size() - wanted))
                .forEach(p -> client.pods().inNamespace(ns).withName(p.getMetadata().getName()).delete());
    }

    private static long deletionCost(Pod p) {
        String cost = p.getMetadata().getAnnotations().get(WorkerDeployment.DELETION_COST);
        return cost == null ? 0 : Long.parseLong(cost);
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
