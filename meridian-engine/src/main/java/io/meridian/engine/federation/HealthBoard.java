package io.meridian.engine.federation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The latest probe of every region, the runs in flight per region and each region's circuit breaker: what the
 * strategies consult and what {@code /v1/federation/health} shows.
 */
final class HealthBoard {
    private final FederationConfig config;
    private final Map<String, RemoteExecutor.RegionProbe> probes = new ConcurrentHashMap<>();
    private final Map<String, Instant> probedAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, RegionBreaker> breakers = new ConcurrentHashMap<>();

    HealthBoard(FederationConfig config) {
        this.config = config;
        config.regions().forEach(r -> {
            inFlight.put(r.name(), new AtomicInteger());
            breakers.put(r.name(), new RegionBreaker(config.breakerThreshold(), config.breakerCoolDown()));
        });
    }

    void probed(String region, RemoteExecutor.RegionProbe probe, Instant at) {
        probes.put(region, probe);
        probedAt.put(region, at);
    }

    RegionBreaker breaker(String region) {
        return breakers.get(region);
    }

    /** Takes a slot in the region if it is below max_concurrent. */
    boolean acquire(RegionConfig region) {
        AtomicInteger n = inFlight.get(region.name());
        while (true) {
            int now = n.get();
            if (now >= region.maxConcurrent()) {
                return false;
            }
            if (n.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release(RegionConfig region) {
        inFlight.get(region.name()).decrementAndGet();
    }

    RegionHealth health(RegionConfig r) {
        RemoteExecutor.RegionProbe p = probes.get(r.name());
        // Not probed yet: assume reachable, so a coordinator that just started can federate at once.
        boolean reachable = p == null || p.reachable();
        return new RegionHealth(r.name(), r.endpoint(), reachable, p == null ? -1 : p.latencyMs(),
                inFlight.get(r.name()).get(), p == null ? 0 : p.activeRuns(), r.maxConcurrent(),
                breakers.get(r.name()).state().name().toLowerCase(), probedAt.get(r.name()),
                p == null ? null : p.error());
    }

    List<RegionHealth> all() {
        return config.regions().stream().map(this::health).toList();
    }
}
