package io.meridian.server.http;

import io.meridian.server.auth.Scope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One route: a method, a path template such as {@code /v1/workers/{id}/exchange}, the scope a caller needs
 * (null: open to anyone) and the handler.
 */
public record Route(String method, String template, Scope scope, Handler handler) {

    /** Handles one request. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    /** A route that matched a request's path, with the path parameters it found. */
    record Match(Route route, Map<String, String> params) {}

    /** The path parameters if the raw (still percent-encoded) path matches this template, else null. */
    Map<String, String> match(String path) {
        String[] want = template.split("/");
        String[] got = path.split("/");
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (got[i].isEmpty()) {
                    return null;
                }
                // URLDecoder decodes form data, where '+' means a space; in a path it is a plain '+'
                params.put(want[i].substring(1, want[i].length() - 1), java.net.URLDecoder.decode(
                        got[i].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return params;
    }
}
