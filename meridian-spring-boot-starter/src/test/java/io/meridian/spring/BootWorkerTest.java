package io.meridian.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.codec.PipelineReader;
import io.meridian.protocol.api.ExecutionView;
import io.meridian.server.CoordinatorServer;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.embedded.SqliteStore;
import io.meridian.worker.MeridianWorker;
import io.meridian.worker.sdk.TaskHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * A real Spring Boot 4 application with the starter on its class path and a {@link TaskHandler} bean, started
 * against a real coordinator (in this JVM, over HTTP) with a web server and Actuator: the worker registers the bean's
 * stage type, runs a pipeline a client starts, shows in {@code /actuator/health} (down once the coordinator is gone)
 * and {@code /actuator/metrics}, and drains when the application stops.
 */
class BootWorkerTest {
    record Text(String text) {}

    record Count(int words) {}

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WordsApp {
        @Bean
        TaskHandler wordCount() {
            return TaskHandler.typed("word_count", Text.class,
                    (in, ctx) -> new Count(in.text().strip().split("\\s+").length));
        }
    }

    @TempDir
    Path dir;

    @Test
    void theApplicationsHandlerBeansRunOnTheAutoConfiguredWorker() throws Exception {
        try (SqliteStore store = new SqliteStore(dir.resolve("meridian.db"));
             Coordinator coordinator = Coordinator.start(store, EngineSettings.DEFAULT, SystemClock.INSTANCE,
                     Duration.ofMillis(20))) {
            CoordinatorServer server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20, 1000, 64,
                    null, null), coordinator, new Tokens().addToken("t", "app",
                    EnumSet.of(Scope.WORKER, Scope.CLIENT)), Set.of());
            String url = "http://127.0.0.1:" + server.port();
            long started = System.nanoTime();
            BufferingApplicationStartup steps = new BufferingApplicationStartup(10_000);
            ConfigurableApplicationContext app = new SpringApplicationBuilder(WordsApp.class)
                    .web(WebApplicationType.SERVLET)
                    .applicationStartup(steps)
                    .properties("server.port=0", "server.address=127.0.0.1",
                            "management.endpoints.web.exposure.include=health,metrics",
                            "management.endpoint.health.show-details=always",
                            "meridian.coordinator=" + url, "meridian.token=t", "meridian.worker.id=boot-1",
                            "meridian.worker.concurrency=2", "meridian.worker.drain-timeout=5s")
                    .run();
            long startMillis = (System.nanoTime() - started) / 1_000_000;
            // The worker's own share: creating its bean, which registers with the coordinator and starts polling.
            Duration workerStart = steps.getBufferedTimeline().getEvents().stream()
                    .filter(e -> e.getStartupStep().getName().equals("spring.beans.instantiate"))
                    .filter(e -> java.util.stream.StreamSupport.stream(e.getStartupStep().getTags().spliterator(), false)
                            .anyMatch(t -> t.getKey().equals("beanName") && t.getValue().equals("meridianWorker")))
                    .map(e -> e.getDuration()).findFirst().orElseThrow();
            System.out.printf("Spring Boot application (web server, Actuator) with an embedded Meridian worker started"
                    + " in %d ms; the worker bean (registering with the coordinator) took %d ms%n", startMillis,
                    workerStart.toMillis());
            try (app) {
                MeridianWorker worker = app.getBean(MeridianWorker.class);
                assertThat(worker.id()).isEqualTo("boot-1");
                assertThat(worker.stageTypes()).containsExactly("word_count");

                MeridianClient client = new MeridianClient(CoordinatorAddresses.parse(url), "t");
                ExecutionView x = client.start(PipelineReader.read("""
                        id: boot_words
                        stages:
                          - id: count
                            type: word_count
                            config: {text: "spring boot four"}
                        """, "boot_words.yaml", Set.of("word_count")), null);
                ExecutionView done = client.await(x.executionId(), Duration.ofSeconds(30));
                assertThat(done.status()).isEqualTo("succeeded");
                assertThat(done.outputs().get("count").toString()).isEqualTo("{\"words\":3}");

                ActuatorCalls actuator = new ActuatorCalls(app);
                ActuatorCalls.Answer health = actuator.get("/actuator/health");
                assertThat(health.status()).isEqualTo(200);
                JsonNode meridian = health.body().path("components").path("meridian");
                assertThat(meridian.path("status").asString()).isEqualTo("UP");
                assertThat(meridian.path("details").path("worker").asString()).isEqualTo("boot-1");
                assertThat(meridian.path("details").path("succeeded").asLong()).isEqualTo(1);

                // Bound by Boot's metrics auto-configuration into its registry, read through the metrics endpoint.
                assertThat(actuator.meter("meridian.worker.jobs", "outcome:succeeded", "worker:boot-1"))
                        .isEqualTo(1.0);
                assertThat(actuator.meter("meridian.worker.jobs.active")).isZero();

                // The coordinator goes away: the worker keeps retrying, and its health turns DOWN (HTTP 503).
                server.close();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    ActuatorCalls.Answer down = actuator.get("/actuator/health");
                    assertThat(down.status()).isEqualTo(503);
                    assertThat(down.body().path("components").path("meridian").path("status").asString())
                            .isEqualTo("DOWN");
                });
                assertThat(actuator.get("/actuator/health").body().path("components").path("meridian")
                        .path("details").path("reason").asString()).contains("has not answered");
                assertThat(actuator.meter("meridian.worker.coordinator.silence")).isGreaterThan(0.0);
            } finally {
                server.close();
            }
            assertThat(app.isActive()).as("closing the application closed (drained) the worker").isFalse();
        }
    }
}
