package io.meridian.elastic.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * The sizes wanted during the last cooldown, as the Kubernetes HPA keeps them: a pool shrinks only to the largest
 * size wanted in that window, so a dip between two bursts does not drain workers the next burst needs.
 */
final class StabilisationWindow {
    private record Wanted(Instant at, int size) {}

    private final ArrayDeque<Wanted> wanted = new ArrayDeque<>();

    /** Records {@code size} as wanted at {@code now}; returns the largest size wanted within {@code cooldown}. */
    int offer(Instant now, int size, Duration cooldown) {
        Instant since = now.minus(cooldown);
        while (!wanted.isEmpty() && wanted.peekFirst().at().isBefore(since)) {
            wanted.removeFirst();
        }
        // A size no larger than a later one never decides the maximum again: keep the deque decreasing.
        while (!wanted.isEmpty() && wanted.peekLast().size() <= size) {
            wanted.removeLast();
        }
        wanted.addLast(new Wanted(now, size));
        return wanted.peekFirst().size();
    }
}
