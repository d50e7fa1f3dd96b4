package io.meridian.worker.stages.sql;

import java.util.List;
import java.util.Set;

/**
 * What {@code database_write} lets a pipeline run against a data source: one statement, of a kind that writes
 * rows ({@code sql}) or creates a table or index ({@code create_table}), calling no function that reaches outside
 * the database. So ATTACH, DETACH, PRAGMA, VACUUM INTO, COPY, LOAD, SET, DO, CALL and the like are refused, and
 * a data source stays limited to its own database (issue 12: an ATTACH reached the coordinator's store).
 */
public final class StatementPolicy {
    /** How a data-writing statement may start. WITH covers common table expressions ahead of the write. */
    static final Set<String> WRITE_STARTS = Set.of("insert", "update", "delete", "replace", "merge", "with");

    private StatementPolicy() {}

    /** Checks the {@code sql} statement; the message of {@link SqlRefused} names the problem. */
    public static void checkWrite(String sql, SqlDialect dialect) throws SqlRefused {
        List<SqlTokens.Token> tokens = singleStatement(sql, dialect);
        String first = tokens.getFirst().text();
        if (tokens.getFirst().kind() != SqlTokens.Kind.WORD || !WRITE_STARTS.contains(first)) {
            throw new SqlRefused("only INSERT, UPDATE, DELETE, REPLACE, MERGE or WITH ... statements are allowed, "
                    + "got one starting with '" + tokens.getFirst().text() + "'");
        }
        refuseOutsideFunctions(tokens, dialect);
    }

    /** Checks the {@code create_table} statement: CREATE [TEMP] TABLE or CREATE [UNIQUE] INDEX only. */
    public static void checkCreate(String sql, SqlDialect dialect) throws SqlRefused {
        List<SqlTokens.Token> tokens = singleStatement(sql, dialect);
        int at = 0;
        boolean ok = tokens.get(at++).isWord("create");
        if (ok && at < tokens.size() && (tokens.get(at).isWord("temp") || tokens.get(at).isWord("temporary")
                || tokens.get(at).isWord("unlogged") || tokens.get(at).isWord("unique"))) {
            at++;
        }
        ok = ok && at < tokens.size() && (tokens.get(at).isWord("table") || tokens.get(at).isWord("index"));
        if (!ok) {
            throw new SqlRefused("only CREATE TABLE or CREATE INDEX statements are allowed");
        }
        refuseOutsideFunctions(tokens, dialect);
    }

    /** The statement's tokens, refusing an empty text and a second statement after a semicolon. */
    private static List<SqlTokens.Token> singleStatement(String sql, SqlDialect dialect) throws SqlRefused {
        List<SqlTokens.Token> tokens = SqlTokens.of(sql, dialect);
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).isSymbol(';')) {
            end--;
        }
        if (end == 0) {
            throw new SqlRefused("the statement is empty");
        }
        for (int k = 0; k < end; k++) {
            if (tokens.get(k).isSymbol(';')) {
                throw new SqlRefused("only one statement is allowed; found more after a ';'");
            }
        }
        return tokens.subList(0, end);
    }

    private static void refuseOutsideFunctions(List<SqlTokens.Token> tokens, SqlDialect dialect) throws SqlRefused {
        for (int k = 0; k + 1 < tokens.size(); k++) {
            SqlTokens.Token t = tokens.get(k);
            if (t.isName() && tokens.get(k + 1).isSymbol('(') && dialect.refusedFunctions.contains(t.text())) {
                throw new SqlRefused("the function " + t.text() + "() is not allowed: it reaches outside the "
                        + "data source's own database");
            }
        }
    }
}
