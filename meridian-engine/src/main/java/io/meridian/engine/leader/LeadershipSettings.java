package io.meridian.engine.leader;

import java.time.Duration;

/**
 * How leadership is held.
 *
 * @param ttl         the lease in the store; a dead leader is replaced at most about this long (plus one retry)
 *                    after its last renewal
 * @param retry       how often a follower asks for the lease
 * @param margin      how long before its lease can have ended a leader that could not renew steps down: covers the
 *                    difference in clock rates between this machine and the database over one ttl
 * @param commitStall a leader whose oldest write has waited this long for its commit is unfit and resigns (its
 *                    commits hang: a lock in the database, a dead disk); it must exceed the slowest healthy commit
 */
public record LeadershipSettings(Duration ttl, Duration retry, Duration margin, Duration commitStall) {

    static final long DEFAULT_COMMIT_STALL_SECONDS = 30;
    public static final Duration DEFAULT_COMMIT_STALL = Duration.ofSeconds(DEFAULT_COMMIT_STALL_SECONDS);

    public static final LeadershipSettings DEFAULT =
            new LeadershipSettings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1));

    public LeadershipSettings {
        if (margin.compareTo(ttl) >= 0 || retry.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("leadership margin and retry must be shorter than its ttl (" + ttl + ")");
        }
        if (commitStall == null || commitStall.isNegative() || commitStall.isZero()) {
            throw new IllegalArgumentException("server.leadership.commit_stall_seconds must be positive, got "
                    + commitStall);
        }
    }

    /** With the default commit stall limit ({@value #DEFAULT_COMMIT_STALL_SECONDS} s). */
    public LeadershipSettings(Duration ttl, Duration retry, Duration margin) {
        this(ttl, retry, margin, DEFAULT_COMMIT_STALL);
    }

    public LeadershipSettings withCommitStall(Duration limit) {
        return new LeadershipSettings(ttl, retry, margin, limit);
    }

    /** A leader renews three times per ttl, so one slow round trip does not cost it the lease. */
    public Duration renewEvery() {
        return ttl.dividedBy(3);
    }
}
