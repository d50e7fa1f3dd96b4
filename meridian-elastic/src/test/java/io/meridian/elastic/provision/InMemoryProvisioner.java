package io.meridian.elastic.provision;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provisioner that starts nothing real: it keeps the list a provider would, so the autoscaler's tests can watch
 * what it asks for. Stopped workers leave at once; {@link #failNext} makes the next starts fail.
 */
public final class InMemoryProvisioner implements Provisioner {
    private final Provider provider;
    private final InstantSource clock;
    private final Map<String, ProvisionedWorker> workers = new LinkedHashMap<>();
    private final List<String> stopped = new ArrayList<>();
    private int failures;
    private int next;

    public InMemoryProvisioner(Provider provider, InstantSource clock) {
        this.provider = provider;
        this.clock = clock;
    }

    /** The next {@code n} calls to start fail as a provider would. */
    public synchronized void failNext(int n) {
        failures = n;
    }

    public synchronized List<String> stopped() {
        return List.copyOf(stopped);
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public synchronized List<ProvisionedWorker> start(PoolSpec pool, int count) throws ProvisionException {
        if (failures > 0) {
            failures--;
            throw new ProvisionException("no capacity for " + pool.name());
        }
        List<ProvisionedWorker> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ProvisionedWorker w = new ProvisionedWorker(pool.name() + "-" + (++next), pool.name(), clock.instant(), 0,
                    false);
            workers.put(w.workerId(), w);
            out.add(w);
        }
        return out;
    }

    @Override
    public synchronized void stop(String workerId) {
        if (workers.remove(workerId) != null) {
            stopped.add(workerId);
        }
    }

    @Override
    public synchronized List<ProvisionedWorker> running(String pool) {
        return workers.values().stream().filter(w -> w.pool().equals(pool)).toList();
    }

    @Override
    public synchronized void close() {
        workers.clear();
    }
}
