package io.meridian.model.template;

import io.meridian.model.text.Suggestions;
import java.util.ArrayList;
import java.util.List;

/** Parses the inside of one {@code {{...}}}: a root name followed by {@code .name} and {@code [N]} steps. */
final class ReferenceParser {
    private static final List<String> ROOTS = List.of("input", "stages", "item", "item_index", "secrets");
    private static final int MAX_INDEX_DIGITS = 9;

    private final String text;
    private final int end;
    private int pos;

    private ReferenceParser(String text, int start, int end) {
        this.text = text;
        this.end = end;
        this.pos = start;
    }

    /** Parses {@code text[start, end)}, the characters between the braces. */
    static Reference parse(String text, int start, int end) {
        return new ReferenceParser(text, start, end).reference();
    }

    private Reference reference() {
        int braceStart = pos - 2;
        skipSpaces();
        int contentStart = pos;
        if (pos >= end) {
            throw new TemplateException("empty template '{{}}' at position " + braceStart, braceStart);
        }
        List<Object> steps = new ArrayList<>();
        steps.add(name());
        while (true) {
            skipSpacesIfAtEnd();
            if (pos >= end) {
                break;
            }
            char c = text.charAt(pos);
            if (c == '.') {
                pos++;
                steps.add(name());
            } else if (c == '[') {
                pos++;
                steps.add(index());
            } else {
                throw unexpected();
            }
        }
        String written = "{{" + text.substring(contentStart, trimmedEnd()) + "}}";
        return classify(steps, written);
    }

    private Reference classify(List<Object> steps, String written) {
        String root = (String) steps.getFirst();
        return switch (root) {
            case "input" -> new Reference(Reference.Root.INPUT, nameAt(steps, 1, written, "{{input.NAME}}"),
                    steps.subList(2, steps.size()), written);
            case "stages" -> stage(steps, written);
            case "item" -> new Reference(Reference.Root.ITEM, null, steps.subList(1, steps.size()), written);
            case "item_index" -> {
                requireNoPath(steps, 1, written);
                yield new Reference(Reference.Root.ITEM_INDEX, null, List.of(), written);
            }
            case "secrets" -> {
                String name = nameAt(steps, 1, written, "{{secrets.NAME}}");
                requireNoPath(steps, 2, written);
                yield new Reference(Reference.Root.SECRET, name, List.of(), written);
            }
            default -> throw new TemplateException(written + ": unknown reference root '" + root + "'"
                    + Suggestions.didYouMean(root, ROOTS) + "; expected one of " + String.join(", ", ROOTS));
        };
    }

    private static Reference stage(List<Object> steps, String written) {
        String id = nameAt(steps, 1, written, "{{stages.ID.output}}");
        if (steps.size() < 3 || !"output".equals(steps.get(2))) {
            throw new TemplateException(written + ": stage references look like {{stages." + id + ".output...}}");
        }
        return new Reference(Reference.Root.STAGE, id, steps.subList(3, steps.size()), written);
    }

    private static String nameAt(List<Object> steps, int index, String written, String shape) {
        if (steps.size() <= index || !(steps.get(index) instanceof String name)) {
            throw new TemplateException(written + ": expected the form " + shape);
        }
        return name;
    }

    private static void requireNoPath(List<Object> steps, int size, String written) {
        if (steps.size() > size) {
            throw new TemplateException(written + ": this reference takes no further path");
        }
    }

    private String name() {
        int start = pos;
        while (pos < end && isNameChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw unexpected();
        }
        return text.substring(start, pos);
    }

    private Integer index() {
        int start = pos;
        while (pos < end && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
            pos++;
        }
        if (pos == start || pos - start > MAX_INDEX_DIGITS || pos >= end || text.charAt(pos) != ']') {
            throw unexpected();
        }
        pos++;
        return Integer.parseInt(text, start, pos - 1, 10);
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private void skipSpaces() {
        while (pos < end && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** Whitespace is allowed only around the path, never inside it. */
    private void skipSpacesIfAtEnd() {
        int probe = pos;
        while (probe < end && Character.isWhitespace(text.charAt(probe))) {
            probe++;
        }
        if (probe == end) {
            pos = end;
        }
    }

    private int trimmedEnd() {
        int e = end;
        while (e > 0 && Character.isWhitespace(text.charAt(e - 1))) {
            e--;
        }
        return e;
    }

    private TemplateException unexpected() {
        String found = pos >= end ? "end of template" : "'" + text.charAt(pos) + "'";
        return new TemplateException("unexpected " + found + " at position " + pos + " in \""
                + text.substring(0, Math.min(text.length(), end + 2)) + "\"; a template holds only a data path"
                + " such as {{input.name}} or {{stages.ID.output.items[0]}}", pos);
    }
}
