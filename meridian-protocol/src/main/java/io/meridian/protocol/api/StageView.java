package io.meridian.protocol.api;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One stage of an {@link ExecutionView}: its jobs so far, its output once it succeeded, its error once it failed. */
public record StageView(String type, String status, int jobs, int jobsDone, int attempts, JsonNode output,
                        String error, Instant startedAt, Instant finishedAt) {}
