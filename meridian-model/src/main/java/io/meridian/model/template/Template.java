package io.meridian.model.template;

import java.util.ArrayList;
import java.util.List;

/**
 * A string with {@code {{ path }}} references to data. There are no expressions, filters or calls: a
 * reference names a value and nothing more, so a template can never execute anything.
 */
public final class Template {
    private final String source;
    private final List<Object> parts;

    Template(String source, List<Object> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** @throws TemplateException with the position of an unclosed, empty or malformed reference */
    public static Template parse(String text) {
        return TemplateParser.parse(text);
    }

    /** Cheap pre-check: strings without {@code {{} are plain text and need no parsing. */
    public static boolean hasMarkers(String text) {
        return text != null && text.contains("{{");
    }

    /** Names of the {@code {{secrets.NAME}}} references in {@code text}, in order of appearance. */
    public static List<String> secretNames(String text) {
        if (!hasMarkers(text)) {
            return List.of();
        }
        return parse(text).references().stream()
                .filter(r -> r.root() == Reference.Root.SECRET)
                .map(Reference::name)
                .distinct()
                .toList();
    }

    public String source() {
        return source;
    }

    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Reference reference) {
                references.add(reference);
            }
        }
        return references;
    }

    /** True when the whole string is one reference, so resolution keeps the value's JSON type. */
    public boolean isSingleReference() {
        return parts.size() == 1 && parts.getFirst() instanceof Reference;
    }

    /** Literal text (String) and {@link Reference}s, in order. */
    List<Object> parts() {
        return parts;
    }

    @Override
    public String toString() {
        return source;
    }
}
