package io.meridian.server.auth;

/** What a token may do. ADMIN may do everything; CLIENT submits and reads; WORKER takes and reports jobs. */
public enum Scope {
    CLIENT, WORKER, ADMIN;

    public static Scope parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown token scope '" + s + "' (client, worker, admin)");
        }
    }
}
