package io.meridian.events;

import io.meridian.model.event.EventType;
import io.meridian.store.event.EventRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An event log in memory for sink tests: events appended here are read by deliveries as from the server's tail. */
final class ListFeed implements EventFeed {

    private final List<EventRecord> events = new ArrayList<>();
    private boolean ended;

    /** Appends {@code count} job events spread round robin over {@code executions} executions. */
    synchronized List<EventRecord> append(int count, int executions) {
        List<EventRecord> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seq = events.size() + 1;
            EventType type = seq % 3 == 0 ? EventType.JOB_SUCCEEDED : EventType.JOB_QUEUED;
            EventRecord e = new EventRecord(seq, type, Instant.ofEpochMilli(1_700_000_000_000L + seq),
                    "x" + (seq % executions), "j" + seq, Map.of("job_id", "j" + seq, "attempt", 1));
            events.add(e);
            added.add(e);
        }
        notifyAll();
        return added;
    }

    synchronized void end() {
        ended = true;
        notifyAll();
    }

    @Override
    public synchronized Page read(long after, int limit, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!ended && events.size() <= after && System.nanoTime() < deadline) {
            wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        if (ended) {
            throw new Ended("feed ended");
        }
        int from = (int) Math.min(after, events.size());
        List<EventRecord> page = List.copyOf(events.subList(from, Math.min(events.size(), from + limit)));
        return new Page(page, page.isEmpty() ? after : page.getLast().sequence());
    }

    @Override
    public synchronized long lastSequence() {
        return events.size();
    }
}
