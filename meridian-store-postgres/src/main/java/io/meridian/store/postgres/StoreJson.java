package io.meridian.store.postgres;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meridian.model.json.Json;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link Json#MAPPER} adjusted so records read back equal to what was written. Nulls are left out because
 * a JsonNode field written as {@code null} would come back as a NullNode.
 */
final class StoreJson {

    static final JsonMapper MAPPER = Json.MAPPER.rebuild()
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private StoreJson() {}
}
