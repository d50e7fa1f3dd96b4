package io.meridian.engine.leader;

import java.time.Duration;

/**
 * How leadership is held.
 *
 * @param ttl    the lease in the store; a dead leader is replaced at most about this long (plus one retry) after
 *               its last renewal
 * @param retry  how often a follower asks for the lease
 * @param margin how long before its lease can have ended a leader that could not renew steps down: covers the
 *               difference in clock rates between this machine and the database over one ttl
 */
public record LeadershipSettings(Duration ttl, Duration retry, Duration margin) {

    public static final LeadershipSettings DEFAULT =
            new LeadershipSettings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1));

    public LeadershipSettings {
        if (margin.compareTo(ttl) >= 0 || retry.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("leadership margin and retry must be shorter than its ttl (" + ttl + ")");
        }
    }

    /** A leader renews three times per ttl, so one slow round trip does not cost it the lease. */
    public Duration renewEvery() {
        return ttl.dividedBy(3);
    }
}
