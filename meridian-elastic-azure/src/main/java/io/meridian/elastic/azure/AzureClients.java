package io.meridian.elastic.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
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
import reactor.core.publisher.Mono;

/**
 * The Resource Manager client of the azure provisioner. Credentials come from the SDK's DefaultAzureCredential only,
 * looked up on first use, so Meridian never holds, asks for or logs a secret.
 */
final class AzureClients {
    /**
     * The HTTP calls' and token requests' threads. Not the SDK's shared executor: a JVM shutdown hook of the SDK shuts
     * that down, and a stopping server still lists and deletes its pools' machines (with the shared one, those calls
     * never complete and the server never exits).
     */
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(Thread.ofPlatform().daemon()
            .name("meridian-azure-", 0).factory());
    /** The credential of a server: the SDK's default chain. */
    static final Supplier<TokenCredential> DEFAULT_CREDENTIAL = () -> new DefaultAzureCredentialBuilder()
            .executorService(EXECUTOR).build();

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
                // No response or read timeout: the client enforces them on the SDK's shared scheduler, which its
                // shutdown hook stops, and then a stopping server's calls would never complete.
                .httpClient(new JdkHttpClientBuilder().executor(EXECUTOR).connectionTimeout(Duration.ofSeconds(10))
                        .build())
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

    /**
     * The SDK's bearer policy (its token cache, refreshed before expiry, without blocking) without its HTTPS check,
     * for a loopback endpoint.
     */
    private static final class LoopbackBearer extends BearerTokenAuthenticationPolicy {
        private final TokenRequestContext request;

        LoopbackBearer(TokenCredential credential, String scope) {
            super(credential, scope);
            this.request = new TokenRequestContext().addScopes(scope);
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            return setAuthorizationHeader(context, request).then(Mono.defer(next::process));
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            setAuthorizationHeaderSync(context, request);
            return next.processSync();
        }
    }
}
