package io.meridian.elastic.provision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A process that stands where {@code meridian worker} would in the local provisioner's test: it writes its command
 * line and environment to {@code <WORKER_DIR>/<id>.args}, crashes once if {@code CRASH_ONCE} is set, then waits to
 * be stopped and writes {@code <id>.drained} from its shutdown hook as a worker drains on SIGTERM.
 */
public final class SleepingWorker {
    private SleepingWorker() {}

    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        String id = a.get(a.indexOf("--id") + 1);
        Path dir = Path.of(System.getenv("WORKER_DIR"));
        Files.writeString(dir.resolve(id + ".args"), String.join(" ", a) + "\nMERIDIAN_COORDINATOR="
                + System.getenv("MERIDIAN_COORDINATOR") + "\n");
        Path crashed = dir.resolve(id + ".crashed");
        if (System.getenv("CRASH_ONCE") != null && !Files.exists(crashed)) {
            Files.writeString(crashed, "");
            System.exit(3);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(dir.resolve(id + ".drained"), "");
            } catch (Exception ignored) {
                // the test sees the file missing
            }
        }));
        Thread.sleep(Long.MAX_VALUE);
    }
}
