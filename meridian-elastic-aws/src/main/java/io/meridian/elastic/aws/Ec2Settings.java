package io.meridian.elastic.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How the aws provisioner starts machines, read from the server's environment. Credentials and the default region are
 * not here: the SDK's default chains find them (environment, system properties, profile, container or instance role).
 *
 * @param imageId          MERIDIAN_AWS_IMAGE_ID: an AMI with {@code meridian} installed at {@code executable}
 * @param subnetId         MERIDIAN_AWS_SUBNET_ID, or null for the default VPC's
 * @param securityGroupIds MERIDIAN_AWS_SECURITY_GROUP_IDS, comma-separated, or empty for the VPC's default group
 * @param instanceProfile  MERIDIAN_AWS_INSTANCE_PROFILE: the IAM instance profile name the machines run as, or null
 * @param tokenParameter   MERIDIAN_AWS_TOKEN_PARAMETER: an SSM SecureString holding the worker token, read by the
 *                         machine at boot through its instance profile, so the token is not in the user data; or null
 * @param executable       MERIDIAN_AWS_WORKER_EXECUTABLE: where {@code meridian} is on the image
 * @param endpoint         MERIDIAN_AWS_ENDPOINT: another EC2 endpoint (a VPC endpoint), or null for the region's
 * @param listInterval     MERIDIAN_AWS_LIST_SECONDS: how often the pools' instances are listed (DescribeInstances)
 * @param cluster          MERIDIAN_AWS_CLUSTER: tags this deployment's instances, so that two deployments of Meridian
 *                         in one account, with pools of the same name, never list or terminate each other's
 */
public record Ec2Settings(String imageId, String subnetId, List<String> securityGroupIds, String instanceProfile,
                          String tokenParameter, String executable, URI endpoint, Duration listInterval,
                          String cluster) {
    public static final String DEFAULT_CLUSTER = "meridian";
    public static final String DEFAULT_EXECUTABLE = "/opt/meridian/meridian";
    public static final Duration DEFAULT_LIST_INTERVAL = Duration.ofSeconds(10);
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9_./-]{1,2048}");

    public static Ec2Settings from(Function<String, String> env) {
        String image = value(env, "MERIDIAN_AWS_IMAGE_ID");
        if (image == null) {
            throw new IllegalArgumentException("MERIDIAN_AWS_IMAGE_ID is required for aws pools: the AMI the "
                    + "workers boot, with meridian installed (docs/elastic.md)");
        }
        String groups = value(env, "MERIDIAN_AWS_SECURITY_GROUP_IDS");
        String parameter = value(env, "MERIDIAN_AWS_TOKEN_PARAMETER");
        if (parameter != null && !PARAMETER.matcher(parameter).matches()) {
            throw new IllegalArgumentException("MERIDIAN_AWS_TOKEN_PARAMETER must be an SSM parameter name "
                    + "(letters, digits, '_', '.', '-', '/'), got '" + parameter + "'");
        }
        String executable = value(env, "MERIDIAN_AWS_WORKER_EXECUTABLE");
        String endpoint = value(env, "MERIDIAN_AWS_ENDPOINT");
        String seconds = value(env, "MERIDIAN_AWS_LIST_SECONDS");
        String cluster = value(env, "MERIDIAN_AWS_CLUSTER");
        return new Ec2Settings(image, value(env, "MERIDIAN_AWS_SUBNET_ID"),
                groups == null ? List.of() : Arrays.stream(groups.split(",")).map(String::strip)
                        .filter(g -> !g.isEmpty()).toList(),
                value(env, "MERIDIAN_AWS_INSTANCE_PROFILE"), parameter,
                executable == null ? DEFAULT_EXECUTABLE : executable, endpoint == null ? null : uri(endpoint),
                seconds == null ? DEFAULT_LIST_INTERVAL : Duration.ofSeconds(seconds(seconds)),
                cluster == null ? DEFAULT_CLUSTER : cluster);
    }

    /** The boot command that prints the worker token, or null when the token is written into the user data. */
    String tokenCommand() {
        return tokenParameter == null ? null : "aws ssm get-parameter --with-decryption --name '" + tokenParameter
                + "' --query Parameter.Value --output text";
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
            throw new IllegalArgumentException("MERIDIAN_AWS_ENDPOINT must be a URL such as "
                    + "https://ec2.eu-west-1.amazonaws.com, got '" + text + "'", e);
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
        throw new IllegalArgumentException("MERIDIAN_AWS_LIST_SECONDS must be a whole number of seconds (0 or more), "
                + "got '" + text + "'");
    }
}
