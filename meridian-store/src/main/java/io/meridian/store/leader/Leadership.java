package io.meridian.store.leader;

import java.time.Duration;
import java.util.Optional;

/**
 * Leadership as a lease in the store. Expiry is judged by the store's clock; a node keeps its own monotonic
 * deadline and steps down before the lease can have ended (see the engine's leader loop).
 * Every store implements it for real: PostgreSQL among coordinators on several machines, the in-memory and
 * SQLite stores among the coordinator instances that share them on one machine.
 */
public interface Leadership {

    /**
     * Becomes leader if nobody holds an unexpired lease (a new term: epoch + 1), or renews the lease if this
     * node already holds the current term. Empty if another node leads.
     */
    Optional<Term> acquire(String nodeId, String address, Duration ttl);

    /** Extends the lease of {@code term}; false if the term is over (another node took over). */
    boolean renew(Term term, Duration ttl);

    /** Gives the lease up at once so another node can take over without waiting for expiry. */
    void resign(Term term);

    /** The current unexpired leader, if any. */
    Optional<LeaderInfo> leader();
}
