package io.meridian.model.template;

import java.util.List;

/**
 * One {@code {{...}}} reference.
 *
 * @param name  the input, stage or secret name; null for {@code item} and {@code item_index}
 * @param path  field names (String) and list indexes (Integer) below the root value
 * @param text  the reference as written, without inner whitespace, e.g. {@code {{stages.a.output.items[0]}}}
 */
public record Reference(Root root, String name, List<Object> path, String text) {

    public enum Root { INPUT, STAGE, ITEM, ITEM_INDEX, SECRET }

    public Reference {
        path = List.copyOf(path);
    }

    @Override
    public String toString() {
        return text;
    }
}
