package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chain of N stages (each depending on the one before) through the real CLI, {@code meridian run}, on the embedded
 * store: it completes, and what it writes grows with N, not N². The store keeps an execution as a header plus one
 * row per stage, so each step writes the stages it changed; before, every step rewrote the whole execution, about
 * 7.6 MB per step at N = 10,000.
 *
 * <p>Bytes written is the process's {@code wchar} from {@code /proc/PID/io}: every byte it handed to write(2),
 * which for the embedded store is the WAL frames of every commit, the checkpoints copying them into the database
 * file, and the result on stdout. That is the write amplification itself, measured where it costs (the disk), and
 * it does not depend on the page cache. It is sampled while the process runs, so the writes of its last moments
 * (the final checkpoint) may be missed; per stage that is noise at full size and a generous error at short size.
 * Also reported: the size of the data directory afterwards, which is what the chain leaves stored.
 */
class ChainStressIT {
    /** Per stage, in all: a few commits of a handful of 4 KB pages, their checkpoint, its share of the result. */
    static final long MAX_BYTES_WRITTEN_PER_STAGE = 128 * 1024;
    /** Per stage, stored: a stage row, a job row and their index entries. */
    static final long MAX_BYTES_STORED_PER_STAGE = 4 * 1024;

    @TempDir
    Path dir;

    @Test
    void aLongChainCompletesAndWritesABoundedAmountPerStage() throws Exception {
        int stages = StressScale.pick(1_000, 10_000);
        Path pipeline = chain(stages);
        Path data = dir.resolve("data");
        long start = System.nanoTime();
        CliProcess run = CliProcess.start(dir, "run", pipeline.toString(), "--data-dir", data.toString(), "--json");
        long written = sampleWritesUntilExit(run.process);
        CliProcess.Result result = run.await(Duration.ofMinutes(StressScale.pick(5, 30)));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode doc = Json.parse(result.stdout());
        assertThat(doc.path("status").asString()).isEqualTo("succeeded");
        assertThat(doc.path("stages").size()).isEqualTo(stages);
        assertThat(doc.path("stages").path("s" + (stages - 1)).path("status").asString()).isEqualTo("succeeded");

        long stored = sizeOf(data);
        long writtenPerStage = written / stages;
        long storedPerStage = stored / stages;
        System.out.printf("STRESS chain stages=%d bytes_per_stage=%d stored_bytes_per_stage=%d bytes_written=%d "
                + "total_s=%.1f%n", stages, writtenPerStage, storedPerStage, written, seconds);
        assertThat(written).as("bytes written (wchar of the process)").isPositive();
        assertThat(writtenPerStage).as("bytes written per stage").isLessThan(MAX_BYTES_WRITTEN_PER_STAGE);
        assertThat(storedPerStage).as("bytes stored per stage").isLessThan(MAX_BYTES_STORED_PER_STAGE);
    }

    /** s0 ← s1 ← … ← s(N-1), each a no-op, as a JSON pipeline file. */
    private Path chain(int stages) throws IOException {
        ObjectNode p = Json.object();
        p.put("id", "chain");
        ArrayNode list = p.putArray("stages");
        for (int i = 0; i < stages; i++) {
            ObjectNode s = list.addObject();
            s.put("id", "s" + i);
            s.put("type", "noop");
            if (i > 0) {
                s.putArray("depends_on").add("s" + (i - 1));
            }
        }
        Path file = dir.resolve("chain.json");
        Files.writeString(file, Json.write(p));
        return file;
    }

    /**
     * The largest {@code wchar} seen in /proc/PID/io while the process lives, read every 20 ms. A measurement
     * taken for as long as the process runs, not a wait for something to happen.
     */
    private static long sampleWritesUntilExit(Process process) throws InterruptedException {
        Path io = Path.of("/proc", Long.toString(process.pid()), "io");
        long max = 0;
        while (process.isAlive()) {
            max = Math.max(max, wchar(io));
            Thread.sleep(20);
        }
        return max;
    }

    private static long wchar(Path io) {
        try (Stream<String> lines = Files.lines(io)) {
            return lines.filter(l -> l.startsWith("wchar:")).mapToLong(l -> Long.parseLong(l.substring(6).trim()))
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException gone) {
            return 0; // the process ended between the check and the read
        }
    }

    private static long sizeOf(Path data) throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
