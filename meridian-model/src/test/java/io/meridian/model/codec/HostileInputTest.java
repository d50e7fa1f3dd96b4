package io.meridian.model.codec;

import static io.meridian.model.codec.Fixtures.TYPES;
import static io.meridian.model.codec.Fixtures.file;
import static io.meridian.model.codec.Fixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostileInputTest {

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        assertThat(messages("{\n  \"id\": \"p\",\n  \"stages\": [1,]\n}", "p.json"))
                .singleElement().asString().startsWith("p.json:3:16: syntax error: Unexpected character");
        assertThat(messages("id: p\nstages: [\n", "p.yaml"))
                .singleElement().asString().startsWith("p.yaml:2:10: syntax error: while parsing a flow node");
    }

    @Test
    void duplicateKeysAreReportedInJsonAndYaml() {
        assertThat(messages("{\"id\": \"p\", \"id\": \"q\", \"stages\": [{\"id\": \"s\", \"type\": \"noop\", \"type\": \"sql\"}]}", "p.json"))
                .containsExactly("p.json:1:13: duplicate key 'id'", "p.json:1:63: duplicate key 'type'");
        assertThat(messages("id: p\nstages:\n  - id: s\n    type: noop\n    type: sql\nid: q\n", "p.yaml"))
                .containsExactly("p.yaml:5:5: duplicate key 'type'", "p.yaml:6:1: duplicate key 'id'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"p.json", "p.yaml"})
    void tenThousandDeepArraysAreRejectedWithoutStackOverflow(String name) {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThat(messages(deep, name)).singleElement().asString().contains("nesting deeper than 200 levels");
        String inConfig = name.endsWith(".json")
                ? "{\"id\": \"p\", \"stages\": [{\"id\": \"s\", \"type\": \"noop\", \"config\": {\"x\": " + deep + "}}]}"
                : Fixtures.yamlStage("config: {x: " + deep + "}");
        assertThat(messages(inConfig, name)).singleElement().asString().contains("nesting deeper than 200 levels");
    }

    @Test
    void deeplyIndentedYamlBlocksAreRejectedToo() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            yaml.append(" ".repeat(i)).append("k:\n");
        }
        assertThat(messages(yaml.toString(), "p.yaml")).singleElement().asString().contains("nesting deeper than 200 levels");
    }

    @Test
    void yamlAliasBombIsRejectedWithoutExpansion() {
        PipelineValidationException e = assertThrows(PipelineValidationException.class,
                () -> PipelineReader.read(file("alias-bomb.yaml"), TYPES));
        assertThat(e.errors()).isNotEmpty().hasSizeLessThanOrEqualTo(Limits.MAX_REPORTED);
        assertThat(e.errors()).extracting(ValidationError::toString)
                .contains("alias-bomb.yaml:3:8: YAML aliases (*name) are not supported in pipeline files");
    }

    @Test
    void yamlTagsAreRejected() {
        PipelineValidationException e = assertThrows(PipelineValidationException.class,
                () -> PipelineReader.read(file("java-tag.yaml"), TYPES));
        assertThat(e.errors()).extracting(ValidationError::toString)
                .containsExactly("java-tag.yaml:4:11: YAML tags such as 'tag:yaml.org,2002:java.lang.Runtime' are not allowed");
        assertThat(messages("id: !custom p\nstages: !!seq [{id: s, type: noop}]\n", "p.yaml")).hasSize(2)
                .allMatch(m -> m.contains("YAML tags"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n", "# only a comment\n"})
    void emptyFilesAreRejected(String text) {
        assertThat(messages(text, "p.yaml")).singleElement().asString().endsWith("file is empty");
    }

    @Test
    void topLevelMustBeAnObject() {
        assertThat(messages("[1, 2]", "p.json")).containsExactly("p.json:1:1: the top level must be an object, got a list");
        assertThat(messages("just text\n", "p.yaml")).containsExactly("p.yaml:1:1: the top level must be an object, got string \"just text\"");
    }

    @Test
    void multipleYamlDocumentsAreRejected() {
        assertThat(messages("id: p\n---\nid: q\n", "p.yaml")).containsExactly("p.yaml:3:1: only one document is allowed per file");
    }

    @Test
    void oversizeFilesAreRejectedBeforeParsing(@TempDir Path dir) throws Exception {
        String big = "{\"id\": \"p\", \"pad\": \"" + "x".repeat(1024 * 1024) + "\"}";
        assertThat(messages(big, "p.json")).singleElement().asString().contains("limited to 1048576 bytes (1 MiB)");
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, "[" + "[".repeat(2 * 1024 * 1024));
        PipelineValidationException e = assertThrows(PipelineValidationException.class, () -> PipelineReader.read(file, TYPES));
        assertThat(e.errors()).extracting(ValidationError::toString)
                .containsExactly("big.yaml: file is 2097153 bytes; pipeline files are limited to 1048576 bytes (1 MiB)");
    }

    @Test
    void unsupportedExtensionsAndUnreadableFilesAreReported(@TempDir Path dir) {
        assertThat(messages("id: p", "p.txt")).containsExactly("p.txt: unsupported file type; pipeline files end in .json, .yaml or .yml");
        assertThrows(PipelineValidationException.class, () -> PipelineReader.read(dir.resolve("missing.yml"), TYPES));
    }

    @Test
    void tooManyStagesIsOneError() {
        StringBuilder json = new StringBuilder("{\"id\": \"p\", \"stages\": [");
        for (int i = 0; i <= Limits.MAX_STAGES; i++) {
            json.append(i == 0 ? "" : ",").append("{}");
        }
        assertThat(messages(json.append("]}").toString(), "p.json"))
                .containsExactly("p.json:1:13: too many stages: 10001 (the limit is 10000)");
    }

    @Test
    void tenThousandStageChainFileReadsWithoutRecursion() {
        StringBuilder yaml = new StringBuilder("id: long\nstages:\n  - {id: s0, type: noop}\n");
        for (int i = 1; i < Limits.MAX_STAGES; i++) {
            yaml.append("  - {id: s").append(i).append(", type: noop, depends_on: [s").append(i - 1)
                    .append("], config: {x: '{{stages.s0.output}}'}}\n");
        }
        assertThat(PipelineReader.read(yaml.toString(), "long.yaml", TYPES).stages()).hasSize(Limits.MAX_STAGES);
    }

    @Test
    void nanAndInfinityFromYamlAreRejected() {
        List<String> errors = messages(Fixtures.yamlStage("retry: {jitter: .nan, multiplier: .inf}"), "p.yaml");
        assertThat(errors).anyMatch(m -> m.contains("jitter must be a number 0–1, got NaN"))
                .anyMatch(m -> m.contains("multiplier must be a number 1–10, got Infinity"));
    }
}
