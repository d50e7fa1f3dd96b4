package io.meridian.store.query;

import io.meridian.store.ExecutionRecord;
import java.util.List;

/** One page of executions; {@code next} is the cursor for the following page, null on the last. */
public record ExecutionPage(List<ExecutionRecord> items, String next) {
    public ExecutionPage {
        items = List.copyOf(items);
    }
}
