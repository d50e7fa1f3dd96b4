package io.meridian.elastic.azure;

import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.elastic.provision.ProvisionerFactory;
import java.util.function.Function;

/** Found by {@link java.util.ServiceLoader}: the server's provisioner for {@code provider: azure} pools. */
public final class AzureProvisionerFactory implements ProvisionerFactory {
    @Override
    public Provider provider() {
        return Provider.AZURE;
    }

    @Override
    public void check(Function<String, String> settings) {
        AzureSettings.from(settings);
    }

    @Override
    public Provisioner create(Context context) {
        return new AzureProvisioner(AzureSettings.from(context.settings()), context, AzureClients.DEFAULT_CREDENTIAL);
    }
}
