package io.meridian.worker.stages;

import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskFailure;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code {{secrets.NAME}}} in outgoing request parts and remembers every value it used, so that
 * error messages can be masked before they leave the handler.
 */
final class Secrets {
    private static final Pattern REF = Pattern.compile("\\{\\{\\s*secrets\\.([A-Za-z0-9_]+)\\s*}}");
    private final TaskContext context;
    private final Set<String> used = new LinkedHashSet<>();

    Secrets(TaskContext context) {
        this.context = context;
    }

    /**
     * Fills the secrets that the pipeline's own config references at {@code pointer}; any other
     * {@code {{secrets.X}}} (one that arrived in data) is left as text and never resolved.
     */
    String fill(String text, String pointer) throws TaskFailure {
        if (text == null || !text.contains("secrets.")) {
            return text;
        }
        Set<String> allowed = context.secretsReferencedAt(pointer);
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!allowed.contains(m.group(1))) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            String value;
            try {
                value = context.secret(m.group(1));
            } catch (IllegalArgumentException e) {
                throw TaskFailure.badConfig("http_request: " + e.getMessage());
            }
            used.add(value);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The text with every secret value used so far replaced by ***, in any letter case and in the encoded forms
     * it takes on the way (URL and form encoding, JSON escapes): a host name comes back lower-cased from a URL,
     * a query value percent-encoded (issue 12). The last line of defence: errors are built from the template.
     */
    String mask(String text) {
        if (text == null || used.isEmpty()) {
            return text;
        }
        return masking().matcher(text).replaceAll("***");
    }

    /** True when at least one secret has been filled into the request. */
    boolean anyUsed() {
        return !used.isEmpty();
    }

    private Pattern masking() {
        java.util.TreeSet<String> forms = new java.util.TreeSet<>(
                java.util.Comparator.comparingInt(String::length).reversed().thenComparing(x -> x));
        for (String secret : used) {
            if (!secret.isEmpty()) {
                forms.addAll(SecretForms.of(secret));
            }
        }
        StringBuilder alternatives = new StringBuilder();
        for (String form : forms) {
            alternatives.append(alternatives.isEmpty() ? "" : "|").append(Pattern.quote(form));
        }
        return Pattern.compile(alternatives.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
