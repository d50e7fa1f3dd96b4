package io.meridian.store.memory;

import io.meridian.store.Store;
import io.meridian.store.StoreContractTest;

class InMemoryStoreContractTest extends StoreContractTest {

    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
