package io.meridian.store.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.store.Store;
import io.meridian.store.StoreException;
import io.meridian.store.StoreProvider;
import org.junit.jupiter.api.Test;

/** {@code --store mariadb://...} reaches this store through the provider SPI, as the CLI and server open stores. */
@MariaDbTest
class MariaDbStoreProviderTest {

    @Test
    void aMariaDbLocationOpensAMigratedStoreThroughTheServiceLoader() {
        String location = TestMariaDb.newDatabase();
        try (Store store = StoreProvider.openStore(location, null)) {
            assertThat(store).isInstanceOf(MariaDbStore.class);
            assertThat(store.countJobsByStatus()).isEmpty();
            assertThat(store.leadership().leader()).isEmpty();
        } finally {
            TestMariaDb.drop(location);
        }
    }

    @Test
    void aMissingDatabaseIsNamed() {
        String location = MariaDbLocationParser.withDatabase(TestMariaDb.LOCATION, "meridian_no_such_db");
        assertThatThrownBy(() -> StoreProvider.openStore(location, null)).isInstanceOf(StoreException.class)
                .hasMessageContaining("meridian_no_such_db");
    }
}
