package io.meridian.server.routes;

import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.server.http.ApiError;
import io.meridian.server.http.Exchange;

/**
 * How long a worker's exchange may wait for work ({@code wait_millis}): 0 or more (400 otherwise), and clamped
 * to the server's maximum (server.max_wait_millis, 30 s by default). Clamping, not refusing, because a long poll
 * may always end early with nothing: the worker just polls again. A call that may wait is parked as a long poll,
 * off the slots that short worker calls (heartbeats, results) need.
 */
final class LongPollWait {
    private LongPollWait() {
    }

    static ExchangeRequest admit(Exchange ex, ExchangeRequest request) {
        if (request.waitMillis() < 0) {
            throw ApiError.badRequest("wait_millis must be 0 or more, got " + request.waitMillis());
        }
        if (request.waitMillis() == 0 || request.wantJobs() <= 0) {
            return request; // answered at once: a short call
        }
        long wait = ex.parkForLongPoll(request.waitMillis());
        return wait == request.waitMillis() ? request : new ExchangeRequest(request.workerId(),
                request.incarnation(), request.reports(), request.held(), request.wantJobs(), wait,
                request.activeJobs(), request.sessionSecret());
    }
}
