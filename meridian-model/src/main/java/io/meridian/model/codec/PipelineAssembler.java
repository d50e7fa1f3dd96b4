package io.meridian.model.codec;

import io.meridian.model.pipeline.ConfigSchema;
import java.util.Map;
import io.meridian.model.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Decodes a located tree, validates the result and turns every problem into a located ValidationError. */
final class PipelineAssembler {
    private PipelineAssembler() {}

    static Pipeline assemble(LocatedTree tree, String file, Set<String> knownTypes,
                             Map<String, ConfigSchema> configSchemas) {
        List<Problem> problems = new ArrayList<>(tree.problems());
        if (tree.root() == null) {
            throw failure(tree, file, problems);
        }
        Decoded decoded = PipelineDecoder.decode(tree.root());
        problems.addAll(decoded.problems());
        if (decoded.pipeline() == null) {
            throw failure(tree, file, problems);
        }
        // A value with a shape problem was replaced by a default; rules about it would only repeat the news.
        Set<String> reported = new HashSet<>();
        decoded.problems().forEach(p -> reported.add(p.pointer()));
        for (Violation v : PipelineValidator.check(decoded.pipeline(), knownTypes, configSchemas)) {
            String base = v.stageIndex() < 0 ? "" : decoded.stagePointers().get(v.stageIndex());
            String pointer = v.field().isEmpty() ? base : base + "/" + v.field();
            if (!reported.contains(pointer)) {
                problems.add(Problem.at(pointer, v.stageId(), v.message()));
            }
        }
        if (!problems.isEmpty()) {
            throw failure(tree, file, problems);
        }
        return decoded.pipeline();
    }

    static PipelineValidationException failure(LocatedTree tree, String file, List<Problem> problems) {
        List<ValidationError> errors = problems.stream()
                .map(p -> {
                    Position at = p.position() != null ? p.position() : tree.positionOf(p.pointer());
                    return new ValidationError(file, at.line(), at.column(), p.stageId(), p.message());
                })
                .sorted(Comparator.comparingInt(ValidationError::line).thenComparingInt(ValidationError::column))
                .limit(Limits.MAX_REPORTED)
                .toList();
        return new PipelineValidationException(errors);
    }
}
