package io.meridian.cli.output;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Shows an execution's progress from its events as they arrive (the events of {@code meridian run}'s embedded
 * coordinator, or a coordinator's event stream for {@code submit --wait}): a line per stage change, and a live
 * status line on a terminal or a summary every 5 s elsewhere. Nothing is polled while events flow.
 */
public final class EventProgress {

    /** One event of the execution: its sequence, short type ({@code stage.succeeded}) and data. */
    public record Update(long sequence, String type, Map<String, ?> data) {}

    private static final long SUMMARY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final int stageCount;
    private final BlockingQueue<Update> arrived = new LinkedBlockingQueue<>();
    private final long start = System.nanoTime();
    private final Set<String> finishedStages = new HashSet<>();
    private final Set<String> runningStages = new HashSet<>();
    private long lastSequence;
    private int failedStages;
    private long jobsDone;
    private long jobsFailed;
    private long lastSummary = start;
    private long lastArrival = start;
    private long rateFrom = start;
    private long rateJobs;
    private double rate;

    public EventProgress(PrintStream out, boolean terminal, int stageCount) {
        this.out = out;
        this.terminal = terminal;
        this.stageCount = stageCount;
    }

    /** Hands in an event, from any thread; one already seen (a replay after a reconnection) is ignored later. */
    public void offer(Update update) {
        arrived.add(update);
    }

    /** The sequence of the last event shown: where a reader that lost its stream resumes. */
    public long lastSequence() {
        return lastSequence;
    }

    /**
     * Shows events as they arrive until one ends the execution. When none arrives for {@code quiet}, asks
     * {@code ended} (a cheap look at the execution) so that a lost stream can never make this wait forever.
     */
    public void awaitEnd(Duration quiet, BooleanSupplier ended) throws InterruptedException {
        while (true) {
            Update u = arrived.poll(Math.min(quiet.toMillis(), 1000), TimeUnit.MILLISECONDS);
            if (u == null) {
                refresh();
                if (System.nanoTime() - lastArrival >= quiet.toNanos()) {
                    lastArrival = System.nanoTime();
                    if (ended.getAsBoolean()) {
                        finish();
                        return;
                    }
                }
                continue;
            }
            lastArrival = System.nanoTime();
            if (u.sequence() > lastSequence && show(u)) {
                finish();
                return;
            }
            refresh();
        }
    }

    /** True when the event ends the execution. */
    private boolean show(Update u) {
        lastSequence = u.sequence();
        String type = u.type();
        switch (type) {
            case "job.succeeded" -> jobsDone++;
            case "job.failed", "job.dead" -> jobsFailed++;
            default -> { }
        }
        if (type.startsWith("stage.")) {
            String stage = String.valueOf(u.data().get("stage_id"));
            String state = type.substring("stage.".length());
            if (state.equals("started")) {
                runningStages.add(stage);
            } else {
                runningStages.remove(stage);
                finishedStages.add(stage);
                failedStages += state.equals("failed") ? 1 : 0;
            }
            Object jobs = u.data().get("jobs");
            Object error = u.data().get("error");
            clearLine();
            out.printf("[%8s] stage '%s' %s%s%s%n", elapsed(), stage, state, jobs == null ? "" : " (" + jobs + " jobs)",
                    error == null ? "" : ": " + error);
        }
        return type.equals("execution.succeeded") || type.equals("execution.failed")
                || type.equals("execution.cancelled");
    }

    private void refresh() {
        long now = System.nanoTime();
        if (now - rateFrom >= 1_000_000_000L) {
            rate = (jobsDone - rateJobs) * 1e9 / (now - rateFrom);
            rateJobs = jobsDone;
            rateFrom = now;
        }
        if (terminal) {
            out.print("\r\033[K" + line());
            out.flush();
        } else if (now - lastSummary >= SUMMARY_NANOS) {
            out.println(line());
            lastSummary = now;
        }
    }

    private void finish() {
        clearLine();
    }

    private void clearLine() {
        if (terminal) {
            out.print("\r\033[K");
        }
    }

    String line() {
        return String.format("[%s] stages %d/%d done, %d running, %d failed  jobs %d done, %d failed  %.0f jobs/s",
                elapsed(), finishedStages.size(), stageCount, runningStages.size(), failedStages, jobsDone, jobsFailed,
                rate);
    }

    private String elapsed() {
        return ExecutionReport.human(Duration.ofNanos(System.nanoTime() - start));
    }
}
