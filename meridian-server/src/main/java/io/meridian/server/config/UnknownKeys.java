package io.meridian.server.config;

import io.meridian.model.codec.LocatedDocument;
import io.meridian.model.codec.ValidationError;
import io.meridian.model.text.Suggestions;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Finds every key of the file that no record component of {@link ConfigFile} takes, walking the tree beside the record
 * types, so each is reported at its own line and column with the closest known key. Key names are the components'
 * names as the binding mapper spells them (snake_case), so this walk and Jackson agree on what is known.
 */
final class UnknownKeys {
    private final LocatedDocument doc;
    private final List<ValidationError> errors;

    private UnknownKeys(LocatedDocument doc, List<ValidationError> errors) {
        this.doc = doc;
        this.errors = errors;
    }

    static void find(JsonNode root, LocatedDocument doc, List<ValidationError> errors) {
        new UnknownKeys(doc, errors).walk(root, ConfigFile.class, "");
    }

    private void walk(JsonNode node, Type type, String pointer) {
        Class<?> raw = raw(type);
        if (raw.isRecord() && node.isObject()) {
            Map<String, Type> known = components(raw);
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String at = pointer + "/" + escape(field.getKey());
                Type component = known.get(field.getKey());
                if (component == null) {
                    unknown(field.getKey(), at, pointer, known.keySet());
                } else {
                    walk(field.getValue(), component, at);
                }
            }
        } else if (List.class.isAssignableFrom(raw) && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), argument(type, 0), pointer + "/" + i);
            }
        } else if (Map.class.isAssignableFrom(raw) && node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                walk(field.getValue(), argument(type, 1), pointer + "/" + escape(field.getKey()));
            }
        }
    }

    private void unknown(String key, String at, String parent, Set<String> known) {
        String section = ConfigRules.key(parent);
        String hint = Suggestions.closest(key, known).map(s -> " (did you mean '" + s + "'?)")
                .orElse("; expected one of: " + String.join(", ", new TreeSet<>(known)));
        errors.add(doc.error(at, "unknown key '" + key + "'" + (section.isEmpty() ? "" : " in " + section) + hint));
    }

    private static Map<String, Type> components(Class<?> record) {
        Map<String, Type> out = new LinkedHashMap<>();
        for (RecordComponent c : record.getRecordComponents()) {
            out.put(ConfigReader.NAMING.nameForField(null, null, c.getName()), c.getGenericType());
        }
        return out;
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
