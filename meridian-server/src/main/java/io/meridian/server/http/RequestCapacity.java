package io.meridian.server.http;

/**
 * How many requests of each class the server handles at once; above a class's limit a request is answered 503
 * with Retry-After at once. Long polls have their own pool: a parked long poll gives back its worker slot.
 *
 * @param clients      clients, admins and regions ({@code server.max_concurrent_requests})
 * @param workers      the worker protocol ({@code server.max_concurrent_worker_requests})
 * @param health       health checks and metrics ({@code server.max_concurrent_health_requests})
 * @param longPolls    worker long polls parked at once ({@code server.max_long_polls})
 * @param connections  open connections; above it the server stops accepting until one closes
 *                     ({@code server.max_connections})
 */
public record RequestCapacity(int clients, int workers, int health, int longPolls, int connections) {
    public static final int DEFAULT_CLIENTS = 256;
    public static final int DEFAULT_WORKERS = 256;
    public static final int DEFAULT_HEALTH = 16;
    public static final int DEFAULT_LONG_POLLS = 4096;
    public static final int DEFAULT_CONNECTIONS = 10_000;

    public RequestCapacity {
        positive("max_concurrent_requests", clients);
        positive("max_concurrent_worker_requests", workers);
        positive("max_concurrent_health_requests", health);
        positive("max_long_polls", longPolls);
        positive("max_connections", connections);
    }

    /** The defaults, with {@code clients} client slots (the older single setting). */
    public static RequestCapacity withClients(int clients) {
        return new RequestCapacity(clients, DEFAULT_WORKERS, DEFAULT_HEALTH, DEFAULT_LONG_POLLS, DEFAULT_CONNECTIONS);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("server." + key + " must be at least 1, got " + value);
        }
    }
}
