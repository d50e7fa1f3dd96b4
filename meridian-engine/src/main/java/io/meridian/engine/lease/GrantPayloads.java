package io.meridian.engine.lease;

import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.LeaseGrant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Adds their payloads to grants once the leases are durable. The leader keeps no payloads of queued jobs in memory
 * (a queue millions deep would cost gigabytes of JSON trees): a job's payload stays in the store from its
 * submission until it is handed out, and is read here, one statement per batch of grants, outside the state lock.
 * A grant made before its job's insert was durable still carries the payload from memory and costs no read.
 *
 * <p>If the read fails the exchange fails: the leases are durable but unanswered, so they lapse and the jobs are
 * handed out again, as when a response is lost on the network.
 */
public final class GrantPayloads {

    /** Where payloads are read: the store's {@code payloads(ids)}. */
    @FunctionalInterface
    public interface Source {
        Map<String, JsonNode> payloads(Collection<String> jobIds);
    }

    private final Source source;

    public GrantPayloads(Source source) {
        this.source = source;
    }

    /** The response with every grant's payload in place (the same response when none was missing). */
    ExchangeResponse fill(ExchangeResponse response) {
        List<String> missing = new ArrayList<>();
        for (LeaseGrant g : response.grants()) {
            if (g.payload() == null) {
                missing.add(g.lease().jobId());
            }
        }
        if (missing.isEmpty()) {
            return response;
        }
        Map<String, JsonNode> found = source.payloads(missing);
        if (found.isEmpty()) {
            return response; // jobs submitted without a payload
        }
        List<LeaseGrant> filled = new ArrayList<>(response.grants().size());
        for (LeaseGrant g : response.grants()) {
            JsonNode payload = g.payload() != null ? g.payload() : found.get(g.lease().jobId());
            filled.add(payload == g.payload() ? g : new LeaseGrant(g.lease(), g.type(), payload, g.idempotencyKey(),
                    g.priority(), g.leaseExpiresAt(), g.deadline(), g.executionId(), g.stageId(), g.itemIndex(),
                    g.placementStrategy(), g.affinityKey(), g.traceparent()));
        }
        return new ExchangeResponse(filled, response.refused(), response.revoked(), response.reregister());
    }
}
