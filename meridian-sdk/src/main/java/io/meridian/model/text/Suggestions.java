package io.meridian.model.text;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" hints for misspelled names. */
public final class Suggestions {
    /** Edits tolerated between a typo and a suggestion; more than this suggests unrelated names. */
    public static final int MAX_DISTANCE = 2;

    private Suggestions() {}

    /** The closest candidate within {@link #MAX_DISTANCE} edits; ties go to the first candidate. */
    public static Optional<String> closest(String typo, Collection<String> candidates) {
        if (typo == null) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String candidate : candidates) {
            int distance = distance(typo, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** " (did you mean 'x'?)" or the empty string. */
    public static String didYouMean(String typo, Collection<String> candidates) {
        return closest(typo, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** Levenshtein distance, stopping early once it is clearly above {@link #MAX_DISTANCE}. */
    public static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > MAX_DISTANCE) {
            return MAX_DISTANCE + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
