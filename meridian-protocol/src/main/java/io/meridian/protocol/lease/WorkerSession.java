package io.meridian.protocol.lease;

/**
 * The coordinator's answer to a registration.
 *
 * @param incarnation     distinguishes this start of the worker from earlier ones under the same id
 * @param leaseTtlMillis  how long a lease lives unless renewed; renew well within it
 * @param sessionSecret   proves later calls come from the process that registered: exchanges and deregistering
 *                        carry it, and registering the id again while this registration is live needs it. Keep it
 *                        out of logs.
 * @param maxResultBytes  the largest job result (as JSON) the coordinator stores; 0 when it did not say
 * @param maxRequestBytes the largest request body the coordinator reads, so the largest exchange; 0 when there
 *                        is no transport limit (in-process) or it did not say
 */
public record WorkerSession(String workerId, String incarnation, long leaseTtlMillis, long heartbeatMillis,
                            String sessionSecret, long maxResultBytes, long maxRequestBytes) {

    /** A session that states no limits (the worker then applies its defaults). */
    public WorkerSession(String workerId, String incarnation, long leaseTtlMillis, long heartbeatMillis,
                         String sessionSecret) {
        this(workerId, incarnation, leaseTtlMillis, heartbeatMillis, sessionSecret, 0, 0);
    }

    /** The same session as seen through a transport that refuses request bodies over {@code bytes}. */
    public WorkerSession withMaxRequestBytes(long bytes) {
        return new WorkerSession(workerId, incarnation, leaseTtlMillis, heartbeatMillis, sessionSecret,
                maxResultBytes, bytes);
    }

    @Override
    public String toString() {
        return "WorkerSession[workerId=" + workerId + ", incarnation=" + incarnation + ", leaseTtlMillis="
                + leaseTtlMillis + ", heartbeatMillis=" + heartbeatMillis + ", maxResultBytes=" + maxResultBytes
                + ", maxRequestBytes=" + maxRequestBytes + "]";
    }
}
