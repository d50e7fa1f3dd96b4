package io.meridian.cli;

import io.meridian.cli.command.BenchCommand;
import io.meridian.cli.command.ClusterBenchCommand;
import io.meridian.cli.command.DepthBenchCommand;
import io.meridian.cli.command.FederationBenchCommand;
import io.meridian.cli.command.PlacementBenchCommand;
import io.meridian.cli.command.ExecutionActionCommands;
import io.meridian.cli.command.QueueCommand;
import io.meridian.cli.command.ServerCommand;
import io.meridian.cli.command.SubmitCommand;
import io.meridian.cli.command.TokensCommand;
import io.meridian.cli.command.WorkerCommand;
import io.meridian.cli.command.RegionsCommand;
import io.meridian.cli.command.WorkersCommand;
import io.meridian.cli.command.ExecutionsCommand;
import io.meridian.cli.command.LocksCommand;
import io.meridian.cli.command.ResumeCommand;
import io.meridian.cli.command.RunCommand;
import io.meridian.cli.command.StatusCommand;
import io.meridian.cli.command.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code meridian} command line. */
@Command(name = "meridian", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Meridian runs pipelines (DAGs of typed stages) on a durable, prioritised job queue.", ""},
        subcommands = {RunCommand.class, ValidateCommand.class, ResumeCommand.class, StatusCommand.class,
                ExecutionsCommand.class, ServerCommand.class, WorkerCommand.class, SubmitCommand.class,
                ExecutionActionCommands.Cancel.class, ExecutionActionCommands.Pause.class, WorkersCommand.class, RegionsCommand.class, LocksCommand.class,
                TokensCommand.class, QueueCommand.class, BenchCommand.class, ClusterBenchCommand.class, DepthBenchCommand.class, PlacementBenchCommand.class,
                FederationBenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 the execution failed, 2 invalid input or usage, 3 internal error.",
                "Docs: README.md (pipeline file reference, stage types, guarantees)."})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;
    public static final int INTERNAL = 3;

    public static void main(String[] args) {
        OutOfMemoryExit.install();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(e -> e instanceof IllegalArgumentException ? INVALID : INTERNAL);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof IllegalArgumentException ? INVALID : INTERNAL;
        });
        return cl;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"meridian " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
