package io.meridian.worker.stages;

import io.meridian.model.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/** The spellings a secret value takes on its way through a request: as is, URL- and form-encoded, JSON-escaped. */
final class SecretForms {
    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private SecretForms() {}

    static Set<String> of(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(form);
        forms.add(form.replace("+", "%20"));
        forms.add(percentEncoded(secret, UNRESERVED));
        forms.add(percentEncoded(secret, null));
        String json = Json.write(secret);
        forms.add(json.substring(1, json.length() - 1));
        return forms;
    }

    /**
     * Bytes outside {@code kept} as %XX; with {@code kept} null, only non-ASCII bytes, controls and spaces (what
     * {@code URI.toASCIIString} and lenient builders do).
     */
    private static String percentEncoded(String secret, String kept) {
        StringBuilder out = new StringBuilder();
        for (byte b : secret.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean keep = kept == null ? b > 0x20 && b != 0x7F : b >= 0 && kept.indexOf(c) >= 0;
            if (keep) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }
}
