package io.meridian.engine.orchestrator;

import io.meridian.model.json.JsonSize;
/**
 * How much one execution may carry and one stage may put in the queue. Jobs carry references to upstream outputs,
 * never copies, so the payload limits bound only what a stage's own data and config templates add. Above a limit
 * the start is refused, or the stage fails, with an error naming the limit; nothing else is affected.
 *
 * @param maxFanOutItems       items a {@code foreach} may expand to (engine.max_fan_out_items)
 * @param maxJobPayloadBytes   one job's payload as stored and sent, in bytes of JSON (engine.max_job_payload_bytes)
 * @param maxStagePayloadBytes all of one stage's job payloads together (engine.max_stage_payload_bytes): the
 *                             queue holds them in memory until the jobs finish
 * @param maxInputBytes        an execution's inputs in bytes of JSON (engine.max_input_bytes): they are stored
 *                             with the execution and every stage's templates read them
 */
public record ExecutionLimits(int maxFanOutItems, long maxJobPayloadBytes, long maxStagePayloadBytes,
                              long maxInputBytes) {

    public static final ExecutionLimits DEFAULT = new ExecutionLimits(100_000, 4L * 1024 * 1024, 64L * 1024 * 1024,
            16L * 1024 * 1024);

    public ExecutionLimits {
        requirePositive("engine.max_fan_out_items", maxFanOutItems);
        requirePositive("engine.max_job_payload_bytes", maxJobPayloadBytes);
        requirePositive("engine.max_stage_payload_bytes", maxStagePayloadBytes);
        requirePositive("engine.max_input_bytes", maxInputBytes);
    }

    private static void requirePositive(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got " + value);
        }
    }

    /** Refuses inputs over {@link #maxInputBytes}, before anything is stored. */
    public void checkInputs(tools.jackson.databind.JsonNode inputs) {
        long size = JsonSize.of(inputs);
        if (size > maxInputBytes) {
            throw new IllegalArgumentException("the execution's inputs are " + size + " bytes, over the limit of "
                    + maxInputBytes + " bytes (engine.max_input_bytes): pass large data by reference (a URL, a "
                    + "path, a table) rather than inline, or raise engine.max_input_bytes");
        }
    }
}
