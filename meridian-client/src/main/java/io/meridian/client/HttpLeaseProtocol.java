package io.meridian.client;

import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.lease.WorkerSession;
import java.time.Duration;

/**
 * The lease protocol over HTTP, for workers in other processes: the same calls the in-process workers make on
 * the engine directly. A failed exchange is retried as a whole with jittered backoff; repeating reports is safe
 * because the coordinator accepts a result only once, from the current lease.
 */
public final class HttpLeaseProtocol implements LeaseProtocol {
    private static final Duration CALL_MARGIN = Duration.ofSeconds(10);
    private final HttpTransport transport;

    public HttpLeaseProtocol(CoordinatorAddresses coordinators, String token, Duration retryBudget) {
        this.transport = new HttpTransport(coordinators, token, retryBudget);
    }

    @Override
    public WorkerSession register(WorkerRegistration registration) {
        return transport.send("POST", "/v1/workers", registration, CALL_MARGIN, WorkerSession.class);
    }

    @Override
    public ExchangeResponse exchange(ExchangeRequest request) {
        Duration timeout = Duration.ofMillis(request.waitMillis()).plus(CALL_MARGIN);
        return transport.send("POST", "/v1/workers/" + request.workerId() + "/exchange", request, timeout,
                ExchangeResponse.class);
    }

    @Override
    public void deregister(String workerId) {
        transport.send("DELETE", "/v1/workers/" + workerId, null, CALL_MARGIN);
    }
}
