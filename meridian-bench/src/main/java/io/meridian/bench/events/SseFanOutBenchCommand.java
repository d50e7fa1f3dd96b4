package io.meridian.bench.events;

import io.meridian.cli.command.ExitCode;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meridian bench-sse}: server-sent events to many subscribers at a target event rate. The events are
 * committed through the coordinator (in-memory store) and read over real HTTP connections in this JVM, so the
 * figures include the commit, the shared tail, the server's writes and the readers' parsing, all on this machine.
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

    @Override
    public Integer call() throws Exception {
        if (subscribers < 1 || rate < 1 || seconds < 1 || warmup < 0 || producers < 1) {
            throw new IllegalArgumentException("--subscribers, --rate, --seconds and --producers must be 1 or more");
        }
        System.out.printf("SSE fan-out: %d subscribers, target %,d events/s, %d s measured after %d s warm-up; %s%n",
                subscribers, rate, seconds, warmup, EventBenchServer.machine());
        List<SseSubscriber> readers = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (EventBenchServer bench = new EventBenchServer()) {
            for (int i = 0; i < subscribers; i++) {
                readers.add(new SseSubscriber(http, bench.url(), bench.token));
            }
            bench.produce(rate, producers);
            Thread.sleep(warmup * 1000L);
            long[] before = readers.stream().mapToLong(r -> r.received.get()).toArray();
            readers.forEach(r -> r.lagMicros.reset());
            long producedBefore = bench.produced.get();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] after = readers.stream().mapToLong(r -> r.received.get()).toArray();
            long producedInWindow = bench.produced.get() - producedBefore;
            Histogram lag = new Histogram(3);
            readers.forEach(r -> lag.add(r.lagMicros.getIntervalHistogram()));
            bench.stopProducing();
            double[] perSubscriber = new double[subscribers];
            for (int i = 0; i < subscribers; i++) {
                perSubscriber[i] = (after[i] - before[i]) / elapsed;
            }
            Arrays.sort(perSubscriber);
            long dropped = readers.stream().filter(r -> r.closeReason != null).count();
            System.out.printf("  committed: %,.0f events/s (target %,d)%n", producedInWindow / elapsed, rate);
            System.out.printf("  delivered per subscriber: min %,.0f, median %,.0f, max %,.0f events/s;"
                            + " all subscribers together %,.0f events/s%n", perSubscriber[0],
                    perSubscriber[subscribers / 2], perSubscriber[subscribers - 1],
                    Arrays.stream(perSubscriber).sum());
            System.out.printf("  lag (emission to read): p50 %.1f ms, p99 %.1f ms, max %.1f ms over %,d reads%n",
                    lag.getValueAtPercentile(50) / 1e3, lag.getValueAtPercentile(99) / 1e3, lag.getMaxValue() / 1e3,
                    lag.getTotalCount());
            System.out.printf("  dropped subscribers: %d%s%n", dropped, readers.stream()
                    .filter(r -> r.closeReason != null).map(r -> " (" + r.closeReason + ")").findFirst().orElse(""));
            readers.forEach(SseSubscriber::close); // before the server stops: it waits for open streams
        } finally {
            readers.forEach(SseSubscriber::close);
            http.shutdownNow(); // its streams never end by themselves
        }
        return ExitCode.OK;
    }
}
