package io.meridian.engine.queue;

import java.util.Map;

/**
 * Counts by state, and waiting jobs by priority. {@code paused} counts jobs held by a paused execution plus
 * ready jobs of paused types; one count per {@link io.meridian.model.execution.JobStatus}, named by its word.
 *
 * <p>{@code loading}: a new leader is still streaming in the queue it inherited (after a takeover it serves from the
 * first thousand jobs on). Until it ends, waiting, delayed, paused and by priority count the jobs loaded so far, and
 * succeeded, failed, cancelled and dead only the jobs finished since the takeover; both are whole once it is false.
 */
public record QueueStats(long waiting, long delayed, long leased, long running, long succeeded, long failed,
                         long cancelled, long dead, long paused, Map<Integer, Long> waitingByPriority,
                         boolean dispatchPaused, boolean loading) {}
