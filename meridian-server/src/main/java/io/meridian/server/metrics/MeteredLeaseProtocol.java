package io.meridian.server.metrics;

import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.lease.WorkerSession;

/** Counts jobs handed out and finished, and times exchanges, around the engine's lease service. */
public final class MeteredLeaseProtocol implements LeaseProtocol {
    private final LeaseProtocol delegate;
    private final ServerMetrics metrics;

    public MeteredLeaseProtocol(LeaseProtocol delegate, ServerMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public WorkerSession register(WorkerRegistration registration, String sessionSecret) {
        return delegate.register(registration, sessionSecret);
    }

    @Override
    public ExchangeResponse exchange(ExchangeRequest request) {
        long start = System.nanoTime();
        ExchangeResponse r = delegate.exchange(request);
        if (request.waitMillis() == 0 || !r.grants().isEmpty()) {
            metrics.exchangeTook(System.nanoTime() - start);
        }
        metrics.jobsStarted(r.grants().size());
        int ok = 0;
        int notOk = 0;
        for (JobReport report : request.reports()) {
            if (r.refused().contains(report.lease())) {
                continue;
            }
            if (report instanceof JobReport.Succeeded) ok++;
            if (report instanceof JobReport.Failed) notOk++;
        }
        metrics.jobsFinished(ok, notOk);
        return r;
    }

    @Override
    public void deregister(String workerId, String sessionSecret) {
        delegate.deregister(workerId, sessionSecret);
    }
}
