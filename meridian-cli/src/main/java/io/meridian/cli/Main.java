package io.meridian.cli;

import io.meridian.cli.command.ExecutionActionCommands;
import io.meridian.cli.command.QueueCommand;
import io.meridian.cli.command.ServerCommand;
import io.meridian.cli.command.SubmitCommand;
import io.meridian.cli.command.TokensCommand;
import io.meridian.cli.command.SchedulesCommand;
import io.meridian.cli.command.TrainingRunCommand;
import io.meridian.cli.command.WorkerCommand;
import io.meridian.cli.command.RegionsCommand;
import io.meridian.cli.command.PoolsCommand;
import io.meridian.cli.command.WorkersCommand;
import io.meridian.cli.command.ExecutionsCommand;
import io.meridian.cli.command.ExitCode;
import io.meridian.cli.command.EventsCommand;
import io.meridian.cli.command.LocksCommand;
import io.meridian.cli.command.ResumeCommand;
import io.meridian.cli.command.RunCommand;
import io.meridian.cli.command.StatusCommand;
import io.meridian.cli.command.ValidateCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code meridian} command line. */
@Command(name = "meridian", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Meridian runs pipelines (DAGs of typed stages) on a durable, prioritised job queue.", ""},
        footer = {"", "Exit codes: 0 success, 1 the execution failed, 2 invalid input or usage, 3 internal error.",
                "Environment: MERIDIAN_LOG_LEVEL (default warn), MERIDIAN_LOG_FORMAT=text|json (JSON lines with "
                        + "execution, job and trace ids),",
                "  OTEL_EXPORTER_OTLP_ENDPOINT and the other OTEL_* variables (OpenTelemetry traces, off by "
                        + "default; docs/observability.md).",
                "Docs: README.md (pipeline file reference, stage types, guarantees)."})
public final class Main implements Runnable {
    /** The subcommands, in the order the usage lists them; those of extensions follow. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, ValidateCommand.class,
            ResumeCommand.class, StatusCommand.class, ExecutionsCommand.class, ServerCommand.class,
            WorkerCommand.class, SubmitCommand.class, ExecutionActionCommands.Cancel.class,
            ExecutionActionCommands.Pause.class, WorkersCommand.class, PoolsCommand.class, RegionsCommand.class,
            LocksCommand.class, TokensCommand.class, QueueCommand.class, EventsCommand.class, TrainingRunCommand.class,
            SchedulesCommand.class, CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        OutOfMemoryExit.install();
        System.exit(commandLine(args).execute(args));
    }

    /** The whole command line, every subcommand included (usage, help, tests). */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for these arguments. Picocli reads every option of every command it is given before it
     * parses anything, and its classes are too old a class-file version for the JVM's start-up cache to keep them
     * linked: building all of them took a third of a server's start-up. So when the first argument names a
     * subcommand, that subcommand is the only one built; anything else (no argument, an option, help, a typo) gets
     * them all, so that usage, help and "did you mean" stay complete.
     */
    public static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length == 0 ? "" : args[0];
        List<Object> all = new ArrayList<>(SUBCOMMANDS);
        // Subcommands from other modules on the classpath (the benchmarks, when their jar is there).
        ServiceLoader.load(CommandExtension.class).forEach(e -> all.addAll(e.subcommands()));
        List<Object> named = all.stream().filter(c -> nameOf(c).equals(first)).toList();
        (named.isEmpty() || first.equals("help") ? all : named).forEach(cl::addSubcommand);
        // The mapper decides for parse errors too (an unknown command or option is a usage error: 2).
        cl.setExitCodeExceptionMapper(ExitCode::of);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCode.of(e);
        });
        return cl;
    }

    private static String nameOf(Object command) {
        Class<?> type = command instanceof Class<?> c ? c : command.getClass();
        Command annotation = type.getAnnotation(Command.class);
        return annotation == null ? "" : annotation.name();
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
