package io.meridian.cli;

import java.util.List;

/**
 * Extra {@code meridian} subcommands that live in another module and are found on the classpath with
 * {@link java.util.ServiceLoader}. The benchmarks use it: they ship in their own jar, so the production CLI carries
 * no benchmark code, yet {@code ./meridian bench…} still works when that jar is on the classpath (the launcher puts
 * it there). The dependency points from the extension to the CLI, never back.
 */
public interface CommandExtension {
    /** Picocli command objects (classes annotated with {@code @Command}), added in this order. */
    List<Object> subcommands();
}
