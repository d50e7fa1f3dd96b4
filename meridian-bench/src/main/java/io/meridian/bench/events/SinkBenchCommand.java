package io.meridian.bench.events;

import io.meridian.cli.command.ExitCode;
import io.meridian.events.SinkDeliveries;
import io.meridian.events.SinkFilter;
import io.meridian.events.SinkSettings;
import io.meridian.events.SinkType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meridian bench-sinks}: how fast the leader delivers its event log to Redis Streams and Kafka. E events are
 * committed first, then the server's sinks deliver them through the production path: the tail (its ring and the
 * store's pages), the sink's batches, the broker's acknowledgements and the durable cursor. The rate is timed after
 * a warm-up of a tenth of the events (connection made, code compiled).
 */
@Command(name = "bench-sinks", mixinStandardHelpOptions = true,
        description = {"Sink delivery rate to Redis Streams and Kafka: commits E events, then times the server's "
                + "sinks delivering them (events/s, after a warm-up of E/10).",
                "Example: meridian bench-sinks --redis redis://127.0.0.1:6379 --kafka 127.0.0.1:9092 --events 200000"})
public final class SinkBenchCommand implements Callable<Integer> {
    @Option(names = "--redis", paramLabel = "URL", defaultValue = "redis://127.0.0.1:6379",
            description = "The Redis server (default: ${DEFAULT-VALUE}; 'none' to skip).")
    String redis;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Kafka's bootstrap servers (skipped without).")
    String kafka;

    @Option(names = "--events", defaultValue = "200000", description = "Events to deliver (default: ${DEFAULT-VALUE}).")
    int events;

    @Override
    public Integer call() throws Exception {
        if (events < 10) {
            throw new IllegalArgumentException("--events must be at least 10");
        }
        List<SinkSettings> sinks = new ArrayList<>();
        String stream = "meridian-bench-" + UUID.randomUUID();
        if (!"none".equals(redis)) {
            sinks.add(new SinkSettings("redis", SinkType.REDIS_STREAM, redis, stream, null, null, SinkFilter.ALL, null));
        }
        if (kafka != null) {
            sinks.add(new SinkSettings("kafka", SinkType.KAFKA, kafka, stream, null, null, SinkFilter.ALL, null));
        }
        System.out.printf("Sink delivery: %,d events to %s; %s%n", events, sinks.stream().map(s -> s.type().wireName())
                .toList(), EventBenchServer.machine());
        try (EventBenchServer bench = new EventBenchServer()) {
            bench.produce(1_000_000, 1000); // as fast as the committer takes them
            while (bench.coordinator.lastEventSequence() < events) {
                Thread.sleep(10);
            }
            bench.stopProducing();
            long last = bench.coordinator.lastEventSequence();
            for (SinkSettings s : sinks) {
                bench.server.sinks(List.of(s));
                SinkDeliveries d = bench.server.sinkDeliveries().orElseThrow();
                long warm = last / 10;
                while (d.cursor(s.name()) < warm) {
                    Thread.sleep(1);
                }
                long from = d.cursor(s.name());
                long cpu = SseReaders.processCpuNanos();
                long start = System.nanoTime();
                long deadline = start + 600_000_000_000L;
                while (d.cursor(s.name()) < last && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                cpu = SseReaders.processCpuNanos() - cpu;
                long done = d.cursor(s.name()) - from;
                // the CPU time per event depends far less on the machine's load than the rate: it is what to compare
                System.out.printf("  %-12s %,9d events in %6.2f s = %,8.0f events/s; %.1f µs CPU per event in this JVM"
                        + " (%,.0f events per CPU second; the broker's own CPU not counted)%n", s.type().wireName(),
                        done, seconds, done / seconds, cpu / 1e3 / done, done / (cpu / 1e9));
                bench.server.sinks(List.of());
            }
        }
        if (!"none".equals(redis)) {
            // the bench's stream is large: leave nothing behind on a shared Redis
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis);
            try (var c = client.connect()) {
                c.sync().del(stream);
            } finally {
                client.shutdown();
            }
        }
        if (kafka == null) {
            System.out.println("  kafka        skipped (give --kafka HOST:PORT; KafkaSinkTest#benchmarkDeliveryRate "
                    + "measures it against a broker it starts)");
        }
        return ExitCode.OK;
    }
}
