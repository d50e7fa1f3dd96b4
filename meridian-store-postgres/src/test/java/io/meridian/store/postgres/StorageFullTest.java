package io.meridian.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.store.StorageFullException;
import io.meridian.store.StoreFixtures;
import io.meridian.store.StoreException;
import io.meridian.store.StoreWrite;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL out of disk answers SQLSTATE 53100 (disk_full). Filling a real server's disk is not something a test
 * may do to a shared database, so a trigger raises exactly that SQLSTATE, as the server does when it cannot
 * extend a file: the store must report it as {@link StorageFullException}, apply nothing, and work again after.
 */
class StorageFullTest extends FreshSchema {

    @Test
    void diskFullIsReportedAsStorageFullAndAppliesNothing() {
        TestPostgres.execute("""
                CREATE FUNCTION %1$s.disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.id LIKE 'full-%%' THEN
                    RAISE EXCEPTION 'could not extend file "base/16384/2619": No space left on device'
                      USING ERRCODE = 'disk_full';
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE ON %1$s.jobs
                  FOR EACH ROW EXECUTE FUNCTION %1$s.disk_full();
                """.formatted(schema));

        List<StoreWrite> batch = List.of(new StoreWrite.PutJob(StoreFixtures.fullJob("fine-1")),
                new StoreWrite.PutJob(StoreFixtures.fullJob("full-1")));
        assertThatThrownBy(() -> store.commit(batch))
                .isInstanceOf(StorageFullException.class)
                .hasMessageContaining("storage full")
                .hasMessageContaining("out of disk space")
                .hasMessageContaining(schema);
        assertThat(store.job("fine-1")).as("nothing of the batch is applied").isEmpty();

        store.commit(List.of(new StoreWrite.PutJob(StoreFixtures.fullJob("fine-2"))));
        assertThat(store.job("fine-2")).isPresent();
    }

    @Test
    void otherFailuresAreNotStorageFull() {
        TestPostgres.execute("""
                CREATE FUNCTION %1$s.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'refused by a test trigger'; END $$;
                CREATE TRIGGER refuse BEFORE INSERT ON %1$s.jobs FOR EACH ROW EXECUTE FUNCTION %1$s.refuse();
                """.formatted(schema));
        assertThatThrownBy(() -> store.commit(List.of(new StoreWrite.PutJob(StoreFixtures.fullJob("x")))))
                .isInstanceOf(StoreException.class)
                .isNotInstanceOf(StorageFullException.class);
    }
}
