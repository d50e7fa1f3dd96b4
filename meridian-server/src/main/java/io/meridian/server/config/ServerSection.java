package io.meridian.server.config;

/** The {@code server} section of {@code meridian.yaml}; null means "the default" (docs/configuration.md). */
public record ServerSection(Leadership leadership, Long maxBodyBytes, Long rateLimitPerToken, Tls tls,
                            Long maxConcurrentRequests, Long maxConcurrentWorkerRequests,
                            Long maxConcurrentHealthRequests, Long maxLongPolls, Long maxConnections,
                            Long headerTimeoutMillis, Long idleTimeoutMillis, Long bodyReadTimeoutMillis,
                            Long maxWaitMillis, Long disconnectGraceMillis) {
    static final ServerSection EMPTY = new ServerSection(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null);

    public ServerSection {
        leadership = leadership == null ? new Leadership(null, null, null, null) : leadership;
        tls = tls == null ? new Tls(null, null) : tls;
    }

    /** {@code server.leadership}: the leader's lease when several coordinators share one store. */
    public record Leadership(Double ttlSeconds, Double retrySeconds, Double marginSeconds, Double commitStallSeconds) {}

    /** {@code server.tls}: HTTPS from a PKCS#12 key store; plain HTTP when no keystore is given. */
    public record Tls(String keystore, String password) {}
}
