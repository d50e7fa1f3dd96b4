package io.meridian.events;

import io.meridian.store.event.SinkCursors;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every configured sink of one leadership term, each on its own thread. Started when a coordinator takes the
 * lead, closed when it stops leading: the next leader starts them again from their durable cursors.
 */
public final class SinkDeliveries implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SinkDeliveries.class);

    private final Map<String, SinkDelivery> deliveries = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final MeterRegistry registry;

    private SinkDeliveries(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Opens each sink with {@link Sinks#open} and starts delivering. */
    public static SinkDeliveries start(List<SinkSettings> sinks, EventFeed feed, SinkCursors cursors,
                                       MeterRegistry registry) {
        return start(sinks, Sinks::open, feed, cursors, registry, MessageTrace.NONE);
    }

    /** As {@link #start(List, EventFeed, SinkCursors, MeterRegistry)}, each message carrying {@code trace}'s context. */
    public static SinkDeliveries start(List<SinkSettings> sinks, EventFeed feed, SinkCursors cursors,
                                       MeterRegistry registry, MessageTrace trace) {
        return start(sinks, Sinks::open, feed, cursors, registry, trace);
    }

    /** As {@link #start(List, EventFeed, SinkCursors, MeterRegistry)}, with the sinks opened by {@code open}. */
    public static SinkDeliveries start(List<SinkSettings> sinks, Function<SinkSettings, EventSink> open,
                                       EventFeed feed, SinkCursors cursors, MeterRegistry registry) {
        return start(sinks, open, feed, cursors, registry, MessageTrace.NONE);
    }

    /** As {@link #start(List, Function, EventFeed, SinkCursors, MeterRegistry)}, with trace context. */
    public static SinkDeliveries start(List<SinkSettings> sinks, Function<SinkSettings, EventSink> open,
                                       EventFeed feed, SinkCursors cursors, MeterRegistry registry,
                                       MessageTrace trace) {
        SinkDeliveries all = new SinkDeliveries(registry);
        for (SinkSettings s : sinks) {
            EventSink sink;
            try {
                sink = open.apply(s);
            } catch (RuntimeException e) {
                // a sink that cannot even be set up must not keep the coordinator from leading
                log.error("{} cannot be opened ({}): it delivers nothing until its configuration is fixed", s,
                        e.toString());
                continue;
            }
            SinkDelivery d = new SinkDelivery(s, sink, feed, cursors, registry, trace);
            all.deliveries.put(s.name(), d);
            Thread t = Thread.ofPlatform().daemon().name("meridian-sink-" + s.name()).unstarted(d);
            all.threads.add(t);
        }
        all.threads.forEach(Thread::start);
        return all;
    }

    /** Up to which sequence sink {@code name} delivered every matching event (as far as this term knows). */
    public long cursor(String name) {
        SinkDelivery d = deliveries.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no sink named '" + name + "'");
        }
        return d.cursor();
    }

    /** Whether sink {@code name} delivers in this term (false when it could not be opened). */
    public boolean delivers(String name) {
        return deliveries.containsKey(name);
    }

    /**
     * Sends event {@code sequence}, a dead letter of sink {@code name}, once more on that sink's thread; completes
     * when the broker acknowledged it (its dead letter is then removed), exceptionally when it failed again.
     */
    public java.util.concurrent.CompletableFuture<Void> replay(String name, long sequence) {
        SinkDelivery d = deliveries.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no sink named '" + name + "' delivers on this coordinator");
        }
        return d.replay(sequence);
    }

    /** Stops every sink (waiting up to 10 s each for a delivery in flight) and closes its connection. */
    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                if (!t.join(Duration.ofSeconds(10))) {
                    log.warn("{} did not stop within 10 s; closing its connection under it", t.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deliveries.values().forEach(d -> {
            d.closeSink();
            d.unregister(registry);
        });
    }
}
