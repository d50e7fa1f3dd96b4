package io.meridian.elastic.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.ProvisionException;
import io.meridian.elastic.provision.ProvisionedWorker;
import io.meridian.elastic.provision.Provisioner;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each kubernetes pool as one Deployment ({@link WorkerDeployment}) whose replicas the autoscaler moves: start
 * raises them and returns the pods the ReplicaSet made, whose names are the workers' ids; stop removes one named pod.
 *
 * <p>Stopping a given pod takes three steps, because a Deployment cannot be told which pod to drop: the pod gets the
 * lowest {@code pod-deletion-cost}, the replicas go down by one (the ReplicaSet deletes the cheapest pod, this one,
 * when all are ready, which idle workers are), then the pod is deleted by name in case the ReplicaSet picked a
 * pod it ranks lower still (a pending one), which it then replaces. Either way the named worker leaves through
 * Kubernetes' graceful deletion: the {@code preStop} hook drains it, and no replacement is made for it. Deleting the
 * pod alone would make the ReplicaSet start a new one; scaling down alone could remove a busy worker.
 *
 * <p>The Deployments outlive this provisioner: closing it leaves the workers running for the next leading
 * coordinator's provisioner, which finds them by their labels. A coordinator restarting must not drain the fleet.
 */
public final class KubernetesProvisioner implements Provisioner {
    private static final Logger log = LoggerFactory.getLogger(KubernetesProvisioner.class);
    private final KubernetesClient client;
    private final Duration podWait;
    private final InstantSource clock;
    /** Each pool's namespace, so that the pods of a pool this process has not started yet are found. */
    private final Map<String, String> namespaces = new HashMap<>();
    /** The pools whose Deployment this provisioner has brought up to date with their spec. */
    private final Set<String> applied = new HashSet<>();
    /** The last pod list of each pool, answered while the API server does not answer. */
    private final Map<String, List<ProvisionedWorker>> lastSeen = new HashMap<>();
    /** Pools whose pods could not be listed last time: warned about once, not every tick. */
    private final Set<String> unlisted = new HashSet<>();

    /**
     * @param pools   the kubernetes pools this provisioner serves (their namespaces: where to look for their pods)
     * @param podWait how long the ReplicaSet may take to create the pods of a start; past it the start is undone
     *                and is a provider error (a ResourceQuota or an admission webhook refusing pods, say)
     */
    public KubernetesProvisioner(KubernetesClient client, List<PoolSpec> pools, Duration podWait,
                                 InstantSource clock) {
        this.client = client;
        this.podWait = podWait;
        this.clock = clock;
        pools.stream().filter(p -> p.provider() == Provider.KUBERNETES)
                .forEach(p -> namespaces.put(p.name(), namespace(p)));
    }

    @Override
    public Provider provider() {
        return Provider.KUBERNETES;
    }

    @Override
    public synchronized List<ProvisionedWorker> start(PoolSpec pool, int count) throws ProvisionException {
        if (count <= 0) {
            return List.of();
        }
        String ns = namespace(pool);
        namespaces.put(pool.name(), ns);
        String name = WorkerDeployment.name(pool.name());
        int before;
        Set<String> known;
        try {
            before = deploymentFor(pool, ns);
            known = pods(ns, pool.name()).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
            scale(ns, name, before + count);
        } catch (KubernetesClientException e) {
            throw new ProvisionException("could not scale Deployment " + ns + "/" + name + " of pool '"
                    + pool.name() + "' up by " + count + ": " + why(e), e);
        }
        CompletableFuture<List<Pod>> appeared = null;
        try {
            appeared = client.pods().inNamespace(ns).withLabels(WorkerDeployment.selector(pool.name()))
                    .informOnCondition(pods -> fresh(pods, known).size() >= count);
            List<Pod> made = appeared.get(podWait.toMillis(), TimeUnit.MILLISECONDS);
            List<Pod> mine = fresh(made, known).stream().limit(count).toList();
            log.info("Scaled Deployment {}/{} from {} to {}: pods {}", ns, name, before, before + count,
                    mine.stream().map(p -> p.getMetadata().getName()).toList());
            return mine.stream().map(p -> worker(p, pool.name())).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw undo(pool, ns, name, before, "was interrupted waiting for its pods", e);
        } catch (TimeoutException e) {
            throw undo(pool, ns, name, before, "got no " + count + " new pods within " + podWait.toSeconds()
                    + " s (a ResourceQuota, a LimitRange or an admission webhook refusing them?)", e);
        } catch (ExecutionException | KubernetesClientException e) {
            throw undo(pool, ns, name, before, "could not watch its pods: " + (e instanceof KubernetesClientException k
                    ? why(k) : e.getMessage()), e);
        } finally {
            if (appeared != null) {
                appeared.cancel(true); // stops the informer watching the pods
            }
        }
    }

    @Override
    public synchronized void stop(String workerId) {
        try {
            for (String ns : namespacesInUse()) {
                Pod pod = client.pods().inNamespace(ns).withName(workerId).get();
                String pool = pod == null ? null : pod.getMetadata().getLabels().get(WorkerDeployment.POOL_LABEL);
                if (pool != null && pod.getMetadata().getDeletionTimestamp() == null) {
                    remove(ns, pool, workerId);
                    return;
                }
            }
        } catch (KubernetesClientException e) {
            // The autoscaler sees the worker still running and asks again on a later tick.
            log.warn("Could not stop worker pod {}: {}; it stays until it is asked again", workerId, why(e));
        }
    }

