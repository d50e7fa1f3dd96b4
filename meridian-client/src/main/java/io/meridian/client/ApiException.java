package io.meridian.client;

import io.meridian.model.codec.ValidationError;
import java.util.List;

/**
 * The coordinator answered with an error: its HTTP status, stable error code and message, and for an invalid
 * pipeline ({@code validation_failed}) every problem it found, each with its file, line and column.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<ValidationError> problems;

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public ApiException(int status, String code, String message, List<ValidationError> problems) {
        super(message);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /**
     * Every problem the coordinator found in a pipeline it refused (code {@code validation_failed}); each prints
     * as {@code file:line:column: stage 'id': message}, with "did you mean" where the coordinator had a guess.
     * Empty for other errors.
     */
    public List<ValidationError> problems() {
        return problems;
    }
}
