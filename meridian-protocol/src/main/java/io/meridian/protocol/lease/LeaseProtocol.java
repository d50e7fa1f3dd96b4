package io.meridian.protocol.lease;

/**
 * How a worker talks to a coordinator. One {@link #exchange} round trip reports finished jobs, renews the
 * leases the worker holds and takes up to N new jobs, waiting up to a bound when there is nothing to take.
 * In-process workers are handed the engine's implementation; remote workers an HTTP one. The rules are the
 * same: a report is accepted only from the current lease (its attempt number is the fencing token).
 */
public interface LeaseProtocol {

    /**
     * Registers a worker (a new incarnation if the id was seen before) and returns its session settings, with a
     * new session secret. Registering the id of a live registration needs that registration's secret
     * ({@code sessionSecret}); without it the call is refused (HTTP 409), so one worker cannot take over another's
     * id.
     *
     * @param sessionSecret the secret of the live registration being renewed, or null
     */
    WorkerSession register(WorkerRegistration registration, String sessionSecret);

    /** A first registration: {@code register(registration, null)}. */
    default WorkerSession register(WorkerRegistration registration) {
        return register(registration, null);
    }

    /** The batched round trip; the request carries the session secret. */
    ExchangeResponse exchange(ExchangeRequest request);

    /**
     * The worker stops; anything it still holds is requeued at once without spending a retry. Needs the session
     * secret of the current registration (refused otherwise, HTTP 403).
     */
    void deregister(String workerId, String sessionSecret);
}
