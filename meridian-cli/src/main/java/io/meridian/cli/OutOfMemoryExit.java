package io.meridian.cli;

/**
 * The last resort for running out of memory, for a JVM started without the launcher's
 * {@code -XX:+ExitOnOutOfMemoryError}: a thread that dies of OutOfMemoryError ends the process. A coordinator
 * that has run out of memory cannot be trusted to step down by itself (the thread that would have noticed may be
 * the one that died, as the HTTP dispatcher did once); exiting lets another coordinator take over at once, and a
 * supervisor restart it with a clean heap. Other errors are left to the components' own step-down rules.
 */
final class OutOfMemoryExit {
    /** The exit code, as {@code -XX:+ExitOnOutOfMemoryError} gives (3 is "internal error" for the CLI too). */
    static final int EXIT_CODE = 3;

    private OutOfMemoryExit() {}

    static void install() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                // halt, not exit: shutdown hooks would need memory and could hang on locks the dead thread held
                System.err.println("Out of memory in thread " + thread.getName() + "; exiting");
                Runtime.getRuntime().halt(EXIT_CODE);
            }
            if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace();
            }
        });
    }
}
