package io.meridian.server.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in meridian.yaml: {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 500ms}, or ISO-8601 ({@code P7D}). */
public final class DurationText {
    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    private DurationText() {}

    public static Duration parse(String key, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            long unitMillis = switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            return Duration.ofMillis(Math.round(n * unitMillis));
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a duration (examples: 7d, 12h, 30m, "
                    + "45s, 500ms, P7D)");
        }
    }
}
