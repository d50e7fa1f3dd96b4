package io.meridian.elastic.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.elastic.provision.ProvisionerFactory;
import java.time.Duration;
import java.util.List;

/**
 * The kubernetes provisioner, found by the server through {@link java.util.ServiceLoader}. The client configures
 * itself as kubectl does: in a pod, from its service account (and its namespace); elsewhere from KUBECONFIG or
 * {@code ~/.kube/config}.
 */
public final class KubernetesProvisionerFactory implements ProvisionerFactory {
    /**
     * A ReplicaSet creates pods (not yet scheduled) within a second or two; much longer means something refuses
     * them. Short, because the autoscaler's tick waits meanwhile.
     */
    static final Duration POD_WAIT = Duration.ofSeconds(10);

    @Override
    public Provider provider() {
        return Provider.KUBERNETES;
    }

    /** A kubernetes pool names its coordinators (their Service) in its own section. */
    @Override
    public boolean needsCoordinatorAddress() {
        return false;
    }

    @Override
    public Provisioner create(Context context) {
        List<PoolSpec> pools = context.pools().stream().filter(p -> p.provider() == Provider.KUBERNETES).toList();
        try {
            KubernetesClient client = new KubernetesClientBuilder().build();
            return new KubernetesProvisioner(client, pools, POD_WAIT, context.clock());
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("the kubernetes provisioner could not start: could not set up the "
                    + "Kubernetes client: " + e.getMessage(), e);
        }
    }
}
