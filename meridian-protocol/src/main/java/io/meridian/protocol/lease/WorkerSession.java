package io.meridian.protocol.lease;

/**
 * The coordinator's answer to a registration.
 *
 * @param incarnation    distinguishes this start of the worker from earlier ones under the same id
 * @param leaseTtlMillis how long a lease lives unless renewed; renew well within it
 */
public record WorkerSession(String workerId, String incarnation, long leaseTtlMillis, long heartbeatMillis) {}
