package io.meridian.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.events.EventSettings;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.event.EventType;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.FailurePolicy;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.StageDefaults;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import io.meridian.store.memory.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's events: a run emits its execution, stage and job events in order, committed and numbered densely;
 * a coordinator taking over continues the numbering; events can be turned off.
 */
class EventEmissionTest {
    final SettableClock clock = new SettableClock();
    final InMemoryStore store = new InMemoryStore();
    final List<Coordinator> coordinators = new ArrayList<>();

    @AfterEach
    void close() {
        coordinators.forEach(Coordinator::close);
    }

    Coordinator coordinator(EngineSettings settings) {
        Coordinator c = Coordinator.manual(store, settings, clock);
        coordinators.add(c);
        return c;
    }

    static Pipeline twoStages() {
        return new Pipeline("two", "two", null, 1, FailurePolicy.FAIL_FAST, StageDefaults.DEFAULT,
                List.of(OrchestratorTest.stage("a", Json.object()), OrchestratorTest.stage("b", Json.object(), "a")));
    }

    @Test
    void aRunEmitsItsEventsInOrderWithDenseSequences() {
        Coordinator c = coordinator(EngineSettings.DEFAULT);
        List<EventRecord> heard = new CopyOnWriteArrayList<>();
        c.onEventsCommitted(heard::addAll);
        TestWorker worker = new TestWorker(c.leases(), "w1");
        String id = c.startExecution(twoStages(), Json.object(), null).id();
        List<io.meridian.protocol.lease.LeaseGrant> batch;
        while (!(batch = worker.take(10)).isEmpty()) {
            batch.forEach(g -> worker.succeed(g.lease(), Json.object()));
        }

        List<EventRecord> stored = store.events().read(EventQuery.after(0, 1000));
        assertThat(stored).isEqualTo(heard);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i).sequence()).isEqualTo(i + 1L);
        }
        List<EventType> ofRun = stored.stream().filter(e -> id.equals(e.executionId())).map(EventRecord::type)
                .toList();
        assertThat(ofRun).containsExactly(EventType.EXECUTION_CREATED, EventType.EXECUTION_STARTED,
                EventType.STAGE_STARTED, EventType.JOB_QUEUED, EventType.JOB_LEASED,
                EventType.JOB_SUCCEEDED, EventType.STAGE_SUCCEEDED, EventType.STAGE_STARTED, EventType.JOB_QUEUED,
                EventType.JOB_LEASED, EventType.JOB_SUCCEEDED, EventType.STAGE_SUCCEEDED,
                EventType.EXECUTION_SUCCEEDED);
        assertThat(stored.getFirst().type()).isEqualTo(EventType.WORKER_REGISTERED);
        assertThat(c.lastEventSequence()).isEqualTo(stored.size());
    }

    @Test
    void aCoordinatorTakingOverContinuesTheSequenceAfterTheLastCommitted() {
        Coordinator first = coordinator(EngineSettings.DEFAULT);
        first.startExecution(twoStages(), Json.object(), null);
        long before = store.events().lastSequence();
        first.close();

        Coordinator next = coordinator(EngineSettings.DEFAULT);
        assertThat(next.recoverAll()).isEqualTo(1); // its waiting job is reloaded as it was: nothing to announce
        next.announceLeadership("node-2", 2, null);
        List<EventRecord> after = store.events().read(EventQuery.after(before, 10));
        assertThat(after).singleElement().satisfies(e -> {
            assertThat(e.sequence()).isEqualTo(before + 1);
            assertThat(e.type()).isEqualTo(EventType.LEADER_ELECTED);
            assertThat(e.data()).containsEntry("epoch", 2L).containsEntry("node_id", "node-2");
        });
    }

    @Test
    void eventsTurnedOffWriteNone() {
        Coordinator c = coordinator(EngineSettings.DEFAULT.withEvents(new EventSettings(false, Duration.ofDays(1))));
        c.startExecution(twoStages(), Json.object(), null);
        var lock = c.locks().acquire("r", "me", Duration.ofSeconds(10)).orElseThrow();
        assertThat(c.locks().release("r", lock.lockId())).isTrue();
        assertThat(store.events().lastSequence()).isZero();
    }

    @Test
    void lockEventsAreNumberedByTheCommitterBetweenTheOtherEventsAndHeardOnce() {
        Coordinator c = coordinator(EngineSettings.DEFAULT);
        List<EventRecord> heard = new CopyOnWriteArrayList<>();
        c.onEventsCommitted(heard::addAll);
        c.startExecution(twoStages(), Json.object(), null);
        var lock = c.locks().acquire("reports/daily", "me", Duration.ofSeconds(10)).orElseThrow();
        assertThat(c.locks().acquire("reports/daily", "you", Duration.ofSeconds(10))).as("held").isEmpty();
        c.startExecution(twoStages(), Json.object(), null);
        assertThat(c.locks().release("reports/daily", lock.lockId())).isTrue();
        assertThat(c.locks().release("reports/daily", lock.lockId())).as("released already").isFalse();

        List<EventRecord> stored = store.events().read(EventQuery.after(0, 1000));
        assertThat(stored).isEqualTo(heard);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i).sequence()).isEqualTo(i + 1L);
        }
        assertThat(stored).filteredOn(e -> e.type().wireName().startsWith("lock."))
                .extracting(e -> e.type().wireName() + " " + e.data().get("lock_id"))
                .containsExactly("lock.acquired " + lock.lockId(), "lock.released " + lock.lockId());
        assertThat(c.lastEventSequence()).isEqualTo(stored.size());
    }

    @Test
    void aLockTakenThroughTheLastLeaderIsToldExpiredOnceByTheNext() {
        Coordinator first = coordinator(EngineSettings.DEFAULT);
        var lapsing = first.locks().acquire("r", "me", Duration.ofMillis(100)).orElseThrow();
        first.close();

        Coordinator next = coordinator(EngineSettings.DEFAULT);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    next.tick();
                    return store.events().lastSequence() == 2;
                });
        next.tick();
        next.tick();
        assertThat(store.events().read(EventQuery.after(0, 1000)))
                .extracting(e -> e.sequence() + " " + e.type().wireName() + " " + e.data().get("lock_id"))
                .containsExactly("1 lock.acquired " + lapsing.lockId(), "2 lock.expired " + lapsing.lockId());
    }

    @Test
    void retentionDeletesOldEventsOnItsSchedule() {
        Coordinator c = coordinator(EngineSettings.DEFAULT.withEvents(new EventSettings(true, Duration.ofHours(1))));
        c.startExecution(twoStages(), Json.object(), null);
        long last = store.events().lastSequence();
        clock.advance(Duration.ofHours(2));
        c.announceLeadership("n", 1, null);
        c.tick();
        assertThat(store.events().read(EventQuery.after(0, 1000))).extracting(EventRecord::sequence)
                .containsExactly(last + 1);
    }
}
