package io.meridian.store.memory;

import io.meridian.store.event.DeadLetter;
import io.meridian.store.event.SinkCursors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sink cursors and dead letters kept in memory, for the in-memory store. */
final class InMemorySinkCursors implements SinkCursors {

    private final Map<String, Long> positions = new HashMap<>();
    private final List<DeadLetter> letters = new ArrayList<>();

    @Override
    public synchronized long position(String sink) {
        return positions.getOrDefault(sink, 0L);
    }

    @Override
    public synchronized void advance(String sink, long sequence) {
        positions.merge(sink, sequence, Math::max);
    }

    @Override
    public synchronized void deadLetter(DeadLetter letter) {
        letters.removeIf(l -> l.sink().equals(letter.sink()) && l.sequence() == letter.sequence());
        letters.add(letter);
        letters.sort(java.util.Comparator.comparingLong(DeadLetter::sequence));
    }

    @Override
    public synchronized List<DeadLetter> deadLetters(String sink, long after, int limit) {
        return letters.stream().filter(l -> l.sink().equals(sink) && l.sequence() > after).limit(Math.max(0, limit))
                .toList();
    }

    @Override
    public synchronized long deadLetterCount(String sink) {
        return letters.stream().filter(l -> l.sink().equals(sink)).count();
    }

    @Override
    public synchronized boolean removeDeadLetter(String sink, long sequence) {
        return letters.removeIf(l -> l.sink().equals(sink) && l.sequence() == sequence);
    }
}
