package io.meridian.store.postgres;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link LockContentionTest}: {@code LOCATION COUNTER_FILE ROUNDS THREADS NAME}. Opens its
 * own store, runs THREADS {@link LockHammer}s and prints every interval held, one per line, then "done".
 */
public final class LockHammerMain {

    private LockHammerMain() {}

    public static void main(String[] args) throws Exception {
        Path counter = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        try (PostgresStore store = PostgresStore.open(args[0])) {
            List<Thread> running = new ArrayList<>();
            List<LockHammer.Interval> held = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                String who = args[4] + "-t" + t;
                running.add(Thread.ofPlatform().start(() -> held.addAll(LockHammer.hammer(store.locks(), who, rounds, counter))));
            }
            for (Thread thread : running) {
                thread.join();
            }
            held.forEach(interval -> System.out.println(interval.line()));
        }
        System.out.println("done");
    }
}
