package io.meridian.server.triggers;

import io.meridian.events.triggers.TriggerTarget;
import io.meridian.model.text.FieldRules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Starts a broker trigger's pipeline through the coordinator. A message that can never start it (not JSON, inputs
 * that do not fit, no such pipeline, its id reused for other content) is unmappable and becomes a dead letter;
 * anything else the coordinator throws (the store unavailable, leadership lost) leaves the message unacknowledged.
 */
public final class BrokerTriggerTarget implements TriggerTarget {

    private final BrokerTrigger trigger;
    private final TriggerStart start;

    public BrokerTriggerTarget(BrokerTrigger trigger, TriggerStart start) {
        this.trigger = trigger;
        this.start = start;
    }

    @Override
    public Started start(String messageId, byte[] body) throws UnmappableMessage {
        try {
            TriggerStart.Started s = start.start(trigger.name(), trigger.toString(), trigger.pipelineId(),
                    trigger.inputs(), requestable(messageId), body);
            return new Started(s.executionId(), s.duplicate());
        } catch (TriggerStart.Rejected e) {
            throw new UnmappableMessage(e.getMessage());
        }
    }

    /**
     * The message id as it can stand in a request id; an id too long or with spaces or control characters is
     * replaced by its SHA-256, which is as stable across redeliveries.
     */
    private String requestable(String messageId) {
        if (FieldRules.REQUEST_ID.accepts("trigger:" + trigger.name() + ":" + messageId)) {
            return messageId;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(messageId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
