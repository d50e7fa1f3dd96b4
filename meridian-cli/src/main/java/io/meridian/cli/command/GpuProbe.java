package io.meridian.cli.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Counts NVIDIA GPUs with nvidia-smi when it is installed; 0 otherwise. */
final class GpuProbe {
    private GpuProbe() {}

    static int count() {
        // Looking on the PATH first spares machines without it a process start on every worker start.
        if (!onPath("nvidia-smi")) {
            return 0;
        }
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return 0;
            }
            return (int) new String(p.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).count();
        } catch (Exception notInstalled) {
            return 0;
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
