package io.meridian.engine.queue;

import io.meridian.model.execution.JobStatus;
import io.meridian.model.pipeline.Requirements;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Waiting jobs that require the same of a worker, how many, and since when the oldest of them is ready: what the
 * autoscaler sizes pools from. Unlike {@link Unschedulable} it counts jobs that a registered worker could run too.
 */
public record WaitingDemand(Requirements requires, long jobs, Instant oldestReadySince) {

    /** Groups the waiting jobs among {@code live}. */
    public static List<WaitingDemand> of(Collection<JobEntry> live) {
        Map<Requirements, long[]> counts = new LinkedHashMap<>();
        Map<Requirements, Instant> oldest = new LinkedHashMap<>();
        for (JobEntry j : live) {
            if (j.status() != JobStatus.WAITING) {
                continue;
            }
            Requirements r = j.spec().requires();
            counts.computeIfAbsent(r, k -> new long[1])[0]++;
            Instant since = j.readySince() != null ? j.readySince() : j.createdAt();
            oldest.merge(r, since, (a, b) -> a.isBefore(b) ? a : b);
        }
        List<WaitingDemand> out = new ArrayList<>();
        counts.forEach((r, n) -> out.add(new WaitingDemand(r, n[0], oldest.get(r))));
        return out;
    }
}
