package io.meridian.model.text;

import java.util.List;
import java.util.Map;

/**
 * The length and charset of every id and short text field the API accepts, in one place: the HTTP edge checks
 * them before anything reaches a store, and the engine checks the ones in-process callers can pass too. (Lock
 * resources, owners and checkpoint ids have their own checks in the engine's lock and checkpoint services.)
 * docs/security.md lists them; change both together.
 */
public final class FieldRules {
    /** Letters, digits and {@code . _ - : @}, starting with a letter or digit: worker ids, regions, node ids. */
    public static final String ID_CHARS = "letters, digits, '.', '_', '-', ':' or '@'";
    /** Printable ASCII without spaces: request ids, incarnations, label keys. */
    public static final String KEY_CHARS = "printable ASCII characters (no spaces or control characters)";
    /** Any text without control characters (no NUL, no line breaks). */
    public static final String TEXT_CHARS = "text without control characters (no NUL or line breaks)";

    public static final FieldRule WORKER_ID = id(128);
    public static final FieldRule NODE_ID = id(128);
    public static final FieldRule REGION = id(64);
    public static final FieldRule CAPABILITY = id(64);
    public static final FieldRule REQUEST_ID = key(255);
    public static final FieldRule INCARNATION = key(128);
    public static final FieldRule JOB_TYPE = id(64);
    /** Pipeline ids, as the pipeline validator has them (no ':' or '@'). */
    public static final FieldRule PIPELINE_ID = new FieldRule("letters, digits, '.', '_' or '-'", 128,
            c -> FieldRule.isAsciiAlnum(c) || c == '.' || c == '_' || c == '-', false);
    /** Ids the coordinator generated (jobs, executions), as callers name them in paths. */
    public static final FieldRule RECORD_ID = key(128);
    public static final FieldRule STAGE_ID = new FieldRule("letters, digits, '_' or '-'", 64,
            c -> FieldRule.isAsciiAlnum(c) || c == '_' || c == '-', false);
    public static final FieldRule LABEL_KEY = key(128);
    public static final FieldRule LABEL_VALUE = text(255);
    public static final FieldRule HOST = text(255);
    public static final FieldRule VERSION = text(64);

    public static final int MAX_CAPABILITIES = 64;
    public static final int MAX_LABELS = 64;
    /** Stage types one worker may register: far more than any handler jar holds, and a bound on its record. */
    public static final int MAX_STAGE_TYPES = 1024;

    private FieldRules() {}

    /** Each element of {@code values} under {@code rule}, and at most {@code max} of them. */
    public static void each(String field, List<String> values, FieldRule rule, int max) {
        if (values.size() > max) {
            throw new InvalidFieldException(field, "too_many", max, field + " has " + values.size()
                    + " entries; the limit is " + max);
        }
        for (int i = 0; i < values.size(); i++) {
            rule.require(field + "[" + i + "]", values.get(i));
        }
    }

    /** Label keys and values, at most {@link #MAX_LABELS}. */
    public static void labels(String field, Map<String, String> labels) {
        if (labels.size() > MAX_LABELS) {
            throw new InvalidFieldException(field, "too_many", MAX_LABELS, field + " has " + labels.size()
                    + " entries; the limit is " + MAX_LABELS);
        }
        labels.forEach((k, v) -> {
            LABEL_KEY.require(field + " key", k);
            // the key is valid by now, so naming it in the field cannot forge anything
            if (v != null && !v.isEmpty()) {
                LABEL_VALUE.check(field + "." + k, v);
            }
        });
    }

    private static FieldRule id(int max) {
        return new FieldRule(ID_CHARS, max, c -> FieldRule.isAsciiAlnum(c) || c == '.' || c == '_' || c == '-'
                || c == ':' || c == '@', true);
    }

    private static FieldRule key(int max) {
        return new FieldRule(KEY_CHARS, max, c -> c > 0x20 && c < 0x7f, false);
    }

    private static FieldRule text(int max) {
        return new FieldRule(TEXT_CHARS, max, c -> !Printable.isControl(c), false);
    }
}
