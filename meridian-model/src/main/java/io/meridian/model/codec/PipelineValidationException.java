package io.meridian.model.codec;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline definition with one or more problems; the message lists them all, one per line. */
public class PipelineValidationException extends RuntimeException {
    private final List<ValidationError> errors;

    public PipelineValidationException(List<ValidationError> errors) {
        super(errors.stream().map(ValidationError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
