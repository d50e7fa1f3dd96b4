package io.meridian.bench;

import io.meridian.bench.autoscale.AutoscaleReplay;
import io.meridian.cli.command.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meridian bench-autoscale}: the scaling policy against static fleets on a bursty day, in simulated time. */
@Command(name = "bench-autoscale", mixinStandardHelpOptions = true,
        description = {"Replay a day of bursty arrivals (a daily curve with spikes) in simulated time against the "
                + "autoscaler and against static fleets of several sizes; print each one's cost (worker-seconds) "
                + "and queue wait (p50, p95, p99, max). Runs in seconds: nothing real is started."})
public final class AutoscaleBenchCommand implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "7", description = "Random seed of the trace (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hours", defaultValue = "24", description = "Length of the trace (default: ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--rate", defaultValue = "2", description = "Mean arrivals per second over the daily curve (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--spike", defaultValue = "6", description = "Spikes at this many times the mean rate (default: ${DEFAULT-VALUE}).")
    double spike;

    @Option(names = "--job-seconds", defaultValue = "10", description = "Mean job run time (default: ${DEFAULT-VALUE}).")
    double jobSeconds;

    @Option(names = "--slots", defaultValue = "4", description = "Jobs one worker runs at once (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--startup", defaultValue = "30", description = "Seconds a new worker takes to be ready (default: ${DEFAULT-VALUE}).")
    double startup;

    @Option(names = "--cooldown", defaultValue = "60", description = "The pool's scale_down_cooldown in seconds (default: ${DEFAULT-VALUE}).")
    int cooldown;

    @Option(names = "--static", split = ",", defaultValue = "10,20,30,40",
            description = "Static fleet sizes to compare; the largest is the pool's max (default: ${DEFAULT-VALUE}).")
    List<Integer> fleets = new ArrayList<>();

    @Override
    public Integer call() {
        if (fleets.isEmpty() || fleets.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--static: give fleet sizes of at least 1, got " + fleets);
        }
        new AutoscaleReplay(seed, hours * 3600, rate, spike, jobSeconds, slots, startup, cooldown, fleets)
                .print(System.out);
        return ExitCode.OK;
    }
}
