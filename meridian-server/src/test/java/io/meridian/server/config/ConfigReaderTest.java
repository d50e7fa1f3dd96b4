package io.meridian.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import io.meridian.engine.EngineSettings;
import io.meridian.model.codec.ValidationError;
import io.meridian.server.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** meridian.yaml is read once into typed sections and refused, at file:line:column, when it is wrong. */
class ConfigReaderTest {
    @TempDir
    Path dir;

    MeridianConfig load(String yaml) throws Exception {
        return MeridianConfig.load(Files.writeString(dir.resolve("meridian.yaml"), yaml));
    }

    @Test
    void anUnknownKeyIsRefusedWithASuggestionAndItsLineAndColumn() {
        assertThatThrownBy(() -> load("""
                engine:
                  lease_ttl_secnds: 10
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("meridian.yaml:2:3: unknown key 'lease_ttl_secnds' in engine "
                        + "(did you mean 'lease_ttl_seconds'?)");
        assertThatThrownBy(() -> load("""
                engine:
                  workerz:
                    - 1
                """)).hasMessageEndingWith("meridian.yaml:2:3: unknown key 'workerz' in engine "
                + "(did you mean 'workers'?)");
    }

    @Test
    void everyUnknownKeyIsReportedAtOnceAndASectionWithNoCloseNameListsTheKnownOnes() {
        ConfigException e = (ConfigException) catchThrowable(() -> load("""
                federation:
                  regions:
                    - {name: a, endpoint: local, wieght: 2}
                auth: {tokens: [{name: ci, colour: blue, sha256: "%s"}]}
                servr:
                  max_body_bytes: 10
                """.formatted("0".repeat(64))));
        assertThat(e.errors()).extracting(ValidationError::line, ValidationError::column).containsExactly(
                tuple(3, 34), tuple(4, 28),
                tuple(5, 1));
        assertThat(e.getMessage()).contains("unknown key 'servr' (did you mean 'server'?)",
                "unknown key 'wieght' in federation.regions[0] (did you mean 'weight'?)",
                "unknown key 'colour' in auth.tokens[0]; expected one of: name, scopes, sha256");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedAtItsPlace() {
        assertThatThrownBy(() -> load("""
                server:
                  leadership:
                    ttl_seconds: soon
                """)).hasMessageEndingWith("meridian.yaml:3:5: server.leadership.ttl_seconds: expected a number, "
                + "got \"soon\"");
        assertThatThrownBy(() -> load("engine: {max_lost_attempts: \"5\"}\n"))
                .hasMessageContaining("engine.max_lost_attempts: expected a whole number, got \"5\"");
        assertThatThrownBy(() -> load("federation: {regions: {name: a}}\n"))
                .hasMessageContaining("federation.regions: expected a list");
        assertThatThrownBy(() -> load("- engine\n"))
                .hasMessageContaining("meridian.yaml:1:1: the configuration must be a mapping of sections");
    }

    @Test
    void rulesBeyondTypesAreLocatedToo() {
        assertThatThrownBy(() -> load("""
                engine:
                  retention: 7 weeks
                datasources:
                  wh: {url: "postgres://db/wh"}
                """))
                .hasMessageContaining("meridian.yaml:2:3: engine.retention: '7 weeks' is not a duration")
                .hasMessageContaining("meridian.yaml:4:8: datasources.wh.url must be a JDBC URL");
        assertThatThrownBy(() -> load("engine:\n  stage_types: [word_count, 'has space']\n"))
                .hasMessageContaining("meridian.yaml:2:29: engine.stage_types[1] must be 1-64 letters");
        assertThatThrownBy(() -> load("engine: {placement: fastest}\n"))
                .hasMessageContaining("meridian.yaml:1:10: engine.placement: unknown placement strategy 'fastest'");
    }

    @Test
    void aFullValidConfigurationIsReadIntoEverySection() throws Exception {
        Path file = dir.resolve("full.yaml");
        try (var in = getClass().getResourceAsStream("/config/full.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        MeridianConfig config = MeridianConfig.load(file);
        assertThat(config.store()).isEqualTo("sqlite");
        EngineSettings engine = config.engineSettings();
        assertThat(engine.leaseTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(engine.rateLimits()).isEqualTo(Map.of("http_request", 20.0));
        assertThat(config.declaredStageTypes()).containsExactly("word_count");
        assertThat(engine.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(engine.workers().offlineRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(config.leadershipSettings().commitStall()).isEqualTo(Duration.ofSeconds(30));
        ServerSettings server = ServerSettings.of("h", 1, config.file().server());
        assertThat(server.tlsKeystore()).isEqualTo(Path.of("server.p12"));
        assertThat(server.capacity().connections()).isEqualTo(10_000);
        assertThat(config.file().auth().tokens()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("ci");
            assertThat(t.scopes()).containsExactly("client");
        });
        assertThat(FederationSettings.read(config, Map.of()).orElseThrow().regions()).hasSize(2);
        assertThat(config.workerConfig().datasources().get("analytics").maxPoolSize()).isEqualTo(4);
        assertThat(config.workerConfig().httpAllow()).containsExactly("127.0.0.1", "10.0.0.0/8");
        assertThat(engine.events()).isEqualTo(new io.meridian.engine.events.EventSettings(true, Duration.ofDays(7)));
    }

    @Test
    void eventsCanBeTurnedOffAndTheirRetentionIsCheckedWhereItStands() throws Exception {
        assertThat(load("events: {enabled: false, retention: 36h}\n").engineSettings().events())
                .isEqualTo(new io.meridian.engine.events.EventSettings(false, Duration.ofHours(36)));
        assertThatThrownBy(() -> load("events:\n  retention: forever\n"))
                .hasMessageContaining("meridian.yaml:2:3: events.retention: 'forever' is not a duration");
        assertThatThrownBy(() -> load("events: {keep: 1d}\n")).hasMessageContaining("keep");
    }

    @Test
    void noFileAnEmptyFileAndAnEmptyMappingAreAllTheDefaults() throws Exception {
        assertThat(MeridianConfig.load(null).engineSettings()).isEqualTo(EngineSettings.DEFAULT);
        assertThat(load("").engineSettings()).isEqualTo(EngineSettings.DEFAULT);
        assertThat(load("# nothing yet\n").file()).isEqualTo(ConfigFile.EMPTY);
        assertThat(load("{}\n").store()).isEqualTo("sqlite");
    }
}
