package io.meridian.events.triggers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Where a message's id comes from when the broker's own id is not stable across redeliveries. */
final class MessageIds {
    /** The header (Kafka, NATS, RabbitMQ) a publisher sets to name its message; Redis entries use field {@code id}. */
    static final String HEADER = "Meridian-Message-Id";

    private MessageIds() {}

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : value.toString();
        return s.isBlank() ? null : s;
    }

    /**
     * {@code sha256:HEX} of the body: the same on every redelivery of a message, so it deduplicates them (and also
     * two publishes of byte-identical bodies, which is why publishers should set an id).
     */
    static String ofBody(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
