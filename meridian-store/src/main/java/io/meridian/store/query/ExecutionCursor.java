package io.meridian.store.query;

import io.meridian.store.ExecutionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The position after one execution in the newest-first order (created time, then id, both descending). Every
 * store encodes it the same way, so a cursor means the same thing whichever store issued it; callers treat the
 * text as opaque.
 */
public record ExecutionCursor(Instant createdAt, String id) {

    public static ExecutionCursor after(ExecutionRecord last) {
        return new ExecutionCursor(last.createdAt(), last.id());
    }

    public String encode() {
        String raw = createdAt.toEpochMilli() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor back; a text that no store issued is an {@link IllegalArgumentException}. */
    public static ExecutionCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            if (colon > 0 && colon < raw.length() - 1) {
                return new ExecutionCursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))),
                        raw.substring(colon + 1));
            }
        } catch (IllegalArgumentException malformed) {
            // falls through to the one message below (NumberFormatException is an IllegalArgumentException)
        }
        throw new IllegalArgumentException("cursor '" + cursor + "' is not one a previous page returned");
    }

    /** True if {@code x} comes after this position in the newest-first order. */
    public boolean precedes(ExecutionRecord x) {
        int byTime = x.createdAt().compareTo(createdAt);
        return byTime < 0 || (byTime == 0 && x.id().compareTo(id) < 0);
    }
}
