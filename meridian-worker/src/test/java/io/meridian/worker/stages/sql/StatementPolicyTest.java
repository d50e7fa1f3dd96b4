package io.meridian.worker.stages.sql;

import static io.meridian.worker.stages.sql.SqlDialect.OTHER;
import static io.meridian.worker.stages.sql.SqlDialect.POSTGRESQL;
import static io.meridian.worker.stages.sql.SqlDialect.SQLITE;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StatementPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO events (k, n) VALUES (?, ?)",
        "insert into events values (?, ?) on conflict (k) do nothing;",
        "UPDATE events SET n = n + 1 WHERE k = ?",
        "DELETE FROM events WHERE k = ?",
        "REPLACE INTO events VALUES (?, ?)",
        "WITH src(k) AS (VALUES (?)) INSERT INTO events SELECT k, 1 FROM src",
        "INSERT INTO events VALUES ('it''s; ATTACH DATABASE ''x'' AS y', 1)",
        "INSERT INTO events VALUES (?, 1) -- a note; with a semicolon",
        "INSERT INTO \"attach\" VALUES (?, replace(?, 'a', 'b'))",
    })
    void writesOfRowsPassOnSqlite(String sql) {
        assertThatCode(() -> StatementPolicy.checkWrite(sql, SQLITE)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ATTACH DATABASE '/data/meridian.db' AS x",
        "attach '/tmp/new-file.db' as x",
        "DETACH DATABASE x",
        "PRAGMA writable_schema = 1",
        "VACUUM INTO '/tmp/copy.db'",
        "SELECT load_extension('/tmp/evil.so')",
        "CREATE TABLE stolen AS SELECT 1",
    })
    void statementsThatAreNotRowWritesAreRefused(String sql) {
        assertThatThrownBy(() -> StatementPolicy.checkWrite(sql, SQLITE)).isInstanceOf(SqlRefused.class)
                .hasMessageContaining("only INSERT, UPDATE, DELETE, REPLACE, MERGE or WITH");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO t VALUES (1); ATTACH DATABASE 'meridian.db' AS x",
        "INSERT INTO t VALUES ('a;'); /* ; */ ATTACH 'x' AS y",
        "INSERT INTO t VALUES (1) ; -- trailing\n PRAGMA journal_mode = off",
        "INSERT INTO t VALUES (1);;VACUUM INTO 'x'",
    })
    void aSecondStatementIsRefused(String sql) {
        assertThatThrownBy(() -> StatementPolicy.checkWrite(sql, SQLITE))
                .hasMessageContaining("only one statement is allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO t VALUES (load_extension('/tmp/evil.so'))",
        "INSERT INTO t VALUES (\"LOAD_EXTENSION\" ('/tmp/evil.so'))",
        "INSERT INTO t VALUES (load_extension/**/('/tmp/evil.so'))",
        "INSERT INTO t SELECT * FROM fsdir('/')",
        "INSERT INTO t VALUES (writefile('/tmp/x', 'y'))",
    })
    void functionsThatReachOutsideTheDatabaseAreRefused(String sql) {
        assertThatThrownBy(() -> StatementPolicy.checkWrite(sql, SQLITE)).hasMessageContaining("is not allowed");
    }

    @Test
    void createTableAcceptsTablesAndIndexesOnly() {
        assertThatCode(() -> StatementPolicy.checkCreate("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY)", SQLITE))
                .doesNotThrowAnyException();
        assertThatCode(() -> StatementPolicy.checkCreate("create unique index if not exists i on t(k)", SQLITE))
                .doesNotThrowAnyException();
        assertThatCode(() -> StatementPolicy.checkCreate("CREATE TEMP TABLE t (k)", SQLITE))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> StatementPolicy.checkCreate("ATTACH DATABASE 'meridian.db' AS x", SQLITE))
                .hasMessageContaining("only CREATE TABLE or CREATE INDEX");
        assertThatThrownBy(() -> StatementPolicy.checkCreate("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END",
                SQLITE)).isInstanceOf(SqlRefused.class);
        assertThatThrownBy(() -> StatementPolicy.checkCreate("CREATE TABLE t (k); PRAGMA x", SQLITE))
                .hasMessageContaining("only one statement");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "COPY events TO '/tmp/out.csv'",
        "COPY events FROM PROGRAM 'curl evil'",
        "DO $$ BEGIN PERFORM 1; END $$",
        "SET ROLE postgres",
        "LOAD 'auto_explain'",
        "CALL p()",
        "CREATE EXTENSION dblink",
    })
    void postgresStatementsOutsideRowWritesAreRefused(String sql) {
        assertThatThrownBy(() -> StatementPolicy.checkWrite(sql, POSTGRESQL)).isInstanceOf(SqlRefused.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO t VALUES (pg_read_file('/etc/passwd'))",
        "INSERT INTO t SELECT pg_catalog.pg_ls_dir('.')",
        "INSERT INTO t VALUES (lo_export(1, '/tmp/x'))",
        "INSERT INTO t SELECT * FROM dblink('dbname=meridian', 'select * from jobs') AS r(x text)",
        "INSERT INTO t VALUES (query_to_xml('select 1', true, true, ''))",
        "INSERT INTO t VALUES (set_config('role', 'postgres', false))",
    })
    void postgresFunctionsThatReachOutsideTheDatabaseAreRefused(String sql) {
        assertThatThrownBy(() -> StatementPolicy.checkWrite(sql, POSTGRESQL)).hasMessageContaining("is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "INSERT INTO t VALUES ('a\\'); COPY t TO ''/tmp/x''; --')",
        "INSERT INTO t VALUES (E'\\''); COPY t TO '/tmp/x'",
        "INSERT INTO t VALUES ($q$;$q$); COPY t TO '/tmp/x'",
        "INSERT INTO t VALUES (1) /* /* nested */ ; */; COPY t TO '/tmp/x'",
        "INSERT INTO t VALUES (U&\"\\0070g_read_file\"('x'))",
    })
    void postgresQuotingCannotHideASecondStatement(String sql) {
        assertThatThrownBy(() -> StatementPolicy.checkWrite(sql, POSTGRESQL)).isInstanceOf(SqlRefused.class);
    }

    @Test
    void postgresDollarQuotesAndCastsAreFine() {
        assertThatCode(() -> StatementPolicy.checkWrite(
                "INSERT INTO t VALUES ($$it's; fine$$, ?::jsonb, E'line\\n') ON CONFLICT DO NOTHING", POSTGRESQL))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(SqlDialect.class)
    void unterminatedQuotesAndCommentsAreRefused(SqlDialect dialect) {
        assertThatThrownBy(() -> StatementPolicy.checkWrite("INSERT INTO t VALUES ('open", dialect))
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> StatementPolicy.checkWrite("INSERT INTO t VALUES (1) /* open", dialect))
                .isInstanceOf(SqlRefused.class);
        assertThatThrownBy(() -> StatementPolicy.checkWrite("  ;  ", dialect)).hasMessageContaining("empty");
    }

    @Test
    void otherDatabasesGetTheStrictestReading() {
        assertThatCode(() -> StatementPolicy.checkWrite("INSERT INTO t (`k`) VALUES (?)", OTHER))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> StatementPolicy.checkWrite("INSERT INTO t VALUES (1) /*! ; DROP TABLE t */", OTHER))
                .hasMessageContaining("comments");
        assertThatThrownBy(() -> StatementPolicy.checkWrite("INSERT INTO t VALUES (1) # x", OTHER))
                .hasMessageContaining("comments");
        assertThatThrownBy(() -> StatementPolicy.checkWrite("INSERT INTO t VALUES ('\\''); DROP TABLE t; --')", OTHER))
                .hasMessageContaining("backslash");
        assertThatThrownBy(() -> StatementPolicy.checkWrite("INSERT INTO t VALUES (LOAD_FILE('/etc/passwd'))", OTHER))
                .hasMessageContaining("is not allowed");
    }
}
