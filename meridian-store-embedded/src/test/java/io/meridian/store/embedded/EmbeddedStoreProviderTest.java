package io.meridian.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.store.Store;
import io.meridian.store.StoreException;
import io.meridian.store.StoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreProviderTest {

    @TempDir
    Path dir;

    private final EmbeddedStoreProvider provider = new EmbeddedStoreProvider();

    @Test
    void acceptsItsSchemesOnly() {
        assertThat(provider.accepts("sqlite")).isTrue();
        assertThat(provider.accepts("embedded")).isTrue();
        assertThat(provider.accepts("sqlite:/var/lib/meridian/x.db")).isTrue();
        assertThat(provider.accepts("sqlite:?synchronous=normal")).isTrue();
        assertThat(provider.accepts("postgresql://host/db")).isFalse();
        assertThat(provider.accepts("sqlitex")).isFalse();
    }

    @Test
    void isFoundByTheServiceLoaderAndDefaultsToAFileInTheDataDirectory() {
        Path dataDir = dir.resolve("not/yet/there");
        try (Store store = StoreProvider.openStore("sqlite", dataDir)) {
            assertThat(store).isInstanceOf(SqliteStore.class);
            assertThat(((SqliteStore) store).file()).isEqualTo(dataDir.resolve("meridian.db").toAbsolutePath());
        }
        assertThat(dataDir.resolve("meridian.db")).exists();
    }

    @Test
    void opensAnExplicitFileWithOptions() throws Exception {
        Path file = dir.resolve("custom.db");
        try (Store store = provider.open("sqlite:" + file + "?synchronous=normal&readers=2", null)) {
            assertThat(((SqliteStore) store).file()).isEqualTo(file.toAbsolutePath());
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void rejectsUnknownOptions() {
        assertThatThrownBy(() -> provider.open("sqlite:?synchronous=off", dir))
                .isInstanceOf(StoreException.class).hasMessageContaining("synchronous");
        assertThatThrownBy(() -> provider.open("embedded:?colour=blue", dir))
                .isInstanceOf(StoreException.class).hasMessageContaining("colour");
        assertThat(Files.exists(dir.resolve("meridian.db"))).isFalse();
    }
}
