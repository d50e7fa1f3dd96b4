package io.meridian.store.mariadb;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test class that needs a real MariaDB: tagged {@code mariadb}, skipped or failed per {@link RequiresMariaDb}. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("mariadb")
@ExtendWith(RequiresMariaDb.class)
@interface MariaDbTest {}
