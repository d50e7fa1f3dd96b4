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

/**
 * The provisioners of the providers other than local, found on the class path through {@link ProvisionerFactory}
 * (meridian-elastic-aws and the like), one per provider the pools use.
 */
public final class PoolProvisioners {
    /** The address machines elsewhere reach the coordinators at, when it is not the one this server listens on. */
    public static final String COORDINATOR_SETTING = "MERIDIAN_POOL_COORDINATOR";

    private PoolProvisioners() {}

    /** The providers with a provisioner here: local, and every one a factory on the class path serves. */
    public static Set<Provider> available() {
        Set<Provider> out = new LinkedHashSet<>(List.of(Provider.LOCAL));
        factories().forEach((p, f) -> out.add(p));
        return out;
    }

    /**
     * One provisioner per provider the pools use, but local (which the server makes itself).
     *
     * @throws IllegalArgumentException when a provider has no provisioner here, its settings are wrong, or its
     *                                  machines would be told a loopback address
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
                if (loopback(context.coordinatorUrl())) {
                    throw new IllegalArgumentException("pool '" + p.name() + "' (" + p.provider().word() + "): its "
                            + "machines cannot reach the coordinator at " + context.coordinatorUrl() + "; set "
                            + COORDINATOR_SETTING + " to an address they can reach");
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
        String host = URI.create(url).getHost();
        return host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }
}
