package io.meridian.protocol.lease;

/**
 * How a worker talks to a coordinator. One {@link #exchange} round trip reports finished jobs, renews the
 * leases the worker holds and takes up to N new jobs, waiting up to a bound when there is nothing to take.
 * In-process workers are handed the engine's implementation; remote workers an HTTP one. The rules are the
 * same: a report is accepted only from the current lease (its attempt number is the fencing token).
 */
public interface LeaseProtocol {

    /** Registers a worker (a new incarnation if the id was seen before) and returns its session settings. */
    WorkerSession register(WorkerRegistration registration);

    /** The batched round trip. */
    ExchangeResponse exchange(ExchangeRequest request);

    /** The worker stops; anything it still holds is requeued at once without spending a retry. */
    void deregister(String workerId);
}
