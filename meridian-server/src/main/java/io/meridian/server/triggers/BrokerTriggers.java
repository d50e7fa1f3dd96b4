package io.meridian.server.triggers;

import io.meridian.engine.Coordinator;
import io.meridian.events.triggers.TriggerConsumers;
import io.meridian.server.routes.PipelineRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The broker triggers of a server: consumed while it leads, stopped when it follows or closes. Only the leader
 * consumes, so every message is started through the one coordinator that writes; what a leader did not acknowledge
 * before it stepped down is delivered to the next.
 */
public final class BrokerTriggers {

    private final MeterRegistry registry;
    private List<BrokerTrigger> triggers = List.of();
    private TriggerStart start;
    private TriggerConsumers consumers;

    public BrokerTriggers(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Consumes these triggers whenever the server leads (at once when it leads now). */
    public synchronized void triggers(List<BrokerTrigger> triggers) {
        this.triggers = List.copyOf(triggers);
        if (start != null) {
            restart();
        }
    }

    /** Starts consuming for this leadership term. */
    public synchronized void lead(Coordinator coordinator, PipelineRegistry pipelines) {
        start = new TriggerStart(coordinator, pipelines);
        restart();
    }

    /** Stops consuming (waiting for each message in hand); unacknowledged messages stay with their broker. */
    public synchronized void stop() {
        start = null;
        closeConsumers();
    }

    private void restart() {
        closeConsumers();
        if (!triggers.isEmpty()) {
            consumers = TriggerConsumers.start(triggers.stream().map(t -> new TriggerConsumers.Subscription(t.name(),
                    t.source(), new BrokerTriggerTarget(t, start))).toList(), registry);
        }
    }

    private void closeConsumers() {
        if (consumers != null) {
            consumers.close();
            consumers = null;
        }
    }
}
