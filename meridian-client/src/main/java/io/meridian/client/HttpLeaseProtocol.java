package io.meridian.client;

import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.WorkerIdInUse;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.lease.WorkerSession;
import java.time.Duration;
import java.util.Map;

/**
 * The lease protocol over HTTP, for workers in other processes: the same calls the in-process workers make on
 * the engine directly. A failed exchange is retried as a whole with jittered backoff; repeating reports is safe
 * because the coordinator accepts a result only once, from the current lease. The worker's session secret travels
 * in the exchange body and, for registering again and deregistering, in the {@value #SECRET_HEADER} header.
 */
public final class HttpLeaseProtocol implements LeaseProtocol {
    /** The header that carries a worker's session secret. */
    public static final String SECRET_HEADER = "X-Meridian-Worker-Secret";
    private static final Duration CALL_MARGIN = Duration.ofSeconds(10);
    private final HttpTransport transport;

    public HttpLeaseProtocol(CoordinatorAddresses coordinators, String token, Duration retryBudget) {
        this.transport = new HttpTransport(coordinators, token, retryBudget);
    }

    @Override
    public WorkerSession register(WorkerRegistration registration, String sessionSecret) {
        try {
            return transport.send("POST", "/v1/workers", registration, CALL_MARGIN, secret(sessionSecret),
                    WorkerSession.class);
        } catch (ApiException e) {
            throw WorkerIdInUse.CODE.equals(e.code()) ? new WorkerIdInUse(e.getMessage()) : e;
        }
    }

    @Override
    public ExchangeResponse exchange(ExchangeRequest request) {
        Duration timeout = Duration.ofMillis(request.waitMillis()).plus(CALL_MARGIN);
        return transport.send("POST", "/v1/workers/" + Paths.segment(request.workerId()) + "/exchange", request,
                timeout, ExchangeResponse.class);
    }

    @Override
    public void deregister(String workerId, String sessionSecret) {
        transport.send("DELETE", "/v1/workers/" + Paths.segment(workerId), null, CALL_MARGIN, secret(sessionSecret),
                Void.class);
    }

    private static Map<String, String> secret(String sessionSecret) {
        return sessionSecret == null ? Map.of() : Map.of(SECRET_HEADER, sessionSecret);
    }
}
