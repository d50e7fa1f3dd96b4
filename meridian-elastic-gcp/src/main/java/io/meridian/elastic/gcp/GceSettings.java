package io.meridian.elastic.gcp;

import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How the gcp provisioner starts machines, read from the server's environment. Credentials are not here: the client
 * finds them through Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's, the machine's own).
 *
 * @param project        MERIDIAN_GCP_PROJECT: the project the instances are created in
 * @param zone           MERIDIAN_GCP_ZONE: the zone of pools without a {@code region} (which for gcp names a zone)
 * @param image          MERIDIAN_GCP_IMAGE: the boot image, with {@code meridian} installed at {@code executable}
 * @param subnetwork     MERIDIAN_GCP_SUBNETWORK, or null for the project's default network
 * @param serviceAccount MERIDIAN_GCP_SERVICE_ACCOUNT: the e-mail the machines run as, or null for none
 * @param tokenSecret    MERIDIAN_GCP_TOKEN_SECRET: a Secret Manager secret holding the worker token, read by the
 *                       machine at boot with its service account, so the token is not in the metadata; or null
 * @param executable     MERIDIAN_GCP_WORKER_EXECUTABLE: where {@code meridian} is on the image
 * @param endpoint       MERIDIAN_GCP_ENDPOINT: another Compute Engine endpoint (host:port or a URL), or null
 * @param listInterval   MERIDIAN_GCP_LIST_SECONDS: how often the pools' instances are listed
 * @param cluster        MERIDIAN_GCP_CLUSTER: the label that keeps two deployments in one project apart
 */
public record GceSettings(String project, String zone, String image, String subnetwork, String serviceAccount,
                          String tokenSecret, String executable, String endpoint, Duration listInterval,
                          String cluster) {
    public static final String DEFAULT_EXECUTABLE = "/opt/meridian/meridian";
    public static final Duration DEFAULT_LIST_INTERVAL = Duration.ofSeconds(10);
    public static final String DEFAULT_CLUSTER = "meridian";
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_/-]{1,255}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{1,63}");

    public static GceSettings from(Function<String, String> env) {
        String project = required(env, "MERIDIAN_GCP_PROJECT", "the project the workers' instances are made in");
        String image = required(env, "MERIDIAN_GCP_IMAGE", "the boot image, with meridian installed (such as "
                + "projects/my-project/global/images/meridian-worker)");
        String secret = value(env, "MERIDIAN_GCP_TOKEN_SECRET");
        if (secret != null && !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("MERIDIAN_GCP_TOKEN_SECRET must be a Secret Manager secret name, got '"
                    + secret + "'");
        }
        String cluster = value(env, "MERIDIAN_GCP_CLUSTER");
        if (cluster != null && !LABEL_VALUE.matcher(cluster).matches()) {
            throw new IllegalArgumentException("MERIDIAN_GCP_CLUSTER must be a label value (1-63 lower-case letters, "
                    + "digits, '_', '-'), got '" + cluster + "'");
        }
        String executable = value(env, "MERIDIAN_GCP_WORKER_EXECUTABLE");
        String seconds = value(env, "MERIDIAN_GCP_LIST_SECONDS");
        return new GceSettings(project, value(env, "MERIDIAN_GCP_ZONE"), image, value(env, "MERIDIAN_GCP_SUBNETWORK"),
                value(env, "MERIDIAN_GCP_SERVICE_ACCOUNT"), secret,
                executable == null ? DEFAULT_EXECUTABLE : executable, value(env, "MERIDIAN_GCP_ENDPOINT"),
                seconds == null ? DEFAULT_LIST_INTERVAL : Duration.ofSeconds(seconds(seconds)),
                cluster == null ? DEFAULT_CLUSTER : cluster);
    }

    /** The boot command that prints the worker token, or null when the token is written into the metadata. */
    String tokenCommand() {
        return tokenSecret == null ? null : "gcloud secrets versions access latest --secret='" + tokenSecret + "'";
    }

    private static String required(Function<String, String> env, String name, String what) {
        String v = value(env, name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required for gcp pools: " + what + " (docs/elastic.md)");
        }
        return v;
    }

    private static String value(Function<String, String> env, String name) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? null : v.strip();
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
        throw new IllegalArgumentException("MERIDIAN_GCP_LIST_SECONDS must be a whole number of seconds (0 or more), "
                + "got '" + text + "'");
    }
}
