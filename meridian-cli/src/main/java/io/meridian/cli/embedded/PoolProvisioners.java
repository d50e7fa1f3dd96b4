package io.meridian.cli.embedded;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.elastic.provision.ProvisionerFactory;
import java.net.URI;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;

/**
 * The provisioners of the providers other than local, found on the class path through {@link ProvisionerFactory}
 * (meridian-elastic-aws and the like), one per provider the pools use.
 */
public final class PoolProvisioners {
    /** The address machines elsewhere reach the coordinators at, when it is not the one this server listens on. */
    public static final String COORDINATOR_SETTING = "MERIDIAN_POOL_COORDINATOR";

    private PoolProvisioners() {}

    /**
     * Refuses, before the server starts anything, a pool whose provider has no provisioner here, whose provider's
     * settings are wrong, or whose machines would not know where the coordinators are.
     *
     * @param settings the server's environment
     */
    public static void check(List<PoolSpec> pools, Function<String, String> settings) {
        Map<Provider, ProvisionerFactory> factories = factories();
        Set<Provider> checked = new LinkedHashSet<>();
        for (PoolSpec p : pools) {
            if (p.provider() == Provider.LOCAL || !checked.add(p.provider())) {
                continue;
            }
            ProvisionerFactory f = factories.get(p.provider());
            if (f == null) {
                throw new IllegalArgumentException("pool '" + p.name() + "': no provisioner for provider '"
                        + p.provider().word() + "' is on the class path (docs/elastic.md)");
            }
            String coordinator = settings.apply(COORDINATOR_SETTING);
            if (f.needsCoordinatorAddress() && (coordinator == null || coordinator.isBlank() || loopback(coordinator.strip()))) {
                throw new IllegalArgumentException("pool '" + p.name() + "' (" + p.provider().word() + "): set "
                        + COORDINATOR_SETTING + " to the coordinators' address as its machines reach it (not a "
                        + "loopback address), got " + (coordinator == null || coordinator.isBlank() ? "none"
                        : "'" + coordinator.strip() + "'"));
            }
            f.check(settings);
        }
    }

    /**
     * One provisioner per provider the pools use, but local (which the server makes itself); {@link #check} has
     * passed.
     *
     * @throws IllegalArgumentException when a provider has no provisioner here or its settings are wrong
     */
    static Map<Provider, Provisioner> create(List<PoolSpec> pools, ProvisionerFactory.Context context) {
        Map<Provider, ProvisionerFactory> factories = factories();
        Map<Provider, Provisioner> out = new EnumMap<>(Provider.class);
        try {
            for (PoolSpec p : pools) {
                if (p.provider() == Provider.LOCAL || out.containsKey(p.provider())) {
                    continue;
                }
                ProvisionerFactory f = factories.get(p.provider());
                if (f == null) {
                    throw new IllegalArgumentException("pool '" + p.name() + "': no provisioner for provider '"
                            + p.provider().word() + "' is on the class path (docs/elastic.md)");
                }
                out.put(p.provider(), f.create(context));
            }
        } catch (RuntimeException e) {
            out.values().forEach(Provisioner::close);
            throw e;
        }
        return out;
    }

    private static Map<Provider, ProvisionerFactory> factories() {
        Map<Provider, ProvisionerFactory> out = new EnumMap<>(Provider.class);
        ServiceLoader.load(ProvisionerFactory.class).forEach(f -> out.putIfAbsent(f.provider(), f));
        return out;
    }

    private static boolean loopback(String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return true; // not a URL: no machine could reach it either
        }
        return host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }
}
