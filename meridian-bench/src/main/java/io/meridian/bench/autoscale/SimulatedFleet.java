package io.meridian.bench.autoscale;

import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.ProvisionedWorker;
import io.meridian.elastic.provision.Provisioner;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Workers in simulated time, started and stopped like a provisioner's: a started worker takes jobs after
 * {@code startupSeconds} and costs from the moment it is started; a stopped one takes no more jobs and leaves when its
 * last job ends. A static fleet is the same with workers started once at second 0, already warm.
 */
final class SimulatedFleet implements Provisioner {
    /** One worker; {@code running} is how many of its slots are busy. */
    static final class Worker {
        final String id;
        final double readyAt;
        int running;
        boolean draining;

        Worker(String id, double readyAt) {
            this.id = id;
            this.readyAt = readyAt;
        }
    }

    private record Finish(double at, Worker worker) {}

    private final InstantSource clock;
    private final Instant epoch;
    private final double startupSeconds;
    private final int slots;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private final PriorityQueue<Finish> finishing = new PriorityQueue<>((a, b) -> Double.compare(a.at(), b.at()));
    private int next;
    private double workerSeconds;

    SimulatedFleet(InstantSource clock, double startupSeconds, int slots) {
        this.clock = clock;
        this.epoch = clock.instant();
        this.startupSeconds = startupSeconds;
        this.slots = slots;
    }

    /** A fleet of {@code n} workers ready from the start that nobody resizes. */
    static SimulatedFleet fixed(InstantSource clock, int n, int slots) {
        SimulatedFleet f = new SimulatedFleet(clock, 0, slots);
        for (int i = 0; i < n; i++) {
            f.add(-1);
        }
        return f;
    }

    double now() {
        return java.time.Duration.between(epoch, clock.instant()).toNanos() / 1e9;
    }

    /** Ends the jobs due by {@code t} and lets drained workers go. */
    void finishUntil(double t) {
        while (!finishing.isEmpty() && finishing.peek().at() <= t) {
            Finish f = finishing.poll();
            f.worker().running--;
            if (f.worker().draining && f.worker().running == 0) {
                workers.remove(f.worker().id);
            }
        }
    }

    /** A worker ready at {@code t} with a free slot, the least loaded, or null. */
    Worker free(double t) {
        Worker best = null;
        for (Worker w : workers.values()) {
            if (!w.draining && w.readyAt <= t && w.running < slots && (best == null || w.running < best.running)) {
                best = w;
            }
        }
        return best;
    }

    void run(Worker w, double start, double duration) {
        w.running++;
        finishing.add(new Finish(start + duration, w));
    }

    /** Bills every worker that exists (starting ones too, as clouds do) for {@code seconds}. */
    void bill(double seconds) {
        workerSeconds += workers.size() * seconds;
    }

    double workerSeconds() {
        return workerSeconds;
    }

    int size() {
        return workers.size();
    }

    /** Jobs running on each ready worker: the registry's view. */
    Map<String, Integer> registered(double t) {
        Map<String, Integer> out = new HashMap<>();
        workers.values().stream().filter(w -> w.readyAt <= t).forEach(w -> out.put(w.id, w.running));
        return out;
    }

    private Worker add(double readyAt) {
        Worker w = new Worker("w" + (++next), readyAt);
        workers.put(w.id, w);
        return w;
    }

    @Override
    public Provider provider() {
        return Provider.LOCAL;
    }

    @Override
    public List<ProvisionedWorker> start(PoolSpec pool, int count) {
        List<ProvisionedWorker> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Worker w = add(now() + startupSeconds);
            out.add(view(w, pool.name()));
        }
        return out;
    }

    @Override
    public void stop(String workerId) {
        Worker w = workers.get(workerId);
        if (w != null) {
            w.draining = true;
            if (w.running == 0) {
                workers.remove(workerId);
            }
        }
    }

    @Override
    public List<ProvisionedWorker> running(String pool) {
        return workers.values().stream().map(w -> view(w, pool)).toList();
    }

    @Override
    public void close() {
        workers.clear();
    }

    private ProvisionedWorker view(Worker w, String pool) {
        return new ProvisionedWorker(w.id, pool, epoch.plusMillis(Math.round((w.readyAt - startupSeconds) * 1000)),
                0, w.draining);
    }
}
