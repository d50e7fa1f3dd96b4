package io.meridian.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.events.SinkSettings;
import io.meridian.events.SinkType;
import io.meridian.model.event.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code events.sinks}: every sink type read into its settings, and each mistake reported where it is. */
class SinkConfigsTest {
    @TempDir
    Path dir;

    MeridianConfig config(String yaml) throws Exception {
        Path file = dir.resolve("meridian.yaml");
        Files.writeString(file, yaml);
        return MeridianConfig.load(file);
    }

    @Test
    void readsEveryTypeWithItsDestinationFilterAndPolicy() throws Exception {
        List<SinkSettings> sinks = SinkConfigs.read(config("""
                events:
                  sinks:
                    - {name: audit, type: redis_stream, url: "redis://127.0.0.1:6379", stream: meridian-events}
                    - {name: ops, type: rabbitmq, url: "amqp://guest:guest@127.0.0.1:5672", exchange: meridian,
                       routing_key: events, filter: [job.failed, job.dead], batch_size: 100, max_attempts: 4}
                    - {name: bus, type: nats, url: "nats://127.0.0.1:4222", subject: "meridian.{type}"}
                    - {name: lake, type: kafka, url: "127.0.0.1:9092", topic: meridian-events, timeout_seconds: 30}
                    - {name: hook, type: webhook, url: "https://example.test/hook", secret: "${HOOK_SECRET}",
                       filter: ["execution.*"], max_backoff_seconds: 5}
                """), Map.of("HOOK_SECRET", "from-the-environment-0123"));
        assertThat(sinks).extracting(SinkSettings::type).containsExactly(SinkType.REDIS_STREAM, SinkType.RABBITMQ,
                SinkType.NATS, SinkType.KAFKA, SinkType.WEBHOOK);
        assertThat(sinks).extracting(SinkSettings::destination).containsExactly("meridian-events", "events",
                "meridian.{type}", "meridian-events", null);
        SinkSettings ops = sinks.get(1);
        assertThat(ops.exchange()).isEqualTo("meridian");
        assertThat(ops.filter().types()).containsExactlyInAnyOrder(EventType.JOB_FAILED, EventType.JOB_DEAD);
        assertThat(ops.policy().batchSize()).isEqualTo(100);
        assertThat(ops.policy().maxAttempts()).isEqualTo(4);
        assertThat(sinks.get(3).policy().timeout()).isEqualTo(Duration.ofSeconds(30));
        SinkSettings hook = sinks.get(4);
        assertThat(hook.secret()).isEqualTo("from-the-environment-0123");
        assertThat(hook.policy().maxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(hook.filter().accepts(EventType.EXECUTION_SUCCEEDED)).isTrue();
        assertThat(hook.filter().accepts(EventType.JOB_QUEUED)).isFalse();
        assertThat(sinks.toString()).doesNotContain("from-the-environment");
    }

    @Test
    void mistakesAreReportedAtTheSinkTheyConcern() throws Exception {
        assertThatThrownBy(() -> SinkConfigs.read(config("""
                events:
                  sinks:
                    - {name: a, type: redis_stream, url: "redis://h", stream: s}
                    - {name: b, type: redis, url: "redis://h"}
                """), Map.of())).hasMessageContaining("meridian.yaml:4:7: events.sinks[1]: unknown type 'redis';"
                + " known: redis_stream, rabbitmq, kafka, nats, webhook");
        assertThatThrownBy(() -> SinkConfigs.read(config("""
                events:
                  sinks: [{name: a, type: redis_stream, url: "redis://h", topic: t}]
                """), Map.of())).hasMessageContaining("topic does not apply to a redis_stream sink; it takes stream");
        assertThatThrownBy(() -> SinkConfigs.read(config("""
                events:
                  sinks: [{name: a, type: kafka, url: "h:9092", topic: t, filter: [job.finished]}]
                """), Map.of())).hasMessageContaining("unknown event type 'job.finished' in filter");
        assertThatThrownBy(() -> SinkConfigs.read(config("""
                events:
                  sinks: [{name: a, type: webhook, url: "http://h", secret_env: HOOK}]
                """), Map.of())).hasMessageContaining("environment variable HOOK, which is not set");
        assertThatThrownBy(() -> SinkConfigs.read(config("""
                events:
                  sinks:
                    - {name: a, type: nats, url: "nats://h", subject: s}
                    - {name: a, type: nats, url: "nats://h", subject: t}
                """), Map.of())).hasMessageContaining("events.sinks[1]: another sink is named 'a'");
    }

    @Test
    void anUnknownKeyInASinkIsRefusedWithItsPlace() {
        assertThatThrownBy(() -> config("""
                events:
                  sinks: [{name: a, type: nats, url: "nats://h", subjct: s}]
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("subjct");
    }

    @Test
    void triggersAreReadWithTheirSecretAndMappingAndMistakesArePlaced() throws Exception {
        var triggers = SinkConfigs.triggers(config("""
                events:
                  triggers:
                    - {name: shop, type: webhook, pipeline: orders, secret_env: SHOP_SECRET,
                       inputs: {order: "{{input.order.id}}"}, tolerance_seconds: 60}
                """), Map.of("SHOP_SECRET", "shop-secret-0123456789"));
        assertThat(triggers).singleElement().satisfies(t -> {
            assertThat(t.pipelineId()).isEqualTo("orders");
            assertThat(t.secret()).isEqualTo("shop-secret-0123456789");
            assertThat(t.inputs()).containsEntry("order", "{{input.order.id}}");
            assertThat(t.tolerance()).isEqualTo(Duration.ofSeconds(60));
            assertThat(t.toString()).doesNotContain("shop-secret");
        });
        assertThatThrownBy(() -> SinkConfigs.triggers(config("""
                events:
                  triggers: [{name: shop, type: rabbitmq, pipeline: orders, secret: "shop-secret-0123456789"}]
                """), Map.of())).hasMessageContaining("events.triggers[0]: unknown type 'rabbitmq'; known: webhook, broker (a rabbitmq trigger is type: broker");
        assertThatThrownBy(() -> SinkConfigs.triggers(config("""
                events:
                  triggers: [{name: shop, type: webhook, pipeline: orders, secret: short}]
                """), Map.of())).hasMessageContaining("secret of at least 16 characters");
    }
}
