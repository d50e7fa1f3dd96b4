package io.meridian.engine.queue;

import java.util.Map;

/**
 * Counts by state, and waiting jobs by priority. {@code paused} counts jobs held by a paused execution plus
 * ready jobs of paused types; {@code completed} is SUCCEEDED.
 */
public record QueueStats(long waiting, long delayed, long leased, long running, long completed, long failed,
                         long cancelled, long dead, long paused, Map<Integer, Long> waitingByPriority,
                         boolean dispatchPaused) {}
