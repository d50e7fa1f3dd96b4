package io.meridian.store.jdbc;

import io.meridian.store.StoreContractTest;

/**
 * The store contract as every SQL store must meet it: {@link StoreContractTest} and what the shared JDBC layer
 * adds on top (text with NUL). A store's test extends this and supplies {@code newStore()}.
 */
public abstract class JdbcStoreContractTest extends StoreContractTest implements NulTextContract {
}
