package io.meridian.events;

import java.util.regex.Pattern;

/**
 * One configured sink ({@code events.sinks[i]} in meridian.yaml).
 *
 * @param name        unique among the sinks: it names the durable cursor, the metrics and the dead letters
 * @param type        the broker
 * @param url         the broker or endpoint: {@code redis://…}, {@code amqp://…}, {@code nats://…}, Kafka's
 *                    bootstrap servers ({@code host:port,…}), or the webhook's {@code http(s)://…}
 * @param destination the Redis stream, RabbitMQ routing key, NATS subject ({@code {type}} is replaced by the short
 *                    type) or Kafka topic; unused by webhooks
 * @param exchange    the RabbitMQ exchange ("" for the default exchange); unused by the others
 * @param secret      the webhook's signing secret; unused by the others
 * @param filter      which events it delivers
 * @param policy      batching, retries and timeouts
 */
public record SinkSettings(String name, SinkType type, String url, String destination, String exchange,
                           String secret, SinkFilter filter, DeliveryPolicy policy) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    public SinkSettings {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a sink's name must be 1-64 of a-z, 0-9, '_', '.', '-' (starting with a"
                    + " letter or digit), got " + (name == null ? "nothing" : "'" + name + "'"));
        }
        if (type == null) {
            throw new IllegalArgumentException("sink '" + name + "' needs a type: " + SinkType.names());
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("sink '" + name + "' (" + type.wireName() + ") needs a url");
        }
        if (type != SinkType.WEBHOOK && (destination == null || destination.isBlank())) {
            throw new IllegalArgumentException("sink '" + name + "' (" + type.wireName() + ") needs "
                    + type.destinationKey());
        }
        if (type == SinkType.WEBHOOK && (secret == null || secret.length() < 16)) {
            throw new IllegalArgumentException("sink '" + name + "' (webhook) needs a secret of at least 16"
                    + " characters to sign its requests with");
        }
        exchange = exchange == null ? "" : exchange;
        filter = filter == null ? SinkFilter.ALL : filter;
        policy = policy == null ? DeliveryPolicy.DEFAULT : policy;
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "sink " + name + " (" + type.wireName() + " " + url + (destination == null ? "" : " " + destination)
                + ")";
    }
}
