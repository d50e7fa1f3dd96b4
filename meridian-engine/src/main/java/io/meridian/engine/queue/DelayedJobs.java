package io.meridian.engine.queue;

import io.meridian.model.execution.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Jobs waiting for their not-before time (delayed submissions and retry backoff). */
final class DelayedJobs {
    private record Entry(JobEntry job, Instant due, long seq) {}

    private final PriorityQueue<Entry> heap = new PriorityQueue<>(Comparator.comparing(Entry::due));
    private long nextSeq;

    void add(JobEntry job) {
        job.queueSeq = ++nextSeq + (1L << 62);
        heap.add(new Entry(job, job.notBefore, job.queueSeq));
    }

    /** Removes and returns the jobs that are due and still delayed. */
    List<JobEntry> takeDue(Instant now) {
        List<JobEntry> due = new ArrayList<>();
        while (!heap.isEmpty() && !heap.peek().due.isAfter(now)) {
            Entry e = heap.poll();
            if (e.job.queueSeq == e.seq && e.job.status == JobStatus.DELAYED) {
                due.add(e.job);
            }
        }
        return due;
    }

    /** When the next delayed job falls due, or null. */
    Instant nextDue() {
        while (!heap.isEmpty()) {
            Entry e = heap.peek();
            if (e.job.queueSeq == e.seq && e.job.status == JobStatus.DELAYED) {
                return e.due;
            }
            heap.poll();
        }
        return null;
    }
}
