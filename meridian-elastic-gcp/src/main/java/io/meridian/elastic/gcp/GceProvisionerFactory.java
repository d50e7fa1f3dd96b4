package io.meridian.elastic.gcp;

import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.elastic.provision.ProvisionerFactory;
import java.util.function.Function;

/** Found by {@link java.util.ServiceLoader}: the server's provisioner for {@code provider: gcp} pools. */
public final class GceProvisionerFactory implements ProvisionerFactory {
    @Override
    public Provider provider() {
        return Provider.GCP;
    }

    @Override
    public void check(Function<String, String> settings) {
        GceSettings.from(settings);
    }

    @Override
    public Provisioner create(Context context) {
        return new GceProvisioner(GceSettings.from(context.settings()), context);
    }
}
