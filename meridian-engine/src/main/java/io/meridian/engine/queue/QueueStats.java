package io.meridian.engine.queue;

import java.util.Map;

/**
 * Counts by state, and waiting jobs by priority. {@code paused} counts jobs held by a paused execution plus
 * ready jobs of paused types; one count per {@link io.meridian.model.execution.JobStatus}, named by its word.
 */
public record QueueStats(long waiting, long delayed, long leased, long running, long succeeded, long failed,
                         long cancelled, long dead, long paused, Map<Integer, Long> waitingByPriority,
                         boolean dispatchPaused) {}
