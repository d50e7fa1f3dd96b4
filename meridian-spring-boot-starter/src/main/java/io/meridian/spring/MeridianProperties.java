package io.meridian.spring;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code meridian.*} in {@code application.yml}. In {@code worker} mode (the default) a worker joins the
 * coordinator at {@code meridian.coordinator}; in {@code embedded} mode an engine runs inside the application.
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
 *
 * <pre>
 * meridian:
 *   mode: embedded
 *   embedded:
 *     workers: 2            # local workers, default 1
 *     concurrency: 4        # jobs at once per worker, default 4
 *     data-dir: /var/lib/orders/meridian   # default: a temporary directory removed on shutdown
 *     timeout: 10m          # how long EmbeddedEngine.run waits, default 10m
 * </pre>
 */
@ConfigurationProperties("meridian")
public class MeridianProperties {
    /** What the starter runs: a worker joining a coordinator, or an engine inside the application. */
    public enum Mode {
        /** A worker that joins {@code meridian.coordinator} (started only when that is set). */
        WORKER,
        /** An engine in the application: store, coordinator and workers (needs meridian-cli on the class path). */
        EMBEDDED
    }

    private Mode mode = Mode.WORKER;
    /** The coordinator's URL, or several comma-separated. */
    private String coordinator;
    /** The API token (worker scope). */
    private String token;
    private final Worker worker = new Worker();
    private final Embedded embedded = new Embedded();

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public Embedded getEmbedded() {
        return embedded;
    }

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

    /** {@code meridian.embedded.*}: the engine of {@code meridian.mode: embedded}. */
    public static class Embedded {
        private int workers = 1;
        private int concurrency = 4;
        private Path dataDir;
        private Duration timeout = Duration.ofMinutes(10);

        public int getWorkers() {
            return workers;
        }

        public void setWorkers(int workers) {
            this.workers = workers;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public Path getDataDir() {
            return dataDir;
        }

        public void setDataDir(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }
}
