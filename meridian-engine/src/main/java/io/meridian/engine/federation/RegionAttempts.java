package io.meridian.engine.federation;

import io.meridian.engine.time.EngineClock;
import io.meridian.model.pipeline.FederatedStageConfig;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Runs a task in one region: within max_concurrent, through the region's circuit breaker, each attempt under a
 * time limit, retrying (retry_on_failure, max_retries) with a short backoff; and, when the region failed for good,
 * once more in the fallback region. Every attempt has its own idempotency key, the same on every delivery of the
 * federated job, so a region never runs one attempt twice.
 */
final class RegionAttempts {
    private static final Logger log = LoggerFactory.getLogger(RegionAttempts.class);
    private static final long BACKOFF_MS = 100;

    /** How a slot of work ended: served by its region or the fallback, or failed with an error. */
    record Outcome(String region, String servedBy, JsonNode output, String error, int attempts, long latencyMs) {
        boolean ok() {
            return servedBy != null;
        }
    }

    private final HealthBoard board;
    private final FederationStats stats;
    private final ExecutorService threads;
    private final EngineClock clock;
    private final java.util.function.Function<RegionConfig, RemoteExecutor> executors;

    RegionAttempts(HealthBoard board, FederationStats stats, ExecutorService threads, EngineClock clock,
                   java.util.function.Function<RegionConfig, RemoteExecutor> executors) {
        this.board = board;
        this.stats = stats;
        this.threads = threads;
        this.clock = clock;
        this.executors = executors;
    }

    /** Runs in {@code region}, then (if set and different) in {@code fallback} when the region failed for good. */
    Outcome withFallback(RegionConfig region, RegionConfig fallback, RegionTask task, String slot,
                         FederatedStageConfig f) throws InterruptedException {
        Outcome first = run(region, task, slot, f);
        if (first.ok() || fallback == null || fallback.name().equals(region.name())) {
            return first;
        }
        log.warn("Region {} failed ({}); its work goes to the fallback region {}", region.name(), first.error(),
                fallback.name());
        Outcome second = run(fallback, task, slot + ":fallback", f);
        return second.ok()
                ? new Outcome(region.name(), fallback.name(), second.output(), first.error(),
                        first.attempts() + second.attempts(), first.latencyMs() + second.latencyMs())
                : new Outcome(region.name(), null, null, first.error() + "; fallback " + fallback.name() + ": "
                        + second.error(), first.attempts() + second.attempts(), first.latencyMs() + second.latencyMs());
    }

    Outcome run(RegionConfig region, RegionTask task, String slot, FederatedStageConfig f) throws InterruptedException {
        int allowed = f.retryOnFailure() ? 1 + f.maxRetries() : 1;
        long started = System.nanoTime();
        String error = null;
        int attempt = 0;
        for (; attempt < allowed; attempt++) {
            if (attempt > 0) {
                Thread.sleep(Math.min(2000, BACKOFF_MS << (attempt - 1)));
            }
            if (!board.acquire(region)) {
                error = "at max_concurrent (" + region.maxConcurrent() + ")";
                break;
            }
            try {
                if (!board.breaker(region.name()).tryAcquire(clock.now())) {
                    error = "circuit breaker open";
                    break;
                }
                long t0 = System.nanoTime();
                try {
                    JsonNode out = attempt(region, task.withRequestId(task.requestId() + ":" + slot + ":"
                            + region.name() + ":" + attempt), timeoutSeconds(region, f));
                    board.breaker(region.name()).succeeded();
                    stats.regionRun(region.name(), true, millisSince(t0));
                    return new Outcome(region.name(), region.name(), out, null, attempt + 1, millisSince(started));
                } catch (RegionFailure e) {
                    board.breaker(region.name()).failed(clock.now());
                    stats.regionRun(region.name(), false, millisSince(t0));
                    error = e.getMessage();
                    log.info("Stage {} in region {}, attempt {} of {}: {}", task.stageId(), region.name(),
                            attempt + 1, allowed, e.getMessage());
                    if (!e.retryable()) {
                        attempt++;
                        break;
                    }
                }
            } finally {
                board.release(region);
            }
        }
        return new Outcome(region.name(), null, null, error, attempt, millisSince(started));
    }

    private JsonNode attempt(RegionConfig region, RegionTask task, int timeoutSeconds)
            throws RegionFailure, InterruptedException {
        RemoteExecutor executor = executors.apply(region);
        Future<JsonNode> run = threads.submit(() -> executor.run(region, task));
        try {
            return run.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new RegionFailure("timed out after " + timeoutSeconds + " s", true);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RegionFailure failure) {
                throw failure;
            }
            throw new RegionFailure(String.valueOf(e.getCause()), true);
        } finally {
            run.cancel(true); // no-op when it finished; otherwise the executor cancels the region's run
        }
    }

    private static int timeoutSeconds(RegionConfig region, FederatedStageConfig f) {
        return f.timeoutSeconds() > 0 ? f.timeoutSeconds() : region.timeoutSeconds();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
