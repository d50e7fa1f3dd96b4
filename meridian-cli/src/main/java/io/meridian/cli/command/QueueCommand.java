package io.meridian.cli.command;

import io.meridian.cli.output.TableView;
import io.meridian.client.MeridianClient;
import io.meridian.model.json.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code meridian queue stats|pause|resume|drain|clean|jobs}: the job queue of a coordinator server. */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"Inspect and operate a coordinator's job queue.",
                "  stats            counts by state and waiting jobs by priority",
                "  pause|resume     stop/start handing out jobs (--type for one stage type)",
                "  drain            cancel every waiting and delayed job",
                "  clean            delete finished jobs (--states, --older-than-seconds)",
                "  jobs             list jobs (--status waiting,failed; --limit)",
                "Job states, the same words everywhere (stats, --status, --states, the API): waiting, delayed, "
                        + "paused, leased, running, succeeded, failed, cancelled, dead ('completed' is read as "
                        + "succeeded)."})
public final class QueueCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ACTION", description = "stats, pause, resume, drain, clean or jobs")
    String action;

    @Option(names = "--type", paramLabel = "STAGE_TYPE", description = "pause/resume only this stage type")
    String type;

    @Option(names = "--states", split = ",", defaultValue = "succeeded,cancelled",
            description = "clean: which finished states (default: ${DEFAULT-VALUE})")
    List<String> states;

    @Option(names = "--older-than-seconds", defaultValue = "86400", description = "clean: minimum age (default: ${DEFAULT-VALUE})")
    long olderThanSeconds;

    @Option(names = "--status", defaultValue = "waiting", description = "jobs: states to list (default: ${DEFAULT-VALUE})")
    String status;

    @Option(names = "--limit", defaultValue = "50", description = "jobs: how many (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Mixin
    RemoteOptions remote;

    @Mixin
    DataDirOption store;

    @Override
    public Integer call() {
        remote.require("queue");
        store.refuseStore("queue");
        MeridianClient client = remote.client(store.dataDir);
        JsonNode result = switch (action) {
            case "stats" -> Json.toTree(client.queueStats());
            case "pause" -> Json.toTree(client.pauseQueue(type));
            case "resume" -> Json.toTree(client.resumeQueue(type));
            case "drain" -> Json.object().put("cancelled", client.drainQueue());
            case "clean" -> Json.object().put("deleted", client.cleanQueue(states, olderThanSeconds));
            case "jobs" -> Json.object().set("jobs", Json.toTree(client.jobs(status, limit)));
            default -> throw new IllegalArgumentException("unknown queue action '" + action
                    + "' (stats, pause, resume, drain, clean, jobs)");
        };
        if (json || !action.equals("jobs") && !action.equals("stats")) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        } else if (action.equals("stats")) {
            TableView t = new TableView("STATE", "JOBS");
            result.properties().forEach(e -> {
                if (e.getValue().isNumber()) {
                    t.row(e.getKey(), e.getValue().asLong());
                }
            });
            t.print(System.out);
            System.out.println("waiting by priority: " + Json.write(result.path("waiting_by_priority")));
            for (JsonNode u : result.path("unschedulable")) {
                System.out.printf("UNSCHEDULABLE: %d %s job(s): %s%n", u.path("jobs").asLong(),
                        u.path("type").asString(), u.path("reason").asString());
            }
        } else {
            TableView t = new TableView("JOB", "TYPE", "STATUS", "PRIORITY", "ATTEMPT", "EXECUTION", "ERROR");
            for (JsonNode j : result.path("jobs")) {
                t.row(j.path("id").asString(), j.path("type").asString(), j.path("status").asString(),
                        j.path("priority").asInt(), j.path("attempt").asInt(), j.path("execution_id").asString("-"),
                        firstLine(j.path("error").asString("")));
            }
            t.print(System.out);
        }
        return ExitCode.OK;
    }

    /** An error's first line: a job's error may hold stack traces and earlier attempts (see --json for all). */
    private static String firstLine(String error) {
        int nl = error.indexOf('\n');
        return nl < 0 ? error : error.substring(0, nl) + " ...";
    }
}
