package io.meridian.cli.handlers;

import io.meridian.worker.sdk.HandlerRegistry;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads stage handlers from jars given on the command line ({@code --handlers JAR|DIR}): a directory stands for
 * the jars in it. The built-ins come along. Nothing here stops a process from starting: a jar that cannot be read,
 * a jar with no handlers and a handler that fails to load are each reported, naming the jar (and class), and every
 * other stage type still loads. A path that does not exist is a usage error.
 */
public final class HandlerJars {
    /** Where the service loader looks for handler classes in a jar. */
    static final String SERVICES = "META-INF/services/io.meridian.worker.sdk.TaskHandler";

    private HandlerJars() {}

    /** The built-ins plus the handlers in {@code paths}; problems go to {@code warnings}, one line each. */
    public static HandlerRegistry load(List<Path> paths, Consumer<String> warnings) {
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars(paths)) {
            if (readable(jar, warnings)) {
                urls.add(toUrl(jar));
            }
        }
        ClassLoader loader = urls.isEmpty() ? parent : new URLClassLoader(urls.toArray(URL[]::new), parent);
        return HandlerRegistry.fromClasspath(loader, warnings);
    }

    /** The jars named: each file as it is, each directory's *.jar files in name order. */
    static List<Path> jars(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> in = Files.list(p)) {
                    in.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new IllegalArgumentException("--handlers: cannot list the directory " + p + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("--handlers: no such jar or directory: " + p);
            }
        }
        return out;
    }

    /** Whether the jar opens; says so when it cannot, or when it lists no handlers (it would add nothing). */
    private static boolean readable(Path jar, Consumer<String> warnings) {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getEntry(SERVICES) == null) {
                warnings.accept("--handlers " + jar + ": the jar has no " + SERVICES + " file, so it adds no stage "
                        + "types; list your TaskHandler classes in that file, one per line");
            }
            return true;
        } catch (IOException e) {
            warnings.accept("--handlers " + jar + ": not a readable jar (" + e.getMessage() + "); it is skipped, "
                    + "the other stage types load");
            return false;
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toAbsolutePath().toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("--handlers: " + jar + " cannot be used as a class path entry", e);
        }
    }
}
