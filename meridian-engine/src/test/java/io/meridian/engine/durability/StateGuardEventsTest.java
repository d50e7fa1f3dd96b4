package io.meridian.engine.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.event.EventType;
import io.meridian.store.event.EventRecord;
import io.meridian.store.memory.InMemoryStore;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operations learn whether events are recorded, so that with events off nothing builds them on the hot path. */
class StateGuardEventsTest {

    @Test
    void withEventsOffAnOperationIsToldSoAndWhatItEmitsIsDropped() {
        assertThat(emitOne(false)).isEqualTo(new Seen(false, 0));
    }

    @Test
    void withEventsOnAnOperationKeepsWhatItEmits() {
        assertThat(emitOne(true)).isEqualTo(new Seen(true, 1));
    }

    private record Seen(boolean keepsEvents, int kept) {}

    private static Seen emitOne(boolean eventsEnabled) {
        Fitness fitness = new Fitness();
        GroupCommitter committer = new GroupCommitter(new InMemoryStore(), fitness, eventsEnabled);
        try {
            StateGuard guard = new StateGuard(committer, fitness);
            return guard.write(work -> {
                work.emit(EventRecord.unnumbered(EventType.JOB_SUCCEEDED, Instant.EPOCH, "x-1", "j-1",
                        Map.of("job_id", "j-1")));
                return new Seen(work.keepsEvents(), work.events().size());
            });
        } finally {
            committer.close();
        }
    }
}
