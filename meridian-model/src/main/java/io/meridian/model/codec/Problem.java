package io.meridian.model.codec;

/**
 * A problem found while reading, before it is given a file location.
 *
 * @param pointer   JSON pointer of the offending value ("" for the whole document)
 * @param position  an exact position when the parser knows it (syntax errors), else null: look up the pointer
 */
record Problem(String pointer, Position position, String stageId, String message) {

    static Problem at(String pointer, String stageId, String message) {
        return new Problem(pointer, null, stageId, message);
    }
}
