package io.meridian.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.store.postgres.LockHammer.Interval;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many contenders hammer one lock: threads on several store instances in this JVM, and several other JVMs.
 * From the ledger of intervals held: at most one holder at any time, and fencing tokens strictly increasing in
 * the order the lock was taken. A counter updated non-atomically under the lock must come out exact.
 */
@Tag("process")
class LockContentionTest extends FreshSchema {

    private static final int ROUNDS = 15;
    private static final int STORES_HERE = 2;
    private static final int THREADS_PER_STORE = 3;
    private static final int PROCESSES = 3;
    private static final int THREADS_PER_PROCESS = 2;

    @TempDir
    Path dir;

    @Test
    void atMostOneHolderAtATimeAndTokensGrowInAcquisitionOrder() throws Exception {
        Path counter = Files.writeString(dir.resolve("counter"), "0");
        List<Process> children = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            children.add(startChild(counter, "p" + p));
        }
        List<Interval> ledger = Collections.synchronizedList(new ArrayList<>());
        List<PostgresStore> stores = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < STORES_HERE; s++) {
            PostgresStore instance = TestPostgres.openStore(schema);
            stores.add(instance);
            for (int t = 0; t < THREADS_PER_STORE; t++) {
                String who = "here-s" + s + "-t" + t;
                threads.add(Thread.ofPlatform().start(() ->
                        ledger.addAll(LockHammer.hammer(instance.locks(), who, ROUNDS, counter))));
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        stores.forEach(PostgresStore::close);
        for (int p = 0; p < PROCESSES; p++) {
            ledger.addAll(collect(children.get(p), "p" + p));
        }

        int expected = ROUNDS * (STORES_HERE * THREADS_PER_STORE + PROCESSES * THREADS_PER_PROCESS);
        assertThat(ledger).hasSize(expected);
        assertThat(Files.readString(counter).strip()).as("increments lost to overlapping holders")
                .isEqualTo(Integer.toString(expected));
        List<Interval> byToken = ledger.stream().sorted(Comparator.comparingLong(Interval::token)).toList();
        for (int i = 1; i < byToken.size(); i++) {
            Interval before = byToken.get(i - 1);
            Interval after = byToken.get(i);
            assertThat(after.token()).as("tokens are unique").isGreaterThan(before.token());
            assertThat(after.acquired()).as("%s (token %d) took the lock before %s (token %d) released it",
                    after.who(), after.token(), before.who(), before.token()).isGreaterThan(before.releasing());
        }
        assertThat(ledger.stream().map(Interval::who).distinct()).as("every contender got the lock")
                .hasSize(STORES_HERE * THREADS_PER_STORE + PROCESSES * THREADS_PER_PROCESS);
    }

    private Process startChild(Path counter, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHammerMain.class.getName(),
                TestPostgres.location(schema, "poolSize=" + THREADS_PER_PROCESS), counter.toString(),
                Integer.toString(ROUNDS), Integer.toString(THREADS_PER_PROCESS), name)
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
    }

    private List<Interval> collect(Process child, String name) throws Exception {
        List<String> lines;
        try (var out = child.inputReader()) {
            lines = out.lines().toList();
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("%s finished", name).isTrue();
        assertThat(child.exitValue()).as("%s exit status; its stderr: %s", name,
                Files.readString(dir.resolve(name + ".err"))).isZero();
        assertThat(lines).as("%s completed", name).contains("done");
        return lines.stream().filter(l -> l.matches("\\d+ \\d+ \\d+ \\S+")).map(Interval::parse).toList();
    }
}
