package io.meridian.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.events.triggers.SourceSettings;
import io.meridian.events.triggers.SourceType;
import io.meridian.server.triggers.BrokerTrigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code events.triggers}: webhook and broker triggers side by side, and each mistake reported where it is. */
class TriggerConfigsTest {
    @TempDir
    Path dir;

    MeridianConfig config(String yaml) throws Exception {
        Path file = dir.resolve("meridian.yaml");
        Files.writeString(file, yaml);
        return MeridianConfig.load(file);
    }

    TriggerConfigs.Triggers read(String yaml) throws Exception {
        return TriggerConfigs.read(config(yaml), Map.of());
    }

    @Test
    void readsEveryBrokerSourceBesideTheWebhooks() throws Exception {
        var triggers = read("""
                events:
                  triggers:
                    - {name: shop, type: webhook, pipeline: orders, secret: "shop-secret-0123456789"}
                    - name: rabbit
                      type: broker
                      pipeline: orders
                      inputs: {order: "{{input.id}}"}
                      source: {type: rabbitmq, url: "amqp://guest:guest@127.0.0.1:5672", queue: orders}
                    - {name: kafka, type: broker, pipeline: orders,
                       source: {type: kafka, url: "127.0.0.1:9092", topic: orders, group: billing}}
                    - {name: redis, type: broker, pipeline: orders,
                       source: {type: redis_stream, url: "redis://127.0.0.1:6379", stream: orders}}
                    - {name: nats, type: broker, pipeline: orders,
                       source: {type: nats, url: "nats://127.0.0.1:4222", subject: orders.new, stream: ORDERS}}
                """);
        assertThat(triggers.webhooks()).extracting(t -> t.name()).containsExactly("shop");
        assertThat(triggers.brokers()).extracting(BrokerTrigger::name).containsExactly("rabbit", "kafka", "redis",
                "nats");
        assertThat(triggers.brokers()).extracting(t -> t.source().type()).containsExactly(SourceType.RABBITMQ,
                SourceType.KAFKA, SourceType.REDIS_STREAM, SourceType.NATS);
        assertThat(triggers.brokers()).extracting(t -> t.source().destination()).containsExactly("orders", "orders",
                "orders", "orders.new");
        assertThat(triggers.brokers().get(0).inputs()).containsEntry("order", "{{input.id}}");
        SourceSettings kafka = triggers.brokers().get(1).source();
        assertThat(kafka.groupOr("kafka")).isEqualTo("billing");
        assertThat(triggers.brokers().get(2).source().groupOr("redis")).isEqualTo("meridian-redis");
        assertThat(triggers.brokers().get(3).source().stream()).isEqualTo("ORDERS");
    }

    @Test
    void mistakesAreReportedAtTheTriggerOrSourceTheyConcern() {
        assertThatThrownBy(() -> read("""
                events:
                  triggers:
                    - {name: k, type: broker, pipeline: p, source: {type: kafka, url: "h:9092", queue: q}}
                """)).hasMessageContaining("meridian.yaml:3:44: events.triggers[0]: queue does not apply to a kafka"
                + " source; it takes topic");
        assertThatThrownBy(() -> read("""
                events:
                  triggers: [{name: k, type: broker, pipeline: p, source: {type: sqs, url: "h", queue: q}}]
                """)).hasMessageContaining("unknown source type 'sqs'; known: rabbitmq, kafka, redis_stream, nats");
        assertThatThrownBy(() -> read("""
                events:
                  triggers: [{name: k, type: broker, pipeline: p, source: {type: rabbitmq, url: "amqp://h"}}]
                """)).hasMessageContaining("a rabbitmq source needs a queue");
        assertThatThrownBy(() -> read("""
                events:
                  triggers: [{name: k, type: broker, pipeline: p}]
                """)).hasMessageContaining("a broker trigger needs a source");
        assertThatThrownBy(() -> read("""
                events:
                  triggers: [{name: k, type: broker, pipeline: p, secret: "0123456789abcdef0",
                              source: {type: redis_stream, url: "redis://h", stream: s}}]
                """)).hasMessageContaining("secret, secret_env and tolerance_seconds apply to webhook triggers only");
        assertThatThrownBy(() -> read("""
                events:
                  triggers: [{name: k, type: webhook, pipeline: p, secret: "0123456789abcdef0",
                              source: {type: redis_stream, url: "redis://h", stream: s}}]
                """)).hasMessageContaining("source applies to broker triggers only");
        assertThatThrownBy(() -> read("""
                events:
                  triggers: [{name: k, type: kafka, pipeline: p}]
                """)).hasMessageContaining("unknown type 'kafka'; known: webhook, broker (a kafka trigger is type:"
                + " broker with source: {type: kafka, url: …, topic: …})");
        assertThatThrownBy(() -> read("""
                events:
                  triggers:
                    - {name: k, type: webhook, pipeline: p, secret: "0123456789abcdef0"}
                    - {name: k, type: broker, pipeline: p, source: {type: nats, url: "nats://h", subject: s}}
                """)).hasMessageContaining("meridian.yaml:4:8: events.triggers[1]: another trigger is named 'k'");
        assertThatThrownBy(() -> read("""
                events:
                  triggers: [{name: k, type: broker, pipeline: p,
                              source: {type: rabbitmq, url: "amqp://h", queue: q, group: g}}]
                """)).hasMessageContaining("group does not apply to a rabbitmq source");
    }

    @Test
    void anUnknownKeyInASourceIsRefusedWithItsPlaceAndTheClosestKey() {
        assertThatThrownBy(() -> config("""
                events:
                  triggers:
                    - {name: k, type: broker, pipeline: p, source: {type: rabbitmq, url: "amqp://h", quue: q}}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("meridian.yaml:3:")
                .hasMessageContaining("quue").hasMessageContaining("did you mean 'queue'");
    }
}
