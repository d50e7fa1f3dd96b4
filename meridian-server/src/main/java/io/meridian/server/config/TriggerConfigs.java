package io.meridian.server.config;

import io.meridian.events.triggers.SourceSettings;
import io.meridian.events.triggers.SourceType;
import io.meridian.server.triggers.BrokerTrigger;
import io.meridian.server.triggers.WebhookTrigger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code events.triggers}: webhook triggers (with their secrets read) and broker triggers (with their sources).
 * Every mistake (an unknown type, a key that does not apply to the type, a missing queue or topic, a duplicate
 * name) is reported at its place in the file.
 */
public final class TriggerConfigs {

    /** The triggers of the file, by kind. */
    public record Triggers(List<WebhookTrigger> webhooks, List<BrokerTrigger> brokers) {}

    private TriggerConfigs() {}

    public static Triggers read(MeridianConfig config, Map<String, String> env) {
        List<WebhookTrigger> webhooks = new ArrayList<>();
        List<BrokerTrigger> brokers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<EventsSection.Trigger> triggers = config.file().events().triggers();
        for (int i = 0; i < triggers.size(); i++) {
            String pointer = "/events/triggers/" + i;
            EventsSection.Trigger t = triggers.get(i);
            String name;
            try {
                if ("webhook".equals(t.type())) {
                    WebhookTrigger w = webhook(t, env);
                    webhooks.add(w);
                    name = w.name();
                } else if ("broker".equals(t.type())) {
                    BrokerTrigger b = broker(t);
                    brokers.add(b);
                    name = b.name();
                } else {
                    throw new IllegalArgumentException(unknownType(t.type()));
                }
            } catch (IllegalArgumentException e) {
                String at = t.source() != null && "broker".equals(t.type()) ? pointer + "/source" : pointer;
                throw config.error(at, "events.triggers[" + i + "]: " + e.getMessage());
            }
            if (!names.add(name)) {
                throw config.error(pointer + "/name", "events.triggers[" + i + "]: another trigger is named '"
                        + name + "'");
            }
        }
        return new Triggers(webhooks, brokers);
    }

    private static String unknownType(String type) {
        if (type == null) {
            return "no type; known: webhook, broker";
        }
        String hint = SourceType.named(type).map(s -> " (a " + type + " trigger is type: broker with source: {type: "
                + type + ", url: …, " + s.destinationKey() + ": …})").orElse("");
        return "unknown type '" + type + "'; known: webhook, broker" + hint;
    }

    private static WebhookTrigger webhook(EventsSection.Trigger t, Map<String, String> env) {
        if (t.source() != null) {
            throw new IllegalArgumentException("source applies to broker triggers only; a webhook trigger is"
                    + " started by POST /v1/triggers/" + t.name());
        }
        return new WebhookTrigger(t.name(), t.pipeline(), SinkConfigs.secret(t.secret(), t.secretEnv(), env),
                t.inputs(), t.toleranceSeconds() == null ? null : SinkConfigs.seconds(t.toleranceSeconds()));
    }

    private static BrokerTrigger broker(EventsSection.Trigger t) {
        if (t.secret() != null || t.secretEnv() != null || t.toleranceSeconds() != null) {
            throw new IllegalArgumentException("secret, secret_env and tolerance_seconds apply to webhook triggers"
                    + " only; a broker trigger trusts its broker's authentication (credentials in the url)");
        }
        if (t.source() == null) {
            throw new IllegalArgumentException("a broker trigger needs a source: {type: " + SourceType.names()
                    + ", url, and a queue, topic, stream or subject}");
        }
        return new BrokerTrigger(t.name(), t.pipeline(), t.inputs(), source(t.source()));
    }

    private static SourceSettings source(EventsSection.Source s) {
        SourceType type = SourceType.named(s.type()).orElseThrow(() -> new IllegalArgumentException(
                (s.type() == null ? "the source has no type" : "unknown source type '" + s.type() + "'") + "; known: "
                + SourceType.names()));
        Map<String, String> given = new LinkedHashMap<>();
        given.put("queue", s.queue());
        given.put("topic", s.topic());
        given.put("subject", s.subject());
        given.put("stream", s.stream());
        for (var e : given.entrySet()) {
            boolean natsStream = type == SourceType.NATS && e.getKey().equals("stream");
            if (e.getValue() != null && !e.getKey().equals(type.destinationKey()) && !natsStream) {
                throw new IllegalArgumentException(e.getKey() + " does not apply to a " + type.wireName()
                        + " source; it takes " + type.destinationKey());
            }
        }
        String destination = given.get(type.destinationKey());
        String natsStream = type == SourceType.NATS ? s.stream() : null;
        return new SourceSettings(type, s.url(), destination, natsStream, s.group());
    }
}
