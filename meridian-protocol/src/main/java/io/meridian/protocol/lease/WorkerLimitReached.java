package io.meridian.protocol.lease;

/**
 * The coordinator holds as many registered workers as it is configured for: a new registration is refused until
 * one leaves (remotely HTTP 503 {@code worker_limit} with Retry-After, which workers retry).
 */
public final class WorkerLimitReached extends RuntimeException {
    public static final String CODE = "worker_limit";

    public WorkerLimitReached(int limit) {
        super("this coordinator already has " + limit + " registered workers, its limit (engine.workers."
                + "max_registered); a new worker can register once another leaves");
    }
}
