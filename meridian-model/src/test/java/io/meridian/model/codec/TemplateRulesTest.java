package io.meridian.model.codec;

import static io.meridian.model.codec.Fixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateRulesTest {

    @Test
    void templateProblemsAreFoundStaticallyWithTheirLocation() {
        PipelineValidationException e = assertThrows(PipelineValidationException.class,
                () -> PipelineReader.read(file("template-errors.yaml"), Set.of("noop")));
        assertThat(e.errors()).extracting(ValidationError::toString).containsExactly(
                "template-errors.yaml:8:7: stage 'first': config/a: {{stages.second.output}}: stage 'second'"
                        + " is not upstream of this stage; add it to depends_on",
                "template-errors.yaml:9:7: stage 'first': config/b: {{item}}: item is only available in a stage with foreach",
                "template-errors.yaml:10:7: stage 'first': config/c: {{input.flies}}: undeclared input 'flies'"
                        + " (did you mean 'files'?); declared inputs: files",
                "template-errors.yaml:11:7: stage 'first': config/d: unexpected ''' at position 3 in \"{{ ''.getClass() }}\";"
                        + " a template holds only a data path such as {{input.name}} or {{stages.ID.output.items[0]}}",
                "template-errors.yaml:12:7: stage 'first': config/e: unclosed '{{' at position 0 in \"{{input.files\"",
                "template-errors.yaml:13:7: stage 'first': config/f: empty template '{{}}' at position 0",
                "template-errors.yaml:14:7: stage 'first': config/g: {{env.HOME}}: unknown reference root 'env';"
                        + " expected one of input, stages, item, item_index, secrets",
                "template-errors.yaml:18:5: stage 'second': foreach must be a single reference such as \"{{input.files}}\""
                        + " or \"{{stages.ID.output.list}}\", got \"prefix {{input.files}}\"");
    }

    @Test
    void sqlOfADatabaseWriteIsNeverTemplated() {
        // The values would be spliced into the statement: SQL injection. Values travel as parameters in 'rows'.
        String yaml = "id: p\nstages:\n  - id: load\n    type: database_write\n    config:\n"
                + "      sql: \"insert into t values ('{{input.name}}')\"\n      create_table: 'create table {{input.t}} (x)'\n"
                + "      rows: '{{input.rows}}'\n";
        PipelineValidationException e = assertThrows(PipelineValidationException.class,
                () -> PipelineReader.read(yaml, "p.yaml", Set.of("database_write")));
        assertThat(e.errors()).extracting(ValidationError::toString).containsExactlyInAnyOrder(
                "p.yaml:6:7: stage 'load': config/sql of a database_write stage must not contain templates: pass values"
                        + " as parameters in 'rows' (e.g. \"rows\": \"{{stages.ID.output}}\")",
                "p.yaml:7:7: stage 'load': config/create_table of a database_write stage must not contain templates:"
                        + " pass values as parameters in 'rows' (e.g. \"rows\": \"{{stages.ID.output}}\")");
    }

    @Test
    void foreachMustReferenceInputOrUpstreamOutput() {
        String yaml = "id: p\nstages:\n  - {id: a, type: noop, foreach: '{{secrets.X}}'}\n"
                + "  - {id: b, type: noop, foreach: '{{stages.c.output.list}}'}\n  - {id: c, type: noop}\n"
                + "  - {id: d, type: noop, foreach: '{{stages.cc.output}}', depends_on: [c]}\n";
        assertThat(Fixtures.messages(yaml, "p.yaml")).containsExactly(
                "p.yaml:3:25: stage 'a': foreach must reference input.* or an upstream stage's output, got {{secrets.X}}",
                "p.yaml:4:25: stage 'b': foreach: {{stages.c.output.list}}: stage 'c' is not upstream of this stage;"
                        + " add it to depends_on",
                "p.yaml:6:25: stage 'd': foreach: {{stages.cc.output}}: unknown stage 'cc' (did you mean 'c'?)");
    }

    @Test
    void transitiveUpstreamAndUndeclaredInputsAreFineWhenNoInputsAreDeclared() {
        String yaml = "id: p\nstages:\n  - {id: a, type: noop}\n  - {id: b, type: noop, depends_on: [a]}\n"
                + "  - id: c\n    type: noop\n    depends_on: [b]\n    foreach: '{{input.anything}}'\n"
                + "    config: {x: '{{stages.a.output.y[0]}} {{item.z}} {{item_index}} {{secrets.K}}'}\n";
        assertThat(PipelineReader.read(yaml, "p.yaml", Set.of("noop")).stages()).hasSize(3);
    }
}
