package io.meridian.bench.autoscale;

import io.meridian.elastic.policy.Autoscaler;
import io.meridian.elastic.policy.DecisionLog;
import io.meridian.elastic.policy.ScalingSettings;
import io.meridian.elastic.pool.PoolSpec;
import io.meridian.elastic.pool.Provider;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One replay of {@code meridian bench-autoscale}: the same trace against every static fleet and the autoscaler. */
public final class AutoscaleReplay {
    private final BurstyTrace trace;
    private final int slots;
    private final double startup;
    private final int cooldown;
    private final List<Integer> fleets;
    private final String described;

    public AutoscaleReplay(long seed, int seconds, double rate, double spike, double jobSeconds, int slots,
                           double startup, int cooldown, List<Integer> fleets) {
        this.trace = BurstyTrace.generate(seed, seconds, rate, spike, jobSeconds);
        this.slots = slots;
        this.startup = startup;
        this.cooldown = cooldown;
        this.fleets = fleets.stream().sorted().toList();
        this.described = String.format("%,d jobs over %.1f h (mean %.1f/s on a daily curve, spikes at %.0fx), "
                        + "%.0f s mean run time, %d slots per worker, workers ready %.0f s after they start, "
                        + "scale-down cooldown %d s, seed %d", trace.arrivals().length, seconds / 3600.0, rate, spike,
                jobSeconds, slots, startup, cooldown, seed);
    }

    /** Every fleet's result, the static ones first (smallest to largest), then the autoscaler's. */
    public List<FleetSimulation.Result> results() {
        List<FleetSimulation.Result> out = new ArrayList<>();
        for (int n : fleets) {
            SimulatedClock clock = new SimulatedClock();
            out.add(FleetSimulation.run("static " + n, trace, SimulatedFleet.fixed(clock, n, slots), clock, null));
        }
        SimulatedClock clock = new SimulatedClock();
        SimulatedFleet pool = new SimulatedFleet(clock, startup, slots);
        int max = Collections.max(fleets);
        PoolSpec spec = new PoolSpec("bench", Provider.LOCAL, null, null, List.of(), Map.of(), null, 0, max, 1.0,
                false, (int) Math.max(1, Math.ceil(startup * 4)), slots, Duration.ofSeconds(cooldown), null);
        Autoscaler scaler = new Autoscaler(List.of(spec), Map.of(Provider.LOCAL, pool), ScalingSettings.DEFAULT, clock,
                new DecisionLog(10));
        out.add(FleetSimulation.run("autoscaler (0-" + max + ")", trace, pool, clock, scaler));
        return out;
    }

    public void print(PrintStream out) {
        out.println("Autoscaling replay: " + described);
        List<FleetSimulation.Result> results = results();
        out.printf("%-20s %15s %10s %10s %10s %10s %10s %8s%n", "FLEET", "WORKER-SECONDS", "COST", "P50 WAIT",
                "P95 WAIT", "P99 WAIT", "MAX WAIT", "PEAK");
        FleetSimulation.Result largest = results.get(fleets.size() - 1);
        for (FleetSimulation.Result r : results) {
            out.printf("%-20s %,15.0f %9.0f%% %9.1fs %9.1fs %9.1fs %9.1fs %8d%n", r.fleet(), r.workerSeconds(),
                    100 * r.workerSeconds() / largest.workerSeconds(), r.p50WaitSeconds(), r.p95WaitSeconds(),
                    r.p99WaitSeconds(), r.maxWaitSeconds(), r.peakWorkers());
        }
        FleetSimulation.Result auto = results.getLast();
        // Jobs are handed out once per simulated second: waits closer than a tenth of that are the same wait.
        boolean met = auto.p95WaitSeconds() <= largest.p95WaitSeconds() + 0.1
                && auto.workerSeconds() < largest.workerSeconds() / 2;
        out.printf("Goal (p95 wait of the largest static fleet at under half its cost): %s; autoscaler p95 %.1f s "
                        + "vs %.1f s, cost %.0f%% of %s%n", met ? "met" : "NOT met", auto.p95WaitSeconds(),
                largest.p95WaitSeconds(), 100 * auto.workerSeconds() / largest.workerSeconds(), largest.fleet());
    }
}
