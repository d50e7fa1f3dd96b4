package io.meridian.store.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.store.StoreException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MariaDbLocationTest {

    @Test
    void aFullLocationIsRead() {
        MariaDbLocation at = MariaDbLocationParser.parse(
                "mariadb://meridian:s3cret@db.internal:3307/prod?poolSize=4&poolTimeout=2.5&sslMode=verify-full");
        assertThat(at.jdbcUrl()).isEqualTo("jdbc:mariadb://db.internal:3307/prod");
        assertThat(at.database()).isEqualTo("prod");
        assertThat(at.user()).isEqualTo("meridian");
        assertThat(at.password()).isEqualTo("s3cret");
        assertThat(at.poolSize()).isEqualTo(4);
        assertThat(at.poolTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(at.driver()).containsEntry("sslMode", "verify-full");
        assertThat(at.mysql()).isFalse();
        assertThat(at.toString()).isEqualTo("mariadb://meridian@db.internal:3307/prod").doesNotContain("s3cret");
    }

    @Test
    void mysqlLocationsUseTheSameDriverOnTheDefaultPort() {
        MariaDbLocation at = MariaDbLocationParser.parse("mysql://app@localhost/meridian");
        assertThat(at.jdbcUrl()).isEqualTo("jdbc:mariadb://localhost:3306/meridian");
        assertThat(at.mysql()).isTrue();
        assertThat(new MariaDbStoreProvider().accepts("mysql://app@localhost/meridian")).isTrue();
        assertThat(new MariaDbStoreProvider().accepts("postgresql://app@localhost/meridian")).isFalse();
    }

    @Test
    void mistakesAreNamedAndPasswordsNeverRepeated() {
        assertThatThrownBy(() -> MariaDbLocationParser.parse("mariadb://root:hunter2@host:3306/"))
                .isInstanceOf(StoreException.class).hasMessageContaining("no database name")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> MariaDbLocationParser.parse("mariadb://host/db"))
                .hasMessageContaining("no user name");
        assertThatThrownBy(() -> MariaDbLocationParser.parse("mariadb://root@host/db?poolSzie=3"))
                .hasMessageContaining("unknown parameter 'poolSzie'");
        assertThatThrownBy(() -> MariaDbLocationParser.parse("mariadb://root@host/db?poolSize=0"))
                .hasMessageContaining("poolSize must be between");
        assertThatThrownBy(() -> MariaDbLocationParser.parse("mariadb://root@host/my-db"))
                .hasMessageContaining("letters, digits or '_'");
        assertThatThrownBy(() -> MariaDbLocationParser.parse("mariadb:root@host/db"))
                .hasMessageContaining("missing '//'");
    }

    @Test
    void aLocationCanNameAnotherDatabase() {
        assertThat(MariaDbLocationParser.withDatabase("mariadb://root@h:3306/a?poolSize=2", "b"))
                .isEqualTo("mariadb://root@h:3306/b?poolSize=2");
    }
}
