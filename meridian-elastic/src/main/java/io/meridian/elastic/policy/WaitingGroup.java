package io.meridian.elastic.policy;

import io.meridian.protocol.lease.NodeType;
import java.time.Duration;
import java.util.Set;

/**
 * Waiting jobs that need the same capabilities: how many, and how long the oldest of them has waited.
 *
 * @param capabilities what each of these jobs requires of a worker
 * @param nodeType     the node type they require, or null for any
 */
public record WaitingGroup(Set<String> capabilities, NodeType nodeType, long jobs, Duration oldestWait) {
    public WaitingGroup {
        capabilities = Set.copyOf(capabilities);
        if (jobs < 0) {
            throw new IllegalArgumentException("jobs must be 0 or more, got " + jobs);
        }
    }

    /** Jobs that run on any node type. */
    public WaitingGroup(Set<String> capabilities, long jobs, Duration oldestWait) {
        this(capabilities, null, jobs, oldestWait);
    }
}
