package io.meridian.store.jdbc;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meridian.model.json.Json;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link Json#MAPPER} adjusted so records read back equal to what was written. Nulls are left out because
 * a JsonNode field written as {@code null} would come back as a NullNode.
 */
public final class StoreJson {

    public static final JsonMapper MAPPER = Json.MAPPER.rebuild()
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private StoreJson() {}
}
