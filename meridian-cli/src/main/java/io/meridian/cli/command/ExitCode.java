package io.meridian.cli.command;

import io.meridian.client.ApiException;
import picocli.CommandLine;

/**
 * What the {@code meridian} process exits with. Commands return these; {@code Main} maps what they throw through
 * {@link #of(Throwable)}. They live here, beside the commands, and not in {@code Main}: a command that named
 * {@code Main} for its exit code made every command and {@code Main} depend on each other.
 */
public final class ExitCode {
    /** The command did what was asked (the execution succeeded). */
    public static final int OK = 0;
    /** The command ran, but what it reports failed: the execution failed, the lock is not held. */
    public static final int FAILED = 1;
    /** Invalid input or usage: an unknown command or option, a bad value, a pipeline file with problems. */
    public static final int USAGE = 2;
    /** Something broke that the user could not have caused: a bug, a store or coordinator that is down. */
    public static final int INTERNAL = 3;

    private ExitCode() {}

    /**
     * The exit code for an exception a command threw or picocli raised while parsing. A coordinator's 4xx answer
     * means the request it was sent was wrong (a bad filter, an unknown id), which is the user's input.
     */
    public static int of(Throwable e) {
        if (e instanceof CommandLine.ParameterException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (e instanceof ApiException api && api.status() >= 400 && api.status() < 500) {
            return USAGE;
        }
        return INTERNAL;
    }
}
