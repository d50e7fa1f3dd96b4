package io.meridian.protocol.lease;

import java.util.List;

/**
 * The coordinator's answer.
 *
 * @param grants     new jobs, each already leased durably to this worker
 * @param refused    reports that were not accepted because their lease is no longer current (HTTP 409 remotely)
 * @param revoked    held leases that are no longer this worker's: stop the handler, its result would be refused
 * @param reregister the coordinator does not know this worker (it restarted, or dropped the worker as
 *                   silent): register again with the same incarnation, then repeat the exchange
 */
public record ExchangeResponse(List<LeaseGrant> grants, List<LeaseRef> refused, List<LeaseRef> revoked,
                               boolean reregister) {

    public static final ExchangeResponse EMPTY = new ExchangeResponse(List.of(), List.of(), List.of(), false);
}
