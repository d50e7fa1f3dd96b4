package io.meridian.server.api;

import io.meridian.model.text.FieldRule;
import io.meridian.server.auth.Scope;
import io.meridian.server.http.ApiError;
import io.meridian.model.json.Json;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The body of {@code POST /v1/tokens} (snake_case, unknown fields refused) and its checks. */
public final class TokenRequests {
    /** Token names: what a log line or a table shows, so short and plain. */
    public static final FieldRule NAME = new FieldRule("letters, digits, '.', '_' or '-'", 64,
            c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-', true);
    /** The scopes a token may be given, in the order errors list them. */
    public static final List<String> SCOPES = List.of("client", "worker", "admin", "region");
    static final Duration MIN_EXPIRY = Duration.ofMinutes(1);
    static final Duration MAX_EXPIRY = Duration.ofDays(3650);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(m|h|d)");

    private TokenRequests() {}

    /** {@code {"name": "ci", "scopes": ["client"], "expires_in": "30d"}}; {@code expires_in} absent: never. */
    public record Create(String name, List<String> scopes, String expiresIn) {
        public String checkedName() {
            return Fields.require(NAME, "name", name);
        }

        public Set<Scope> checkedScopes() {
            if (scopes == null || scopes.isEmpty()) {
                throw invalidScope("scopes is required: a list of one or more of " + SCOPES);
            }
            Set<Scope> out = EnumSet.noneOf(Scope.class);
            for (String s : scopes) {
                if (s == null || !SCOPES.contains(s.strip().toLowerCase(Locale.ROOT))) {
                    throw invalidScope("unknown scope '" + s + "'; the allowed scopes are " + SCOPES);
                }
                out.add(Scope.parse(s));
            }
            return out;
        }

        /** How long the token works, or null for no expiry. */
        public Duration checkedExpiry() {
            return expiresIn == null ? null : expiry(expiresIn);
        }
    }

    /** {@code 30d}, {@code 12h}, {@code 90m} or ISO-8601 ({@code P30D}, {@code PT12H}), 1 minute to 3650 days. */
    static Duration expiry(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw badExpiry("expires_in '" + text + "' is not a duration: write it as 30d, 12h, 90m or "
                        + "ISO-8601 (P30D, PT12H)");
            }
        }
        if (d.compareTo(MIN_EXPIRY) < 0 || d.compareTo(MAX_EXPIRY) > 0) {
            throw badExpiry("expires_in '" + text + "' is out of range: a token expires after 1 minute (1m) "
                    + "to 3650 days (3650d), or never (leave it out)");
        }
        return d;
    }

    private static ApiError invalidScope(String message) {
        return new ApiError(400, "invalid_scope", message, Json.object().set("allowed", Json.toTree(SCOPES)));
    }

    private static ApiError badExpiry(String message) {
        return new ApiError(400, "invalid_expiry", message);
    }
}
