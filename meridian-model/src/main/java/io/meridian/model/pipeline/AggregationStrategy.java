package io.meridian.model.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How the results of a stage that ran in several regions become one output. */
public enum AggregationStrategy {
    /** Deep merge of objects, concatenation of arrays; on a conflict the later region (in list order) wins. */
    MERGE,
    /** A named reducer (sum, count, min, max, concat, or one registered in Java) folds the results. */
    REDUCE,
    /** The first success wins; the other regions are cancelled. */
    FIRST,
    /** An array of every successful result, in region order. */
    ALL,
    /** The most common result by canonical JSON equality; a tie or no majority fails, showing the votes. */
    MAJORITY;

    public static final List<String> NAMES = Arrays.stream(values()).map(AggregationStrategy::wireName).toList();

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AggregationStrategy> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
