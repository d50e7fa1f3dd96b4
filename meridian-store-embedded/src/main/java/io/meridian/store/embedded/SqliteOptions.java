package io.meridian.store.embedded;

import io.meridian.store.StoreException;
import java.util.Locale;

/**
 * Tuning for {@link SqliteStore}.
 *
 * @param fullSync     fsync the WAL on every commit (SQLite {@code synchronous=FULL}); NORMAL may lose the last
 *                     commits on power loss (never on a process crash) but writes faster
 * @param busyTimeoutMs how long to wait for a lock held by another process
 * @param readers      size of the read-only connection pool
 * @param maxPages     cap on the database size in pages (0: unlimited); writes past it fail as "storage full"
 */
public record SqliteOptions(boolean fullSync, int busyTimeoutMs, int readers, int maxPages) {

    public static final SqliteOptions DEFAULT = new SqliteOptions(true, 10_000, 4, 0);

    public SqliteOptions withFullSync(boolean value) {
        return new SqliteOptions(value, busyTimeoutMs, readers, maxPages);
    }

    public SqliteOptions withMaxPages(int value) {
        return new SqliteOptions(fullSync, busyTimeoutMs, readers, value);
    }

    /** Applies a query string such as {@code synchronous=normal&readers=8}. */
    public SqliteOptions with(String query) {
        SqliteOptions options = this;
        for (String pair : query.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            String value = kv.length == 2 ? kv[1].toLowerCase(Locale.ROOT) : "";
            options = switch (kv[0].toLowerCase(Locale.ROOT)) {
                case "synchronous" -> switch (value) {
                    case "full" -> options.withFullSync(true);
                    case "normal" -> options.withFullSync(false);
                    default -> throw new StoreException("synchronous must be full or normal, not '" + value + "'");
                };
                case "busy_timeout" -> new SqliteOptions(options.fullSync(), number(kv[0], value), options.readers(), options.maxPages());
                case "readers" -> new SqliteOptions(options.fullSync(), options.busyTimeoutMs(), number(kv[0], value), options.maxPages());
                case "max_pages" -> options.withMaxPages(number(kv[0], value));
                default -> throw new StoreException("unknown sqlite option '" + kv[0] + "'");
            };
        }
        return options;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new StoreException(name + " must be a number, not '" + value + "'");
        }
    }
}
