package io.meridian.worker.sdk;

import java.time.Instant;

/**
 * A lock a task holds on a named resource, until {@code expiresAt} unless extended or released.
 *
 * <p>A lock can lapse while its holder is paused (a long GC, a slow network), and then pass to someone else.
 * Pass {@code fencingToken} along with every write to the guarded resource, and have the resource refuse a
 * token lower than the highest it has seen: tokens grow with every acquisition, so a late holder is refused.
 *
 * @param lockId       proves holdership: release and extend need it
 * @param owner        who took it (this worker and job)
 * @param fencingToken grows strictly with every acquisition of any lock
 */
public record Lock(String resource, String lockId, String owner, long fencingToken, Instant acquiredAt,
                   Instant expiresAt) {}
