package io.meridian.store.jdbc;

import io.meridian.store.event.EventRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Appends events inside a transaction that is not a batch commit (a lock's change), with the store's fence check
 * first: the same checks as a batch's events, so a refusal rolls the change back with them.
 */
@FunctionalInterface
public interface TxEventAppend {
    void append(Connection c, List<EventRecord> events) throws SQLException;
}
