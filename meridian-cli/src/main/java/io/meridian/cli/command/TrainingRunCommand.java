package io.meridian.cli.command;

import io.meridian.cli.Main;
import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.protocol.api.JobSubmission;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meridian aot-training}: a short run of what users start most (a local pipeline run, a server, a remote
 * worker and a few thousand jobs through them), all in this JVM. The launcher runs it with
 * {@code -XX:AOTCacheOutput} so that the JVM's ahead-of-time cache holds the classes, linked, and the method
 * profiles of those paths; every later {@code meridian} process on the same jar starts from that cache.
 */
@Command(name = "aot-training", hidden = true,
        description = {"A short representative run (pipeline, server, worker, no-op jobs) in one JVM, used by the "
                + "launcher to train the JVM's ahead-of-time cache. Leaves its state under --data-dir."})
public final class TrainingRunCommand implements Callable<Integer> {
    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "An empty directory for the run's stores (the launcher removes it afterwards).")
    Path dir;

    @Option(names = "--jobs", defaultValue = "20000", description = "No-op jobs through the server and worker "
            + "(default: ${DEFAULT-VALUE}).")
    int jobs;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        Path pipeline = dir.resolve("hello.yaml");
        try (InputStream in = TrainingRunCommand.class.getResourceAsStream("/training/hello.yaml")) {
            Files.copy(in, pipeline);
        }
        String[] run = {"run", pipeline.toString(), "--data-dir", dir.resolve("run").toString()};
        int code = Main.commandLine(run).execute(run);
        if (code != ExitCode.OK) {
            return code;
        }
        String url = "http://127.0.0.1:" + freePort();
        Path serverDir = dir.resolve("server");
        // Server and worker block until the JVM exits; their shutdown hooks stop them when this command returns.
        background("training-server", "server", "--bind", url.substring("http://".length()), "--data-dir",
                serverDir.toString());
        Path token = serverDir.resolve("admin.token");
        awaitFile(token);
        background("training-worker", "worker", "--coordinator", url, "--data-dir", serverDir.toString(),
                "--concurrency", "256");
        MeridianClient client = new MeridianClient(CoordinatorAddresses.parse(url), Files.readString(token).strip(),
                Duration.ofSeconds(30));
        awaitServer(client);
        client.startExecution(Files.readString(pipeline), "hello.yaml", null, null);
        for (int from = 0; from < jobs; from += 1000) {
            client.submitJobs(Collections.nCopies(Math.min(jobs - from, 1000), JobSubmission.of("noop", null)));
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (client.queueStats().succeeded() < jobs) {
            if (System.nanoTime() > deadline) {
                System.err.println("aot-training: the jobs did not finish within 2 minutes");
                return ExitCode.INTERNAL;
            }
            Thread.sleep(20);
        }
        return ExitCode.OK;
    }

    private static void background(String name, String... args) {
        Thread.ofPlatform().daemon().name(name).start(() -> Main.commandLine(args).execute(args));
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("aot-training: the server did not start within a minute");
            }
            Thread.sleep(10);
        }
    }

    /** The token file is written before the server listens: wait until it answers. */
    private static void awaitServer(MeridianClient client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                client.queueStats();
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(10);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
