package io.meridian.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code meridian} CLI as a real process (a fresh JVM on this module's test classpath, so test
 * handlers registered with ServiceLoader are on it too), capturing stdout and stderr to files.
 */
final class CliProcess {
    final Process process;
    final Path stdout;
    final Path stderr;

    private CliProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static CliProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, java.util.Map.of(), args);
    }

    /**
     * As {@link #start(Path, String...)} with extra environment variables. Like the launcher, the JVM takes its
     * options from {@code MERIDIAN_JAVA_OPTS} when given (a heap limit, GC logging), else {@code -Xmx512m}.
     */
    static CliProcess start(Path workDir, java.util.Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:+ExitOnOutOfMemoryError"); // as the launcher starts it
        String javaOpts = env.getOrDefault("MERIDIAN_JAVA_OPTS", "-Xmx512m").strip();
        cmd.addAll(List.of(javaOpts.split("\\s+")));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.meridian.cli.Main");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("CI", "true");
        pb.environment().putAll(env);
        return new CliProcess(pb.start(), out, err);
    }

    /** Runs to the end (bounded) and returns the exit code. */
    static Result run(Path workDir, String... args) throws Exception {
        CliProcess p = start(workDir, args);
        return p.await(Duration.ofMinutes(2));
    }

    Result await(Duration limit) throws Exception {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("meridian did not finish within " + limit + "; stderr:\n" + Files.readString(stderr));
        }
        return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        process.waitFor();
    }

    String stderrSoFar() throws IOException {
        return Files.readString(stderr);
    }

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }
}
