package io.meridian.model.codec;

/** JSON pointer (RFC 6901) helpers; the side map of source positions is keyed by pointer. */
final class Pointers {
    private Pointers() {}

    static String child(String parent, String field) {
        return parent + "/" + field.replace("~", "~0").replace("/", "~1");
    }

    static String child(String parent, int index) {
        return parent + "/" + index;
    }

    /** The enclosing pointer, or null for the root. */
    static String parent(String pointer) {
        if (pointer.isEmpty()) {
            return null;
        }
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }
}
