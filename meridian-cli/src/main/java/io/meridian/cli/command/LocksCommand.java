package io.meridian.cli.command;

import io.meridian.cli.output.TableView;
import io.meridian.client.ApiException;
import io.meridian.engine.locks.LockService;
import io.meridian.model.json.Json;
import io.meridian.store.Store;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code meridian locks}: the leased locks tasks and clients hold, from a coordinator ({@code --coordinator}) or
 * the store ({@code --store}, by default the embedded one). Options may come before or after the subcommand. Releasing needs the holder's lock id: it is for clearing a lock whose holder is gone.
 */
@Command(name = "locks", mixinStandardHelpOptions = true,
        description = {"List, show or release leased locks (default: list).", "",
                "Examples:",
                "  meridian locks list --prefix reports/",
                "  meridian locks get reports/daily",
                "  meridian locks release reports/daily --lock-id 5f0c…"},
        subcommands = {LocksCommand.List.class, LocksCommand.Get.class, LocksCommand.Release.class})
public final class LocksCommand implements Callable<Integer> {
    @Mixin
    DataDirOption store;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() {
        return new List().list(this);
    }

    /** Runs {@code remoteCall} against the coordinator, or {@code localCall} on the embedded store's locks. */
    JsonNode ask(Function<io.meridian.client.MeridianClient, JsonNode> remoteCall,
                 Function<LockService, JsonNode> localCall) {
        if (remote.isRemote()) {
            store.refuseStore("locks");
            return remoteCall.apply(remote.client(store.dataDir));
        }
        try (Store s = store.openStore()) {
            return localCall.apply(new LockService(s.locks()));
        }
    }

    static void print(JsonNode locks, boolean json) {
        if (json) {
            System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(locks));
            return;
        }
        TableView t = new TableView("RESOURCE", "OWNER", "TOKEN", "EXPIRES", "LOCK ID");
        locks.path("items").forEach(l -> t.row(l.path("resource").asString(), l.path("owner").asString(),
                l.path("fencing_token").asLong(), l.path("expires_at").asString(), l.path("lock_id").asString()));
        t.print(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Held locks, by resource name.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        LocksCommand parent;

        @Option(names = "--prefix", paramLabel = "P", description = "Only resources starting with this.")
        String prefix;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many, 1-1000 (default: ${DEFAULT-VALUE}).")
        int limit = 100;

        @Option(names = "--json", description = "Print {items} as JSON.")
        boolean json;

        @Override
        public Integer call() {
            return list(parent);
        }

        int list(LocksCommand locks) {
            JsonNode page = locks.ask(c -> Json.object().set("items", Json.toTree(c.locks(prefix, limit))), s -> {
                ObjectNode out = Json.object();
                var items = out.putArray("items");
                s.list(prefix, limit).forEach(l -> items.add(Json.toTree(l)));
                return out;
            });
            print(page, json);
            return ExitCode.OK;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Who holds a lock; exit 1 if nobody does.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        LocksCommand parent;

        @Parameters(paramLabel = "RESOURCE", description = "The resource name, e.g. reports/daily.")
        String resource;

        @Option(names = "--json", description = "Print the lock as JSON.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode lock = parent.ask(c -> {
                try {
                    return Json.toTree(c.lock(resource));
                } catch (ApiException e) {
                    if (e.status() == 404) {
                        return null;
                    }
                    throw e;
                }
            }, s -> s.get(resource).map(Json::toTree).orElse(null));
            if (lock == null) {
                System.err.println("lock '" + resource + "' is not held");
                return ExitCode.FAILED;
            }
            ObjectNode one = Json.object();
            one.putArray("items").add(lock);
            print(json ? lock : one, json);
            return ExitCode.OK;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Release a lock, given its holder's lock id (as `locks get` shows it).")
    static final class Release implements Callable<Integer> {
        @ParentCommand
        LocksCommand parent;

        @Parameters(paramLabel = "RESOURCE", description = "The resource name.")
        String resource;

        @Option(names = "--lock-id", required = true, paramLabel = "ID", description = "The holder's lock id.")
        String lockId;

        @Override
        public Integer call() {
            JsonNode released = parent.ask(c -> {
                try {
                    c.releaseLock(resource, lockId);
                    return Json.object().put("released", true);
                } catch (ApiException e) {
                    if (e.status() == 404 || e.status() == 409) {
                        return Json.object().put("released", false);
                    }
                    throw e;
                }
            }, s -> Json.object().put("released", s.release(resource, lockId)));
            if (!released.path("released").asBoolean()) {
                System.err.println("lock '" + resource + "' is not held under lock id " + lockId
                        + " (it lapsed, was released, or another holder has it)");
                return ExitCode.FAILED;
            }
            System.out.println("Released " + resource);
            return ExitCode.OK;
        }
    }
}
