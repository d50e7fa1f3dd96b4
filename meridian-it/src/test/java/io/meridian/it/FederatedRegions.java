package io.meridian.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Three regions on loopback, each a coordinator process with one in-process worker: us-east-1 (the home, whose
 * meridian.yaml lists the federation with itself as the local region), eu-west-1 and ap-northeast-1 (each accepting
 * only its own region key). A fourth configured region, eu-forged, points at eu-west-1 with a wrong key.
 */
final class FederatedRegions implements AutoCloseable {
    static final String ADMIN = "federation-admin-token-4242";
    static final Map<String, String> KEYS = Map.of("us-east-1", "region-key-us-1111", "eu-west-1",
            "region-key-eu-2222", "ap-northeast-1", "region-key-ap-3333");
    static final String FORGED = "forged-key-9999";

    final Path dir;
    final Map<String, Integer> ports = new LinkedHashMap<>();
    final Map<String, CliProcess> processes = new LinkedHashMap<>();
    private final List<CliProcess> started = new ArrayList<>();

    FederatedRegions(Path dir) {
        this.dir = dir;
    }

    FederatedRegions start(String homeExtraConfig) throws Exception {
        for (String name : List.of("us-east-1", "eu-west-1", "ap-northeast-1")) {
            ports.put(name, FreePort.find());
        }
        Files.writeString(dir.resolve("ap.key"), KEYS.get("ap-northeast-1") + "\n");
        for (String name : ports.keySet()) {
            Files.writeString(dir.resolve(name + ".yaml"), name.equals("us-east-1") ? homeConfig() + homeExtraConfig : "");
            launch(name);
        }
        for (String name : ports.keySet()) {
            CliProcess p = processes.get(name);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> ready(url(name), p));
        }
        return this;
    }

    private void launch(String name) throws IOException {
        Map<String, String> env = Map.of("MERIDIAN_REGION_NAME", name,
                "MERIDIAN_TOKEN_ADMIN", ADMIN + ":admin", "MERIDIAN_TOKEN_PEER", KEYS.get(name) + ":region",
                "EU_KEY", KEYS.get("eu-west-1"));
        CliProcess p = CliProcess.start(dir, env, "server", "--bind", "127.0.0.1:" + ports.get(name), "--data-dir",
                dir.resolve("data-" + name).toString(), "--config", dir.resolve(name + ".yaml").toString(),
                "--node-id", name, "--workers", "1");
        processes.put(name, p);
        started.add(p);
    }

    /** Starts a killed region again on its port, data directory and configuration. */
    void restart(String name) throws Exception {
        launch(name);
        CliProcess p = processes.get(name);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> ready(url(name), p));
    }

    private String homeConfig() {
        return """
                engine: {lease_ttl_seconds: 3}
                federation:
                  default_strategy: nearest
                  health_interval_seconds: 1
                  breaker: {threshold: 2, cool_down_seconds: 30}
                  regions:
                    - {name: us-east-1, endpoint: local, latitude: 39.0, longitude: -77.5, priority: 1,
                       cost_per_execution: 0.05, max_concurrent: 20}
                    - {name: eu-west-1, endpoint: "%s", api_key: "${EU_KEY}", latitude: 53.3, longitude: -6.3,
                       priority: 2, cost_per_execution: 0.02, max_concurrent: 20}
                    - {name: ap-northeast-1, endpoint: "%s", api_key_file: ap.key, latitude: 35.7, longitude: 139.7,
                       priority: 3, cost_per_execution: 0.03, max_concurrent: 20}
                    - {name: eu-forged, endpoint: "%s", api_key: "%s", latitude: 53.3, longitude: -6.3, priority: 9}
                """.formatted(url("eu-west-1"), url("ap-northeast-1"), url("eu-west-1"), FORGED);
    }

    String url(String region) {
        return "http://127.0.0.1:" + ports.get(region);
    }

    /** The CLI against the home region. */
    CliProcess.Result cli(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--coordinator", url("us-east-1"), "--token", ADMIN));
        return CliProcess.run(dir, all.toArray(String[]::new));
    }

    String logs(String region) throws IOException {
        CliProcess p = processes.get(region);
        return Files.readString(p.stdout) + Files.readString(p.stderr);
    }

    private static boolean ready(String url, CliProcess p) throws IOException {
        if (!p.process.isAlive()) {
            throw new AssertionError("region exited early:\n" + p.stderrSoFar());
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url + "/health/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            return c.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        started.forEach(p -> p.process.destroyForcibly());
    }
}
