package io.meridian.store.postgres;

import io.meridian.store.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Reads {@code postgresql://user[:password]@host[:port]/database[?schema=name&...]} (also {@code postgres://}) and
 * {@code jdbc:postgresql:...} URLs. Besides Meridian's own parameters ({@code schema}, {@code poolSize},
 * {@code poolTimeout} in seconds) a location may carry any PostgreSQL JDBC driver property, such as
 * {@code sslmode}. Every error names what was wrong and never repeats a password.
 */
final class LocationParser {

    static final String EXPECTED = "expected postgresql://user[:password]@host[:port]/database[?schema=name]";
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int DEFAULT_PORT = 5432;

    private LocationParser() {}

    static boolean accepts(String location) {
        return location.startsWith("postgresql:") || location.startsWith("postgres:")
                || location.startsWith("jdbc:postgresql:");
    }

    static PostgresLocation parse(String location) {
        if (location.startsWith("jdbc:postgresql:")) {
            return parseJdbc(location);
        }
        if (location.startsWith("postgresql://") || location.startsWith("postgres://")) {
            return parseUri(location);
        }
        throw invalid(location, "missing '//' after the scheme", null);
    }

    private static PostgresLocation parseUri(String location) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw invalid(location, e.getReason() + " at index " + e.getIndex()
                    + " (percent-encode special characters in the user name and password)", null);
        }
        if (uri.getHost() == null) {
            throw invalid(location, uri.getRawAuthority() == null ? "no host"
                    : "cannot read host[:port] (is the port a number?)", null);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw invalid(location, "no database name (or more than one path segment) after the host", null);
        }
        Parameters params = Parameters.read(location, uri.getRawQuery());
        String userInfo = uri.getUserInfo();
        String user = userInfo == null ? params.user : userInfo.split(":", 2)[0];
        String password = userInfo != null && userInfo.contains(":") ? userInfo.split(":", 2)[1] : params.password;
        if (user == null || user.isEmpty()) {
            throw invalid(location, "no user name", null);
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String database = path.substring(1);
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath();
        String where = "postgresql://" + user + "@" + uri.getHost() + ":" + port + "/" + database;
        return params.toLocation(jdbcUrl, user, password, where);
    }

    private static PostgresLocation parseJdbc(String location) {
        int query = location.indexOf('?');
        String base = query < 0 ? location : location.substring(0, query);
        Parameters params = Parameters.read(location, query < 0 ? null : location.substring(query + 1));
        Properties parsed = Driver.parseURL(base, null);
        if (parsed == null) {
            throw invalid(location, "the PostgreSQL driver cannot read this JDBC URL", null);
        }
        String where = "postgresql://" + (params.user == null ? "" : params.user + "@")
                + parsed.getProperty(PGProperty.PG_HOST.getName()) + ":"
                + parsed.getProperty(PGProperty.PG_PORT.getName()) + "/"
                + parsed.getProperty(PGProperty.PG_DBNAME.getName());
        return params.toLocation(base, params.user, params.password, where);
    }

    static StoreException invalid(String location, String problem, Throwable cause) {
        return new StoreException("invalid PostgreSQL location '" + redact(location) + "': " + problem + "; "
                + EXPECTED, cause);
    }

    /** The location with any password replaced by {@code ***}, for messages. */
    static String redact(String location) {
        int query = location.indexOf('?');
        String base = query < 0 ? location : location.substring(0, query);
        String rest = query < 0 ? "" : location.substring(query);
        int authority = base.indexOf("://");
        int at = base.lastIndexOf('@');
        if (authority >= 0 && at > authority) {
            int colon = base.indexOf(':', authority + 3);
            if (colon >= 0 && colon < at) {
                base = base.substring(0, colon + 1) + "***" + base.substring(at);
            }
        }
        return base + rest.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    /** The query string: Meridian's parameters, credentials, and driver properties. */
    private static final class Parameters {
        final Map<String, String> driver = new LinkedHashMap<>();
        String location;
        String user;
        String password;
        String schema = PostgresLocation.DEFAULT_SCHEMA;
        int poolSize = PostgresLocation.DEFAULT_POOL_SIZE;
        Duration poolTimeout = PostgresLocation.DEFAULT_POOL_TIMEOUT;

        static Parameters read(String location, String rawQuery) {
            Parameters p = new Parameters();
            p.location = location;
            if (rawQuery == null || rawQuery.isEmpty()) {
                return p;
            }
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String value = kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
                p.set(key, value);
            }
            return p;
        }

        private void set(String key, String value) {
            switch (key) {
                case "schema" -> schema = checkSchema(value);
                case "poolSize" -> poolSize = (int) number(key, value, 1, 1000);
                case "poolTimeout" -> poolTimeout = Duration.ofMillis(Math.round(number(key, value, 0.1, 3600) * 1000));
                case "user" -> user = value;
                case "password" -> password = value;
                default -> {
                    if (PGProperty.forName(key) == null) {
                        throw invalid(location, "unknown parameter '" + key + "' (Meridian's are schema, poolSize and "
                                + "poolTimeout; anything else must be a PostgreSQL JDBC driver property such as sslmode)",
                                null);
                    }
                    driver.put(key, value);
                }
            }
        }

        private String checkSchema(String value) {
            if (!SCHEMA.matcher(value).matches()) {
                throw invalid(location, "schema must be a lower-case identifier (a-z, 0-9 and _, at most 63 characters, "
                        + "not starting with a digit), got '" + value + "'", null);
            }
            return value;
        }

        private double number(String key, String value, double min, double max) {
            double n;
            try {
                n = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw invalid(location, key + " must be a number, got '" + value + "'", e);
            }
            if (!(n >= min && n <= max)) {
                throw invalid(location, key + " must be between " + min + " and " + max + ", got " + value, null);
            }
            return n;
        }

        PostgresLocation toLocation(String jdbcUrl, String user, String password, String where) {
            return new PostgresLocation(jdbcUrl, user, password, driver, schema, poolSize, poolTimeout,
                    where + " (schema " + schema + ")");
        }
    }
}
