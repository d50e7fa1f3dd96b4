package io.meridian.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.embedded.EmbeddedEngine;
import io.meridian.embedded.EmbeddedRun;
import io.meridian.model.codec.PipelineReader;
import io.meridian.worker.sdk.TaskHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * A real Spring Boot 4 application with {@code meridian.mode: embedded}: the engine runs inside it, an application
 * service runs a pipeline whose stage is a {@link TaskHandler} bean, Actuator shows the engine's health and meters
 * over the web server, and closing the application closes the engine.
 */
class BootEmbeddedEngineTest {
    record Text(String text) {}

    record Count(int words) {}

    /** An application service using the engine the starter made. */
    static final class WordService {
        private final EmbeddedEngine engine;

        WordService(EmbeddedEngine engine) {
            this.engine = engine;
        }

        EmbeddedRun count(String text) throws Exception {
            return engine.run(PipelineReader.read("""
                    id: embedded_words
                    stages:
                      - id: count
                        type: word_count
                        config: {text: "%s"}
                      - id: after
                        type: noop
                        depends_on: [count]
                    """.formatted(text), "embedded_words.yaml", engine.stageTypes()));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class EmbeddedApp {
        @Bean
        TaskHandler wordCount() {
            return TaskHandler.typed("word_count", Text.class,
                    (in, ctx) -> new Count(in.text().strip().split("\\s+").length));
        }

        @Bean
        WordService wordService(EmbeddedEngine engine) {
            return new WordService(engine);
        }
    }

    @TempDir
    Path dir;

    @Test
    void anEmbeddedEngineRunsPipelinesOnTheApplicationsHandlerBeans() throws Exception {
        Path data = dir.resolve("meridian");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(EmbeddedApp.class)
                .web(WebApplicationType.SERVLET)
                .properties("server.port=0", "server.address=127.0.0.1",
                        "management.endpoints.web.exposure.include=health,metrics",
                        "management.endpoint.health.show-details=always",
                        "meridian.mode=embedded", "meridian.embedded.workers=2",
                        "meridian.embedded.concurrency=2", "meridian.embedded.data-dir=" + data,
                        "meridian.embedded.timeout=30s")
                .run();
        EmbeddedEngine engine;
        try (app) {
            engine = app.getBean(EmbeddedEngine.class);
            assertThat(engine.stageTypes()).contains("word_count", "noop");

            EmbeddedRun run = app.getBean(WordService.class).count("one two three four");
            assertThat(run.succeeded()).as("execution %s", run.execution()).isTrue();
            assertThat(run.output("count").path("words").asInt()).isEqualTo(4);
            assertThat(Files.exists(data)).as("the store lives in meridian.embedded.data-dir").isTrue();

            ActuatorCalls actuator = new ActuatorCalls(app);
            ActuatorCalls.Answer health = actuator.get("/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            JsonNode meridian = health.body().path("components").path("meridian");
            assertThat(meridian.path("status").asString()).isEqualTo("UP");
            assertThat(meridian.path("details").path("mode").asString()).isEqualTo("embedded");
            assertThat(meridian.path("details").path("executionsStarted").asLong()).isEqualTo(1);
            assertThat(actuator.meter("meridian.embedded.executions")).isEqualTo(1.0);
        }
        assertThat(engine.isOpen()).as("closing the application closed the engine").isFalse();
        assertThatThrownBy(() -> engine.start(PipelineReader.read("id: late\nstages:\n  - {id: a, type: noop}\n",
                "late.yaml", engine.stageTypes())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void embeddedModeWithACoordinatorSetRefusesToStartSayingWhy() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(EmbeddedApp.class)
                .web(WebApplicationType.NONE)
                .properties("meridian.mode=embedded", "meridian.coordinator=http://127.0.0.1:7070")
                .run().close())
                .rootCause().hasMessageContaining("meridian.mode is embedded but meridian.coordinator is set");
    }

    @Test
    void anUnknownModeIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(BootWorkerTest.WordsApp.class)
                .web(WebApplicationType.NONE)
                .properties("meridian.mode=embeded")
                .run().close())
                .hasStackTraceContaining("meridian.mode").hasStackTraceContaining("embeded");
    }
}
