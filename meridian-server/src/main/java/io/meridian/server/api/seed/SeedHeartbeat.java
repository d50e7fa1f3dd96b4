package io.meridian.server.api.seed;

import io.meridian.protocol.lease.ExchangeRequest;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of the seed's {@code POST /workers/:id/heartbeat}: {@code currentLoad} (jobs running now), and the
 * {@code incarnation} and {@code sessionSecret} its registration used and returned (the secret may come in the
 * {@code X-Meridian-Worker-Secret} header instead). It renews nothing and takes no job: a liveness signal only.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record SeedHeartbeat(Integer currentLoad, String incarnation, String sessionSecret) {

    public ExchangeRequest toExchange(String workerId, String secretHeader) {
        if (incarnation == null) {
            throw new IllegalArgumentException("incarnation is required: the one the registration answered");
        }
        return new ExchangeRequest(workerId, incarnation, null, null, 0, 0, currentLoad == null ? 0 : currentLoad,
                sessionSecret != null ? sessionSecret : secretHeader);
    }
}
