package io.meridian.cli.command;

import io.meridian.cli.output.TableView;
import io.meridian.client.MeridianClient;
import io.meridian.model.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code meridian schedules}: start a registered pipeline on a cron or at a fixed interval. Schedules live in the
 * store and the leading coordinator fires them, so every subcommand talks to a coordinator ({@code --coordinator}).
 */
@Command(name = "schedules", mixinStandardHelpOptions = true,
        description = {"Create, list, pause, resume or delete schedules (default: list).", "",
                "Examples:",
                "  meridian schedules create nightly --pipeline report --cron '30 2 * * *' --time-zone Europe/Paris",
                "  meridian schedules create ping --pipeline ping --every 5m --input region=eu \\",
                "      --missed-fire catch_up --catch-up-limit 3 --overlap cancel_previous",
                "  meridian schedules list --json",
                "  meridian schedules pause nightly"},
        subcommands = {SchedulesCommand.List.class, SchedulesCommand.Create.class, SchedulesCommand.Pause.class,
                SchedulesCommand.Resume.class, SchedulesCommand.Delete.class})
public final class SchedulesCommand implements Callable<Integer> {
    @Mixin
    DataDirOption store;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() {
        return new List().list(this);
    }

    MeridianClient client() {
        remote.require("meridian schedules");
        store.refuseStore("schedules");
        return remote.client(store.dataDir);
    }

    static void print(JsonNode schedules, boolean json) {
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(schedules));
            return;
        }
        TableView t = new TableView("ID", "PIPELINE", "WHEN", "ZONE", "MISSED", "OVERLAP", "STATE", "LAST SLOT",
                "NEXT SLOT", "LAST EXECUTION");
        schedules.path("items").forEach(s -> t.row(s.path("id").asString(), s.path("pipeline").asString()
                        + (s.has("pipeline_version") ? "@" + s.path("pipeline_version").asInt() : ""),
                s.has("cron") ? s.path("cron").asString() : "every " + s.path("every").asString(),
                s.path("time_zone").asString(), s.path("missed_fire").asString()
                        + (s.has("catch_up_limit") ? " " + s.path("catch_up_limit").asInt() : ""),
                s.path("overlap").asString(), s.path("paused").asBoolean() ? "paused" : "active",
                s.path("last_slot").asString("-"), s.path("next_slot").asString("-"),
                s.path("last_execution_id").asString("-")));
        t.print(System.out);
    }

    static ObjectNode one(JsonNode schedule) {
        ObjectNode out = Json.object();
        out.putArray("items").add(schedule);
        return out;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every schedule, by id, with its next slot.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        SchedulesCommand parent;

        @Option(names = "--json", description = "Print {items} as JSON.")
        boolean json;

        @Override
        public Integer call() {
            return list(parent);
        }

        int list(SchedulesCommand schedules) {
            print(schedules.client().schedules(), json);
            return ExitCode.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a schedule that starts a registered pipeline.",
                    "Cron has 5 fields (minute hour day-of-month month day-of-week) or 6 (a second field first)."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        SchedulesCommand parent;

        @Parameters(paramLabel = "ID", description = "The schedule's name: letters, digits, '.', '_' or '-'.")
        String id;

        @Option(names = "--pipeline", required = true, paramLabel = "ID", description = "A registered pipeline.")
        String pipeline;

        @Option(names = "--pipeline-version", paramLabel = "N",
                description = "Start this version (default: the newest registered when a slot fires).")
        Integer pipelineVersion;

        @ArgGroup(exclusive = true, multiplicity = "1")
        When when;

        static final class When {
            @Option(names = "--cron", paramLabel = "EXPR", description = "A cron expression of 5 or 6 fields.")
            String cron;

            @Option(names = "--every", paramLabel = "DURATION", description = "A fixed interval: 30s, 5m, 1h...")
            String every;
        }

        @Option(names = "--time-zone", paramLabel = "ZONE", description = "IANA zone the cron is read in (default: UTC).")
        String zone;

        @Option(names = "--input", paramLabel = "NAME=VALUE", description = "An input every execution gets (repeatable).")
        Map<String, String> inputs = new LinkedHashMap<>();

        @Option(names = "--missed-fire", paramLabel = "POLICY",
                description = "Slots missed while no leader ran: skip (default), run_once or catch_up.")
        String missedFire;

        @Option(names = "--catch-up-limit", paramLabel = "N", description = "With catch_up: fire at most the newest N.")
        Integer catchUpLimit;

        @Option(names = "--overlap", paramLabel = "POLICY",
                description = "A slot while the previous run is unfinished: skip (default), allow or cancel_previous.")
        String overlap;

        @Option(names = "--paused", description = "Create it paused.")
        boolean paused;

        @Option(names = "--json", description = "Print the schedule as JSON.")
        boolean json;

        @Override
        public Integer call() {
            ObjectNode body = Json.object().put("id", id).put("pipeline", pipeline);
            if (pipelineVersion != null) {
                body.put("pipeline_version", pipelineVersion);
            }
            body.put(when.cron != null ? "cron" : "every", when.cron != null ? when.cron : when.every);
            putIfSet(body, "time_zone", zone);
            putIfSet(body, "missed_fire", missedFire);
            putIfSet(body, "overlap", overlap);
            if (catchUpLimit != null) {
                body.put("catch_up_limit", catchUpLimit);
            }
            if (paused) {
                body.put("paused", true);
            }
            if (!inputs.isEmpty()) {
                ObjectNode in = body.putObject("inputs");
                inputs.forEach((k, v) -> in.set(k, Inputs.parseValue(v)));
            }
            JsonNode created = parent.client().createSchedule(body);
            print(json ? created : one(created), json);
            return ExitCode.OK;
        }

        private static void putIfSet(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }

    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        SchedulesCommand parent;

        @Parameters(paramLabel = "ID", description = "The schedule.")
        String id;

        @Option(names = "--json", description = "Print the schedule as JSON.")
        boolean json;

        abstract String action();

        @Override
        public Integer call() {
            JsonNode s = parent.client().scheduleAction(id, action());
            print(json ? s : one(s), json);
            return ExitCode.OK;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Fire nothing until resumed.")
    static final class Pause extends Action {
        @Override
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Fire again from the next slot; slots passed while paused never fire.")
    static final class Resume extends Action {
        @Override
        String action() {
            return "resume";
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a schedule; executions it started are left alone.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        SchedulesCommand parent;

        @Parameters(paramLabel = "ID", description = "The schedule.")
        String id;

        @Override
        public Integer call() {
            parent.client().deleteSchedule(id);
            System.out.println("Deleted schedule " + id);
            return ExitCode.OK;
        }
    }
}
