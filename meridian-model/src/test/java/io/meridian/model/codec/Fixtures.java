package io.meridian.model.codec;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

final class Fixtures {
    static final Set<String> TYPES = Set.of("http_request", "script", "sql", "noop");

    private Fixtures() {}

    static Path file(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/pipelines/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The errors reading {@code text} as {@code fileName} produces (fails the test if it reads cleanly). */
    static List<ValidationError> errors(String text, String fileName) {
        PipelineValidationException[] thrown = new PipelineValidationException[1];
        assertThatThrownBy(() -> PipelineReader.read(text, fileName, TYPES))
                .isInstanceOfSatisfying(PipelineValidationException.class, e -> thrown[0] = e);
        return thrown[0].errors();
    }

    static List<String> messages(String text, String fileName) {
        return errors(text, fileName).stream().map(ValidationError::toString).toList();
    }

    /** A minimal valid YAML pipeline whose single stage has the extra lines given (indented 4). */
    static String yamlStage(String... lines) {
        StringBuilder out = new StringBuilder("id: p\nstages:\n  - id: s\n    type: noop\n");
        for (String line : lines) {
            out.append("    ").append(line).append('\n');
        }
        return out.toString();
    }
}
