package io.meridian.it;

import tools.jackson.databind.JsonNode;

/** Whether an execution document says it ended. */
final class SubmitStates {
    private SubmitStates() {}

    static boolean isTerminal(JsonNode doc) {
        String s = doc.path("status").asString();
        return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
    }
}
