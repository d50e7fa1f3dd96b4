package io.meridian.engine.orchestrator;

/**
 * How much one stage may put in the queue when it starts. Jobs carry references to upstream outputs, never
 * copies, so these bound only what a stage's own data and config templates add; above any of them the stage
 * fails with an error naming the limit, and nothing else is affected.
 *
 * @param maxFanOutItems       items a {@code foreach} may expand to (engine.max_fan_out_items)
 * @param maxJobPayloadBytes   one job's payload as stored and sent, in bytes of JSON (engine.max_job_payload_bytes)
 * @param maxStagePayloadBytes all of one stage's job payloads together (engine.max_stage_payload_bytes): the
 *                             queue holds them in memory until the jobs finish
 */
public record PlanningLimits(int maxFanOutItems, long maxJobPayloadBytes, long maxStagePayloadBytes) {

    public static final PlanningLimits DEFAULT = new PlanningLimits(100_000, 4L * 1024 * 1024, 64L * 1024 * 1024);

    public PlanningLimits {
        requirePositive("engine.max_fan_out_items", maxFanOutItems);
        requirePositive("engine.max_job_payload_bytes", maxJobPayloadBytes);
        requirePositive("engine.max_stage_payload_bytes", maxStagePayloadBytes);
    }

    private static void requirePositive(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, got " + value);
        }
    }
}
