package io.meridian.cli.command;

import io.meridian.cli.output.ExecutionReport;
import io.meridian.client.ApiException;
import io.meridian.client.MeridianClient;
import io.meridian.model.codec.PipelineReader;
import io.meridian.model.codec.PipelineValidationException;
import io.meridian.model.json.Json;
import io.meridian.model.pipeline.Pipeline;
import io.meridian.worker.sdk.HandlerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code meridian submit FILE}: starts a pipeline on a coordinator server. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Start a pipeline on a coordinator server (--coordinator or MERIDIAN_COORDINATOR).",
                "With --wait, follow its events (a line per stage change) to the end; exit codes then match 'run'"
                        + " (0 succeeded, 1 failed). A lost connection is retried and resumes after the last event."})
public final class SubmitCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The pipeline file (JSON or YAML).")
    Path file;

    @Option(names = "--input", paramLabel = "NAME=VALUE", description = "An input value (repeatable).")
    Map<String, String> inputs = new LinkedHashMap<>();

    @Option(names = "--input-file", paramLabel = "JSON", description = "A JSON object of inputs.")
    Path inputFile;

    @Option(names = "--request-id", paramLabel = "KEY", description = "Idempotency key (default: a new one).")
    String requestId;

    @Option(names = "--wait", description = "Wait until the execution ends, then print it.")
    boolean await;

    @Option(names = "--json", description = "Print the execution document as JSON.")
    boolean json;

    @Mixin
    RemoteOptions remote;

    @Mixin
    DataDirOption store;

    @Override
    public Integer call() throws Exception {
        remote.require("submit");
        store.refuseStore("submit");
        Pipeline pipeline;
        try {
            // Check the file here first, for exact positions; the server checks stage types against its workers.
            // The configs of the stage types known here (the built-ins) are checked against their schemas.
            var handlers = HandlerRegistry.fromClasspath(Thread.currentThread().getContextClassLoader());
            pipeline = PipelineReader.read(file, null, handlers.configSchemas());
        } catch (PipelineValidationException e) {
            e.errors().forEach(err -> System.err.println(err));
            return ExitCode.USAGE;
        }
        MeridianClient client = remote.client(store.dataDir);
        JsonNode doc;
        try {
            doc = Json.toTree(client.startExecution(Files.readString(file), file.getFileName().toString(),
                    Inputs.resolve(pipeline, inputFile, inputs), requestId));
        } catch (ApiException e) {
            if (e.problems().isEmpty()) {
                throw e;
            }
            // the server checks stage types against what its workers have: print each problem it found
            e.problems().forEach(System.err::println);
            System.err.printf("%s: %d problem%s (the coordinator refused the pipeline)%n", file, e.problems().size(),
                    e.problems().size() == 1 ? "" : "s");
            return ExitCode.USAGE;
        }
        String id = doc.path("execution_id").asString();
        if (!await) {
            if (json) {
                System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            } else {
                System.out.println(id);
            }
            return ExitCode.OK;
        }
        System.err.printf("Execution %s of pipeline '%s' submitted; waiting for it to end%n", id, pipeline.id());
        if (!isTerminal(doc)) {
            doc = RemoteEventFollow.follow(client, id, pipeline.stages().size(), System.err,
                    io.meridian.cli.output.ProgressView.stderrIsTerminal());
        }
        ExecutionReport.print(doc, json, System.out);
        return doc.path("status").asString().equals("succeeded") ? ExitCode.OK : ExitCode.FAILED;
    }

    static boolean isTerminal(JsonNode doc) {
        return RemoteEventFollow.isTerminal(doc);
    }
}
