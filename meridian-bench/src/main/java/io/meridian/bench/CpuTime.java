package io.meridian.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * CPU time (user + system) spent by groups of processes, read from the operating system: a measure of cost per job
 * that a busy machine does not distort the way it distorts rates. A process that has exited counts as nothing, so
 * compare readings of processes that live through the measured interval.
 */
final class CpuTime {
    private final Supplier<List<ProcessHandle>> coordinators;
    private final Supplier<List<ProcessHandle>> workers;

    /** A reading: nanoseconds of CPU of the coordinator side and of the worker side. */
    record Reading(long coordinatorNanos, long workerNanos) {
        Reading minus(Reading earlier) {
            return new Reading(coordinatorNanos - earlier.coordinatorNanos, workerNanos - earlier.workerNanos);
        }
    }

    CpuTime(Supplier<List<ProcessHandle>> coordinators, Supplier<List<ProcessHandle>> workers) {
        this.coordinators = coordinators;
        this.workers = workers;
    }

    Reading read() {
        return new Reading(sum(coordinators.get()), sum(workers.get()));
    }

    private static long sum(List<ProcessHandle> processes) {
        return processes.stream().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}
