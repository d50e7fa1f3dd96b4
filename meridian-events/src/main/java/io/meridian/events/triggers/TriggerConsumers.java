package io.meridian.events.triggers;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker triggers of one leadership term, each consuming on its own thread. Started when a coordinator takes
 * the lead and closed when it stops: what the old leader did not acknowledge is delivered to the next one.
 * Starting never waits for a broker: connections are made on the consumers' threads, so a broker that is down
 * delays only its own trigger.
 */
public final class TriggerConsumers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TriggerConsumers.class);
    /** How long connecting, acknowledging and committing may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A trigger to consume: its name (for logs and metrics), its source, and what starts its pipeline. */
    public record Subscription(String name, SourceSettings source, TriggerTarget target) {}

    private final List<Thread> threads = new ArrayList<>();
    private final List<TriggerMeters> meters = new ArrayList<>();
    private final MeterRegistry registry;

    private TriggerConsumers(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Starts consuming every subscription from its broker. */
    public static TriggerConsumers start(List<Subscription> subscriptions, MeterRegistry registry) {
        return start(subscriptions, s -> () -> open(s.name(), s.source()), registry);
    }

    /** As {@link #start(List, MeterRegistry)}, with each source opened by {@code opener} (tests stand in their own). */
    static TriggerConsumers start(List<Subscription> subscriptions,
                                  Function<Subscription, Supplier<MessageSource>> opener, MeterRegistry registry) {
        TriggerConsumers all = new TriggerConsumers(registry);
        for (Subscription s : subscriptions) {
            TriggerMeters m = new TriggerMeters(s.name(), registry);
            all.meters.add(m);
            all.threads.add(Thread.ofPlatform().daemon().name("meridian-trigger-" + s.name())
                    .unstarted(new TriggerConsumer(s.name(), opener.apply(s), s.target(), m)));
        }
        all.threads.forEach(Thread::start);
        return all;
    }

    static MessageSource open(String trigger, SourceSettings s) {
        try {
            return switch (s.type()) {
                case RABBITMQ -> new RabbitMqSource(s.url(), s.destination(), TIMEOUT);
                case KAFKA -> new KafkaSource(s.url(), s.destination(), s.groupOr(trigger), TIMEOUT);
                case REDIS_STREAM -> new RedisStreamSource(s.url(), s.destination(), s.groupOr(trigger), TIMEOUT);
                case NATS -> new NatsSource(s.url(), s.destination(), s.stream(), s.groupOr(trigger), TIMEOUT);
            };
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot consume " + s + ": " + e.getMessage(), e);
        }
    }

    /** Stops every consumer (waiting up to 10 s each for the message in hand) and closes its connection. */
    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                if (!t.join(Duration.ofSeconds(10))) {
                    log.warn("{} did not stop within 10 s", t.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        meters.forEach(m -> m.unregister(registry));
    }
}