    private void remove(String ns, String pool, String pod) {
        client.pods().inNamespace(ns).withName(pod).edit(p -> new PodBuilder(p).editMetadata()
                .addToAnnotations(WorkerDeployment.DELETION_COST, String.valueOf(Integer.MIN_VALUE)).endMetadata()
                .build());
        String name = WorkerDeployment.name(pool);
        Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
        int replicas = d == null || d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
        if (replicas > 0) {
            scale(ns, name, replicas - 1);
        }
        client.pods().inNamespace(ns).withName(pod).delete(); // graceful: the preStop hook drains the worker
        log.info("Stopping worker pod {}/{} of pool {} (Deployment {} scaled to {})", ns, pod, pool, name,
                Math.max(0, replicas - 1));
    }

    @Override
    public synchronized List<ProvisionedWorker> running(String pool) {
        String ns = namespaces.getOrDefault(pool, client.getNamespace());
        try {
            List<ProvisionedWorker> now = pods(ns, pool).stream().map(p -> worker(p, pool)).toList();
            lastSeen.put(pool, now);
            if (unlisted.remove(pool)) {
                log.info("The pods of pool {} in namespace {} can be listed again: {} workers", pool, ns, now.size());
            }
            return now;
        } catch (KubernetesClientException e) {
            // No answer is not "no workers": that would start a second fleet. A start fails and opens the breaker.
            if (unlisted.add(pool)) {
                log.warn("Could not list the pods of pool {} in namespace {}: {}; answering the last list seen "
                        + "until the API server answers", pool, ns, why(e));
            }
            return lastSeen.getOrDefault(pool, List.of());
        }
    }

    /** Leaves every Deployment as it is: the workers belong to the cluster, and the next leader adopts them. */
    @Override
    public synchronized void close() {
        client.close();
    }

    /** Creates the pool's Deployment (with no replicas) or brings its pod template up to date; returns replicas. */
    private int deploymentFor(PoolSpec pool, String ns) {
        RollableScalableResource<Deployment> r = client.apps().deployments().inNamespace(ns)
                .withName(WorkerDeployment.name(pool.name()));
        Deployment current = r.get();
        if (current == null) {
            client.apps().deployments().inNamespace(ns).resource(WorkerDeployment.of(pool, ns, 0)).create();
            applied.add(pool.name());
            return 0;
        }
        if (applied.add(pool.name())) { // a changed pool rolls its pods once; an unchanged one is a no-op
            Deployment wanted = WorkerDeployment.of(pool, ns, 0);
            r.edit(d -> new DeploymentBuilder(d).editMetadata().withLabels(wanted.getMetadata().getLabels())
                    .endMetadata().editSpec().withTemplate(wanted.getSpec().getTemplate()).endSpec().build());
        }
        Integer replicas = current.getSpec().getReplicas();
        return replicas == null ? 1 : replicas; // the API server's default
    }

    private void scale(String ns, String name, int replicas) {
        client.apps().deployments().inNamespace(ns).withName(name)
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
    }

    private ProvisionException undo(PoolSpec pool, String ns, String name, int before, String what, Exception e) {
        try {
            scale(ns, name, before);
        } catch (KubernetesClientException again) {
            log.warn("Could not scale Deployment {}/{} back to {}: {}", ns, name, before, why(again));
        }
        return new ProvisionException("Deployment " + ns + "/" + name + " of pool '" + pool.name() + "' " + what
                + "; scaled back to " + before, e);
    }

    /** The client's message says which operation failed; the API server's answer or the I/O error says why. */
    static String why(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return "HTTP " + e.getCode() + ": " + e.getStatus().getMessage();
        }
        Throwable cause = e.getCause();
        while (cause != null && cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause == null ? e.getMessage() : e.getMessage() + " (" + cause + ")";
    }

    private List<Pod> pods(String ns, String pool) {
        return client.pods().inNamespace(ns).withLabels(WorkerDeployment.selector(pool)).list().getItems();
    }

    private static List<Pod> fresh(List<Pod> pods, Set<String> known) {
        return pods.stream().filter(p -> !known.contains(p.getMetadata().getName()))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private Set<String> namespacesInUse() {
        Set<String> all = new HashSet<>(namespaces.values());
        if (all.isEmpty()) {
            all.add(client.getNamespace());
        }
        return all;
    }

    private String namespace(PoolSpec pool) {
        String ns = pool.kubernetes().namespace();
        return ns != null ? ns : client.getNamespace();
    }

    private ProvisionedWorker worker(Pod p, String pool) {
        String created = p.getMetadata().getCreationTimestamp();
        Instant startedAt = created == null ? clock.instant() : Instant.parse(created);
        int restarts = p.getStatus() == null ? 0 : p.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getRestartCount).filter(Objects::nonNull).mapToInt(Integer::intValue).sum();
        return new ProvisionedWorker(p.getMetadata().getName(), pool, startedAt, restarts,
                p.getMetadata().getDeletionTimestamp() != null);
    }
}
