package io.meridian.elastic.provision;

import java.time.Instant;

/**
 * A worker a provisioner started.
 *
 * @param startedAt when its current process (or machine) was started: the start timeout counts from here
 * @param restarts  how many times it was started again after it crashed
 * @param stopping  it was asked to drain and has not exited yet
 */
public record ProvisionedWorker(String workerId, String pool, Instant startedAt, int restarts, boolean stopping) {}
