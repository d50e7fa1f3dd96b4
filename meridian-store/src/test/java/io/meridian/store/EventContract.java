package io.meridian.store;

import static io.meridian.store.StoreFixtures.at;
import static io.meridian.store.StoreFixtures.execution;
import static io.meridian.store.StoreFixtures.queuedJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.event.EventType;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.store.StoreWrite.AppendEvents;
import io.meridian.store.StoreWrite.PutExecution;
import io.meridian.store.StoreWrite.PutExecutionStatus;
import io.meridian.store.StoreWrite.PutJob;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The outbox: events commit with their batch, in dense sequence order, and read back equal and filtered. */
public interface EventContract extends StoreAccess {

    private static EventRecord event(long sequence, EventType type, String executionId, long timeOffset) {
        return new EventRecord(sequence, type, at(timeOffset), executionId, "subject-" + sequence,
                Map.of("attempt", 2L, "ok", true, "ratio", 0.5, "error", "héllo \"quoted\" ✓"));
    }

    private List<EventRecord> all() {
        return storeUnderTest().events().read(EventQuery.after(0, 1000));
    }

    @Test
    default void anEmptyLogHasSequenceZeroAndReadsNothing() {
        assertThat(storeUnderTest().events().lastSequence()).isZero();
        assertThat(all()).isEmpty();
    }

    @Test
    default void eventsReadBackEqualInSequenceOrderWithTheirBatch() {
        EventRecord created = event(1, EventType.EXECUTION_CREATED, "x1", 0);
        EventRecord queued = event(2, EventType.JOB_QUEUED, "x1", 0);
        EventRecord worker = new EventRecord(3, EventType.WORKER_REGISTERED, at(1), null, "w1", Map.of());
        write(new PutExecution(execution("x1", null, at(0))), new PutJob(queuedJob("j1", at(0))),
                new AppendEvents(List.of(created, queued)));
        write(new AppendEvents(List.of(worker)));

        assertThat(all()).containsExactly(created, queued, worker);
        assertThat(storeUnderTest().events().lastSequence()).isEqualTo(3);
        assertThat(storeUnderTest().execution("x1")).isPresent();
    }

    @Test
    default void aBatchWhoseEventsSkipOrRepeatASequenceIsRefusedWhole() {
        write(new AppendEvents(List.of(event(1, EventType.JOB_QUEUED, "x", 0))));

        for (long wrong : List.of(1L, 3L, 0L)) {
            assertThatThrownBy(() -> write(new PutJob(queuedJob("j-" + wrong, at(0))),
                    new AppendEvents(List.of(event(wrong, EventType.JOB_LEASED, "x", 0)))))
                    .as("sequence %d after 1", wrong).isInstanceOf(StoreException.class)
                    .hasMessageContaining("sequence");
            assertThat(storeUnderTest().job("j-" + wrong)).as("the batch's other writes").isEmpty();
        }
        assertThatThrownBy(() -> write(new AppendEvents(List.of(event(2, EventType.JOB_LEASED, "x", 0),
                event(4, EventType.JOB_STARTED, "x", 0))))).isInstanceOf(StoreException.class);
        assertThat(all()).extracting(EventRecord::sequence).containsExactly(1L);
    }

    @Test
    default void eventsOfARefusedBatchAreNotWritten() {
        // a status update of an execution that is not stored refuses the batch, and its event with it
        assertThatThrownBy(() -> write(new PutExecutionStatus("missing", ExecutionStatus.FAILED, "e", at(0)),
                new AppendEvents(List.of(event(1, EventType.EXECUTION_FAILED, "missing", 0)))))
                .isInstanceOf(StoreException.class);

        assertThat(all()).isEmpty();
        assertThat(storeUnderTest().events().lastSequence()).isZero();
    }

    @Test
    default void readsFilterByTypeExecutionAndSequenceAndStopAtTheLimit() {
        List<EventRecord> events = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            events.add(event(i, i % 2 == 0 ? EventType.JOB_SUCCEEDED : EventType.JOB_QUEUED, i <= 5 ? "a" : "b", i));
        }
        write(new AppendEvents(events));

        assertThat(storeUnderTest().events().read(new EventQuery(0, Set.of(EventType.JOB_SUCCEEDED), null, 100)))
                .extracting(EventRecord::sequence).containsExactly(2L, 4L, 6L, 8L, 10L);
        assertThat(storeUnderTest().events().read(new EventQuery(3, Set.of(), "a", 100)))
                .extracting(EventRecord::sequence).containsExactly(4L, 5L);
        assertThat(storeUnderTest().events().read(new EventQuery(0,
                Set.of(EventType.JOB_QUEUED, EventType.JOB_SUCCEEDED), "b", 2)))
                .extracting(EventRecord::sequence).containsExactly(6L, 7L);
        assertThat(storeUnderTest().events().read(EventQuery.after(10, 5))).isEmpty();
    }

    @Test
    default void retentionDeletesOldEventsOldestFirstButNeverTheNewest() {
        List<EventRecord> events = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            events.add(event(i, EventType.JOB_QUEUED, "x", i * 10L));
        }
        write(new AppendEvents(events));

        assertThat(storeUnderTest().events().deleteOlderThan(at(35), 2)).isEqualTo(2);
        assertThat(all()).extracting(EventRecord::sequence).containsExactly(3L, 4L, 5L, 6L);
        assertThat(storeUnderTest().events().deleteOlderThan(at(1_000), 100)).isEqualTo(3);
        assertThat(all()).extracting(EventRecord::sequence).containsExactly(6L);
        assertThat(storeUnderTest().events().lastSequence()).isEqualTo(6);

        write(new AppendEvents(List.of(event(7, EventType.JOB_LEASED, "x", 70))));
        assertThat(all()).extracting(EventRecord::sequence).containsExactly(6L, 7L);
    }
}
