package io.meridian.store.mariadb;

import io.meridian.store.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.mariadb.jdbc.Configuration;

/**
 * Reads {@code mariadb://user[:password]@host[:port]/database[?poolSize=8&...]} (also {@code mysql://}). Besides
 * Meridian's own parameters ({@code poolSize}, {@code poolTimeout} in seconds) a location may carry any MariaDB
 * JDBC driver option, such as {@code sslMode}. Every error names what was wrong and never repeats a password.
 */
public final class MariaDbLocationParser {

    static final String EXPECTED = "expected mariadb://user[:password]@host[:port]/database (or mysql://...)";
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int DEFAULT_PORT = 3306;

    private MariaDbLocationParser() {}

    public static boolean accepts(String location) {
        return location.startsWith("mariadb:") || location.startsWith("mysql:");
    }

    public static MariaDbLocation parse(String location) {
        if (!location.startsWith("mariadb://") && !location.startsWith("mysql://")) {
            throw invalid(location, accepts(location) ? "missing '//' after the scheme" : "not a MariaDB location");
        }
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw invalid(location, e.getReason() + " at index " + e.getIndex()
                    + " (percent-encode special characters in the user name and password)");
        }
        if (uri.getHost() == null) {
            throw invalid(location, uri.getRawAuthority() == null ? "no host"
                    : "cannot read host[:port] (is the port a number?)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw invalid(location, "no database name (or more than one path segment) after the host");
        }
        String database = path.substring(1);
        if (!DATABASE.matcher(database).matches()) {
            throw invalid(location, "the database name must be 1 to 64 letters, digits or '_', got '" + database + "'");
        }
        String userInfo = uri.getUserInfo();
        Parameters params = Parameters.read(location, uri.getRawQuery());
        String user = userInfo == null ? params.user : userInfo.split(":", 2)[0];
        String password = userInfo != null && userInfo.contains(":") ? userInfo.split(":", 2)[1] : params.password;
        if (user == null || user.isEmpty()) {
            throw invalid(location, "no user name");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String scheme = uri.getScheme();
        String where = scheme + "://" + user + "@" + uri.getHost() + ":" + port + "/" + database;
        return new MariaDbLocation("jdbc:mariadb://" + uri.getHost() + ":" + port + "/", database, user, password,
                scheme.equals("mysql"), params.driver, params.poolSize, params.poolTimeout, where);
    }

    /** The same location naming another database: for tools and tests that work in a fresh one. */
    public static String withDatabase(String location, String database) {
        int query = location.indexOf('?');
        String base = query < 0 ? location : location.substring(0, query);
        String rest = query < 0 ? "" : location.substring(query);
        int slash = base.indexOf('/', base.indexOf("//") + 2);
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + database + rest;
    }

    static StoreException invalid(String location, String problem) {
        return new StoreException("invalid MariaDB location '" + redact(location) + "': " + problem + "; " + EXPECTED);
    }

    /** The location with any password replaced by {@code ***}, for messages. */
    public static String redact(String location) {
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

    /** The query string: Meridian's parameters, credentials, and driver options. */
    private static final class Parameters {
        final Map<String, String> driver = new LinkedHashMap<>();
        String location;
        String user;
        String password;
        int poolSize = MariaDbLocation.DEFAULT_POOL_SIZE;
        Duration poolTimeout = MariaDbLocation.DEFAULT_POOL_TIMEOUT;

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
                case "poolSize" -> poolSize = (int) number(key, value, 1, 1000);
                case "poolTimeout" -> poolTimeout = Duration.ofMillis(Math.round(number(key, value, 0.1, 3600) * 1000));
                case "user" -> user = value;
                case "password" -> password = value;
                default -> {
                    if (!isDriverOption(key)) {
                        throw invalid(location, "unknown parameter '" + key + "' (Meridian's are poolSize and "
                                + "poolTimeout; anything else must be a MariaDB JDBC driver option such as sslMode)");
                    }
                    driver.put(key, value);
                }
            }
        }

        /** The driver keeps options it does not know aside instead of refusing them; so ask it. */
        private static boolean isDriverOption(String key) {
            try {
                return !Configuration.parse("jdbc:mariadb://localhost/x?" + key + "=1").nonMappedOptions()
                        .containsKey(key);
            } catch (SQLException e) {
                return true; // a known option with a value of another type: the driver will say so at connect
            }
        }

        private double number(String key, String value, double min, double max) {
            double n;
            try {
                n = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw invalid(location, key + " must be a number, got '" + value + "'");
            }
            if (!(n >= min && n <= max)) {
                throw invalid(location, key + " must be between " + min + " and " + max + ", got " + value);
            }
            return n;
        }
    }
}
