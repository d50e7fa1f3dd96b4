package io.meridian.model.text;

import java.util.function.IntPredicate;

/**
 * A length and character-set rule for one kind of text field. Ids are checked before they reach a store, a log
 * line or a lock table, so none of them can carry a NUL (which PostgreSQL text refuses), a line break (which
 * forges log lines) or a path ('/' and '..' in worker ids).
 *
 * @param what       how the charset is described in errors, e.g. "letters, digits, '.', '_', '-', ':' or '@'"
 * @param maxLength  the most characters (UTF-16 units) the field may hold
 * @param allowed    which characters may appear
 * @param mustStartAlnum  true for ids: the first character is a letter or digit (no ".." or "-x" ids)
 */
public record FieldRule(String what, int maxLength, IntPredicate allowed, boolean mustStartAlnum) {

    /** Throws {@link InvalidFieldException} naming {@code field} unless {@code value} is present and valid. */
    public String require(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidFieldException(field, "required", maxLength, field + " is required (1–" + maxLength
                    + " characters of " + what + ")");
        }
        return check(field, value);
    }

    /** Like {@link #require}, but null (absent) passes; an empty string does not. */
    public String check(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            return require(field, value);
        }
        if (value.length() > maxLength) {
            throw new InvalidFieldException(field, "too_long", maxLength, field + " is " + value.length()
                    + " characters long; the limit is " + maxLength);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = allowed.test(c) && !(i == 0 && mustStartAlnum && !isAsciiAlnum(c));
            if (!ok) {
                throw new InvalidFieldException(field, "charset", maxLength, field + " must be 1–" + maxLength
                        + " characters of " + what + (mustStartAlnum ? ", starting with a letter or digit" : "")
                        + "; got " + Printable.quote(value) + " (character " + Printable.describe(c)
                        + " at index " + i + ")");
            }
        }
        return value;
    }

    public boolean accepts(String value) {
        try {
            require("value", value);
            return true;
        } catch (InvalidFieldException e) {
            return false;
        }
    }

    static boolean isAsciiAlnum(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
