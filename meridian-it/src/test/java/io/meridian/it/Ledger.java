package io.meridian.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what {@link LedgerHandler} wrote: one line per run of a job. */
record Ledger(List<Run> runs) {
    record Run(String key, int attempt, long pid, long millis) {}

    static Ledger read(Path file) throws IOException {
        List<Run> runs = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] p = line.split(" ");
                runs.add(new Run(p[0], Integer.parseInt(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3])));
            }
        }
        return new Ledger(runs);
    }

    static int lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }
}
