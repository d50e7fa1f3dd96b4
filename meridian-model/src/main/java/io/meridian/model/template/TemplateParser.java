package io.meridian.model.template;

import java.util.ArrayList;
import java.util.List;

/** Splits a string into literal text and {@code {{...}}} references. */
final class TemplateParser {
    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";

    private TemplateParser() {}

    static Template parse(String text) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int index = 0;
        while (index < text.length()) {
            int open = text.indexOf(OPEN, index);
            if (open < 0) {
                literal.append(text, index, text.length());
                break;
            }
            literal.append(text, index, open);
            int close = text.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                throw new TemplateException("unclosed '{{' at position " + open + " in \"" + text + "\"", open);
            }
            if (!literal.isEmpty()) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            parts.add(ReferenceParser.parse(text, open + OPEN.length(), close));
            index = close + CLOSE.length();
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
        }
        return new Template(text, parts);
    }
}
