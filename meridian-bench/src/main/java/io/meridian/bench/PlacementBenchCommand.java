package io.meridian.bench;

import io.meridian.cli.command.ExitCode;
import io.meridian.engine.placement.Candidate;
import io.meridian.engine.placement.PlacementStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code meridian bench-placement}: how long choosing a worker takes with 100 and 1,000 candidates. */
@Command(name = "bench-placement", mixinStandardHelpOptions = true,
        description = "Time worker selection by each placement strategy with 100 and 1,000 candidate workers.")
public final class PlacementBenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Random random = new Random(7);
        System.out.println("Placement: time per choice (after warm-up), candidates with random load and cost");
        for (int n : new int[] {100, 1000}) {
            List<Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                candidates.add(new Candidate("w" + i, random.nextInt(64), 64, random.nextDouble(), random.nextInt(10), i));
            }
            for (String name : List.of("least_loaded", "round_robin", "priority", "cost_optimized", "affinity")) {
                PlacementStrategy s = PlacementStrategy.named(name);
                int rounds = 2_000_000 / n;
                for (int i = 0; i < rounds; i++) {
                    s.choose(candidates, "key-" + (i % 100));
                }
                long t = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    s.choose(candidates, "key-" + (i % 100));
                }
                System.out.printf("  %,5d workers  %-15s %,10.2f µs%n", n, name, (System.nanoTime() - t) / 1e3 / rounds);
            }
        }
        return ExitCode.OK;
    }
}
