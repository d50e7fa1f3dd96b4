package io.meridian.events.triggers;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The brokers a trigger can consume from, by their name in meridian.yaml ({@code events.triggers[i].source.type}). */
public enum SourceType {
    RABBITMQ("rabbitmq", "queue"),
    KAFKA("kafka", "topic"),
    REDIS_STREAM("redis_stream", "stream"),
    NATS("nats", "subject");

    private final String wireName;
    private final String destinationKey;

    SourceType(String wireName, String destinationKey) {
        this.wireName = wireName;
        this.destinationKey = destinationKey;
    }

    public String wireName() {
        return wireName;
    }

    /** The config key naming where messages are read from: {@code queue}, {@code topic}, {@code stream} or {@code subject}. */
    public String destinationKey() {
        return destinationKey;
    }

    public static Optional<SourceType> named(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(SourceType::wireName).collect(Collectors.joining(", "));
    }
}
