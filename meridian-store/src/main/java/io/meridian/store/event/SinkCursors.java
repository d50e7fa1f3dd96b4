package io.meridian.store.event;

import java.util.List;

/**
 * Where each event sink got to: the sequence of the last event it delivered (its durable cursor), and the events
 * it gave up on (dead letters). Written only by the leading coordinator, through the store's fenced write path, so
 * a deposed leader cannot move a cursor; a new leader resumes every sink after its cursor.
 */
public interface SinkCursors {

    /** The sequence of the last event {@code sink} delivered; 0 when it never delivered one. */
    long position(String sink);

    /**
     * Records that {@code sink} delivered every event up to {@code sequence}. Never moves a cursor back: a smaller
     * sequence than the stored one leaves it as it is.
     */
    void advance(String sink, long sequence);

    /** Records an event {@code sink} could not deliver after its retries; the cursor then moves past it. */
    void deadLetter(DeadLetter letter);

    /** The dead letters of {@code sink}, oldest first, at most {@code limit}. */
    default List<DeadLetter> deadLetters(String sink, int limit) {
        return deadLetters(sink, 0, limit);
    }

    /** The dead letters of {@code sink} with a sequence after {@code after}, oldest first, at most {@code limit}. */
    List<DeadLetter> deadLetters(String sink, long after, int limit);

    /** How many dead letters {@code sink} has. */
    long deadLetterCount(String sink);

    /**
     * Removes the dead letter of event {@code sequence} of {@code sink} (discarded by an operator, or delivered by a
     * replay); false when there was none. Written through the fenced write path, like the cursor.
     */
    boolean removeDeadLetter(String sink, long sequence);
}
