package io.meridian.cli.command;

import io.meridian.cli.embedded.EmbeddedRuntime;
import io.meridian.cli.embedded.MeridianConfig;
import io.meridian.server.CoordinatorServer;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Tokens;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meridian server}: a coordinator that clients and workers reach over HTTP. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run a coordinator server on the embedded store: the REST API under /v1, the worker "
                + "gateway, health checks and /metrics. Prints its address and where its admin token is.",
                "Unfinished executions and queued jobs are picked up where they were. SIGTERM stops it gracefully."})
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--bind", defaultValue = "127.0.0.1:7070", paramLabel = "HOST:PORT",
            description = "Where to listen (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String bind;

    @Option(names = "--workers", defaultValue = "0",
            description = "In-process workers to run as well (default: ${DEFAULT-VALUE}).")
    int localWorkers;

    @Mixin
    DataDirOption store;

    @Override
    public Integer call() throws Exception {
        int colon = bind.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--bind must be HOST:PORT, got '" + bind + "'");
        }
        String host = bind.substring(0, colon);
        int port = Integer.parseInt(bind.substring(colon + 1));
        MeridianConfig config = MeridianConfig.load(store.config);
        EmbeddedRuntime rt = EmbeddedRuntime.open(store.dataDir, config);
        int resumed = rt.coordinator().recoverAll();
        Tokens tokens = Tokens.load(config.tree(), System.getenv(), store.dataDir);
        CoordinatorServer server = CoordinatorServer.start(ServerSettings.of(host, port, config.tree()),
                rt.coordinator(), tokens, rt.handlers().types());
        if (localWorkers > 0) {
            rt.startWorkers(localWorkers, 16, List.of("cpu", "network"));
        }
        String scheme = config.tree().path("server").path("tls").hasNonNull("keystore") ? "https" : "http";
        System.out.printf("Meridian coordinator listening on %s://%s:%d (data: %s, %d executions resumed)%n", scheme,
                host, server.port(), store.dataDir.toAbsolutePath(), resumed);
        tokens.generatedTokenFile().ifPresent(f -> System.out.println("Admin token: " + f.toAbsolutePath()
                + " (the CLI on this machine reads it from --data-dir)"));
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("Coordinator stopping: finishing in-flight requests");
            server.close();
            rt.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
