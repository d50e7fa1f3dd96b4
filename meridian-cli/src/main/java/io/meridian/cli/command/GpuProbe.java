package io.meridian.cli.command;

import java.util.concurrent.TimeUnit;

/** Counts NVIDIA GPUs with nvidia-smi when it is installed; 0 otherwise. */
final class GpuProbe {
    private GpuProbe() {}

    static int count() {
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
}
