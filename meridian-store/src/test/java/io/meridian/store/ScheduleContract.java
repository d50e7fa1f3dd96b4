package io.meridian.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.store.schedule.ScheduleRecord;
import io.meridian.store.schedule.ScheduleRecord.MissedFire;
import io.meridian.store.schedule.ScheduleRecord.Overlap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Schedules: stored whole, replaced by id, deleted, and written atomically with the rest of a batch. */
public interface ScheduleContract extends StoreAccess {

    static ScheduleRecord cronSchedule(String id) {
        var inputs = JsonNodeFactory.instance.objectNode().put("region", "eu").put("n", 3);
        return new ScheduleRecord(id, "nightly-report", 2, inputs, "30 2 * * 1-5", null, "Europe/Paris",
                MissedFire.CATCH_UP, 4, Overlap.CANCEL_PREVIOUS, false, null, null, StoreFixtures.T0,
                StoreFixtures.T0);
    }

    static ScheduleRecord everySchedule(String id) {
        return new ScheduleRecord(id, "ping", null, null, null, Duration.ofSeconds(5), "UTC", MissedFire.SKIP, 0,
                Overlap.ALLOW, true, StoreFixtures.at(5_000), "x-1", StoreFixtures.T0, StoreFixtures.at(5_000));
    }

    @Test
    default void schedulesAreStoredWholeAndListedById() {
        ScheduleRecord b = cronSchedule("b-cron");
        ScheduleRecord a = everySchedule("a-every");
        write(new StoreWrite.PutSchedule(b), new StoreWrite.PutSchedule(a));
        assertThat(storeUnderTest().schedules()).containsExactly(a, b);
    }

    @Test
    default void aScheduleIsReplacedByIdAndTheLastWriteOfABatchWins() {
        ScheduleRecord s = cronSchedule("s");
        Instant slot = StoreFixtures.at(60_000);
        ScheduleRecord fired = s.handled(slot, "x-7", StoreFixtures.at(60_010));
        write(new StoreWrite.PutSchedule(s));
        write(new StoreWrite.PutSchedule(s.withPaused(true, StoreFixtures.at(1))), new StoreWrite.PutSchedule(fired));
        assertThat(storeUnderTest().schedules()).containsExactly(fired);
        assertThat(storeUnderTest().schedules().getFirst().lastSlot()).isEqualTo(slot);
        assertThat(storeUnderTest().schedules().getFirst().lastExecutionId()).isEqualTo("x-7");
    }

    @Test
    default void aDeletedScheduleIsGoneAndDeletingAnUnknownOneChangesNothing() {
        write(new StoreWrite.PutSchedule(cronSchedule("keep")), new StoreWrite.PutSchedule(everySchedule("drop")));
        write(new StoreWrite.DeleteSchedule("drop"), new StoreWrite.DeleteSchedule("never-stored"));
        assertThat(storeUnderTest().schedules()).extracting(ScheduleRecord::id).containsExactly("keep");
        // a put after a delete in one batch recreates it
        write(new StoreWrite.DeleteSchedule("keep"), new StoreWrite.PutSchedule(everySchedule("keep")));
        assertThat(storeUnderTest().schedules()).containsExactly(everySchedule("keep"));
    }

    @Test
    default void aRefusedBatchLeavesSchedulesUnchanged() {
        write(new StoreWrite.PutSchedule(cronSchedule("s")));
        ScheduleRecord moved = cronSchedule("s").handled(StoreFixtures.at(60_000), "x-9", StoreFixtures.at(60_000));
        // the execution the slot started reuses a request id another execution holds: the slot must not count
        ExecutionRecord first = StoreFixtures.execution("e1", "req-dup", StoreFixtures.T0);
        write(new StoreWrite.PutExecution(first));
        ExecutionRecord dup = StoreFixtures.execution("e2", "req-dup", StoreFixtures.T0);
        assertThatThrownBy(() -> storeUnderTest().commit(List.of(new StoreWrite.PutSchedule(moved),
                new StoreWrite.PutExecution(dup)))).isInstanceOf(RuntimeException.class);
        assertThat(storeUnderTest().schedules()).containsExactly(cronSchedule("s"));
    }
}
