package io.meridian.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of the test's own (initdb in a temporary directory, a free port on 127.0.0.1), so a test
 * can crash and restart it without disturbing anyone else using the machine's shared server. As root, the server
 * runs as the {@code postgres} user (PostgreSQL refuses to run as root). Without PostgreSQL's server binaries the
 * test is skipped, or fails under MERIDIAN_REQUIRE_POSTGRES=1 as in CI.
 */
final class PrivatePostgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    static PrivatePostgres startOrSkip() throws Exception {
        Optional<Path> bin = serverBinaries();
        if (bin.isEmpty()) {
            String why = "PostgreSQL server binaries (initdb, pg_ctl) not found: private-PostgreSQL tests skipped";
            if ("1".equals(System.getenv("MERIDIAN_REQUIRE_POSTGRES"))) {
                throw new AssertionError(why.replace("skipped", "required here (MERIDIAN_REQUIRE_POSTGRES=1)"));
            }
            Assumptions.abort(why);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("meridian-private-pg");
        if (root) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        PrivatePostgres pg = new PrivatePostgres(bin.get(), dir, FreePort.find(), root);
        // --no-sync only skips flushing the freshly created template files; the server itself runs with fsync on
        pg.pg(List.of(bin.get().resolve("initdb").toString(), "-D", pg.data(), "-A", "trust", "-U", "postgres",
                "--no-sync", "-E", "UTF8"));
        pg.start();
        return pg;
    }

    /** MERIDIAN_TEST_PG_BIN, else the newest /usr/lib/postgresql/N/bin (Debian and Ubuntu packages). */
    private static Optional<Path> serverBinaries() throws IOException {
        String configured = System.getenv("MERIDIAN_TEST_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> parseIntOr(b.getParent().getFileName().toString())));
        }
    }

    private static int parseIntOr(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    /** The store location for coordinators, one schema (created by the store's migrations). */
    String location(String schema) {
        return "postgresql://postgres@127.0.0.1:" + port + "/postgres?schema=" + schema;
    }

    /** Starts the server and waits until it accepts connections. */
    void start() throws Exception {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-l", dir.resolve("server.log").toString(), "-w",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start"));
    }

    /**
     * Stops the server the way a crash or power cut would (mode {@code immediate}: no checkpoint, sessions cut at
     * once, crash recovery on the next start) or gracefully ({@code fast}).
     */
    void stop(String mode) throws Exception {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", mode, "-w", "stop"));
    }

    private void pg(List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        run(cmd);
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + new String(out));
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop("immediate");
        } catch (IllegalStateException alreadyStopped) {
            // stopped by the test and not started again: nothing to stop
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
