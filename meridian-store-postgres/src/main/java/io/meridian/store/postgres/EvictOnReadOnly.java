package io.meridian.store.postgres;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells the pool to throw away a connection that found the server read-only (SQLSTATE 25006): after a failover
 * the old primary may come back as a standby, and only new connections reach the new primary through DNS or a
 * proxy. Connection losses (class 08) the pool already evicts by itself.
 */
public final class EvictOnReadOnly implements SQLExceptionOverride {

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return "25006".equals(e.getSQLState()) ? SQLExceptionOverride.Override.MUST_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
