package io.meridian.elastic.aws;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/**
 * One EC2 client per region a pool names; the key "" is the SDK's default region (AWS_REGION, the profile, the
 * instance's own). Credentials come from the SDK's default chain only, so Meridian never holds or logs a key.
 */
final class Ec2Clients implements AutoCloseable {
    private static final String DEFAULT_REGION = "";
    private final URI endpoint;
    private final Map<String, Ec2Client> clients = new LinkedHashMap<>();

    Ec2Clients(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The client of {@code region} (null: the default region), made on first use. */
    synchronized Ec2Client of(String region) {
        return clients.computeIfAbsent(region == null ? DEFAULT_REGION : region, r -> {
            Ec2ClientBuilder b = Ec2Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                    .credentialsProvider(DefaultCredentialsProvider.builder().build());
            if (!r.isEmpty()) {
                b.region(Region.of(r));
            }
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            return b.build();
        });
    }

    /** The regions a client was made for (null for the default one). */
    synchronized List<String> regions() {
        return clients.keySet().stream().map(r -> r.isEmpty() ? null : r).toList();
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(Ec2Client::close);
        clients.clear();
    }
}
