package io.meridian.model.codec;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A JSON or YAML document that is not a pipeline (the configuration file, for one), parsed the way pipeline files
 * are: the line and column of every field are kept, so its errors read {@code file:line:column: message} exactly like
 * a pipeline's, and the same hostile-input guards apply (no YAML aliases or tags, no duplicate keys, bounded nesting).
 */
public final class LocatedDocument {
    private final String file;
    private final LocatedTree tree;

    private LocatedDocument(String file, LocatedTree tree) {
        this.file = file;
        this.tree = tree;
    }

    /**
     * @param file names the document in errors; a {@code .json} name is read as JSON, anything else as YAML (which
     *             reads JSON too)
     */
    public static LocatedDocument parse(String text, String file) {
        DocumentFormat format = DocumentFormat.forFileName(file).orElse(DocumentFormat.YAML);
        return new LocatedDocument(file, LocatingTreeParser.parse(text, format));
    }

    /** The tree, or empty when the text could not be parsed at all ({@link #problems()} says why). */
    public Optional<JsonNode> root() {
        return Optional.ofNullable(tree.root());
    }

    /** True when the text holds no value at all: blank, or only comments. */
    public boolean isEmpty() {
        return tree.root() == null && tree.problems().size() == 1
                && LocatingTreeParser.EMPTY.equals(tree.problems().getFirst().message());
    }

    /** What is wrong with the text itself: syntax, duplicate keys, YAML aliases or tags. Empty when nothing is. */
    public List<ValidationError> problems() {
        return tree.problems().stream().map(p -> located(p.pointer(), p.position(), p.message())).toList();
    }

    /** A problem with the value at this JSON pointer (RFC 6901, "" for the whole document), at its line and column. */
    public ValidationError error(String pointer, String message) {
        return located(pointer, null, message);
    }

    private ValidationError located(String pointer, Position exact, String message) {
        Position at = exact != null ? exact : tree.positionOf(pointer);
        return new ValidationError(file, at.line(), at.column(), null, message);
    }
}
