package io.meridian.protocol.lease;

import java.util.List;

/**
 * The coordinator's answer.
 *
 * @param grants   new jobs, each already leased durably to this worker
 * @param refused  reports that were not accepted because their lease is no longer current (HTTP 409 remotely)
 * @param revoked  held leases that are no longer this worker's: stop the handler, its result would be refused
 */
public record ExchangeResponse(List<LeaseGrant> grants, List<LeaseRef> refused, List<LeaseRef> revoked) {

    public static final ExchangeResponse EMPTY = new ExchangeResponse(List.of(), List.of(), List.of());
}
