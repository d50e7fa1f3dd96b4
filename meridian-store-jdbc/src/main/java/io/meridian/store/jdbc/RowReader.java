package io.meridian.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps the current row of a result set. */
public interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
}
