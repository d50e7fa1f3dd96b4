package io.meridian.elastic.provision;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Function;

/**
 * Makes the provisioner of one provider. Implementations live in their own modules (so a server carries only the
 * SDKs it uses) and are found with {@link java.util.ServiceLoader}: each lists its class in
 * {@code META-INF/services/io.meridian.elastic.provision.ProvisionerFactory}.
 */
public interface ProvisionerFactory {

    /** The provider whose pools the provisioners made here serve. */
    Provider provider();

    /**
     * Refuses wrong or missing settings before the server starts anything, naming the setting (nothing is checked by
     * default).
     *
     * @param settings the provider's settings by name, null for an unset one
     * @throws IllegalArgumentException naming the setting and what it should be
     */
    default void check(Function<String, String> settings) {}

    /**
     * Whether this provider's workers need the server to be told the coordinators' address as they reach it
     * ({@code MERIDIAN_POOL_COORDINATOR}): machines elsewhere do; a provider whose pools name their coordinators
     * themselves (a kubernetes pool's Service) does not.
     */
    default boolean needsCoordinatorAddress() {
        return true;
    }

    /**
     * A provisioner for this server.
     *
     * @throws IllegalArgumentException when the provider's settings are missing or wrong, naming the setting
     */
    Provisioner create(Context context);

    /**
     * What every provisioner needs from the server that runs it.
     *
     * @param coordinatorUrl where the workers reach the coordinators
     * @param workerToken    a token with the worker scope for the workers; never to be logged or put on a command line
     * @param drainGrace     how long a stopped worker may take to finish its jobs before it is killed
     * @param settings       the provider's settings by name (the server passes its environment: MERIDIAN_AWS_...),
     *                       null for an unset one
     * @param pools          the pools the server declares (a provisioner may find their workers before it is asked to
     *                       start any: in their region, say)
     */
    record Context(String coordinatorUrl, String workerToken, Duration drainGrace, InstantSource clock,
                   Function<String, String> settings, List<PoolSpec> pools) {
        public Context {
            pools = pools == null ? List.of() : List.copyOf(pools);
        }
    }
}
