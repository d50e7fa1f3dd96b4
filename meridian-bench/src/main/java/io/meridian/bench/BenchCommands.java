package io.meridian.bench;

import io.meridian.cli.CommandExtension;
import java.util.List;

/** Adds the {@code bench*} commands to {@code meridian} when this module's jar is on the classpath. */
public final class BenchCommands implements CommandExtension {
    @Override
    public List<Object> subcommands() {
        return List.of(new BenchCommand(), new ClusterBenchCommand(), new DepthBenchCommand(),
                new PlacementBenchCommand(), new FederationBenchCommand(), new AutoscaleBenchCommand(),
                new HandlerBenchCommand(), new io.meridian.bench.events.SseFanOutBenchCommand(),
                new io.meridian.bench.events.SlowSubscribersBenchCommand(), new io.meridian.bench.events.SinkBenchCommand());
    }
}
