package io.meridian.bench.autoscale;

import io.meridian.elastic.policy.Autoscaler;
import io.meridian.elastic.policy.Demand;
import io.meridian.elastic.policy.WaitingGroup;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Replays a trace against a fleet, one simulated second at a time: jobs that arrived join a FIFO queue, free slots of
 * ready workers take them (the least loaded worker first), every existing worker is billed the second, and the
 * autoscaler (when there is one) decides from the same demand a coordinator would give it. After the day it runs on
 * until the queue is empty, so jobs left waiting count with their whole wait.
 */
final class FleetSimulation {
    /** What one fleet cost and how long its jobs waited for a slot. */
    record Result(String fleet, double workerSeconds, double p50WaitSeconds, double p95WaitSeconds,
                  double p99WaitSeconds, double maxWaitSeconds, int peakWorkers) {}

    private FleetSimulation() {}

    static Result run(String name, BurstyTrace trace, SimulatedFleet fleet, SimulatedClock clock, Autoscaler scaler) {
        Histogram waits = new Histogram(Duration.ofDays(2).toMillis(), 3);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int next = 0;
        int peak = fleet.size();
        double[] arrivals = trace.arrivals();
        int limit = trace.seconds() + 6 * 3600;
        for (int t = 0; t < limit && (t < trace.seconds() || !queue.isEmpty() || next < arrivals.length); t++) {
            clock.set(t);
            fleet.finishUntil(t);
            while (next < arrivals.length && arrivals[next] <= t) {
                queue.add(next++);
            }
            SimulatedFleet.Worker w;
            while (!queue.isEmpty() && (w = fleet.free(t)) != null) {
                int job = queue.poll();
                waits.recordValue(Math.round((t - arrivals[job]) * 1000));
                fleet.run(w, t, trace.durations()[job]);
            }
            fleet.bill(1);
            if (scaler != null) {
                Duration oldest = queue.isEmpty() ? Duration.ZERO
                        : Duration.ofMillis(Math.round((t - arrivals[queue.peek()]) * 1000));
                List<WaitingGroup> waiting = queue.isEmpty() ? List.of()
                        : List.of(new WaitingGroup(Set.of(), queue.size(), oldest));
                scaler.tick(new Demand(waiting, next, fleet.registered(t)));
            }
            peak = Math.max(peak, fleet.size());
        }
        for (int job : queue) {
            waits.recordValue(Math.round((limit - arrivals[job]) * 1000));
        }
        return new Result(name, fleet.workerSeconds(), waits.getValueAtPercentile(50) / 1000.0,
                waits.getValueAtPercentile(95) / 1000.0, waits.getValueAtPercentile(99) / 1000.0,
                waits.getMaxValue() / 1000.0, peak);
    }
}
