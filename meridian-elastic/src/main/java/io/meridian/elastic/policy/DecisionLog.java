package io.meridian.elastic.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The most recent decisions, newest last, at most {@code capacity} of them: what {@code meridian pools} shows. */
public final class DecisionLog implements ScalingListener {
    private final int capacity;
    private final ArrayDeque<Decision> recent = new ArrayDeque<>();

    public DecisionLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a decision log keeps at least 1 decision, got " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void decided(Decision decision) {
        if (recent.size() == capacity) {
            recent.removeFirst();
        }
        recent.addLast(decision);
    }

    /** Up to {@code limit} of the newest decisions of {@code pool} (null: of every pool), oldest first. */
    public synchronized List<Decision> recent(String pool, int limit) {
        List<Decision> out = new ArrayList<>();
        var it = recent.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            Decision d = it.next();
            if (pool == null || d.pool().equals(pool)) {
                out.addFirst(d);
            }
        }
        return out;
    }
}
