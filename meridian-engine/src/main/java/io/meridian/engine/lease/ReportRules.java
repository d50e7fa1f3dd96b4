package io.meridian.engine.lease;

import io.meridian.model.text.Printable;
import io.meridian.protocol.lease.FailureInfo;
import io.meridian.protocol.lease.JobReport;
import io.meridian.protocol.lease.ResultCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where what a worker reports is made safe to store, before it reaches the queue: a bad result
 * fails its own job with a clear error, and can never fail a commit batch that carries other clients' writes.
 * <ul>
 *   <li>A result holding a NUL character (U+0000) in any string or field name is refused: PostgreSQL's text and
 *       jsonb cannot hold it. The attempt fails, not retryable, with {@code invalid_result} naming where the NUL
 *       is.</li>
 *   <li>Failure types, messages, progress messages and log lines have NUL and other control characters (but line
 *       breaks and tabs, which messages may carry) replaced by U+FFFD, and are cut to a length limit.</li>
 * </ul>
 */
final class ReportRules {
    static final int MAX_FAILURE_TYPE = 64;
    static final int MAX_MESSAGE = 16 * 1024;
    static final int MAX_LOG_LINE = 4 * 1024;

    private ReportRules() {}

    static JobReport admit(JobReport report) {
        return switch (report) {
            case JobReport.Succeeded s -> {
                String where = ResultCheck.nulAt(s.output());
                yield where == null ? s : new JobReport.Failed(s.lease(), new FailureInfo("invalid_result",
                        "the result contains a NUL character (U+0000) at " + (where.isEmpty() ? "/" : where)
                                + ", which the store cannot hold; the result was refused", true));
            }
            case JobReport.Failed f -> new JobReport.Failed(f.lease(), new FailureInfo(
                    clean(f.failure() == null ? null : f.failure().type(), MAX_FAILURE_TYPE, false, "handler_error"),
                    clean(f.failure() == null ? null : f.failure().message(), MAX_MESSAGE, true, ""),
                    f.failure() != null && f.failure().nonRetryable()));
            case JobReport.Progress p -> new JobReport.Progress(p.lease(), clean(p.message(), MAX_MESSAGE, true, null),
                    cleanLines(p.log()));
            case JobReport.Started s -> s;
        };
    }

    private static List<String> cleanLines(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        lines.forEach(l -> out.add(clean(l, MAX_LOG_LINE, false, "")));
        return out;
    }

    /** Control characters replaced (line breaks and tabs kept if {@code multiline}), cut to {@code max}. */
    static String clean(String text, int max, boolean multiline, String fallback) {
        if (text == null || text.isEmpty()) {
            return fallback != null && !fallback.isEmpty() ? fallback : text;
        }
        StringBuilder out = null;
        int n = Math.min(text.length(), max);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean keep = !Printable.isControl(c) || multiline && (c == '\n' || c == '\t' || c == '\r');
            if (!keep && out == null) {
                out = new StringBuilder(n + 32).append(text, 0, i);
            }
            if (out != null) {
                out.append(keep ? c : '\uFFFD');
            }
        }
        String kept = out != null ? out.toString() : text.substring(0, n);
        return text.length() > max ? kept + "… (cut: " + text.length() + " characters)" : kept;
    }
}
