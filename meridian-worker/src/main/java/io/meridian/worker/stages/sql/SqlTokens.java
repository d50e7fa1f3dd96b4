package io.meridian.worker.stages.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into the tokens that matter for deciding what a statement does: words (lower-cased),
 * quoted identifiers, string literals, and single symbols; comments and whitespace are dropped. Anything the
 * dialects could read differently (an unterminated quote or comment, a backslash in a literal) is refused, so
 * the statement the database runs is always the one this reading saw.
 */
final class SqlTokens {
    enum Kind { WORD, QUOTED_NAME, STRING, SYMBOL, PARAMETER }

    record Token(Kind kind, String text) {
        boolean isWord(String w) {
            return kind == Kind.WORD && text.equals(w);
        }

        boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
        }

        /** A word or quoted identifier: something that can name a function. */
        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_NAME;
        }
    }

    private final String sql;
    private final SqlDialect dialect;
    private final List<Token> out = new ArrayList<>();
    private int i;

    private SqlTokens(String sql, SqlDialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    static List<Token> of(String sql, SqlDialect dialect) throws SqlRefused {
        SqlTokens t = new SqlTokens(sql, dialect);
        t.run();
        return t.out;
    }

    private void run() throws SqlRefused {
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && peek(1) == '-') {
                lineComment();
            } else if (c == '/' && peek(1) == '*') {
                blockComment();
            } else if (c == '#' && dialect == SqlDialect.OTHER) {
                throw new SqlRefused("comments are not accepted for this database kind; remove them");
            } else if (c == '\'') {
                out.add(new Token(Kind.STRING, quoted('\'', false)));
            } else if ((c == 'e' || c == 'E') && peek(1) == '\'' && dialect == SqlDialect.POSTGRESQL) {
                i++;
                out.add(new Token(Kind.STRING, quoted('\'', true)));
            } else if ((c == 'u' || c == 'U') && peek(1) == '&' && dialect != SqlDialect.SQLITE) {
                throw new SqlRefused("Unicode-escaped names and strings (U&'...') are not accepted; write them plainly");
            } else if (c == '"') {
                out.add(new Token(Kind.QUOTED_NAME, quoted('"', false).toLowerCase(Locale.ROOT)));
            } else if (c == '`' && dialect != SqlDialect.POSTGRESQL) {
                out.add(new Token(Kind.QUOTED_NAME, quoted('`', false).toLowerCase(Locale.ROOT)));
            } else if (c == '[' && dialect == SqlDialect.SQLITE) {
                out.add(new Token(Kind.QUOTED_NAME, bracketed().toLowerCase(Locale.ROOT)));
            } else if (c == '$') {
                dollar();
            } else if (c == '?' || c == ':' && dialect == SqlDialect.SQLITE && isWordStart(peek(1))) {
                parameter();
            } else if (isWordStart(c)) {
                out.add(new Token(Kind.WORD, word().toLowerCase(Locale.ROOT)));
            } else {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
    }

    private char peek(int ahead) {
        return i + ahead < sql.length() ? sql.charAt(i + ahead) : '\0';
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private String word() {
        int start = i;
        while (i < sql.length() && (isWordPart(sql.charAt(i)) || sql.charAt(i) == '$' && dialect != SqlDialect.SQLITE)) {
            i++;
        }
        return sql.substring(start, i);
    }

    private void lineComment() throws SqlRefused {
        if (dialect == SqlDialect.OTHER) {
            throw new SqlRefused("comments are not accepted for this database kind; remove them");
        }
        while (i < sql.length() && sql.charAt(i) != '\n') {
            i++;
        }
    }

    /** PostgreSQL nests block comments, SQLite does not; an unterminated one is refused either way. */
    private void blockComment() throws SqlRefused {
        if (dialect == SqlDialect.OTHER) {
            throw new SqlRefused("comments are not accepted for this database kind; remove them");
        }
        int depth = 0;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth = dialect == SqlDialect.POSTGRESQL || depth == 0 ? depth + 1 : depth;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                i++;
            }
        }
        throw new SqlRefused("a /* comment is not closed");
    }

    /** A quoted run, doubled quote = the quote itself; backslashes only where every reading agrees. */
    private String quoted(char q, boolean backslashEscapes) throws SqlRefused {
        StringBuilder text = new StringBuilder();
        i++;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\') {
                if (backslashEscapes) {
                    text.append(c).append(peek(1));
                    i += 2;
                    continue;
                }
                if (dialect != SqlDialect.SQLITE) {
                    throw new SqlRefused("a backslash inside quotes is read differently by different database "
                            + "settings; pass the value as a parameter (?) instead");
                }
            }
            if (c == q) {
                if (peek(1) == q) {
                    text.append(q);
                    i += 2;
                    continue;
                }
                i++;
                return text.toString();
            }
            text.append(c);
            i++;
        }
        throw new SqlRefused("a " + q + " quote is not closed");
    }

    private String bracketed() throws SqlRefused {
        int end = sql.indexOf(']', i);
        if (end < 0) {
            throw new SqlRefused("a [ quote is not closed");
        }
        String name = sql.substring(i + 1, end);
        i = end + 1;
        return name;
    }

    /** PostgreSQL: $1 is a parameter and $tag$...$tag$ a string; SQLite: $name is a parameter. */
    private void dollar() throws SqlRefused {
        int start = i;
        i++;
        if (dialect == SqlDialect.POSTGRESQL) {
            if (Character.isDigit(peek(0))) {
                while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.PARAMETER, sql.substring(start, i)));
                return;
            }
            while (i < sql.length() && isWordPart(sql.charAt(i))) {
                i++;
            }
            if (peek(0) != '$') {
                throw new SqlRefused("a $ that starts neither a parameter nor a $tag$ string");
            }
            String tag = sql.substring(start, ++i);
            int end = sql.indexOf(tag, i);
            if (end < 0) {
                throw new SqlRefused("a " + tag + " string is not closed");
            }
            out.add(new Token(Kind.STRING, sql.substring(i, end)));
            i = end + tag.length();
            return;
        }
        if (dialect == SqlDialect.SQLITE && isWordStart(peek(0))) {
            word();
            out.add(new Token(Kind.PARAMETER, sql.substring(start, i)));
            return;
        }
        out.add(new Token(Kind.SYMBOL, "$"));
    }

    private void parameter() {
        int start = i++;
        while (i < sql.length() && isWordPart(sql.charAt(i))) {
            i++;
        }
        out.add(new Token(Kind.PARAMETER, sql.substring(start, i)));
    }
}
