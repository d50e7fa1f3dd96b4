package io.meridian.engine;

import io.meridian.engine.durability.StateGuard;
import io.meridian.engine.orchestrator.Orchestrator;
import io.meridian.engine.orchestrator.RequestIds;
import io.meridian.engine.queue.JobIds;
import io.meridian.engine.schedules.ScheduledRuns;
import io.meridian.engine.time.EngineClock;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.ExecutionRecord;
import io.meridian.store.Store;
import io.meridian.store.StoreWrite;
import io.meridian.store.event.EventRecord;
import io.meridian.store.schedule.ScheduleRecord;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** The coordinator's side of schedules: starts and schedule writes go through its state lock and group committer. */
final class CoordinatorSchedules implements ScheduledRuns {
    private final Store store;
    private final StateGuard guard;
    private final Orchestrator orchestrator;
    private final RequestIds requestIds;
    private final EngineClock clock;
    private final Coordinator coordinator;

    CoordinatorSchedules(Store store, StateGuard guard, Orchestrator orchestrator, RequestIds requestIds,
                         EngineClock clock, Coordinator coordinator) {
        this.store = store;
        this.guard = guard;
        this.orchestrator = orchestrator;
        this.requestIds = requestIds;
        this.clock = clock;
        this.coordinator = coordinator;
    }

    @Override
    public String start(Pipeline pipeline, JsonNode inputs, String requestId, ScheduleRecord handled,
                        Function<String, EventRecord> fired) {
        Optional<ExecutionRecord> earlier = store.executionByRequestId(requestId);
        if (earlier.isPresent()) {
            // a slot already started (by an earlier leader, before its schedule write was seen): record, never repeat
            save(handled.id(), handled.handled(handled.lastSlot(), earlier.get().id(), clock.now()), null);
            return earlier.get().id();
        }
        String id = JobIds.next("x", clock.now().toEpochMilli());
        try {
            return guard.write(work -> {
                // as Coordinator.startExecution: a start with this request id may be written but not yet committed
                String starting = requestIds.claim(requestId, id);
                String other = starting != null ? starting
                        : store.executionByRequestId(requestId).map(ExecutionRecord::id).orElse(null);
                String executionId = other != null ? other
                        : orchestrator.start(id, pipeline, inputs, requestId, work).id();
                if (other == null) {
                    requestIds.written(requestId, orchestrator.snapshot(executionId).orElseThrow());
                    work.emit(fired.apply(executionId));
                }
                ScheduleRecord done = handled.handled(handled.lastSlot(), executionId, clock.now());
                work.changed("s" + handled.id(), () -> new StoreWrite.PutSchedule(done));
                return executionId;
            });
        } finally {
            guard.read(() -> {
                requestIds.release(requestId, id);
                return null;
            });
        }
    }

    @Override
    public void save(String scheduleId, ScheduleRecord schedule, EventRecord event) {
        guard.write(work -> {
            StoreWrite write = schedule == null ? new StoreWrite.DeleteSchedule(scheduleId)
                    : new StoreWrite.PutSchedule(schedule);
            work.changed("s" + scheduleId, () -> write);
            if (event != null) {
                work.emit(event);
            }
            return null;
        });
    }

    @Override
    public boolean unfinished(String executionId) {
        return coordinator.execution(executionId).map(x -> !x.status().isTerminal()).orElse(false);
    }

    @Override
    public void cancel(String executionId) {
        coordinator.cancelExecution(executionId);
    }

    @Override
    public void checkInputs(JsonNode inputs) {
        coordinator.checkInputs(inputs);
    }

    @Override
    public Optional<Pipeline> pipeline(String id, Integer version) {
        return store.pipelines().stream().filter(p -> p.id().equals(id))
                .filter(p -> version == null || p.version() == version)
                .max(Comparator.comparingInt(Pipeline::version));
    }
}
