package io.meridian.events;

/** Opens the client of a configured sink. Connections are made lazily, so a broker that is down fails deliveries
 * (retried with backoff), never the coordinator's start. */
public final class Sinks {

    private Sinks() {}

    public static EventSink open(SinkSettings s) {
        return switch (s.type()) {
            case REDIS_STREAM -> new RedisStreamSink(s.url(), s.destination(), s.policy().timeout());
            case RABBITMQ -> new RabbitMqSink(s.url(), s.exchange(), s.destination(), s.policy().timeout());
            case NATS -> new NatsSink(s.url(), s.destination(), s.policy().timeout());
            case KAFKA -> new KafkaSink(s.url(), s.destination(), s.policy().timeout());
            case WEBHOOK -> new WebhookSink(java.net.URI.create(s.url()), s.secret(), s.policy().timeout());
        };
    }
}
