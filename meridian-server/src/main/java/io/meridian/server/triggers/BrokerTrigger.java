package io.meridian.server.triggers;

import io.meridian.events.triggers.SourceSettings;
import java.util.Map;

/**
 * A pipeline started by each message on a broker ({@code events.triggers} entries of {@code type: broker}),
 * consumed while this coordinator leads.
 *
 * @param name       names the trigger in logs and metrics, and is part of each execution's request id
 * @param pipelineId the registered pipeline started (its latest version)
 * @param inputs     input name to a template over the message; no mapping passes the whole message as the inputs
 * @param source     the broker and the queue, topic, stream or subject read
 */
public record BrokerTrigger(String name, String pipelineId, Map<String, String> inputs, SourceSettings source) {

    public BrokerTrigger {
        WebhookTrigger.checkName(name);
        if (pipelineId == null || pipelineId.isBlank()) {
            throw new IllegalArgumentException("trigger '" + name + "' needs the pipeline it starts");
        }
        if (source == null) {
            throw new IllegalArgumentException("trigger '" + name + "' (broker) needs a source");
        }
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }

    @Override
    public String toString() {
        return "trigger " + name + " (pipeline " + pipelineId + ", " + source + ")";
    }
}
