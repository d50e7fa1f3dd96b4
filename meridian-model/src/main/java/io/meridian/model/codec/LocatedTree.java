package io.meridian.model.codec;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A parsed document with the source position of every object field and array element.
 *
 * @param root       null when the document could not be parsed at all (see problems)
 * @param positions  JSON pointer to position of the field name or element start
 */
record LocatedTree(JsonNode root, Map<String, Position> positions, List<Problem> problems) {

    /** The position of the pointer, or of its nearest enclosing value that has one. */
    Position positionOf(String pointer) {
        for (String p = pointer; p != null; p = Pointers.parent(p)) {
            Position position = positions.get(p);
            if (position != null) {
                return position;
            }
        }
        return Position.UNKNOWN;
    }
}
