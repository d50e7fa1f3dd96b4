package io.meridian.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.client.CoordinatorAddresses;
import io.meridian.client.MeridianClient;
import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.memory.InMemoryStore;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a keystore configured the server speaks HTTPS only (certificate made with the JDK's keytool). */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsWithTheConfiguredCertificate() throws Exception {
        Path keystore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "meridian", "-keyalg", "EC", "-dname",
                "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype",
                "PKCS12", "-keystore", keystore.toString(), "-storepass", "secret123", "-keypass", "secret123")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();

        Coordinator coordinator = Coordinator.start(new InMemoryStore(), EngineSettings.DEFAULT, SystemClock.INSTANCE,
                Duration.ofMillis(100));
        try (CoordinatorServer server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20, 100, 16,
                keystore, "secret123"), coordinator, new Tokens().addToken("t", "t", EnumSet.of(Scope.ADMIN)),
                Set.of("noop"))) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trusted.load(in, "secret123".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(tls).build();
            var r = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port()
                    + "/v1/queue/stats")).header("Authorization", "Bearer t").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            // Meridian's own client builds its TLS on the first https connection (LazyTlsStrategy). Its trust store
            // is the JVM's default SSL context, which the JVM builds once from the javax.net.ssl properties: other
            // tests in this JVM may have built it first, without this certificate. Either way the client must have
            // spoken TLS: it is answered, or it refuses the unknown certificate.
            String before = System.getProperty("javax.net.ssl.trustStore");
            System.setProperty("javax.net.ssl.trustStore", keystore.toString());
            System.setProperty("javax.net.ssl.trustStorePassword", "secret123");
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            try {
                MeridianClient client = new MeridianClient(CoordinatorAddresses.parse("https://127.0.0.1:"
                        + server.port()), "t", Duration.ZERO);
                assertThat(client.queueStats()).isNotNull();
            } catch (RuntimeException e) {
                assertThat(e).hasMessageContaining("PKIX path building failed");
            } finally {
                restore("javax.net.ssl.trustStore", before);
                System.clearProperty("javax.net.ssl.trustStorePassword");
                System.clearProperty("javax.net.ssl.trustStoreType");
            }
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.port() + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString())).as("plain HTTP is not served").isInstanceOf(Exception.class);
        } finally {
            coordinator.close();
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
