package io.meridian.cli.output;

import io.meridian.engine.Coordinator;
import io.meridian.model.execution.StageRun;
import io.meridian.model.execution.StageStatus;
import io.meridian.store.ExecutionRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows an execution until it ends: a live status line on a terminal; on anything else (CI logs, pipes),
 * plain lines when a stage changes state and a summary every few seconds.
 */
public final class ProgressView {
    private final PrintStream out;
    private final boolean terminal;

    public ProgressView(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** True when stderr is an interactive terminal (not redirected, not CI). */
    public static boolean stderrIsTerminal() {
        if (System.console() == null || System.getenv("CI") != null) {
            return false;
        }
        try {
            // Console.isTerminal() exists from JDK 22; on 21 a non-null console already means a terminal.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(System.console());
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    public ExecutionRecord follow(Coordinator coordinator, String executionId) throws InterruptedException {
        long start = System.nanoTime();
        long lastSummary = start;
        Map<String, StageStatus> seen = new HashMap<>();
        int lastDone = 0;
        long lastRateAt = start;
        double rate = 0;
        long pauseMillis = 5;
        while (true) {
            ExecutionRecord x = coordinator.execution(executionId).orElseThrow();
            long now = System.nanoTime();
            int done = x.stages().values().stream().mapToInt(StageRun::jobsDone).sum();
            if (now - lastRateAt >= 1_000_000_000L) {
                rate = (done - lastDone) * 1e9 / (now - lastRateAt);
                lastDone = done;
                lastRateAt = now;
            }
            if (terminal) {
                out.print("\r\033[K" + line(x, now - start, rate));
                out.flush();
            } else {
                printStageChanges(x, seen, now - start);
                if (now - lastSummary >= 5_000_000_000L && !x.status().isTerminal()) {
                    out.println(line(x, now - start, rate));
                    lastSummary = now;
                }
            }
            if (x.status().isTerminal()) {
                if (terminal) {
                    out.println();
                }
                return x;
            }
            // A short pipeline ends within milliseconds: look again soon at first, then every 200-250 ms. A fixed
            // 250 ms was a fifth of `meridian run examples/hello.yaml`.
            Thread.sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, terminal ? 200 : 250);
        }
    }

    private void printStageChanges(ExecutionRecord x, Map<String, StageStatus> seen, long elapsedNanos) {
        for (var stage : x.pipeline().stages()) {
            StageRun r = x.stages().get(stage.id());
            if (r.status() != seen.put(r.stageId(), r.status()) && r.status() != StageStatus.PENDING) {
                out.printf("[%8s] stage '%s' %s (%d/%d jobs)%s%n", ExecutionReport.human(Duration.ofNanos(elapsedNanos)),
                        r.stageId(), r.status().name().toLowerCase(), r.jobsDone(), r.jobs(),
                        r.error() == null ? "" : ": " + r.error());
            }
        }
    }

    static String line(ExecutionRecord x, long elapsedNanos, double rate) {
        int done = 0, running = 0, failed = 0, jobs = 0, jobsDone = 0;
        for (StageRun r : x.stages().values()) {
            switch (r.status()) {
                case SUCCEEDED -> done++;
                case RUNNING -> running++;
                case FAILED -> failed++;
                default -> { }
            }
            jobs += r.jobs();
            jobsDone += r.jobsDone();
        }
        return String.format("[%s] %s  stages %d/%d done, %d running, %d failed  jobs %d/%d  %.0f jobs/s",
                ExecutionReport.human(Duration.ofNanos(elapsedNanos)), x.status().name().toLowerCase(), done,
                x.stages().size(), running, failed, jobsDone, jobs, rate);
    }
}
