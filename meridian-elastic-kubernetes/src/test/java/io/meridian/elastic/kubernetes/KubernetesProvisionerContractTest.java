package io.meridian.elastic.kubernetes;

import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.elastic.provision.ProvisionerContract;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The provisioner contract against fabric8's mock API server in CRUD mode, with {@link ReplicaSetStandIn} playing
 * the ReplicaSet controller. No real cluster is involved (docs/elastic.md says so).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesProvisionerContractTest extends ProvisionerContract {
    KubernetesMockServer server;
    private ReplicaSetStandIn replicaSets;

    @Override
    protected Provisioner create() {
        if (replicaSets == null) {
            replicaSets = new ReplicaSetStandIn(server.createClient());
        }
        return new KubernetesProvisioner(server.createClient(), List.of(), Duration.ofSeconds(10),
                InstantSource.system());
    }

    @Override
    protected boolean workersOutliveTheProvisioner() {
        return true;
    }

    @AfterEach
    void stopReplicaSets() {
        replicaSets.close();
    }
}
