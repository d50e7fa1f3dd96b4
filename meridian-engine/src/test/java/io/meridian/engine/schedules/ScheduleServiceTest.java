package io.meridian.engine.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.testing.SettableClock;
import io.meridian.model.event.EventType;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.model.pipeline.PipelineBuilder;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.event.EventQuery;
import io.meridian.store.event.EventRecord;
import io.meridian.store.memory.InMemoryStore;
import io.meridian.store.schedule.ScheduleRecord;
import io.meridian.store.schedule.ScheduleRecord.MissedFire;
import io.meridian.store.schedule.ScheduleRecord.Overlap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules on a coordinator with a settable clock: one execution per slot under its derived request id, the last
 * slot stored with it so a new leader continues after it, the overlap policies, pause and resume, and bad input.
 */
class ScheduleServiceTest {
    final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00.500Z"));
    final InMemoryStore store = new InMemoryStore();
    Coordinator coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);

    @AfterEach
    void close() {
        coordinator.close();
    }

    Pipeline registered() {
        // a stage no worker serves: its execution stays running until cancelled
        Pipeline p = PipelineBuilder.pipeline("report").stage("a", "noop").buildUnchecked();
        coordinator.registerPipeline(p);
        return p;
    }

    static ScheduleDefinition everyMinute(String id, MissedFire missed, int limit, Overlap overlap) {
        return new ScheduleDefinition(id, "report", null, Json.object().put("n", 1), null, Duration.ofMinutes(1),
                null, missed, limit, overlap, false);
    }

    List<ExecutionRecord> started() {
        return store.executions(1000).reversed();
    }

    List<EventRecord> events(EventType type) {
        return store.events().read(new EventQuery(0, Set.of(type), null, 1000));
    }

    void tickAt(Duration sinceStart) {
        clock.advance(Duration.between(clock.now(), Instant.parse("2026-01-01T00:00:00.500Z").plus(sinceStart)));
        coordinator.tick();
    }

    @Test
    void eachSlotStartsOneExecutionUnderItsOwnRequestIdAndIsRecordedWithIt() {
        registered();
        coordinator.schedules().create(everyMinute("s", MissedFire.SKIP, 0, Overlap.ALLOW));
        tickAt(Duration.ofSeconds(30));
        assertThat(started()).isEmpty();
        tickAt(Duration.ofSeconds(61));
        tickAt(Duration.ofSeconds(62));
        tickAt(Duration.ofSeconds(121));

        Instant first = Instant.parse("2026-01-01T00:01:00Z");
        assertThat(started()).extracting(ExecutionRecord::requestId).containsExactly(
                ScheduleService.requestId("s", first), ScheduleService.requestId("s", first.plusSeconds(60)));
        assertThat(started().getFirst().inputs()).isEqualTo(Json.object().put("n", 1));
        ScheduleRecord stored = store.schedules().getFirst();
        assertThat(stored.lastSlot()).isEqualTo(first.plusSeconds(60));
        assertThat(stored.lastExecutionId()).isEqualTo(started().getLast().id());
        assertThat(events(EventType.SCHEDULE_FIRED)).extracting(EventRecord::executionId)
                .containsExactlyElementsOf(started().stream().map(ExecutionRecord::id).toList());
        assertThat(events(EventType.SCHEDULE_CREATED)).hasSize(1);
    }

    @Test
    void aNewLeaderContinuesAfterTheLastStoredSlot() {
        registered();
        coordinator.schedules().create(everyMinute("s", MissedFire.CATCH_UP, 10, Overlap.ALLOW));
        tickAt(Duration.ofSeconds(61));
        coordinator.close();
        // the takeover: a coordinator built from the same store, three minutes later
        coordinator = Coordinator.manual(store, EngineSettings.DEFAULT, clock);
        tickAt(Duration.ofSeconds(241));
        tickAt(Duration.ofSeconds(242));
        assertThat(started()).extracting(x -> x.requestId().substring(x.requestId().lastIndexOf(':') + 1))
                .as("every slot once, the missed ones caught up in order").containsExactly(
                        millis("00:01:00"), millis("00:02:00"), millis("00:03:00"), millis("00:04:00"));
    }

    @Test
    void aSlotAnEarlierLeaderStartedIsRecordedNotRepeated() {
        Pipeline p = registered();
        coordinator.schedules().create(everyMinute("s", MissedFire.SKIP, 0, Overlap.ALLOW));
        String requestId = ScheduleService.requestId("s", Instant.parse("2026-01-01T00:01:00Z"));
        ExecutionRecord earlier = coordinator.startExecution(p, Json.object().put("n", 1), requestId);
        tickAt(Duration.ofSeconds(61));
        assertThat(started()).extracting(ExecutionRecord::id).containsExactly(earlier.id());
        assertThat(store.schedules().getFirst().lastExecutionId()).isEqualTo(earlier.id());
    }

    @Test
    void overlapSkipLeavesASlotUnfiredWhileThePreviousRunIsUnfinished() {
        registered();
        coordinator.schedules().create(everyMinute("s", MissedFire.SKIP, 0, Overlap.SKIP));
        tickAt(Duration.ofSeconds(61));
        tickAt(Duration.ofSeconds(121));
        assertThat(started()).hasSize(1);
        assertThat(events(EventType.SCHEDULE_SKIPPED)).singleElement()
                .satisfies(e -> assertThat(e.data().get("reason").toString()).contains("still running"));
        coordinator.cancelExecution(started().getFirst().id());
        tickAt(Duration.ofSeconds(181));
        assertThat(started()).hasSize(2);
    }

    @Test
    void overlapCancelPreviousCancelsTheRunningExecutionFirst() {
        registered();
        coordinator.schedules().create(everyMinute("s", MissedFire.SKIP, 0, Overlap.CANCEL_PREVIOUS));
        tickAt(Duration.ofSeconds(61));
        tickAt(Duration.ofSeconds(121));
        assertThat(started()).extracting(ExecutionRecord::status)
                .containsExactly(ExecutionStatus.CANCELLED, ExecutionStatus.RUNNING);
    }

    @Test
    void overlapAllowStartsWhileThePreviousRuns() {
        registered();
        coordinator.schedules().create(everyMinute("s", MissedFire.SKIP, 0, Overlap.ALLOW));
        tickAt(Duration.ofSeconds(61));
        tickAt(Duration.ofSeconds(121));
        assertThat(started()).extracting(ExecutionRecord::status)
                .containsExactly(ExecutionStatus.RUNNING, ExecutionStatus.RUNNING);
    }

    @Test
    void slotsPassedWhilePausedNeverFire() {
        registered();
        coordinator.schedules().create(everyMinute("s", MissedFire.CATCH_UP, 100, Overlap.ALLOW));
        coordinator.schedules().setPaused("s", true);
        tickAt(Duration.ofMinutes(5));
        assertThat(started()).isEmpty();
        coordinator.schedules().setPaused("s", false);
        tickAt(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(started()).isEmpty();
        tickAt(Duration.ofMinutes(6));
        assertThat(started()).hasSize(1);
        assertThat(events(EventType.SCHEDULE_PAUSED)).hasSize(1);
        assertThat(events(EventType.SCHEDULE_RESUMED)).hasSize(1);
    }

    @Test
    void aDeletedScheduleFiresNoMore() {
        registered();
        coordinator.schedules().create(everyMinute("s", MissedFire.SKIP, 0, Overlap.ALLOW));
        assertThat(coordinator.schedules().delete("s")).isTrue();
        assertThat(coordinator.schedules().delete("s")).isFalse();
        tickAt(Duration.ofSeconds(61));
        assertThat(started()).isEmpty();
        assertThat(store.schedules()).isEmpty();
    }

    @Test
    void badDefinitionsAreRefusedWithWhatIsWrong() {
        registered();
        ScheduleService schedules = coordinator.schedules();
        assertThatThrownBy(() -> schedules.create(new ScheduleDefinition("s", "nope", null, null, null,
                Duration.ofMinutes(1), null, null, 0, null, false))).hasMessageContaining("pipeline 'nope'");
        assertThatThrownBy(() -> schedules.create(new ScheduleDefinition("s", "report", null, null, "0 0 32 * *",
                null, null, null, 0, null, false))).hasMessageContaining("cron field 3 (day of month) '32'");
        assertThatThrownBy(() -> schedules.create(new ScheduleDefinition("s", "report", null, null, "* * * * *",
                Duration.ofMinutes(1), null, null, 0, null, false))).hasMessageContaining("exactly one of cron");
        assertThatThrownBy(() -> schedules.create(everyMinute("s", MissedFire.CATCH_UP, 0, null)))
                .hasMessageContaining("catch_up needs a limit");
        schedules.create(everyMinute("s", MissedFire.SKIP, 0, null));
        assertThatThrownBy(() -> schedules.create(everyMinute("s", MissedFire.SKIP, 0, null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already exists");
    }

    @Test
    void inputsAnExecutionCouldNotStartWithAreRefusedAtCreation() {
        coordinator.close();
        var limits = new io.meridian.engine.orchestrator.ExecutionLimits(100, 1024, 1024, 64);
        coordinator = Coordinator.manual(store, EngineSettings.DEFAULT.withExecutionLimits(limits), clock);
        registered();
        var big = Json.object().put("text", "x".repeat(200));
        assertThatThrownBy(() -> coordinator.schedules().create(new ScheduleDefinition("s", "report", null, big, null,
                Duration.ofMinutes(1), null, null, 0, null, false))).hasMessageContaining("max_input_bytes");
        assertThat(store.schedules()).isEmpty();
    }

    static String millis(String time) {
        return String.valueOf(Instant.parse("2026-01-01T" + time + "Z").toEpochMilli());
    }
}
