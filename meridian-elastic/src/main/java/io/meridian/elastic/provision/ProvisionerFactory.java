package io.meridian.elastic.provision;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Makes the provisioner of one provider that is built in a module of its own ({@code meridian-elastic-kubernetes}),
 * found through {@link ServiceLoader}: the server picks a pool's provisioner by the pool's provider without naming
 * the module, and a distribution without the module refuses such pools when it starts. The local provisioner needs
 * the server's own command line and is made by the server directly.
 */
public interface ProvisionerFactory {

    /** The provider whose pools the provisioners made here serve. */
    Provider provider();

    /**
     * A provisioner for the pools of {@link #provider()}, set up from the environment (for kubernetes: in-cluster
     * or kubeconfig credentials, as the provider's own tools find them).
     *
     * @param pools the pools it will serve (it may adopt workers a previous leader started for them)
     * @throws ProvisionException when the provider cannot be reached or configured
     */
    Provisioner create(List<PoolSpec> pools, InstantSource clock) throws ProvisionException;

    /** The factory on the class path for {@code provider}, if there is one. */
    static Optional<ProvisionerFactory> find(Provider provider) {
        return ServiceLoader.load(ProvisionerFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.provider() == provider).findFirst();
    }
}
