package io.meridian.server.config;

import java.util.List;

/**
 * The {@code events} section of {@code meridian.yaml}: the event outbox and its sinks (docs/events.md). Null means
 * the default.
 *
 * @param enabled   record every state change as an event (default true)
 * @param retention how long events are kept (default 7d); the newest is always kept
 * @param sinks     brokers and endpoints the leader delivers events to ({@link SinkConfigs} checks them)
 * @param triggers  signed webhooks that start pipelines ({@link SinkConfigs#triggers} checks them)
 */
public record EventsSection(Boolean enabled, String retention, List<Sink> sinks, List<Trigger> triggers) {
    public EventsSection {
        sinks = sinks == null ? List.of() : sinks;
        triggers = triggers == null ? List.of() : triggers;
    }

    /**
     * {@code events.triggers[i]}: a pipeline started by a signed POST to {@code /v1/triggers/NAME}
     * ({@code type: webhook}: {@code secret}, {@code tolerance_seconds}) or by each message of a broker
     * ({@code type: broker}: {@code source}). {@link TriggerConfigs} checks which keys apply.
     */
    public record Trigger(String name, String type, String pipeline, String secret, String secretEnv,
                          java.util.Map<String, String> inputs, Double toleranceSeconds, Source source) {}

    /**
     * {@code events.triggers[i].source}: where a broker trigger reads. Which keys apply depends on {@code type}:
     * {@code queue} (rabbitmq), {@code topic} (kafka), {@code stream} (redis_stream; also the JetStream stream of a
     * nats source), {@code subject} (nats), {@code group} (kafka, redis_stream, nats).
     */
    public record Source(String type, String url, String queue, String topic, String stream, String subject,
                         String group) {}

    /**
     * {@code events.sinks[i]}: one sink. Which keys apply depends on {@code type}: {@code stream} (redis_stream),
     * {@code routing_key} and {@code exchange} (rabbitmq), {@code subject} (nats), {@code topic} (kafka),
     * {@code secret} or {@code secret_env} (webhook).
     */
    public record Sink(String name, String type, String url, String stream, String exchange, String routingKey,
                       String subject, String topic, String secret, String secretEnv, List<String> filter,
                       Integer batchSize, Integer maxAttempts, Double timeoutSeconds, Double maxBackoffSeconds) {
        public Sink {
            filter = filter == null ? List.of() : filter;
        }
    }
}
