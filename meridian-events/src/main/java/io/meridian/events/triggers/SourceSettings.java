package io.meridian.events.triggers;

/**
 * Where a trigger reads its messages ({@code events.triggers[i].source} in meridian.yaml).
 *
 * @param type        the broker
 * @param url         {@code amqp://…}, Kafka's bootstrap servers ({@code host:port,…}), {@code redis://…} or
 *                    {@code nats://…}
 * @param destination the RabbitMQ queue, Kafka topic, Redis stream or NATS subject
 * @param stream      the JetStream stream holding the subject (NATS only; null: the stream that covers it)
 * @param group       the Kafka consumer group, Redis consumer group or JetStream durable consumer; the committed
 *                    position is the group's, so every leader continues where the previous one acknowledged
 */
public record SourceSettings(SourceType type, String url, String destination, String stream, String group) {

    public SourceSettings {
        if (type == null) {
            throw new IllegalArgumentException("a trigger's source needs a type: " + SourceType.names());
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("a " + type.wireName() + " source needs a url");
        }
        if (destination == null || destination.isBlank()) {
            throw new IllegalArgumentException("a " + type.wireName() + " source needs a " + type.destinationKey());
        }
        if (stream != null && type != SourceType.NATS) {
            throw new IllegalArgumentException("stream names the JetStream stream of a nats source; a "
                    + type.wireName() + " source takes " + type.destinationKey());
        }
        if (group != null && type == SourceType.RABBITMQ) {
            throw new IllegalArgumentException("group does not apply to a rabbitmq source: the queue is the group");
        }
        if (group != null && !group.matches("[A-Za-z0-9_-]{1,128}")) {
            throw new IllegalArgumentException("a group must be 1-128 of A-Z, a-z, 0-9, '_', '-', got '" + group + "'");
        }
    }

    /** The configured group, or {@code meridian-TRIGGER}. */
    public String groupOr(String trigger) {
        return group != null ? group : "meridian-" + trigger.replace('.', '-');
    }

    @Override
    public String toString() {
        return type.wireName() + " " + url + " " + destination;
    }
}
