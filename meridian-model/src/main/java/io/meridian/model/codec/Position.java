package io.meridian.model.codec;

/** A 1-based line and column in a pipeline file. */
record Position(int line, int column) {
    static final Position UNKNOWN = new Position(0, 0);
}
