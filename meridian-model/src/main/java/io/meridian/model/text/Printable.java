package io.meridian.model.text;

/**
 * Untrusted text made safe to echo in an error or a log line: control characters (NUL, line breaks, terminal escapes)
 * are shown as Java-style unicode escapes and long values are cut, so a value can never forge a log line or flood one.
 */
public final class Printable {
    /** The most characters of an untrusted value that an error message repeats. */
    public static final int MAX_ECHO = 64;

    private Printable() {}

    /** {@code 'value'} escaped and cut to {@link #MAX_ECHO} characters. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        int n = Math.min(value.length(), MAX_ECHO);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            out.append(isControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        out.append('\'');
        if (value.length() > MAX_ECHO) {
            out.append("… (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }

    /** A character by name for errors: {@code U+0000 (NUL)}, {@code '/'}. */
    static String describe(char c) {
        if (c == 0) {
            return "U+0000 (NUL)";
        }
        return isControl(c) || Character.isWhitespace(c) || c > 0x7e
                ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    /** C0 and C1 controls, DEL, and the line and paragraph separators. */
    public static boolean isControl(int c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029;
    }
}
