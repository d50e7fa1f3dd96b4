package io.meridian.engine.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs slots of work (one per region, or one per region's data partition) at the same time. With
 * {@code firstWins} the first success ends the run and the other slots are cancelled (their regions' runs too).
 */
final class ParallelRun {
    /** One region's share of the work. */
    record Slot(RegionConfig region, RegionTask task) {}

    /** The outcomes in slot order (null for cancelled slots) and the regions that were cancelled. */
    record Outcomes(List<RegionAttempts.Outcome> bySlot, List<String> cancelled) {}

    @FunctionalInterface
    interface SlotRunner {
        RegionAttempts.Outcome run(int index, Slot slot) throws InterruptedException;
    }

    private ParallelRun() {}

    static Outcomes run(List<Slot> slots, boolean firstWins, ExecutorService threads, SlotRunner runner)
            throws InterruptedException {
        CompletionService<RegionAttempts.Outcome> done = new ExecutorCompletionService<>(threads);
        List<Future<RegionAttempts.Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            int index = i;
            futures.add(done.submit(() -> runner.run(index, slots.get(index))));
        }
        List<RegionAttempts.Outcome> bySlot = new ArrayList<>(java.util.Collections.nCopies(slots.size(), null));
        List<String> cancelled = new ArrayList<>();
        try {
            for (int finished = 0; finished < slots.size(); finished++) {
                Future<RegionAttempts.Outcome> next = done.take();
                RegionAttempts.Outcome outcome = outcome(next);
                bySlot.set(futures.indexOf(next), outcome);
                if (firstWins && outcome.ok()) {
                    for (int i = 0; i < futures.size(); i++) {
                        if (!futures.get(i).isDone() && futures.get(i).cancel(true)) {
                            cancelled.add(slots.get(i).region().name());
                        }
                    }
                    break;
                }
            }
        } finally {
            futures.forEach(f -> f.cancel(true)); // interrupted ourselves: stop every region's run
        }
        return new Outcomes(bySlot, cancelled);
    }

    private static RegionAttempts.Outcome outcome(Future<RegionAttempts.Outcome> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a region slot failed unexpectedly", e.getCause());
        }
    }
}
