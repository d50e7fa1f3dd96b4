package io.meridian.events.triggers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * {@code meridian_trigger_messages_total{trigger, outcome}}: messages {@code received}, executions {@code started},
 * redeliveries that found theirs ({@code duplicate}) and messages {@code rejected} as dead letters.
 */
final class TriggerMeters {
    static final String NAME = "meridian_trigger_messages_total";

    final Counter received;
    final Counter started;
    final Counter duplicate;
    final Counter rejected;

    TriggerMeters(String trigger, MeterRegistry registry) {
        received = counter(trigger, "received", registry);
        started = counter(trigger, "started", registry);
        duplicate = counter(trigger, "duplicate", registry);
        rejected = counter(trigger, "rejected", registry);
    }

    private static Counter counter(String trigger, String outcome, MeterRegistry registry) {
        return Counter.builder(NAME).description("messages of a broker trigger, by outcome").tag("trigger", trigger)
                .tag("outcome", outcome).register(registry);
    }

    void unregister(MeterRegistry registry) {
        List<Meter> all = List.of(received, started, duplicate, rejected);
        all.forEach(registry::remove);
    }
}
