package io.meridian.engine.schedules;

import io.meridian.model.pipeline.Pipeline;
import io.meridian.store.event.EventRecord;
import io.meridian.store.schedule.ScheduleRecord;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** What schedules need from the coordinator that wires them: each change commits durably before it returns. */
public interface ScheduledRuns {

    /**
     * Starts {@code pipeline} under {@code requestId} and commits {@code handled} (given the new execution's id)
     * and {@code fired} in the same commit. If an execution already holds the request id, starts nothing and
     * commits the schedule with that execution. Returns the execution id.
     */
    String start(Pipeline pipeline, JsonNode inputs, String requestId, ScheduleRecord handled,
                 java.util.function.Function<String, EventRecord> fired);

    /** Commits a schedule (or its deletion, when {@code schedule} is null) with an optional event. */
    void save(String scheduleId, ScheduleRecord schedule, EventRecord event);

    /** True while the execution is running or paused. */
    boolean unfinished(String executionId);

    void cancel(String executionId);

    /** Refuses inputs an execution could not start with (over engine.max_input_bytes): IllegalArgumentException. */
    void checkInputs(JsonNode inputs);

    /** The registered pipeline {@code id} at {@code version}, or its newest version when version is null. */
    Optional<Pipeline> pipeline(String id, Integer version);
}
