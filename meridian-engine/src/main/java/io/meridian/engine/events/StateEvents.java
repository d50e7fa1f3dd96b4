package io.meridian.engine.events;

import io.meridian.model.event.EventType;
import io.meridian.model.execution.ExecutionStatus;
import io.meridian.model.execution.JobStatus;
import io.meridian.model.execution.StageStatus;
import java.util.Optional;

/** Which event a status change of a job, stage or execution emits. */
public final class StateEvents {

    private StateEvents() {}

    public static EventType ofJob(JobStatus status) {
        return switch (status) {
            case WAITING -> EventType.JOB_QUEUED;
            case DELAYED -> EventType.JOB_RETRY_SCHEDULED;
            case PAUSED -> EventType.JOB_PAUSED;
            case LEASED -> EventType.JOB_LEASED;
            case RUNNING -> EventType.JOB_STARTED;
            case SUCCEEDED -> EventType.JOB_SUCCEEDED;
            case FAILED -> EventType.JOB_FAILED;
            case CANCELLED -> EventType.JOB_CANCELLED;
            case DEAD -> EventType.JOB_DEAD;
        };
    }

    /** Empty for PENDING (where every stage starts) and PAUSED (shown only while its execution is paused). */
    public static Optional<EventType> ofStage(StageStatus status) {
        return Optional.ofNullable(switch (status) {
            case RUNNING -> EventType.STAGE_STARTED;
            case SUCCEEDED -> EventType.STAGE_SUCCEEDED;
            case FAILED -> EventType.STAGE_FAILED;
            case SKIPPED -> EventType.STAGE_SKIPPED;
            case CANCELLED -> EventType.STAGE_CANCELLED;
            case PENDING, PAUSED -> null;
        });
    }

    /** The event of an execution reaching {@code status} (RUNNING counts as started). */
    public static EventType ofExecution(ExecutionStatus status) {
        return switch (status) {
            case RUNNING -> EventType.EXECUTION_STARTED;
            case PAUSED -> EventType.EXECUTION_PAUSED;
            case SUCCEEDED -> EventType.EXECUTION_SUCCEEDED;
            case FAILED -> EventType.EXECUTION_FAILED;
            case CANCELLED -> EventType.EXECUTION_CANCELLED;
        };
    }
}
