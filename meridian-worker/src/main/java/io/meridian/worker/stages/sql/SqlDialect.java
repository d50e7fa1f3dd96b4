package io.meridian.worker.stages.sql;

import java.util.Locale;
import java.util.Set;

/**
 * The database kinds {@code database_write} knows, each with how its SQL text is lexed and which functions reach
 * outside the database (files, other databases, server state). Any other JDBC database gets the strictest
 * reading: no comments and no backslashes in quoted text, since those are where dialects disagree.
 */
public enum SqlDialect {
    SQLITE(Set.of("load_extension", "fts3_tokenizer", "readfile", "writefile", "edit", "fsdir", "zipfile",
            "sqlar_compress", "sqlar_uncompress")),
    POSTGRESQL(Set.of("pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_ls_logdir", "pg_ls_waldir",
            "pg_ls_tmpdir", "pg_ls_archive_statusdir", "pg_ls_logicalsnapdir", "pg_ls_logicalmapdir",
            "pg_ls_replslotdir", "pg_stat_file", "pg_file_write", "pg_file_rename", "pg_file_unlink",
            "pg_file_sync", "pg_logdir_ls", "lo_import", "lo_export", "dblink", "dblink_exec", "dblink_connect",
            "dblink_connect_u", "dblink_send_query", "dblink_open", "pg_terminate_backend", "pg_cancel_backend",
            "pg_reload_conf", "pg_rotate_logfile", "pg_promote", "set_config", "query_to_xml",
            "query_to_xml_and_xmlschema", "query_to_xmlschema", "cursor_to_xml", "database_to_xml",
            "schema_to_xml", "table_to_xml", "ts_stat", "ts_rewrite", "pg_sleep")),
    OTHER(Set.of("load_file", "sys_exec", "sys_eval"));

    /** Functions refused in statements: they read or write files or reach other databases or the server. */
    final Set<String> refusedFunctions;

    SqlDialect(Set<String> refusedFunctions) {
        this.refusedFunctions = refusedFunctions;
    }

    /** The dialect for a JDBC {@code DatabaseMetaData.getDatabaseProductName()}. */
    public static SqlDialect ofProduct(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.contains("sqlite")) {
            return SQLITE;
        }
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        return OTHER;
    }
}
