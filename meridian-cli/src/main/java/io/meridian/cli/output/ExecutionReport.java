package io.meridian.cli.output;

import io.meridian.model.json.Json;
import io.meridian.server.api.ExecutionDocument;
import io.meridian.store.ExecutionRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Prints an execution: a stage table and the outputs for people, or one JSON document for programs. */
public final class ExecutionReport {
    private static final int MAX_OUTPUT_CHARS = 4000;

    private ExecutionReport() {}

    public static ObjectNode toJson(ExecutionRecord x) {
        return ExecutionDocument.of(x);
    }

    /** The document with the latest checkpoint linked to the execution in {@code store}. */
    public static ObjectNode toJson(ExecutionRecord x, io.meridian.store.Store store) {
        var checkpoints = store.checkpoints(x.id());
        return ExecutionDocument.of(x, checkpoints.isEmpty() ? null : checkpoints.getLast().checkpointId());
    }

    /** The execution document as pretty JSON, or as the stage table and outputs. */
    /** The execution document as the Java client returns it. */
    public static void print(io.meridian.protocol.api.ExecutionView view, boolean json, PrintStream out) {
        print(io.meridian.model.json.Json.toTree(view), json, out);
    }

    public static void printText(io.meridian.protocol.api.ExecutionView view, PrintStream out) {
        printText(io.meridian.model.json.Json.toTree(view), out);
    }

    public static void print(JsonNode doc, boolean json, PrintStream out) {
        if (json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            printText(doc, out);
        }
    }

    public static void printText(ExecutionRecord x, PrintStream out) {
        printText(toJson(x), out);
    }

    /** Renders the execution document (the same one {@code --json} prints and the server returns). */
    public static void printText(JsonNode doc, PrintStream out) {
        out.printf("Execution %s %s in %s (pipeline '%s')%n", doc.path("execution_id").asString(),
                doc.path("status").asString(), human(Duration.ofMillis(doc.path("duration_ms").asLong())),
                doc.path("pipeline_id").asString());
        TableView table = new TableView("STAGE", "TYPE", "STATUS", "JOBS", "ATTEMPTS", "TIME", "NOTE");
        doc.path("stages").properties().forEach(e -> {
            JsonNode r = e.getValue();
            table.row(e.getKey(), r.path("type").asString(), r.path("status").asString(),
                    r.path("jobs_done").asInt() + "/" + r.path("jobs").asInt(), r.path("attempts").asInt(),
                    elapsed(instant(r.path("started_at")), instant(r.path("finished_at"))),
                    r.path("error").isNull() || r.path("error").isMissingNode() ? "" : firstLine(r.path("error").asString()));
        });
        table.print(out);
        if (doc.hasNonNull("error")) {
            out.println();
            out.println("Error: " + doc.path("error").asString());
        }
        out.println();
        out.println("Outputs:");
        doc.path("outputs").properties().forEach(e ->
                out.println("  " + e.getKey() + ": " + truncate(Json.write(e.getValue()))));
    }

    /** A table cell shows an error's first line; its stack trace and earlier attempts follow under "Error:". */
    private static String firstLine(String error) {
        int nl = error.indexOf('\n');
        return nl < 0 ? error : error.substring(0, nl) + " ...";
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : Instant.parse(n.asString());
    }

    private static String elapsed(Instant from, Instant to) {
        return from == null || to == null ? "-" : human(Duration.between(from, to));
    }

    public static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : ms < 120_000 ? String.format("%.1f s", ms / 1000.0)
                : String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }

    private static String truncate(String s) {
        return s.length() <= MAX_OUTPUT_CHARS ? s : s.substring(0, MAX_OUTPUT_CHARS) + "… ("
                + s.length() + " chars; use --json for all of it)";
    }
}
