package io.meridian.elastic.policy;

import java.time.Duration;
import java.util.Set;

/**
 * Waiting jobs that need the same capabilities: how many, and how long the oldest of them has waited.
 *
 * @param capabilities what each of these jobs requires of a worker
 */
public record WaitingGroup(Set<String> capabilities, long jobs, Duration oldestWait) {
    public WaitingGroup {
        capabilities = Set.copyOf(capabilities);
        if (jobs < 0) {
            throw new IllegalArgumentException("jobs must be 0 or more, got " + jobs);
        }
    }
}
