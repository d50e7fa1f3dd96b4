package io.meridian.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.store.event.DeadLetter;
import io.meridian.store.event.SinkCursors;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link SinkCursors}: one durable cursor per sink that only moves forward, and dead letters by sink. */
public interface SinkCursorContract extends StoreAccess {

    Instant FAILED = Instant.parse("2026-03-04T05:06:07.891Z");

    /** The same data through a fresh instance of the store (the same instance for a store that keeps nothing). */
    Store reopened();

    private SinkCursors cursors() {
        return storeUnderTest().sinkCursors();
    }

    @Test
    default void aSinkNeverDeliveredStartsAtZeroAndEachSinkKeepsItsOwnCursor() {
        assertThat(cursors().position("audit")).isZero();
        cursors().advance("audit", 41);
        cursors().advance("billing", 7);
        assertThat(cursors().position("audit")).isEqualTo(41);
        assertThat(cursors().position("billing")).isEqualTo(7);
        assertThat(cursors().position("other")).isZero();
    }

    @Test
    default void aCursorOnlyMovesForwardAndSurvivesAReopen() {
        cursors().advance("audit", 100);
        cursors().advance("audit", 90); // a late write of an older position
        cursors().advance("audit", 100);
        assertThat(cursors().position("audit")).isEqualTo(100);
        cursors().advance("audit", 250);
        assertThat(reopened().sinkCursors().position("audit")).isEqualTo(250);
    }

    @Test
    default void deadLettersAreKeptBySinkInSequenceOrderAndARetryReplacesTheRecord() {
        cursors().deadLetter(new DeadLetter("audit", 12, 5, "connection refused", FAILED));
        cursors().deadLetter(new DeadLetter("audit", 3, 5, "timeout", FAILED));
        cursors().deadLetter(new DeadLetter("billing", 4, 2, "HTTP 500", FAILED));
        cursors().deadLetter(new DeadLetter("audit", 12, 8, "HTTP 503", FAILED.plusSeconds(1)));
        assertThat(reopened().sinkCursors().deadLetters("audit", 10)).containsExactly(
                new DeadLetter("audit", 3, 5, "timeout", FAILED),
                new DeadLetter("audit", 12, 8, "HTTP 503", FAILED.plusSeconds(1)));
        assertThat(cursors().deadLetters("billing", 10)).hasSize(1);
        assertThat(cursors().deadLetters("audit", 1)).extracting(DeadLetter::sequence).containsExactly(3L);
    }

    @Test
    default void aLongErrorIsCutSoTheRecordAlwaysFits() {
        cursors().deadLetter(new DeadLetter("audit", 1, 1, "x".repeat(10_000), FAILED));
        assertThat(cursors().deadLetters("audit", 1).getFirst().error()).hasSize(DeadLetter.MAX_ERROR);
    }
}
