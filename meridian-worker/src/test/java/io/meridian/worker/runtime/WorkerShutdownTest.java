package io.meridian.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.lease.WorkerSession;
import io.meridian.worker.sdk.HandlerRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WorkerShutdownTest {

    /** A coordinator that answers exchanges but never answers the goodbye (it went away meanwhile). */
    static final class GoneAtGoodbye implements LeaseProtocol {
        final CountDownLatch deregisterCalled = new CountDownLatch(1);

        @Override
        public WorkerSession register(WorkerRegistration registration, String sessionSecret) {
            return new WorkerSession(registration.workerId(), registration.incarnation(), 30_000, 1_000, "secret");
        }

        @Override
        public ExchangeResponse exchange(ExchangeRequest request) {
            try {
                Thread.sleep(Math.min(request.waitMillis(), 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ExchangeResponse(List.of(), List.of(), List.of(), false);
        }

        @Override
        public void deregister(String workerId, String sessionSecret) {
            deregisterCalled.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5)); // what a retry budget against a dead coordinator looks like
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void stopsPromptlyWhenNoCoordinatorAnswersTheGoodbye() throws Exception {
        GoneAtGoodbye coordinator = new GoneAtGoodbye();
        WorkerOptions options = new WorkerOptions("w-stop", 2, List.of(), 2, 1024, 0, null, 0, Map.of(),
                Duration.ofSeconds(1));
        WorkerRuntime runtime = new WorkerRuntime(coordinator, new HandlerRegistry(), options,
                TaskResources.of(Map.of())).start();

        long started = System.nanoTime();
        runtime.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(coordinator.deregisterCalled.getCount()).isZero();
        assertThat(took).isLessThan(Duration.ofSeconds(20));
    }
}
