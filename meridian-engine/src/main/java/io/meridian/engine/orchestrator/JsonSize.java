package io.meridian.engine.orchestrator;

import io.meridian.model.json.Json;
import java.io.OutputStream;
import tools.jackson.databind.JsonNode;

/** The size of a JSON value as stored and sent, counted while serializing, so measuring keeps no copy of it. */
public final class JsonSize {
    private JsonSize() {
    }

    /** Bytes of the value's compact JSON (UTF-8); a null value counts as JSON null. */
    public static long of(JsonNode value) {
        ByteCounter counter = new ByteCounter();
        Json.MAPPER.writeValue(counter, value);
        return counter.count;
    }

    private static final class ByteCounter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
