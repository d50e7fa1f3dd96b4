package io.meridian.server.api;

import io.meridian.protocol.lease.FailureInfo;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/leases/{jobId}/{attempt}/complete}: one job's result outside a batch, its
 * {@code output} or its {@code failure}, from the worker holding the lease.
 */
public record LeaseResult(String workerId, String incarnation, String sessionSecret, JsonNode output,
                          FailureInfo failure) {}
