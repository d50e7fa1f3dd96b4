package io.meridian.events;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The brokers a sink can deliver to, by their name in meridian.yaml. */
public enum SinkType {
    REDIS_STREAM("redis_stream", "a stream"),
    RABBITMQ("rabbitmq", "a routing_key"),
    KAFKA("kafka", "a topic"),
    NATS("nats", "a subject"),
    WEBHOOK("webhook", "nothing else");

    private final String wireName;
    private final String destinationKey;

    SinkType(String wireName, String destinationKey) {
        this.wireName = wireName;
        this.destinationKey = destinationKey;
    }

    public String wireName() {
        return wireName;
    }

    String destinationKey() {
        return destinationKey;
    }

    public static Optional<SinkType> named(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(SinkType::wireName).collect(Collectors.joining(", "));
    }
}
