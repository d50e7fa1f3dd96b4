package io.meridian.server.auth;

/**
 * What a token may do. ADMIN may do everything; CLIENT submits and reads; WORKER takes and reports jobs; REGION
 * is what another region of the federation holds: it may run stages here (the {@code /v1/federation/stages} and
 * {@code /v1/federation/load} routes) and nothing else.
 * CLIENT_OR_WORKER is not given to tokens: routes that clients and task handlers both use (locks, checkpoints)
 * require it, and a client, worker or admin token satisfies it.
 */
public enum Scope {
    CLIENT, WORKER, ADMIN, REGION, CLIENT_OR_WORKER;

    public static Scope parse(String s) {
        try {
            Scope scope = valueOf(s.strip().toUpperCase());
            if (scope != CLIENT_OR_WORKER) {
                return scope;
            }
        } catch (IllegalArgumentException e) {
            // one message for both cases below
        }
        throw new IllegalArgumentException("unknown token scope '" + s + "' (client, worker, admin, region)");
    }
}
