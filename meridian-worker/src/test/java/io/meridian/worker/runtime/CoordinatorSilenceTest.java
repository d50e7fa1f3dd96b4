package io.meridian.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.protocol.lease.ExchangeRequest;
import io.meridian.protocol.lease.ExchangeResponse;
import io.meridian.protocol.lease.LeaseProtocol;
import io.meridian.protocol.lease.WorkerRegistration;
import io.meridian.protocol.lease.WorkerSession;
import io.meridian.worker.sdk.HandlerRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The time since the coordinator last answered, which health checks read, grows while it is gone and resets after. */
class CoordinatorSilenceTest {

    /** Answers exchanges while reachable; otherwise holds each call, as the transport does while it retries. */
    static final class SometimesGone implements LeaseProtocol {
        volatile boolean reachable = true;

        @Override
        public WorkerSession register(WorkerRegistration registration, String sessionSecret) {
            return new WorkerSession(registration.workerId(), registration.incarnation(), 30_000, 100, "secret");
        }

        @Override
        public ExchangeResponse exchange(ExchangeRequest request) {
            try {
                Thread.sleep(Math.min(request.waitMillis(), 20));
                while (!reachable) {
                    Thread.sleep(10); // a retrying transport: the call neither answers nor fails for minutes
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return new ExchangeResponse(List.of(), List.of(), List.of(), false);
        }

        @Override
        public void deregister(String workerId, String sessionSecret) {}
    }

    @Test
    void silenceGrowsWhileTheCoordinatorIsGoneAndResetsWhenItAnswersAgain() {
        SometimesGone coordinator = new SometimesGone();
        WorkerOptions options = new WorkerOptions("w-silence", 2, List.of(), 2, 1024, 0, null, 0, Map.of(),
                Duration.ofSeconds(1));
        try (WorkerRuntime runtime = new WorkerRuntime(coordinator, new HandlerRegistry(), options,
                TaskResources.of(Map.of())).start()) {
            assertThat(runtime.heartbeat()).isEqualTo(Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> runtime.sinceLastAnswer().compareTo(Duration.ofMillis(100)) < 0);

            coordinator.reachable = false;
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> runtime.sinceLastAnswer().compareTo(Duration.ofMillis(500)) > 0);

            coordinator.reachable = true;
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> runtime.sinceLastAnswer().compareTo(Duration.ofMillis(200)) < 0);
        }
    }
}
