package io.meridian.model.execution;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** The state of one stage in one execution, as shown to users and kept in the store. */
public record StageRun(String stageId, StageStatus status, int jobs, int jobsDone, int attempts,
                       JsonNode output, String error, Instant startedAt, Instant finishedAt) {

    public static StageRun pending(String stageId) {
        return new StageRun(stageId, StageStatus.PENDING, 0, 0, 0, null, null, null, null);
    }
}
