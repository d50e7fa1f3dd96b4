package io.meridian.engine.queue;

import io.meridian.model.execution.JobStatus;

/**
 * One FIFO lane of the ready queue: (job, ticket) pairs in two parallel ring arrays, so a queued job costs the
 * lane 8 bytes and no object of its own. A ticket is the low 32 bits of the job's {@link JobEntry#queueSeq} when
 * it was queued: when the job has left the queue (or been queued again) since, the pair is stale and dropped when
 * it reaches the head. (Only the low bits are kept: a stale pair could pass for current only if the same job were
 * queued again exactly 2^32 queueings later while the old pair still waited; it would then be handed out from the
 * older place, once, since handing it out makes every other pair of it stale.)
 * The arrays grow by doubling and shrink again once a lane has drained, so a queue that was ten million deep
 * does not keep its peak size.
 */
final class Lane {
    private static final int MIN_CAPACITY = 16;

    private JobEntry[] jobs = new JobEntry[MIN_CAPACITY];
    private int[] tickets = new int[MIN_CAPACITY];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    void addLast(JobEntry job, long ticket) {
        growIfFull();
        int at = (head + size) & (jobs.length - 1);
        jobs[at] = job;
        tickets[at] = (int) ticket;
        size++;
    }

    void addFirst(JobEntry job, long ticket) {
        growIfFull();
        head = (head - 1) & (jobs.length - 1);
        jobs[head] = job;
        tickets[head] = (int) ticket;
        size++;
    }

    /** The head's job; the lane must not be empty. */
    JobEntry headJob() {
        return jobs[head];
    }

    /** Whether the head pair is the job's current place in the queue (it is still waiting, and queued there). */
    boolean headIsCurrent() {
        return isCurrent(head);
    }

    void pollFirst() {
        jobs[head] = null;
        head = (head + 1) & (jobs.length - 1);
        size--;
        if (jobs.length > MIN_CAPACITY && size < jobs.length / 4) {
            resize(jobs.length / 2);
        }
    }

    /** How many pairs are current (a scan of the lane: for API calls, not the dispatch path). */
    long currentCount() {
        long n = 0;
        for (int i = 0; i < size; i++) {
            if (isCurrent((head + i) & (jobs.length - 1))) {
                n++;
            }
        }
        return n;
    }

    private boolean isCurrent(int at) {
        JobEntry job = jobs[at];
        return (int) job.queueSeq == tickets[at] && job.status == JobStatus.WAITING;
    }

    private void growIfFull() {
        if (size == jobs.length) {
            resize(jobs.length * 2);
        }
    }

    private void resize(int capacity) {
        JobEntry[] newJobs = new JobEntry[capacity];
        int[] newTickets = new int[capacity];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (jobs.length - 1);
            newJobs[i] = jobs[from];
            newTickets[i] = tickets[from];
        }
        jobs = newJobs;
        tickets = newTickets;
        head = 0;
    }
}
