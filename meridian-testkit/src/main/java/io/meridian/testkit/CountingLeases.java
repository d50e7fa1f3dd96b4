package io.meridian.testkit;

import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.lease.WorkerSession;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The coordinator's lease protocol, counting the worker's exchanges: {@link PipelineTester} runs the coordinator's
 * duties only after the worker exchanged since the clock last jumped, so a jump never makes the worker look lost
 * (which would hand its job to a new attempt).
 */
final class CountingLeases implements LeaseProtocol {
    private final LeaseProtocol leases;
    private final AtomicLong exchanges = new AtomicLong();

    CountingLeases(LeaseProtocol leases) {
        this.leases = leases;
    }

    long exchanges() {
        return exchanges.get();
    }

    @Override
    public WorkerSession register(WorkerRegistration registration, String sessionSecret) {
        return leases.register(registration, sessionSecret);
    }

    @Override
    public ExchangeResponse exchange(ExchangeRequest request) {
        ExchangeResponse response = leases.exchange(request);
        exchanges.incrementAndGet();
        return response;
    }

    @Override
    public void deregister(String workerId, String sessionSecret) {
        leases.deregister(workerId, sessionSecret);
    }
}
