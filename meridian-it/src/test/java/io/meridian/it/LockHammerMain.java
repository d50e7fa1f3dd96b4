package io.meridian.it;

import io.meridian.client.ApiException;
import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client process for {@link LockContentionIT}: {@code threads} threads each take and release one lock over the
 * REST API {@code rounds} times and write "from-nanos to-nanos fencing-token" per hold to the ledger file.
 * Args: url token resource threads rounds ledger.
 */
public final class LockHammerMain {
    public static void main(String[] args) throws Exception {
        MeridianClient client = new MeridianClient(CoordinatorAddresses.parse(args[0]), args[1]);
        String resource = args[2];
        int threads = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        Path ledger = Path.of(args[5]);
        List<Thread> running = new ArrayList<>();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            String owner = "pid-" + ProcessHandle.current().pid() + "-" + t;
            running.add(Thread.ofPlatform().start(() -> lines.addAll(hammer(client, resource, owner, rounds))));
        }
        for (Thread t : running) {
            t.join();
        }
        Files.write(ledger, lines, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        System.exit(lines.size() == threads * rounds ? 0 : 1);
    }

    static List<String> hammer(MeridianClient client, String resource, String owner, int rounds) {
        List<String> held = new ArrayList<>();
        while (held.size() < rounds) {
            io.meridian.protocol.state.LockGrant lock;
            try {
                lock = client.acquireLock(resource, owner, Duration.ofSeconds(10));
            } catch (ApiException busy) {
                if (busy.status() != 409) {
                    throw busy;
                }
                Thread.onSpinWait();
                continue;
            }
            // System.nanoTime is CLOCK_MONOTONIC on Linux: one clock for every process on the machine
            long from = System.nanoTime();
            sleepMillis(1);
            long to = System.nanoTime();
            client.releaseLock(resource, lock.lockId());
            held.add(from + " " + to + " " + lock.fencingToken());
        }
        return held;
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
