package io.meridian.elastic.azure;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How the azure provisioner starts machines, read from the server's environment. Credentials are not here: the SDK's
 * DefaultAzureCredential finds them (AZURE_CLIENT_ID and its secret or certificate, workload identity, the machine's
 * managed identity, the Azure CLI's login).
 *
 * @param subscriptionId MERIDIAN_AZURE_SUBSCRIPTION_ID: the subscription the machines are billed to
 * @param resourceGroup  MERIDIAN_AZURE_RESOURCE_GROUP: the resource group they are created in and listed from
 * @param location       MERIDIAN_AZURE_LOCATION: the region of pools that name none (a pool's region wins), or null
 * @param imageId        MERIDIAN_AZURE_IMAGE_ID: the resource id of an image (managed image or gallery image
 *                       version) with {@code meridian} installed at {@code executable}
 * @param subnetId       MERIDIAN_AZURE_SUBNET_ID: the resource id of the subnet the machines' network cards join
 * @param adminUser      MERIDIAN_AZURE_ADMIN_USER: the Linux account Azure requires on every VM
 * @param sshPublicKey   MERIDIAN_AZURE_SSH_PUBLIC_KEY: that account's key (Azure requires a key or a password;
 *                       Meridian never sets a password)
 * @param identityId     MERIDIAN_AZURE_IDENTITY_ID: a user-assigned managed identity the machines run as, or null
 * @param tokenSecret    MERIDIAN_AZURE_TOKEN_SECRET: a Key Vault secret id holding the worker token, read by the
 *                       machine at boot through its identity, so the token is not in the custom data; or null
 * @param executable     MERIDIAN_AZURE_WORKER_EXECUTABLE: where {@code meridian} is on the image
 * @param endpoint       MERIDIAN_AZURE_ENDPOINT: another Resource Manager endpoint (a sovereign cloud's), or null
 * @param listInterval   MERIDIAN_AZURE_LIST_SECONDS: how often the pools' machines are listed
 * @param cluster        MERIDIAN_AZURE_CLUSTER: tags this deployment's machines, so that two deployments of Meridian
 *                       in one resource group, with pools of the same name, never list or delete each other's
 */
public record AzureSettings(String subscriptionId, String resourceGroup, String location, String imageId,
                            String subnetId, String adminUser, String sshPublicKey, String identityId,
                            String tokenSecret, String executable, URI endpoint, Duration listInterval,
                            String cluster) {
    public static final String DEFAULT_CLUSTER = "meridian";
    public static final String DEFAULT_ADMIN_USER = "meridian";
    public static final String DEFAULT_EXECUTABLE = "/opt/meridian/meridian";
    public static final Duration DEFAULT_LIST_INTERVAL = Duration.ofSeconds(10);
    private static final Pattern SECRET = Pattern.compile("https://[A-Za-z0-9.-]+/secrets/[A-Za-z0-9-]+(/[A-Za-z0-9]+)?");

    public static AzureSettings from(Function<String, String> env) {
        String subscription = required(env, "MERIDIAN_AZURE_SUBSCRIPTION_ID", "the subscription the workers' "
                + "machines are created in");
        String group = required(env, "MERIDIAN_AZURE_RESOURCE_GROUP", "the resource group of the workers' machines");
        String image = required(env, "MERIDIAN_AZURE_IMAGE_ID", "the resource id of the image the workers boot, "
                + "with meridian installed");
        String subnet = required(env, "MERIDIAN_AZURE_SUBNET_ID", "the resource id of the subnet the workers join");
        String key = required(env, "MERIDIAN_AZURE_SSH_PUBLIC_KEY", "the admin account's SSH public key, which "
                + "Azure requires on every Linux machine");
        String secret = value(env, "MERIDIAN_AZURE_TOKEN_SECRET");
        if (secret != null && !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("MERIDIAN_AZURE_TOKEN_SECRET must be a Key Vault secret id such as "
                    + "https://my-vault.vault.azure.net/secrets/worker-token, got '" + secret + "'");
        }
        String identity = value(env, "MERIDIAN_AZURE_IDENTITY_ID");
        if (secret != null && identity == null) {
            throw new IllegalArgumentException("MERIDIAN_AZURE_TOKEN_SECRET needs MERIDIAN_AZURE_IDENTITY_ID: the "
                    + "managed identity through which the machines read the secret");
        }
        String admin = value(env, "MERIDIAN_AZURE_ADMIN_USER");
        String executable = value(env, "MERIDIAN_AZURE_WORKER_EXECUTABLE");
        String endpoint = value(env, "MERIDIAN_AZURE_ENDPOINT");
        String seconds = value(env, "MERIDIAN_AZURE_LIST_SECONDS");
        String cluster = value(env, "MERIDIAN_AZURE_CLUSTER");
        return new AzureSettings(subscription, group, value(env, "MERIDIAN_AZURE_LOCATION"), image, subnet,
                admin == null ? DEFAULT_ADMIN_USER : admin, key, identity, secret,
                executable == null ? DEFAULT_EXECUTABLE : executable, endpoint == null ? null : uri(endpoint),
                seconds == null ? DEFAULT_LIST_INTERVAL : Duration.ofSeconds(seconds(seconds)),
                cluster == null ? DEFAULT_CLUSTER : cluster);
    }

    /** The boot command that prints the worker token, or null when the token is written into the custom data. */
    String tokenCommand() {
        return tokenSecret == null ? null : "az login --identity --allow-no-subscriptions >/dev/null && "
                + "az keyvault secret show --id '" + tokenSecret + "' --query value --output tsv";
    }

    private static String required(Function<String, String> env, String name, String what) {
        String v = value(env, name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required for azure pools: " + what
                    + " (docs/elastic.md)");
        }
        return v;
    }

    private static String value(Function<String, String> env, String name) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static URI uri(String text) {
        try {
            URI u = URI.create(text);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MERIDIAN_AZURE_ENDPOINT must be a URL such as "
                    + "https://management.usgovcloudapi.net, got '" + text + "'", e);
        }
    }

    private static long seconds(String text) {
        try {
            long s = Long.parseLong(text);
            if (s >= 0) {
                return s;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new IllegalArgumentException("MERIDIAN_AZURE_LIST_SECONDS must be a whole number of seconds (0 or "
                + "more), got '" + text + "'");
    }
}
