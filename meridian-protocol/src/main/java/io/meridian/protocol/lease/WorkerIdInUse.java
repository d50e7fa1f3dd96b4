package io.meridian.protocol.lease;

/**
 * A registration named the id of a worker that is registered and alive, without that worker's session secret:
 * one worker process cannot take over (and kick out) another's id. A restarted process can register once its
 * predecessor has been found silent, or after an admin removed the old registration. Remotely this is HTTP 409
 * {@code worker_id_in_use}.
 */
public final class WorkerIdInUse extends RuntimeException {
    public static final String CODE = "worker_id_in_use";

    public WorkerIdInUse(String message) {
        super(message);
    }

    public static WorkerIdInUse of(String workerId, java.time.Duration silentAfter) {
        return new WorkerIdInUse("worker id '" + workerId + "' belongs to a live worker; registering under it needs "
                + "that worker's session secret. A restarted worker can register once the old registration has been "
                + "silent for " + silentAfter.toMillis() + " ms, or an admin token can remove it (DELETE /v1/workers/"
                + workerId + ")");
    }
}
