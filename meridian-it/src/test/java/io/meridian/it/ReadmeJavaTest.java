package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.engine.Coordinator;
import io.meridian.engine.EngineSettings;
import io.meridian.engine.time.SystemClock;
import io.meridian.model.codec.PipelineReader;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.protocol.api.ExecutionView;
import io.meridian.server.CoordinatorServer;
import io.meridian.server.ServerSettings;
import io.meridian.server.auth.Scope;
import io.meridian.server.auth.Tokens;
import io.meridian.store.embedded.SqliteStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java of the README's "Write your own stage type", taken from the README as written: it compiles against the
 * published artifacts, the embedded run prints what the README says, and the embedded worker with the client runs
 * a pipeline on a real coordinator.
 */
class ReadmeJavaTest {
    static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    static final Pattern CLASS_NAME = Pattern.compile("public final class (\\w+)");

    static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    static final Pattern PIPELINE_TEXT = Pattern.compile("PipelineReader\\.read\\(\"\"\"\\n(.*?)\"\"\"", Pattern.DOTALL);

    @TempDir
    static Path dir;
    static ClassLoader compiled;
    /** The README's handlers packed as it says: a jar with the services file listing them. */
    static Path handlersJar;
    static String section;

    @BeforeAll
    static void compileTheReadmesJava() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("## Write your own stage type");
        section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Map<String, String> sources = new LinkedHashMap<>();
        Matcher block = JAVA_BLOCK.matcher(section);
        while (block.find()) {
            Matcher name = CLASS_NAME.matcher(block.group(1));
            assertThat(name.find()).as("a public final class in\n%s", block.group(1)).isTrue();
            sources.put("acme.words." + name.group(1), block.group(1));
        }
        assertThat(sources.keySet()).contains("acme.words.WordCount", "acme.words.TypedWordCount",
                "acme.words.CountWords", "acme.words.WordsWorker");
        Path jar = HandlerJar.build(dir, "readme", sources, List.of(), Set.of());
        handlersJar = HandlerJar.build(dir, "acme-handlers", sources,
                List.of("acme.words.WordCount", "acme.words.TypedWordCount"), Set.of());
        compiled = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ReadmeJavaTest.class.getClassLoader());
    }

    @Test
    void theEmbeddedRunPrintsWhatTheReadmeSays() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try {
            compiled.loadClass("acme.words.CountWords").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(out);
        }
        assertThat(printed.toString().strip()).isEqualTo("{\"words\":4} {\"words\":5}");
    }

    @Test
    void theEmbeddedWorkerRunsThePipelineTheClientStartsAndAwaits() throws Exception {
        try (SqliteStore store = new SqliteStore(dir.resolve("meridian.db"));
             Coordinator coordinator = Coordinator.start(store, EngineSettings.DEFAULT, SystemClock.INSTANCE,
                     Duration.ofMillis(20));
             CoordinatorServer server = CoordinatorServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20, 1000, 64,
                     null, null), coordinator, new Tokens().addToken("t", "app",
                     EnumSet.of(Scope.WORKER, Scope.CLIENT)), Set.of())) {
            Pipeline pipeline = PipelineReader.read("""
                    id: remote_words
                    stages:
                      - id: count
                        type: word_count
                        config: {text: "one two three"}
                    """, "remote_words.yaml", Set.of("word_count"));
            ExecutionView done = (ExecutionView) compiled.loadClass("acme.words.WordsWorker")
                    .getMethod("countOn", String.class, String.class, Pipeline.class)
                    .invoke(null, "http://127.0.0.1:" + server.port(), "t", pipeline);
            assertThat(done.status()).isEqualTo("succeeded");
            assertThat(done.outputs().get("count").toString()).isEqualTo("{\"words\":3}");
        }
    }

    /**
     * The tutorial's commands as the README writes them (validate, then run with the embedded coordinator), on the
     * README's own pipeline and handlers jar. The worker line joins a fleet; MixedFleetIT runs that step.
     */
    @Test
    void theReadmesCommandsValidateAndRunWithTheHandlersJar() throws Exception {
        Matcher pipeline = PIPELINE_TEXT.matcher(section);
        assertThat(pipeline.find()).as("the pipeline of CountWords").isTrue();
        Files.writeString(dir.resolve("words.yaml"), pipeline.group(1).stripIndent());
        Files.copy(handlersJar, dir.resolve("acme-handlers.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Matcher bash = BASH_BLOCK.matcher(section);
        List<String> commands = new java.util.ArrayList<>();
        while (bash.find()) {
            bash.group(1).lines().map(l -> l.replaceAll("#.*", "").strip())
                    .filter(l -> l.startsWith("./meridian validate ") || l.startsWith("./meridian run "))
                    .forEach(commands::add);
        }
        assertThat(commands).hasSize(2);
        for (String command : commands) {
            String[] args = command.substring("./meridian ".length()).split("\\s+");
            CliProcess.Result r = CliProcess.run(dir, args);
            assertThat(r.exitCode()).as(command + "\n" + r).isZero();
            assertThat(r.stderr()).as(command).doesNotContain("Warning");
        }
        CliProcess.Result json = CliProcess.run(dir, "run", "words.yaml", "--handlers", "acme-handlers.jar", "--json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        var stages = io.meridian.model.json.Json.parse(json.stdout()).path("stages");
        assertThat(stages.path("raw").path("output").path("words").asInt()).isEqualTo(4);
        assertThat(stages.path("typed").path("output").path("words").asInt()).isEqualTo(5);
    }
}
