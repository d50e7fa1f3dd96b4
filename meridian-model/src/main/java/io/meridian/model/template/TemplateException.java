package io.meridian.model.template;

/** A template that cannot be parsed, or a reference that names a value that is not there. */
public class TemplateException extends RuntimeException {
    private final int position;

    public TemplateException(String message) {
        this(message, -1);
    }

    public TemplateException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** Character offset in the template text where the problem starts, or -1 when it is not a syntax error. */
    public int position() {
        return position;
    }
}
