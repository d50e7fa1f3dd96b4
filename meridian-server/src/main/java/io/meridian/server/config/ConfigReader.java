package io.meridian.server.config;

import io.meridian.model.codec.LocatedDocument;
import io.meridian.model.codec.ValidationError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code meridian.yaml} into a {@link ConfigFile}, the one place the file is read. The text is parsed with
 * the pipeline reader's position tracking, bound to records by Jackson (strictly: no "5" for 5, no 1.5 for a whole
 * number), and checked by {@link ConfigRules}. Every unknown key is reported ({@link UnknownKeys}, with a "did you
 * mean"), then the first value of the wrong type; each problem names file:line:column.
 */
final class ConfigReader {
    /** Keys are the snake_case names of the record components. */
    static final PropertyNamingStrategy NAMING = PropertyNamingStrategies.SNAKE_CASE;
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(NAMING)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    private static final String SECTIONS = "store, engine, server, auth, federation, datasources, http, secrets, pools";

    private ConfigReader() {}

    static MeridianConfig read(String text, Path source) {
        if (text.isBlank()) {
            return new MeridianConfig(ConfigFile.EMPTY, source, null);
        }
        LocatedDocument doc = LocatedDocument.parse(text, source.toString());
        if (doc.isEmpty()) {
            return new MeridianConfig(ConfigFile.EMPTY, source, doc);
        }
        if (!doc.problems().isEmpty()) {
            throw new ConfigException(doc.problems());
        }
        JsonNode root = doc.root().orElseThrow();
        if (root.isNull()) {
            return new MeridianConfig(ConfigFile.EMPTY, source, doc);
        }
        if (!root.isObject()) {
            throw new ConfigException(List.of(doc.error("", "the configuration must be a mapping of sections ("
                    + SECTIONS + ")")));
        }
        List<ValidationError> errors = new ArrayList<>();
        UnknownKeys.find(root, doc, errors);
        ConfigFile file = null;
        try {
            // Unknown keys are reported above, each at its place; binding past them still finds a wrong type.
            ObjectReader reader = MAPPER.readerFor(ConfigFile.class);
            file = (errors.isEmpty() ? reader : reader.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
                    .readValue(root);
        } catch (DatabindException e) {
            String pointer = pointer(e.getPath());
            JsonNode value = root.at(pointer);
            errors.add(doc.error(pointer, ConfigRules.key(pointer) + ": expected " + expected(e) + ", got "
                    + (value.isMissingNode() ? "something else" : value.toString())));
        }
        if (file != null) {
            errors.addAll(ConfigRules.check(file, doc));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new MeridianConfig(file, source, doc);
    }

    private static String expected(DatabindException e) {
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (type == null) {
            return "another kind of value";
        }
        if (type == Long.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == Double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string (quote it)";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "a mapping of keys" : type.getSimpleName();
    }

    private static String pointer(List<JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference r : path) {
            out.append('/').append(r.getPropertyName() != null
                    ? r.getPropertyName().replace("~", "~0").replace("/", "~1") : String.valueOf(r.getIndex()));
        }
        return out.toString();
    }
}
