package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several client processes, each with several threads, plus threads of this JVM hammer one lock of a real
 * coordinator process over HTTP. Every hold is written to a ledger as a time interval; sorted by start, each
 * interval must begin after the previous one ended (at most one holder at any time) and fencing tokens must
 * grow strictly in that order.
 */
class LockContentionIT {
    static final int PROCESSES = 3;
    static final int THREADS_PER_PROCESS = 3;
    static final int LOCAL_THREADS = 3;
    static final int ROUNDS = 15;

    @TempDir
    Path dir;
    ProcessHarness cluster;
    final List<Process> hammers = new ArrayList<>();

    record Hold(long from, long to, long token) {
        static Hold parse(String line) {
            String[] f = line.split(" ");
            return new Hold(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
        }
    }

    @AfterEach
    void stop() {
        hammers.forEach(Process::destroyForcibly);
        if (cluster != null) {
            cluster.close();
        }
    }

    Process hammer(ProcessHarness.Server server, Path ledger) throws Exception {
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), LockHammerMain.class.getName(), server.url(), server.token(),
                "orders/eu/42", Integer.toString(THREADS_PER_PROCESS), Integer.toString(ROUNDS), ledger.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(ledger.getFileName() + ".log").toFile()).start();
        hammers.add(p);
        return p;
    }

    @Test
    void atMostOneHolderAtAnyTimeAndTokensGrow() throws Exception {
        cluster = new ProcessHarness(dir);
        var server = cluster.server("coordinator");
        List<Path> ledgers = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            ledgers.add(dir.resolve("ledger-" + i + ".txt"));
            hammer(server, ledgers.getLast());
        }
        MeridianClient client = new MeridianClient(CoordinatorAddresses.parse(server.url()), server.token());
        List<String> local = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < LOCAL_THREADS; t++) {
            String owner = "test-" + t;
            threads.add(Thread.ofPlatform().start(() -> local.addAll(LockHammerMain.hammer(client, "orders/eu/42",
                    owner, ROUNDS))));
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(3));
        }
        for (Process p : hammers) {
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).isZero();
        }

        List<Hold> holds = new ArrayList<>(local.stream().map(Hold::parse).toList());
        for (Path ledger : ledgers) {
            Files.readAllLines(ledger).forEach(line -> holds.add(Hold.parse(line)));
        }
        holds.sort(Comparator.comparingLong(Hold::from));
        assertThat(holds).hasSize((PROCESSES * THREADS_PER_PROCESS + LOCAL_THREADS) * ROUNDS);
        for (int i = 1; i < holds.size(); i++) {
            assertThat(holds.get(i).from()).as("hold %d began after hold %d ended", i, i - 1)
                    .isGreaterThan(holds.get(i - 1).to());
            assertThat(holds.get(i).token()).as("token of hold %d", i).isGreaterThan(holds.get(i - 1).token());
        }
        assertThat(client.locks("orders/", 10)).isEmpty();
    }
}
