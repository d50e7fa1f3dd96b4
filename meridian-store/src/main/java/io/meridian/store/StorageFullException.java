package io.meridian.store;

/**
 * The store has no room left for a write (a full disk, PostgreSQL's {@code disk_full}, SQLite's {@code SQLITE_FULL}
 * or its page limit). Nothing of the batch was applied. Its own type because the answer differs from an outage:
 * the coordinator reports {@code storage_full} and stays not ready until a commit succeeds again, rather than
 * hinting at an election.
 */
public class StorageFullException extends StoreException {
    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure} or anything it was caused by says the store is full. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageFullException) {
                return true;
            }
        }
        return false;
    }
}
