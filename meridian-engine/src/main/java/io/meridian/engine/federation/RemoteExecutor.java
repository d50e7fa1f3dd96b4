package io.meridian.engine.federation;

import tools.jackson.databind.JsonNode;

/**
 * Runs a stage in one region. Over HTTP for remote regions (the server module's implementation), in-process for
 * the local one ({@link LocalRegionExecutor}). Implementations never put the region's key in messages.
 */
public interface RemoteExecutor {

    /**
     * Runs the task and returns the stage's output. Blocks until the region finished; an interrupt cancels the
     * region's run (the caller timed out, another region won a race, or the job was cancelled).
     *
     * @throws RegionFailure when the region refused, failed or could not be reached
     */
    JsonNode run(RegionConfig region, RegionTask task) throws RegionFailure, InterruptedException;

    /** One health probe: reachable, round-trip latency and the region's own count of running federated stages. */
    RegionProbe probe(RegionConfig region);

    /** The result of one probe. */
    record RegionProbe(boolean reachable, long latencyMs, int activeRuns, String error) {}
}
