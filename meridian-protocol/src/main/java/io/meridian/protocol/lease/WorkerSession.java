package io.meridian.protocol.lease;

/**
 * The coordinator's answer to a registration.
 *
 * @param incarnation    distinguishes this start of the worker from earlier ones under the same id
 * @param leaseTtlMillis how long a lease lives unless renewed; renew well within it
 * @param sessionSecret  proves later calls come from the process that registered: exchanges and deregistering
 *                       carry it, and registering the id again while this registration is live needs it. Keep it
 *                       out of logs.
 */
public record WorkerSession(String workerId, String incarnation, long leaseTtlMillis, long heartbeatMillis,
                            String sessionSecret) {

    @Override
    public String toString() {
        return "WorkerSession[workerId=" + workerId + ", incarnation=" + incarnation + ", leaseTtlMillis="
                + leaseTtlMillis + ", heartbeatMillis=" + heartbeatMillis + "]";
    }
}
