package io.meridian.store;

import io.meridian.model.execution.JobStatus;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Where a job is now.
 *
 * @param attempt        number of times the job was handed out; the current lease's fencing token
 * @param failures       attempts that ended in a handler failure or timeout (they spend retries)
 * @param lostAttempts   attempts whose worker vanished (they do not spend retries, but are capped)
 * @param notBefore      earliest time a DELAYED job may be claimed
 * @param leaseExpiresAt when the current lease lapses unless renewed
 * @param deadline       when the current attempt times out, whatever its lease
 */
public record JobState(JobStatus status, int attempt, int failures, int lostAttempts, Instant notBefore,
                       String workerId, Instant leaseExpiresAt, Instant deadline, JsonNode result, String error,
                       Instant updatedAt) {

    public static JobState waiting(Instant now) {
        return new JobState(JobStatus.WAITING, 0, 0, 0, null, null, null, null, null, null, now);
    }
}
