package io.meridian.model.json;

import java.io.OutputStream;

/** The size of a JSON value as stored and sent, counted while serializing, so measuring keeps no copy of it. */
public final class JsonSize {
    private JsonSize() {
    }

    /**
     * Bytes of the value's compact JSON (UTF-8) as {@link Json#MAPPER} writes it; a null value counts as JSON null.
     * Throws what the mapper throws for a value that cannot be written (a cycle, a throwing getter).
     */
    public static long of(Object value) {
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
