package io.meridian.it;

import io.meridian.model.json.Json;
import io.meridian.worker.sdk.TaskContext;
import io.meridian.worker.sdk.TaskHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tools.jackson.databind.JsonNode;

/**
 * A test stage type that appends "idempotency-key attempt pid epoch-millis" to a ledger file outside Meridian's store every
 * time it starts, then works for a while. The ledger shows every run, including ones whose result was lost.
 * Config: {@code ledger} (file path), {@code millis} (how long to work).
 */
public final class LedgerHandler implements TaskHandler {
    @Override
    public String type() {
        return "ledger";
    }

    @Override
    public JsonNode execute(TaskContext context) throws Exception {
        Path ledger = Path.of(context.config().path("ledger").asString());
        String line = context.idempotencyKey() + " " + context.attempt() + " " + ProcessHandle.current().pid() + " "
                + System.currentTimeMillis() + "\n";
        synchronized (LedgerHandler.class) {
            Files.writeString(ledger, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        }
        Thread.sleep(context.config().path("millis").asLong(50));
        var out = Json.object();
        out.set("item", context.item());
        return out;
    }
}
