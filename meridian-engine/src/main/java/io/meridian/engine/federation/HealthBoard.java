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

    private volatile java.util.function.Consumer<io.meridian.store.event.EventRecord> onChange = e -> { };

    /** Hears region.unreachable and region.recovered when a probe finds a region's reachability changed. */
    void onChange(java.util.function.Consumer<io.meridian.store.event.EventRecord> listener) {
        this.onChange = listener;
    }

    void probed(String region, RemoteExecutor.RegionProbe probe, Instant at) {
        RemoteExecutor.RegionProbe before = probes.put(region, probe);
        probedAt.put(region, at);
        boolean wasReachable = before == null || before.reachable(); // unprobed counts as reachable (see health)
        if (wasReachable != probe.reachable()) {
            Map<String, Object> data = new java.util.TreeMap<>();
            data.put("region", region);
            if (probe.error() != null) {
                data.put("error", probe.error());
            }
            onChange.accept(io.meridian.store.event.EventRecord.unnumbered(probe.reachable()
                    ? io.meridian.model.event.EventType.REGION_RECOVERED
                    : io.meridian.model.event.EventType.REGION_UNREACHABLE, at, null, region, data));
        }
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
