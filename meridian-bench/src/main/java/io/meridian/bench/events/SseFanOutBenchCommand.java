package io.meridian.bench.events;

import io.meridian.cli.command.ExitCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meridian bench-sse}: server-sent events to many subscribers at a target event rate. The events are
 * committed through the coordinator (in-memory store) in this JVM and read over real HTTP connections by
 * {@link SseReaders}, a JVM of its own that this command starts and that reports each subscriber's count and lag
 * back over its standard output. The two JVMs share this machine's cores.
 */
@Command(name = "bench-sse", mixinStandardHelpOptions = true,
        description = {"Server-sent events fan-out: S subscribers of /v1/events/stream while events commit at a "
                + "target rate; prints the delivered rate per subscriber and the lag (emission to read) p50/p99/max.",
                "Example: meridian bench-sse --subscribers 100 --rate 10000 --seconds 10"})
public final class SseFanOutBenchCommand implements Callable<Integer> {
    @Option(names = "--subscribers", defaultValue = "100", description = "Readers (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--rate", defaultValue = "10000", description = "Target events/s (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--producers", defaultValue = "1000", description = "Virtual threads committing events, each "
            + "waiting for its group commit: enough to reach the target (default: ${DEFAULT-VALUE}).")
    int producers;

    @Option(names = "--each", description = "Print every subscriber's figures, not only their spread.")
    boolean each;

    /** One subscriber's figures as the readers' JVM reported them, counted over the measured window. */
    record Subscriber(int index, long received, long lastSequence, long p50Micros, long p99Micros, long maxMicros,
                      String closeReason) {
        static Subscriber parse(String line) {
            String[] f = line.split(" ", 8);
            return new Subscriber(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), f[7].equals("-") ? null : f[7]);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (subscribers < 1 || rate < 1 || seconds < 1 || warmup < 0 || producers < 1) {
            throw new IllegalArgumentException("--subscribers, --rate, --seconds and --producers must be 1 or more");
        }
        System.out.printf("SSE fan-out: %d subscribers (in a separate JVM), target %,d events/s, %d s measured after"
                + " %d s warm-up; %s%n", subscribers, rate, seconds, warmup, EventBenchServer.machine());
        try (EventBenchServer bench = new EventBenchServer()) {
            Process readers = startReaders(bench);
            try {
                var answers = new BufferedReader(new InputStreamReader(readers.getInputStream(),
                        StandardCharsets.UTF_8));
                var commands = new PrintStream(readers.getOutputStream(), true, StandardCharsets.UTF_8);
                expect(answers, "connected", readers);
                bench.produce(rate, producers);
                Thread.sleep(warmup * 1000L);
                commands.println("mark");
                expect(answers, "marked", readers);
                long producedBefore = bench.produced.get();
                long serverCpu = SseReaders.processCpuNanos();
                long start = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long producedInWindow = bench.produced.get() - producedBefore;
                commands.println("report");
                double elapsed = (System.nanoTime() - start) / 1e9;
                serverCpu = SseReaders.processCpuNanos() - serverCpu;
                long readersCpu = 0;
                List<Subscriber> figures = new ArrayList<>();
                for (String line; !"end".equals(line = answers.readLine()); ) {
                    if (line == null) {
                        throw new IllegalStateException("the readers' JVM ended without its report (exit "
                                + readers.waitFor() + ")");
                    }
                    if (line.startsWith("subscriber ")) {
                        figures.add(Subscriber.parse(line));
                    } else if (line.startsWith("cpu ")) {
                        readersCpu = Long.parseLong(line.substring(4));
                    }
                }
                bench.stopProducing();
                report(figures, producedInWindow / elapsed, elapsed);
                long deliveries = Math.max(1, figures.stream().mapToLong(Subscriber::received).sum());
                // CPU time per delivered event does not depend on how busy the machine is, unlike the rates above
                System.out.printf("  CPU per event delivered to one subscriber: server JVM (commits and streams) %.2f"
                        + " µs, readers' JVM %.2f µs (%.1f and %.1f CPU seconds over %.1f s)%n",
                        serverCpu / 1e3 / deliveries, readersCpu / 1e3 / deliveries, serverCpu / 1e9,
                        readersCpu / 1e9, elapsed);
            } finally {
                readers.destroy();
                readers.waitFor();
            }
        }
        return ExitCode.OK;
    }

    /** The readers run in a JVM of their own (same Java, same class path), so they do not share this one's heap. */
    private Process startReaders(EventBenchServer bench) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                SseReaders.class.getName(), Integer.toString(bench.server.port()), bench.token,
                Integer.toString(subscribers)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void expect(BufferedReader answers, String word, Process readers) throws Exception {
        String line = answers.readLine();
        if (!word.equals(line)) {
            throw new IllegalStateException("the readers' JVM answered '" + line + "' instead of '" + word + "'"
                    + (line == null ? " (exit " + readers.waitFor() + ")" : ""));
        }
    }

    private void report(List<Subscriber> figures, double committed, double elapsed) {
        double[] rates = figures.stream().mapToDouble(f -> f.received() / elapsed).sorted().toArray();
        long[] p50 = figures.stream().mapToLong(Subscriber::p50Micros).sorted().toArray();
        long[] p99 = figures.stream().mapToLong(Subscriber::p99Micros).sorted().toArray();
        long[] max = figures.stream().mapToLong(Subscriber::maxMicros).sorted().toArray();
        int n = figures.size();
        System.out.printf("  committed: %,.0f events/s (target %,d)%n", committed, rate);
        System.out.printf("  delivered per subscriber: min %,.0f, median %,.0f, max %,.0f events/s; all subscribers"
                + " together %,.0f events/s%n", rates[0], rates[n / 2], rates[n - 1], Arrays.stream(rates).sum());
        System.out.printf("  lag per subscriber (emission to read), over the %d subscribers: p50 %s; p99 %s; max %s%n",
                n, spread(p50), spread(p99), spread(max));
        List<Subscriber> dropped = figures.stream().filter(f -> f.closeReason() != null).toList();
        System.out.printf("  dropped subscribers: %d%s%n", dropped.size(), dropped.isEmpty() ? ""
                : " (" + dropped.getFirst().closeReason() + ")");
        if (each) {
            for (Subscriber f : figures) {
                System.out.printf("  subscriber %3d: %,9.0f events/s, last sequence %,d, lag p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%s%n", f.index(), f.received() / elapsed, f.lastSequence(), f.p50Micros() / 1e3,
                        f.p99Micros() / 1e3, f.maxMicros() / 1e3, f.closeReason() == null ? "" : "; dropped: "
                                + f.closeReason());
            }
        }
    }

    /** min / median / max of per-subscriber values (microseconds), in ms. */
    private static String spread(long[] sorted) {
        return String.format("min %.1f / median %.1f / max %.1f ms", sorted[0] / 1e3, sorted[sorted.length / 2] / 1e3,
                sorted[sorted.length - 1] / 1e3);
    }
}
