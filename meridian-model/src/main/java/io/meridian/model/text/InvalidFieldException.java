package io.meridian.model.text;

/**
 * A value refused at the edge: it names the field, the rule it broke and the rule's limit, so an API can answer
 * 400 with all three. The message shows the offending value only in escaped, shortened form.
 */
public final class InvalidFieldException extends IllegalArgumentException {
    private final String field;
    private final String rule;
    private final int limit;

    public InvalidFieldException(String field, String rule, int limit, String message) {
        super(message);
        this.field = field;
        this.rule = rule;
        this.limit = limit;
    }

    /** The field as the API names it, e.g. {@code worker_id} or {@code labels.zone}. */
    public String field() {
        return field;
    }

    /** A stable word for the broken rule: {@code required}, {@code too_long}, {@code charset}, {@code too_many}. */
    public String rule() {
        return rule;
    }

    /** The limit the rule enforces (a length or a count), 0 when the rule has none. */
    public int limit() {
        return limit;
    }
}
