package io.meridian.engine;

import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.FailureInfo;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.LeaseGrant;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.LeaseRef;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.lease.WorkerSession;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Drives the lease protocol by hand, one exchange per call, so tests decide exactly what a worker does. */
final class TestWorker {
    final LeaseProtocol protocol;
    final String id;
    WorkerSession session;

    final WorkerRegistration registration;

    TestWorker(LeaseProtocol protocol, String id, List<String> capabilities) {
        this(protocol, new WorkerRegistration(id, java.util.UUID.randomUUID().toString(), "test", 1,
                capabilities, 4, 8192, 0, 10, null, 0, Map.of(), "test"));
    }

    TestWorker(LeaseProtocol protocol, WorkerRegistration registration) {
        this.protocol = protocol;
        this.id = registration.workerId();
        this.registration = registration;
        this.session = protocol.register(registration);
    }

    TestWorker(LeaseProtocol protocol, String id) {
        this(protocol, id, List.of("cpu"));
    }

    List<LeaseGrant> take(int n) {
        return exchange(List.of(), List.of(), n).grants();
    }

    ExchangeResponse succeed(LeaseRef lease, JsonNode output) {
        return exchange(List.of(new JobReport.Succeeded(lease, output)), List.of(), 0);
    }

    ExchangeResponse fail(LeaseRef lease, String message, boolean nonRetryable) {
        return exchange(List.of(new JobReport.Failed(lease, new FailureInfo("handler_error", message, nonRetryable))),
                List.of(), 0);
    }

    ExchangeResponse renew(LeaseRef... leases) {
        return exchange(List.of(), List.of(leases), 0);
    }

    /** Like the worker runtime: when the coordinator no longer knows us, register again and repeat. */
    ExchangeResponse exchange(List<JobReport> reports, List<LeaseRef> held, int want) {
        ExchangeResponse response = protocol.exchange(request(reports, held, want, 0));
        if (response.reregister()) {
            session = protocol.register(registration, session.sessionSecret());
            response = protocol.exchange(request(reports, held, want, 0));
        }
        return response;
    }

    /** An exchange as this worker (its incarnation and session secret). */
    ExchangeRequest request(List<JobReport> reports, List<LeaseRef> held, int want, long waitMillis) {
        return new ExchangeRequest(id, session.incarnation(), reports, held, want, waitMillis, 0,
                session.sessionSecret());
    }
}
