package io.meridian.model.codec;

import static io.meridian.model.codec.Fixtures.TYPES;
import static io.meridian.model.codec.Fixtures.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PipelineJsonTest {

    @Test
    void roundTripsAFilePipeline() {
        Pipeline read = PipelineReader.read(file("etl.yaml"), TYPES);
        JsonNode json = PipelineJson.toJson(read);
        assertThat(PipelineJson.fromJson(json)).isEqualTo(read);
        assertThat(PipelineJson.fromJson(Json.parse(Json.write(json)))).isEqualTo(read);
    }

    @Test
    void writesEffectiveValuesInTheFileFormat() {
        JsonNode json = PipelineJson.toJson(PipelineReader.read(file("etl.yaml"), TYPES));
        JsonNode collect = json.get("stages").get(0);
        assertThat(collect.get("priority").intValue()).isEqualTo(4);
        assertThat(collect.get("timeout_seconds").intValue()).isEqualTo(600);
        assertThat(collect.get("retry").get("max_retries").intValue()).isEqualTo(2);
        assertThat(collect.has("requires")).isFalse();
        assertThat(json.get("failure_policy").stringValue()).isEqualTo("continue");
        assertThat(json.get("inputs").propertyNames()).containsExactly("bucket", "files");
        assertThat(json.get("stages").get(1).get("foreach").stringValue()).isEqualTo("{{input.files}}");
    }

    @Test
    void fromJsonRejectsInvalidTrees() {
        assertThatThrownBy(() -> PipelineJson.fromJson(Json.parse("{\"id\":\"p\",\"stages\":[{\"id\":\"a\",\"typo\":1}]}")))
                .isInstanceOf(PipelineValidationException.class)
                .hasMessageContaining("unknown field 'typo' (did you mean 'type'?)")
                .hasMessageContaining("type is required");
    }
}
