package io.meridian.engine.placement;

/**
 * A worker that could take a job now: healthy, waiting for work, with the capabilities and resources the job
 * needs. {@code order} is its registration order (stable tie-breaker).
 */
public record Candidate(String workerId, int activeJobs, int maxConcurrency, double costPerHour, int priority,
                        long order) {

    /** Load as a fraction of capacity: 0 idle, 1 full. */
    public double load() {
        return maxConcurrency <= 0 ? 1 : (double) activeJobs / maxConcurrency;
    }
}
