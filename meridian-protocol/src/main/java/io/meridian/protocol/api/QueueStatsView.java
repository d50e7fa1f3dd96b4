package io.meridian.protocol.api;

import java.util.List;
import java.util.Map;

/**
 * Jobs by state, waiting jobs by priority, and the ready jobs no registered worker can run. {@code paused} counts
 * jobs held by a paused execution plus ready jobs of paused types. {@code unschedulable} is null in the answers of
 * pause and resume. {@code loading}: a new leader is still loading the queue it inherited; until it is false the
 * queued counts cover the jobs loaded so far and the finished counts only the jobs finished since the takeover.
 */
public record QueueStatsView(long waiting, long delayed, long leased, long running, long succeeded, long failed,
                             long cancelled, long dead, long paused, Map<Integer, Long> waitingByPriority,
                             boolean dispatchPaused, boolean loading, List<Unschedulable> unschedulable) {

    /** Ready jobs of one type that no registered healthy worker can run, and what the closest one lacks. */
    public record Unschedulable(String type, long jobs, String reason,
                                io.meridian.model.pipeline.Requirements requires) {}
}
