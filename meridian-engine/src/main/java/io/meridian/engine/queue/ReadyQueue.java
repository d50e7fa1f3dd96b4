package io.meridian.engine.queue;

import io.meridian.model.pipeline.Requirements;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Jobs ready to run, partitioned by (type, requirements) so a worker only looks at partitions it can serve,
 * and within a partition one FIFO lane per priority.
 *
 * <p>The rule (documented in docs/architecture/queue.md): the next job is the one with the highest
 * <em>effective</em> priority, where effective = priority + one level per {@code agingInterval} waited, capped
 * at 10; ties go to the job that became ready first. So priority 10 overtakes everything, FIFO holds within a
 * priority, and a priority-1 job waits at most 9 ageing intervals before it competes at the top level.
 */
final class ReadyQueue {
    private record PartitionKey(String type, Requirements requires) {}

    private static final class Partition {
        final PartitionKey key;
        final Lane[] lanes = new Lane[11];

        Partition(PartitionKey key) {
            this.key = key;
            for (int p = 1; p <= 10; p++) {
                lanes[p] = new Lane();
            }
        }

        /** Drops stale tickets at the head of a lane and returns the current head's job, or null. */
        JobEntry head(int priority) {
            Lane lane = lanes[priority];
            while (!lane.isEmpty() && !lane.headIsCurrent()) {
                lane.pollFirst();
            }
            return lane.isEmpty() ? null : lane.headJob();
        }
    }

    private final Map<PartitionKey, Partition> partitions = new LinkedHashMap<>();
    private final long agingMillis;
    private long nextSeq;

    ReadyQueue(Duration agingInterval) {
        this.agingMillis = Math.max(1, agingInterval.toMillis());
    }

    void add(JobEntry job, Instant now) {
        job.queueSeq = ++nextSeq;
        job.readySinceNanos = JobEntry.nanos(now);
        partition(job).lanes[job.spec.priority()].addLast(job, job.queueSeq);
    }

    private Partition partition(JobEntry job) {
        PartitionKey key = new PartitionKey(job.spec.type(), job.spec.requires());
        Partition part = partitions.get(key);
        if (part == null) {
            part = new Partition(key);
            partitions.put(key, part);
        }
        return part;
    }

    /**
     * Puts a job back at the head of its lane, keeping the time it first became ready: a job whose worker was
     * lost goes next rather than behind everything queued since.
     */
    void addFirst(JobEntry job, Instant now) {
        job.queueSeq = ++nextSeq;
        if (job.readySinceNanos == JobEntry.UNSET) {
            job.readySinceNanos = JobEntry.nanos(now);
        }
        partition(job).lanes[job.spec.priority()].addFirst(job, job.queueSeq);
    }

    /** Forgets the job's place in the queue (its ticket goes stale and is dropped lazily). */
    void remove(JobEntry job) {
        job.queueSeq = -1;
    }

    /**
     * Takes the best job for a worker.
     *
     * @param allowType gate per stage type (pause and rate limits); asked only for a partition's best candidate
     */
    JobEntry poll(WorkerProfile worker, Predicate<String> allowType, Instant now) {
        Partition bestPartition = null;
        JobEntry best = null;
        int bestScore = -1;
        long nowNanos = JobEntry.nanos(now);
        for (Partition part : partitions.values()) {
            if (!worker.satisfies(part.key.type(), part.key.requires())) {
                continue;
            }
            for (int p = 10; p >= 1; p--) {
                JobEntry t = part.head(p);
                if (t == null) {
                    continue;
                }
                int score = effectivePriority(p, t.readySinceNanos, nowNanos);
                if (score > bestScore || (score == bestScore && t.readySinceNanos < best.readySinceNanos)) {
                    if (allowType.test(part.key.type())) {
                        best = t;
                        bestScore = score;
                        bestPartition = part;
                    }
                }
            }
        }
        if (best == null) {
            return null;
        }
        bestPartition.lanes[best.spec.priority()].pollFirst();
        best.queueSeq = -1;
        return best;
    }

    int effectivePriority(int priority, long readySinceNanos, long nowNanos) {
        long waitedMillis = Math.max(0, nowNanos / 1_000_000 - readySinceNanos / 1_000_000);
        return (int) Math.min(10, priority + waitedMillis / agingMillis);
    }

    /** Ready jobs of one (type, requirements) partition. */
    record ReadyGroup(String type, Requirements requires, long jobs) {}

    /**
     * Ready jobs per partition, for the unschedulable check (an API call, not the dispatch path), leaving out the
     * partitions {@code served} accepts without counting them: counting scans a partition's lanes, which under a
     * deep queue costs a millisecond or more under the state lock, and a client polling queue stats would pay it
     * on every call although some worker serves every partition.
     */
    List<ReadyGroup> readyGroups(BiPredicate<String, Requirements> served) {
        List<ReadyGroup> out = new ArrayList<>();
        for (Partition part : partitions.values()) {
            if (served.test(part.key.type(), part.key.requires())) {
                continue;
            }
            long n = 0;
            for (int p = 1; p <= 10; p++) {
                n += part.lanes[p].currentCount();
            }
            if (n > 0) {
                out.add(new ReadyGroup(part.key.type(), part.key.requires(), n));
            }
        }
        return out;
    }
}
