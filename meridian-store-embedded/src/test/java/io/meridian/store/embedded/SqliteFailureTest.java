package io.meridian.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.store.StoreException;
import io.meridian.store.StoreFixtures;
import io.meridian.store.StoreWrite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures must name the file and say what went wrong in words an operator understands. */
class SqliteFailureTest {

    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotADatabaseIsReportedByName() throws Exception {
        Path file = dir.resolve("notes.db");
        Files.writeString(file, "these are not the pages you are looking for\n".repeat(200));
        assertThatThrownBy(() -> new SqliteStore(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a SQLite database");
    }

    @Test
    void aCorruptDatabaseIsReportedByName() throws Exception {
        Path file = dir.resolve("corrupt.db");
        new SqliteStore(file).close();
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 100; i < bytes.length; i++) {
            bytes[i] = (byte) 0xA5; // keep the header, destroy the schema pages
        }
        Files.write(file, bytes);
        assertThatThrownBy(() -> new SqliteStore(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt");
    }

    @Test
    void runningOutOfSpaceIsReportedAsStorageFullAndAppliesNothing() {
        Path file = dir.resolve("small.db");
        try (SqliteStore store = new SqliteStore(file, SqliteOptions.DEFAULT.withMaxPages(64))) {
            List<StoreWrite> tooMuch = IntStream.range(0, 5_000)
                    .<StoreWrite>mapToObj(i -> new StoreWrite.PutJob(StoreFixtures.fullJob("j" + i))).toList();
            assertThatThrownBy(() -> store.commit(tooMuch))
                    .isInstanceOf(io.meridian.store.StorageFullException.class)
                    .hasMessageContaining("storage full")
                    .hasMessageContaining(file.toAbsolutePath().toString());
            assertThat(store.job("j0")).isEmpty();
            store.commit(List.of(new StoreWrite.PutJob(StoreFixtures.fullJob("small"))));
            assertThat(store.job("small")).isPresent();
        }
    }

    @Test
    void aMissingParentDirectoryIsCreated() {
        Path file = dir.resolve("a/b/c/store.db");
        new SqliteStore(file).close();
        assertThat(file).exists();
    }
}
