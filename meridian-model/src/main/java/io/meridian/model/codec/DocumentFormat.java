package io.meridian.model.codec;

import io.meridian.model.json.Json;
import java.util.Locale;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;

/** Pipeline file formats, each with a parser factory hardened against hostile input. */
enum DocumentFormat {
    JSON(JsonFactory.builder().streamReadConstraints(constraints()).build()),
    YAML(YAMLFactory.builder()
            .streamReadConstraints(constraints())
            .loadSettings(LoadSettings.builder()
                    // The tree parser rejects aliases anyway; this caps them should that ever change.
                    .setMaxAliasesForCollections(50)
                    .setAllowRecursiveKeys(false)
                    .setCodePointLimit((int) Limits.MAX_FILE_BYTES + 1024)
                    .setUseMarks(true)
                    .build())
            // Duplicates are reported by the tree parser, which carries on to find further problems.
            // Set last: when set before loadSettings() the flag did not take effect.
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private final TokenStreamFactory factory;

    DocumentFormat(TokenStreamFactory factory) {
        this.factory = factory;
    }

    static Optional<DocumentFormat> forFileName(String fileName) {
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".json")) {
            return Optional.of(JSON);
        }
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return Optional.of(YAML);
        }
        return Optional.empty();
    }

    JsonParser createParser(String text) {
        return factory.createParser(ObjectReadContext.empty(), text);
    }

    private static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(Json.MAX_DEPTH)
                .maxStringLength((int) Limits.MAX_FILE_BYTES)
                .maxNumberLength(200)
                .build();
    }
}
