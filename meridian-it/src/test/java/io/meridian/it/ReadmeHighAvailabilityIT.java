package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's high-availability example line by line, as written, with real processes: two servers on one
 * PostgreSQL schema, a client with the admin token copied from the first server's data directory, a worker given
 * both addresses. Then the first server is killed with SIGKILL, and the client's commands must still work against
 * the second, and work must complete. Only what cannot run here is translated: the hosts 10.0.0.x become ports on
 * 127.0.0.1, the database becomes a fresh schema, each machine gets its own root directory (an absolute path in
 * the example is under that root), and {@code scp} becomes a file copy.
 */
class ReadmeHighAvailabilityIT {
    static final String SECTION = "### Several coordinators on PostgreSQL or MariaDB (high availability)";
    static final String DATABASE = "postgresql://meridian@db:5432/meridian";
    @TempDir
    Path dir;
    TestPostgres pg;
    final List<CliProcess> started = new ArrayList<>();
    final Map<String, String> env = new HashMap<>();
    final Map<String, String> addresses = new HashMap<>();
    final Map<String, CliProcess> servers = new HashMap<>();
    String machine = "client";

    @AfterEach
    void stop() throws Exception {
        started.forEach(p -> p.process.destroyForcibly());
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void theHighAvailabilityExampleWorksAsWrittenAndSurvivesAKillOfTheFirstServer() throws Exception {
        pg = TestPostgres.requireOrSkip();
        addresses.put("10.0.0.1:7070", "127.0.0.1:" + FreePort.find());
        addresses.put("10.0.0.2:7070", "127.0.0.1:" + FreePort.find());
        List<String> lines = exampleLines();
        assertThat(lines).as("the example's commands").anyMatch(l -> l.contains("tokens create"))
                .anyMatch(l -> l.contains(" worker ")).anyMatch(l -> l.contains(" submit "));
        Files.createDirectories(root("client").resolve("examples"));
        Files.copy(Path.of("..", "examples", "hello.yaml"), root("client").resolve("examples").resolve("hello.yaml"));
        for (String line : lines) {
            run(line);
        }
        assertThat(root("10.0.0.2").resolve("var/lib/meridian/admin.token")).as("one admin token per store")
                .doesNotExist();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Files.readString(
                servers.get("10.0.0.2").stdout)).contains("Admin token: made by the first coordinator"));

        servers.get("10.0.0.1").kill9();
        List<String> clientCommands = lines.stream().filter(l -> l.startsWith("./meridian submit")).toList();
        for (String line : clientCommands) {
            run(line); // as the client ran it before: now only the second server answers
        }
        CliProcess.Result listed = meridian("tokens list");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.stdout()).contains("admin", "workers").doesNotContain(
                Files.readString(root("client").resolve("admin.token")).strip());
    }

    /** The commands of the section's first bash block, comments included (they say which machine runs what). */
    static List<String> exampleLines() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf(SECTION);
        assertThat(section).as("README section " + SECTION).isNotNegative();
        int start = readme.indexOf("```bash\n", section) + "```bash\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private void run(String line) throws Exception {
        if (line.startsWith("#")) {
            machine = line.startsWith("# on 10.0.0.") ? line.substring(5, 13) : "client";
        } else if (line.startsWith("scp ")) {
            String[] words = line.split("\\s+");
            String[] from = words[1].split(":", 2);
            Files.copy(root(from[0]).resolve(from[1].substring(1)), root(machine).resolve(words[2]));
        } else if (line.startsWith("export ")) {
            for (String assignment : line.substring(7).trim().split("\\s+")) {
                String[] kv = assignment.split("=", 2);
                env.put(kv[0], translate(kv[1]));
            }
        } else if (line.startsWith("./meridian ")) {
            runMeridian(line.substring("./meridian ".length()));
        } else {
            throw new AssertionError("the test does not know how to run this README line: " + line);
        }
    }

    private void runMeridian(String commandLine) throws Exception {
        boolean background = commandLine.endsWith("&");
        List<String> args = new ArrayList<>(Arrays.asList(translate(commandLine.replaceAll("&$", "").strip())
                .split("\\s+")));
        Path cwd = Files.createDirectories(root(machine));
        if (args.getFirst().equals("server")) {
            CliProcess server = CliProcess.start(cwd, env, args.toArray(String[]::new));
            started.add(server);
            servers.put(machine, server);
            String url = "http://" + args.get(args.indexOf("--bind") + 1);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> ready(url, server));
        } else if (background) {
            started.add(CliProcess.start(cwd, env, args.toArray(String[]::new)));
        } else {
            CliProcess.Result r = meridian(String.join(" ", args));
            assertThat(r.exitCode()).as("./meridian " + commandLine + " on " + machine + ":\n" + r).isZero();
        }
    }

    private CliProcess.Result meridian(String args) throws Exception {
        return CliProcess.start(root(machine), env, args.split("\\s+")).await(Duration.ofMinutes(2));
    }

    private String translate(String text) {
        String t = text.replace(DATABASE, pg.location());
        for (var a : addresses.entrySet()) {
            t = t.replace(a.getKey(), a.getValue());
        }
        return t.replace(" /var/", " " + root(machine) + "/var/");
    }

    private Path root(String machineName) {
        return dir.resolve(machineName);
    }

    private static boolean ready(String url, CliProcess p) throws Exception {
        if (!p.process.isAlive()) {
            throw new AssertionError("server exited early:\n" + p.stderrSoFar());
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url + "/health/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            return c.getResponseCode() == 200;
        } catch (java.io.IOException notYet) {
            return false;
        }
    }
}
