package io.meridian.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code meridian.*} in {@code application.yml}. The worker starts when {@code meridian.coordinator} is set.
 *
 * <pre>
 * meridian:
 *   coordinator: http://h1:7070,http://h2:7070
 *   token: ${MERIDIAN_TOKEN}
 *   worker:
 *     id: orders-1          # default: host name and process id
 *     concurrency: 8
 *     drain-timeout: 30s
 * </pre>
 */
@ConfigurationProperties("meridian")
public class MeridianProperties {
    /** The coordinator's URL, or several comma-separated. */
    private String coordinator;
    /** The API token (worker scope). */
    private String token;
    private final Worker worker = new Worker();

    public String getCoordinator() {
        return coordinator;
    }

    public void setCoordinator(String coordinator) {
        this.coordinator = coordinator;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public Worker getWorker() {
        return worker;
    }

    /** {@code meridian.worker.*}. */
    public static class Worker {
        private String id;
        private int concurrency = 4;
        private Duration drainTimeout = Duration.ofSeconds(30);

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public Duration getDrainTimeout() {
            return drainTimeout;
        }

        public void setDrainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
        }
    }
}
