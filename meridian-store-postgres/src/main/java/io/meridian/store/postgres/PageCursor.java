package io.meridian.store.postgres;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of executions ended: the (created, id) of its last row. Opaque to callers (base64url text with
 * a version prefix), so the encoding can change without breaking the API.
 */
record PageCursor(Instant created, String id) {

    private static final String VERSION = "1";

    String encode() {
        String plain = VERSION + ":" + created.getEpochSecond() + ":" + created.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static PageCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 4);
            if (parts.length != 4 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown layout");
            }
            return new PageCursor(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])), parts[3]);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("invalid page cursor '" + cursor
                    + "': pass the 'next' value of a previous page unchanged", e);
        }
    }
}
