package io.meridian.model.execution;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The one vocabulary of job states, as users type and read it: the lower-case names of {@link JobStatus}
 * ({@code waiting}, ..., {@code succeeded}, ...), in queue stats, job listings, {@code ?status=}, queue clean and
 * the CLI alike. {@code completed}, which queue stats once used for {@code succeeded}, is still read as an alias.
 */
public final class JobStatusWords {
    /** Old words still accepted, and what they mean; documented with the queue API. */
    public static final Map<String, JobStatus> ALIASES = Map.of("completed", JobStatus.SUCCEEDED);

    private JobStatusWords() {}

    public static String word(JobStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the word and the states there are */
    public static JobStatus parse(String word) {
        String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
        JobStatus alias = ALIASES.get(w);
        if (alias != null) {
            return alias;
        }
        for (JobStatus s : JobStatus.values()) {
            if (word(s).equals(w)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown job state '" + word + "' (one of " + String.join(", ",
                Arrays.stream(JobStatus.values()).map(JobStatusWords::word).toList()) + ")");
    }
}
