package io.meridian.server.config;

import io.meridian.model.codec.ValidationError;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file with one or more problems, each at its file:line:column; the message lists them one per line.
 * An {@link IllegalArgumentException}, so the CLI reports it as invalid input.
 */
public final class ConfigException extends IllegalArgumentException {
    private final transient List<ValidationError> errors;

    public ConfigException(List<ValidationError> errors) {
        super(sorted(errors).stream().map(ValidationError::toString).collect(Collectors.joining("\n")));
        this.errors = sorted(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }

    private static List<ValidationError> sorted(List<ValidationError> errors) {
        return errors.stream().sorted(Comparator.comparingInt(ValidationError::line)
                .thenComparingInt(ValidationError::column)).toList();
    }
}
