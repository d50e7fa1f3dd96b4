package io.meridian.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meridian.model.pipeline.ConfigSchema;
import io.meridian.model.pipeline.ConfigSchema.Kind;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A stage type's config schema is checked when a pipeline is read: each problem with file:line and stage id. */
class ConfigSchemaTest {
    static final ConfigSchema WRITE = ConfigSchema.builder().required("sql", Kind.STRING)
            .optional("params", Kind.ARRAY).optional("datasource", Kind.STRING).closed().build();
    static final Map<String, ConfigSchema> SCHEMAS = Map.of("database_write", WRITE);

    @Test
    void aMissingRequiredKeyAWrongTypeAndATypoAreReportedWithTheirLineAndStage() {
        String yaml = """
                id: p
                stages:
                  - id: ok
                    type: database_write
                    config: {sql: "INSERT INTO t VALUES (?)", params: [1]}
                  - id: no_sql
                    type: database_write
                    config:
                      params: [1]
                  - id: bad
                    type: database_write
                    config:
                      sql: 42
                      datasorce: main
                """;
        var e = catchThrowableOfType(PipelineValidationException.class,
                () -> PipelineReader.read(yaml, "p.yaml", Set.of("database_write"), SCHEMAS));
        assertThat(e.errors()).hasSize(3);
        assertThat(e.errors().get(0)).satisfies(err -> {
            assertThat(err.stageId()).isEqualTo("no_sql");
            assertThat(err.line()).isEqualTo(8);
            assertThat(err.message()).isEqualTo("database_write: config.sql is required (a string)");
        });
        assertThat(e.errors().get(1)).satisfies(err -> {
            assertThat(err.stageId()).isEqualTo("bad");
            assertThat(err.line()).isEqualTo(13);
            assertThat(err.message()).isEqualTo("database_write: config.sql must be a string, got number");
        });
        assertThat(e.errors().get(2)).satisfies(err -> {
            assertThat(err.line()).isEqualTo(14);
            assertThat(err.message()).contains("unknown config key 'datasorce'", "did you mean 'datasource'?");
        });
        assertThat(e.errors().get(0).toString()).startsWith("p.yaml:8:");
    }

    @Test
    void aTemplatePassesAnyTypeAndATypeWithoutASchemaAcceptsAnything() {
        String yaml = """
                id: p
                inputs: {rows: {default: []}}
                stages:
                  - id: w
                    type: database_write
                    config: {sql: "INSERT INTO t VALUES (?)", params: "{{input.rows}}"}
                  - id: n
                    type: noop
                    config: {whatever: 1}
                """;
        assertThat(PipelineReader.read(yaml, "p.yaml", Set.of("database_write", "noop"), SCHEMAS).stages()).hasSize(2);
    }

    @Test
    void withoutSchemasNothingAboutConfigsIsChecked() {
        String yaml = "id: p\nstages:\n  - id: w\n    type: database_write\n";
        assertThat(PipelineReader.read(yaml, "p.yaml", Set.of("database_write")).stages()).hasSize(1);
    }
}
