package io.meridian.server.config;

import io.meridian.events.DeliveryPolicy;
import io.meridian.events.SinkFilter;
import io.meridian.events.SinkSettings;
import io.meridian.events.SinkType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code events.sinks} as the settings each sink is delivered with. Every mistake (an unknown type, a missing or
 * misplaced key, an unknown event type in a filter, a duplicate name, an unset secret variable) is reported at
 * its place in the file.
 */
public final class SinkConfigs {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private SinkConfigs() {}

    public static List<SinkSettings> read(MeridianConfig config, Map<String, String> env) {
        List<SinkSettings> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<EventsSection.Sink> sinks = config.file().events().sinks();
        for (int i = 0; i < sinks.size(); i++) {
            String pointer = "/events/sinks/" + i;
            EventsSection.Sink s = sinks.get(i);
            SinkSettings settings;
            try {
                settings = settings(s, env);
            } catch (IllegalArgumentException e) {
                throw config.error(pointer, "events.sinks[" + i + "]: " + e.getMessage());
            }
            if (!names.add(settings.name())) {
                throw config.error(pointer + "/name", "events.sinks[" + i + "]: another sink is named '"
                        + settings.name() + "': each sink's name keys its durable cursor, so names must differ");
            }
            all.add(settings);
        }
        return all;
    }

    /** The webhook triggers of {@code events.triggers} ({@link TriggerConfigs#read} reads them all). */
    public static List<io.meridian.server.triggers.WebhookTrigger> triggers(MeridianConfig config,
                                                                          Map<String, String> env) {
        return TriggerConfigs.read(config, env).webhooks();
    }

    private static SinkSettings settings(EventsSection.Sink s, Map<String, String> env) {
        SinkType type = SinkType.named(s.type()).orElseThrow(() -> new IllegalArgumentException(
                (s.type() == null ? "no type" : "unknown type '" + s.type() + "'") + "; known: " + SinkType.names()));
        String destination = switch (type) {
            case REDIS_STREAM -> only(type, s.stream(), "stream", s);
            case RABBITMQ -> only(type, s.routingKey(), "routing_key", s);
            case NATS -> only(type, s.subject(), "subject", s);
            case KAFKA -> only(type, s.topic(), "topic", s);
            case WEBHOOK -> only(type, null, null, s);
        };
        if (type != SinkType.RABBITMQ && s.exchange() != null) {
            throw new IllegalArgumentException("exchange applies to rabbitmq sinks only");
        }
        if (type != SinkType.WEBHOOK && (s.secret() != null || s.secretEnv() != null)) {
            throw new IllegalArgumentException("secret and secret_env apply to webhook sinks only");
        }
        DeliveryPolicy d = DeliveryPolicy.DEFAULT;
        DeliveryPolicy policy = new DeliveryPolicy(s.batchSize() == null ? d.batchSize() : s.batchSize(),
                s.maxAttempts() == null ? d.maxAttempts() : s.maxAttempts(), d.firstBackoff(),
                s.maxBackoffSeconds() == null ? d.maxBackoff() : seconds(s.maxBackoffSeconds()),
                s.timeoutSeconds() == null ? d.timeout() : seconds(s.timeoutSeconds()));
        return new SinkSettings(s.name(), type, s.url(), destination, s.exchange(),
                secret(s.secret(), s.secretEnv(), env),
                SinkFilter.parse(s.filter()), policy);
    }

    /** The destination key of {@code type}; any other type's destination key is a mistake worth naming. */
    private static String only(SinkType type, String value, String key, EventsSection.Sink s) {
        Map<String, String> given = new java.util.LinkedHashMap<>();
        given.put("stream", s.stream());
        given.put("routing_key", s.routingKey());
        given.put("subject", s.subject());
        given.put("topic", s.topic());
        for (var e : given.entrySet()) {
            if (e.getValue() != null && !e.getKey().equals(key)) {
                throw new IllegalArgumentException(e.getKey() + " does not apply to a " + type.wireName() + " sink"
                        + (key == null ? "" : "; it takes " + key));
            }
        }
        return value;
    }

    static String secret(String literal, String secretEnv, Map<String, String> env) {
        String variable = secretEnv;
        if (variable == null && literal != null) {
            Matcher m = ENV_REFERENCE.matcher(literal);
            if (!m.matches()) {
                return literal;
            }
            variable = m.group(1);
        }
        if (variable == null) {
            return null;
        }
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the secret refers to environment variable " + variable
                    + ", which is not set");
        }
        return value;
    }

    static Duration seconds(double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("timeouts and backoffs must be positive, got " + value);
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }
}
