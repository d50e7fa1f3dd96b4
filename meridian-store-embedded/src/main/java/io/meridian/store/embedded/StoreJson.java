package io.meridian.store.embedded;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Requirements;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link Json#MAPPER} adjusted so records read back equal to what was written. Nulls are left out because
 * a JsonNode field written as {@code null} would come back as a NullNode. {@code Requirements.isNone()} is
 * seen as a property "none" that the strict mapper writes but then refuses to read back.
 */
final class StoreJson {

    @JsonIgnoreProperties("none")
    private interface RequirementsWithoutDerivedProperties {}

    static final JsonMapper MAPPER = Json.MAPPER.rebuild()
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .addMixIn(Requirements.class, RequirementsWithoutDerivedProperties.class)
            .build();

    private StoreJson() {}
}
