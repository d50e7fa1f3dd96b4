package io.meridian.protocol.lease;

/** Names one lease: a job and the attempt (fencing token) it was granted under. */
public record LeaseRef(String jobId, int attempt) {}
