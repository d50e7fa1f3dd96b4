package io.meridian.worker.stages;

import io.meridian.worker.sdk.TaskFailure;

/**
 * Refuses a header the HTTP client would refuse with the raw value in its message (a line break in a filled
 * secret, say), naming the header and never showing the value (issue 12).
 */
final class HeaderCheck {
    private HeaderCheck() {}

    static void check(String name, String template, String value) throws TaskFailure {
        if (name.isEmpty() || !name.chars().allMatch(HeaderCheck::isTokenChar)) {
            throw TaskFailure.badConfig("http_request: header name '" + printable(name) + "' is not a valid HTTP "
                    + "header name");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c < 0x20 && c != '\t' || c == 0x7F) {
                throw TaskFailure.badConfig("http_request: header '" + name + "' has a line break or control "
                        + "character in its value" + (template.equals(value) ? "" : " (after filling "
                        + template.replaceAll("[\\r\\n]", " ") + ")") + "; header values must be a single line");
            }
        }
    }

    /** RFC 9110 token characters. */
    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
