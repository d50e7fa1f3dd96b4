package io.meridian.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding for the API's paths and query strings. */
final class Paths {
    private Paths() {}

    /** One path segment: every reserved character encoded, including '/', and a space as %20 (not '+'). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String lock(String resource) {
        return "/v1/locks/" + segment(resource);
    }
}
