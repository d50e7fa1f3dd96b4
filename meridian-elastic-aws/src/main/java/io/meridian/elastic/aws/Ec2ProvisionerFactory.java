package io.meridian.elastic.aws;

import io.meridian.elastic.pool.Provider;
import io.meridian.elastic.provision.Provisioner;
import io.meridian.elastic.provision.ProvisionerFactory;
import java.util.function.Function;

/** Found by {@link java.util.ServiceLoader}: the server's provisioner for {@code provider: aws} pools. */
public final class Ec2ProvisionerFactory implements ProvisionerFactory {
    @Override
    public Provider provider() {
        return Provider.AWS;
    }

    @Override
    public void check(Function<String, String> settings) {
        Ec2Settings.from(settings);
    }

    @Override
    public Provisioner create(Context context) {
        return new Ec2Provisioner(Ec2Settings.from(context.settings()), context);
    }
}
