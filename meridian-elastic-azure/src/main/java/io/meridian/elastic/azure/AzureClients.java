package io.meridian.elastic.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.VirtualMachinesClient;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The Resource Manager client of the azure provisioner. Credentials come from the SDK's DefaultAzureCredential only,
 * looked up on first use, so Meridian never holds, asks for or logs a secret.
 */
final class AzureClients {
    /** The credential of a server: the SDK's default chain. */
    static final Supplier<TokenCredential> DEFAULT_CREDENTIAL = () -> new DefaultAzureCredentialBuilder().build();

    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(Thread.ofPlatform().daemon()
            .name("meridian-azure-http-", 0).factory());

    private AzureClients() {}

    static VirtualMachinesClient virtualMachines(AzureSettings settings, TokenCredential credential) {
        AzureEnvironment environment = AzureEnvironment.AZURE;
        if (settings.endpoint() != null) {
            Map<String, String> endpoints = new HashMap<>(environment.getEndpoints());
            endpoints.put("resourceManagerEndpointUrl", settings.endpoint().toString());
            environment = new AzureEnvironment(endpoints);
        }
        String scope = environment.getManagementEndpoint() + "/.default";
        HttpPipelinePolicy auth = isLoopbackHttp(settings.endpoint()) ? new LoopbackBearer(credential, scope)
                : new BearerTokenAuthenticationPolicy(credential, scope);
        HttpPipeline pipeline = new HttpPipelineBuilder()
                // its own threads: the SDK's shared executor is shut down by a JVM shutdown hook, and a stopping server
                // still deletes its pools' machines
                .httpClient(new JdkHttpClientBuilder().executor(EXECUTOR).connectionTimeout(Duration.ofSeconds(10))
                        .responseTimeout(Duration.ofSeconds(60)).build())
                .policies(new UserAgentPolicy("meridian"), new RetryPolicy(), auth)
                .build();
        return ComputeManager.authenticate(pipeline, new AzureProfile(null, settings.subscriptionId(), environment))
                .serviceClient().getVirtualMachines();
    }

    /**
     * The SDK sends a bearer token over HTTPS only. A plain-HTTP endpoint on this machine's loopback (a local
     * stand-in of Resource Manager) gets it too, since it never leaves the machine; any other is refused by the SDK.
     */
    static boolean isLoopbackHttp(URI endpoint) {
        if (endpoint == null || !"http".equalsIgnoreCase(endpoint.getScheme())) {
            return false;
        }
        try {
            return InetAddress.getByName(endpoint.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Puts the credential's token on requests to a loopback endpoint, where the SDK's policy wants HTTPS. */
    private static final class LoopbackBearer extends HttpPipelineSyncPolicy {
        private final TokenCredential credential;
        private final TokenRequestContext request;

        LoopbackBearer(TokenCredential credential, String scope) {
            this.credential = credential;
            this.request = new TokenRequestContext().addScopes(scope);
        }

        @Override
        protected void beforeSendingRequest(HttpPipelineCallContext context) {
            context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION,
                    "Bearer " + credential.getTokenSync(request).getToken());
        }
    }
}
