package io.meridian.model.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TemplateResolverTest {
    private final TemplateScope scope = TemplateScope.of(
            Json.parse("{\"urls\":[\"u1\",\"u2\"],\"n\":3,\"name\":\"world\",\"evil\":\"{{secrets.DB}} {{input.n}}\","
                    + "\"obj\":{\"k\":null}}"),
            Map.of("collect", Json.parse("{\"items\":[{\"name\":\"first\"},{\"name\":\"second\"}]}")));

    private JsonNode resolve(String json) {
        return TemplateResolver.resolve(Json.parse(json), scope);
    }

    @Test
    void singleReferenceKeepsJsonType() {
        assertThat(resolve("{\"a\":\"{{input.urls}}\",\"b\":\"{{input.n}}\",\"c\":\"{{input.obj}}\"}"))
                .isEqualTo(Json.parse("{\"a\":[\"u1\",\"u2\"],\"b\":3,\"c\":{\"k\":null}}"));
    }

    @Test
    void mixedTextInterpolatesStringsRawAndOthersAsCompactJson() {
        assertThat(resolve("[\"hello {{input.name}}\",\"n={{input.n}} urls={{input.urls}} k={{input.obj.k}}\"]"))
                .isEqualTo(Json.parse("[\"hello world\",\"n=3 urls=[\\\"u1\\\",\\\"u2\\\"] k=null\"]"));
    }

    @Test
    void resolvesNestedPathsAndIndexes() {
        assertThat(resolve("{\"x\":{\"y\":[\"{{stages.collect.output.items[1].name}}\"]}}"))
                .isEqualTo(Json.parse("{\"x\":{\"y\":[\"second\"]}}"));
    }

    @Test
    void missingValuesFailNamingTemplateAndPath() {
        assertThatThrownBy(() -> resolve("\"{{stages.collect.output.items[3]}}\""))
                .isInstanceOf(TemplateException.class)
                .hasMessage("{{stages.collect.output.items[3]}}: index 3 out of range (size 2)");
        assertThatThrownBy(() -> resolve("\"{{input.nope}}\"")).hasMessage("{{input.nope}}: no input 'nope'");
        assertThatThrownBy(() -> resolve("\"{{stages.other.output}}\"")).hasMessageContaining("no output from stage 'other'");
        assertThatThrownBy(() -> resolve("\"{{input.name.x}}\"")).hasMessageContaining("input.name is a string, not an object");
        assertThatThrownBy(() -> resolve("\"{{input.obj.z}}\"")).hasMessageContaining("no field 'z' in input.obj");
        assertThatThrownBy(() -> resolve("\"{{input.n[0]}}\"")).hasMessageContaining("not a list");
        assertThatThrownBy(() -> resolve("\"{{item}}\"")).hasMessageContaining("foreach");
    }

    @Test
    void substitutedValuesAreNeverExpandedAgain() {
        assertThat(resolve("\"{{input.evil}}\"")).isEqualTo(Json.parse("\"{{secrets.DB}} {{input.n}}\""));
        assertThat(resolve("\"x {{input.evil}}\"")).isEqualTo(Json.parse("\"x {{secrets.DB}} {{input.n}}\""));
    }

    @Test
    void secretsAreLeftForTheHttpHandler() {
        assertThat(resolve("{\"h\":\"Bearer {{secrets.TOKEN}} for {{input.name}}\",\"s\":\"{{secrets.TOKEN}}\"}"))
                .isEqualTo(Json.parse("{\"h\":\"Bearer {{secrets.TOKEN}} for world\",\"s\":\"{{secrets.TOKEN}}\"}"));
    }

    @Test
    void injectionLookalikesAreLeftLiteralOrRejected() {
        assertThat(resolve("\"${jndi:ldap://x} #{1+1} <%= 7 %>\"")).isEqualTo(Json.parse("\"${jndi:ldap://x} #{1+1} <%= 7 %>\""));
        assertThatThrownBy(() -> resolve("\"{{ ''.getClass() }}\"")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> resolve("\"{{#each input.urls}}\"")).isInstanceOf(TemplateException.class);
    }

    @Test
    void foreachScopeProvidesItemAndIndex() {
        TemplateScope itemScope = scope.withItem(Json.parse("{\"file\":\"a.csv\"}"), 4);
        assertThat(TemplateResolver.resolve(Json.parse("{\"f\":\"{{item.file}}\",\"i\":\"{{item_index}}\",\"t\":\"#{{item_index}}\"}"), itemScope))
                .isEqualTo(Json.parse("{\"f\":\"a.csv\",\"i\":4,\"t\":\"#4\"}"));
    }

    @Test
    void inputIsNotModifiedAndNonStringsPassThrough() {
        JsonNode original = Json.parse("{\"a\":\"{{input.n}}\",\"b\":[1,true,null,2.5]}");
        JsonNode copy = original.deepCopy();
        assertThat(TemplateResolver.resolve(original, scope)).isEqualTo(Json.parse("{\"a\":3,\"b\":[1,true,null,2.5]}"));
        assertThat(original).isEqualTo(copy);
    }
}
