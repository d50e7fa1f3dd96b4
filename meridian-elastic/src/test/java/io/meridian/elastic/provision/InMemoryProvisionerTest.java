package io.meridian.elastic.provision;

import io.meridian.elastic.pool.Provider;
import java.time.InstantSource;

class InMemoryProvisionerTest extends ProvisionerContract {
    @Override
    protected Provisioner create() {
        return new InMemoryProvisioner(Provider.LOCAL, InstantSource.system());
    }
}
