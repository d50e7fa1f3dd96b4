package io.meridian.model.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.template.Reference.Root;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateTest {

    @Test
    void parsesEveryRootWithDottedAndIndexedPaths() {
        Template t = Template.parse("{{input.cfg.url}} {{ stages.collect.output.items[0].name }} {{item[2]}}"
                + " {{item_index}} {{secrets.TOKEN}}");
        assertThat(t.references()).containsExactly(
                new Reference(Root.INPUT, "cfg", List.of("url"), "{{input.cfg.url}}"),
                new Reference(Root.STAGE, "collect", List.of("items", 0, "name"), "{{stages.collect.output.items[0].name}}"),
                new Reference(Root.ITEM, null, List.of(2), "{{item[2]}}"),
                new Reference(Root.ITEM_INDEX, null, List.of(), "{{item_index}}"),
                new Reference(Root.SECRET, "TOKEN", List.of(), "{{secrets.TOKEN}}"));
        assertThat(t.isSingleReference()).isFalse();
        assertThat(Template.parse("{{input.x}}").isSingleReference()).isTrue();
    }

    @Test
    void plainTextHasNoReferences() {
        assertThat(Template.parse("${jndi:ldap://x} } { }}").references()).isEmpty();
    }

    @Test
    void unclosedBraceReportsPosition() {
        assertThatThrownBy(() -> Template.parse("abc {{input.x"))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.position()).isEqualTo(4))
                .hasMessageContaining("unclosed '{{' at position 4");
    }

    @Test
    void emptyTemplateIsRejected() {
        assertThatThrownBy(() -> Template.parse("x{{ }}")).hasMessageContaining("empty template");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{ ''.getClass() }}", "{{#each items}}", "{{input.x | upper}}", "{{input.x()}}",
            "{{input.a + 1}}", "{{ {{input.x}} }}", "{{input.x[-1]}}", "{{input..x}}", "{{input.x y}}"})
    void expressionsAndInjectionAttemptsAreSyntaxErrors(String text) {
        assertThatThrownBy(() -> Template.parse(text)).isInstanceOf(TemplateException.class);
    }

    @Test
    void unknownRootSuggestsTheClosest() {
        assertThatThrownBy(() -> Template.parse("{{inputs.x}}"))
                .hasMessageContaining("unknown reference root 'inputs' (did you mean 'input'?)");
        assertThatThrownBy(() -> Template.parse("{{env.HOME}}")).hasMessageContaining("unknown reference root 'env'");
    }

    @Test
    void malformedRootsAreRejected() {
        assertThatThrownBy(() -> Template.parse("{{stages.collect.items}}")).hasMessageContaining("stages.collect.output");
        assertThatThrownBy(() -> Template.parse("{{input}}")).hasMessageContaining("{{input.NAME}}");
        assertThatThrownBy(() -> Template.parse("{{secrets.A.b}}")).hasMessageContaining("no further path");
        assertThatThrownBy(() -> Template.parse("{{item_index.x}}")).hasMessageContaining("no further path");
    }

    @Test
    void secretNamesAreListedOnceInOrder() {
        assertThat(Template.secretNames("Bearer {{secrets.B}}:{{secrets.A}}:{{secrets.B}} {{input.x}}"))
                .containsExactly("B", "A");
        assertThat(Template.secretNames("no templates")).isEmpty();
    }
}
