package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code meridian run} (a real process, embedded coordinator and workers) with a foreach over an upstream stage's
 * list, under a 384 MB heap: 20,000 items complete with the data directory growing by under 10 KB per item (jobs
 * carry references to the upstream list, not copies); 1,000,000 items are refused by the fan-out cap, cleanly.
 */
class FanOutRunIT {
    static final int ITEMS = 20_000;
    static final String HEAP = "-Xmx384m";
    @TempDir
    Path dir;

    /** gen makes the list with jq; each fans out over it, doubling its own item. */
    Path pipeline(int items) throws IOException {
        Path file = dir.resolve("fan-" + items + ".yaml");
        Files.writeString(file, """
                id: fan
                stages:
                  - id: gen
                    type: json_transform
                    config: {expression: "[range(%d)]"}
                  - id: each
                    type: json_transform
                    depends_on: [gen]
                    foreach: "{{stages.gen.output}}"
                    config: {input: "{{item}}", expression: ". * 2"}
                """.formatted(items));
        return file;
    }

    CliProcess.Result run(Path pipeline, Path data, Path gcLog) throws Exception {
        var env = Map.of("MERIDIAN_JAVA_OPTS", HEAP + " " + HeapLog.options(gcLog));
        return CliProcess.start(dir, env, "run", pipeline.toString(), "--data-dir", data.toString(), "--json")
                .await(Duration.ofMinutes(10));
    }

    static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    /** Where the bytes are: each file of the data directory and its size. */
    static String filesOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> {
                try {
                    return dir.relativize(f) + "=" + Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted().collect(java.util.stream.Collectors.joining(" "));
        }
    }

    @Test
    void twentyThousandItemsCompleteUnder384MbWithUnderTenKilobytesStoredPerItem() throws Exception {
        Path data = dir.resolve("data");
        Path gc = dir.resolve("gc-20k.log");
        var r = run(pipeline(ITEMS), data, gc);

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode doc = Json.parse(r.stdout());
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        JsonNode outputs = doc.path("stages").path("each").path("output");
        assertThat(outputs.size()).isEqualTo(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            assertThat(outputs.get(i).asInt()).as("item %d, in order", i).isEqualTo(2 * i);
        }
        long bytes = sizeOf(data);
        System.out.printf("STRESS fan-out embedded: items=%d heap=%s peak_heap_mb=%d data_dir_bytes=%d "
                + "bytes_per_item=%d%n", ITEMS, HEAP, HeapLog.peakMb(gc), bytes, bytes / ITEMS);
        System.out.println("STRESS fan-out embedded data dir: " + filesOf(data));
        assertThat(bytes / ITEMS).as("data directory bytes per item").isLessThan(10 * 1024);
    }

    @Test
    void aMillionItemsAreRefusedByTheFanOutCapWithinTheSameHeap() throws Exception {
        // the million-element list (6.9 MB of JSON) must get past the per-result limit to reach the fan-out
        Files.writeString(dir.resolve("meridian.yaml"), "engine:\n  max_result_bytes: 16777216\n");
        Path gc = dir.resolve("gc-1m.log");
        var r = run(pipeline(1_000_000), dir.resolve("data-1m"), gc);

        String said = r.stdout() + r.stderr();
        assertThat(r.exitCode()).as(said).isNotZero();
        assertThat(said).doesNotContain("OutOfMemoryError")
                .contains("stage 'each' failed", "1000000 items", "limit of 100000 items per stage",
                        "engine.max_fan_out_items");
        System.out.printf("STRESS fan-out refused: items=1000000 heap=%s peak_heap_mb=%d%n", HEAP, HeapLog.peakMb(gc));
    }

    @Test
    void theCapComesFromTheConfigurationAndAFanOutAtItRuns() throws Exception {
        Files.writeString(dir.resolve("meridian.yaml"), "engine:\n  max_fan_out_items: 50\n");
        var atLimit = run(pipeline(50), dir.resolve("data-50"), dir.resolve("gc-50.log"));
        assertThat(atLimit.exitCode()).as(atLimit.toString()).isZero();
        assertThat(Json.parse(atLimit.stdout()).path("stages").path("each").path("output").size()).isEqualTo(50);

        var over = run(pipeline(51), dir.resolve("data-51"), dir.resolve("gc-51.log"));
        assertThat(over.exitCode()).isNotZero();
        assertThat(over.stdout() + over.stderr()).contains("51 items", "limit of 50 items per stage");
    }
}
