package io.meridian.cli.command;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of commands that run local workers (run, resume). */
public final class LocalWorkersOption {
    static final List<String> DEFAULT_CAPABILITIES = List.of("cpu", "network");

    @Option(names = "--workers", defaultValue = "4", description = "Local workers (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--concurrency", defaultValue = "16",
            description = "Jobs each worker runs at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--capabilities", split = ",", paramLabel = "CAP",
            description = "Extra capabilities the local workers offer, e.g. gpu,high-memory (always: cpu,network).")
    List<String> capabilities = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON document (execution, stages, outputs) instead of tables.")
    boolean json;

    List<String> allCapabilities() {
        List<String> caps = new ArrayList<>(DEFAULT_CAPABILITIES);
        caps.addAll(capabilities);
        return caps;
    }
}
