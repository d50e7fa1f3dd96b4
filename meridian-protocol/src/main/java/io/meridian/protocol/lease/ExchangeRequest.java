package io.meridian.protocol.lease;

import java.util.List;

/**
 * One round trip from a worker.
 *
 * @param reports   starts and results since the last exchange
 * @param held      leases the worker still holds and wants renewed
 * @param wantJobs  how many new jobs it can take now (0 = just report and renew)
 * @param waitMillis how long the coordinator may hold the call open when there is nothing to hand out
 * @param activeJobs how many jobs are running on the worker right now (its load)
 * @param sessionSecret the secret the worker's registration returned ({@link WorkerSession#sessionSecret()}):
 *                   without it the coordinator treats the request as not coming from that worker
 */
public record ExchangeRequest(String workerId, String incarnation, List<JobReport> reports, List<LeaseRef> held,
                              int wantJobs, long waitMillis, int activeJobs, String sessionSecret) {

    public ExchangeRequest {
        reports = reports == null ? List.of() : List.copyOf(reports);
        held = held == null ? List.of() : List.copyOf(held);
    }

    @Override
    public String toString() {
        return "ExchangeRequest[workerId=" + workerId + ", reports=" + reports.size() + ", held=" + held.size()
                + ", wantJobs=" + wantJobs + ", waitMillis=" + waitMillis + ", activeJobs=" + activeJobs + "]";
    }
}
