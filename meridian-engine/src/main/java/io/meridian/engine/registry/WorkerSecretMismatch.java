package io.meridian.engine.registry;

/** A request acted on a worker's registration without that registration's session secret. */
public final class WorkerSecretMismatch extends RuntimeException {
    public WorkerSecretMismatch(String workerId) {
        super("the session secret does not match the current registration of worker '" + workerId + "'; only "
                + "the process that registered it (or an admin token) may act on it");
    }
}
