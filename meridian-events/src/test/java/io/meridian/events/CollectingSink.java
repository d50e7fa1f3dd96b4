package io.meridian.events;

import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what it was given, for tests of the delivery loop. */
final class CollectingSink implements EventSink {
    private final List<Long> sequences = new ArrayList<>();

    @Override
    public synchronized void deliver(List<SinkMessage> batch) {
        batch.forEach(m -> sequences.add(m.sequence()));
    }

    synchronized List<Long> sequences() {
        return List.copyOf(sequences);
    }

    @Override
    public void close() {}
}
