package io.meridian.worker.sdk;

import java.net.URL;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks the {@link TaskHandler} providers of a class loader one at a time, so that one broken provider (its class
 * missing, failing its static initialisation or its constructor, a bad services file) is reported, naming the
 * class and the jar it came from, and the others still load.
 */
final class ServiceLoading {
    /** More failures than any set of jars has providers: a loader that keeps failing on the same entry stops here. */
    private static final int MAX_FAILURES = 1000;
    private static final Pattern PROVIDER = Pattern.compile("Provider ([\\w.$]+)");

    private ServiceLoading() {}

    static void each(ClassLoader loader, Consumer<TaskHandler> found, Consumer<String> problems) {
        Iterator<TaskHandler> it = ServiceLoader.load(TaskHandler.class, loader).iterator();
        int failures = 0;
        while (failures < MAX_FAILURES) {
            TaskHandler handler;
            try {
                if (!it.hasNext()) {
                    return;
                }
                handler = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                problems.accept(describe(e, loader));
                continue;
            }
            try {
                handler.type(); // a handler whose type() throws cannot be registered; say so, keep the others
                found.accept(handler);
            } catch (RuntimeException | LinkageError e) {
                failures++;
                problems.accept("stage handler " + handler.getClass().getName() + " from " + origin(
                        handler.getClass().getName(), loader) + " is left out: its type() threw " + chain(e));
            }
        }
    }

    /** "stage handler CLASS from JAR is left out: CAUSE" when the class can be named, else the loader's message. */
    static String describe(Throwable e, ClassLoader loader) {
        Matcher m = PROVIDER.matcher(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (m.find()) {
            String className = m.group(1);
            return "stage handler " + className + " from " + origin(className, loader) + " is left out: "
                    + chain(cause);
        }
        return "a stage handler is left out: " + chain(e);
    }

    /** The throwable and its causes, "A: x; caused by B: y", so a failed static initialiser says why. */
    static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        Throwable c = t.getCause();
        for (int i = 0; c != null && c != t && i < 4; i++, c = c.getCause()) {
            sb.append("; caused by ").append(c);
        }
        return sb.toString();
    }

    /** The jar (or directory) a class is found in, or "an unknown location". */
    static String origin(String className, ClassLoader loader) {
        URL url = loader == null ? null : loader.getResource(className.replace('.', '/') + ".class");
        if (url == null) {
            return "an unknown location (the class is missing)";
        }
        String s = url.toString();
        int bang = s.indexOf("!/");
        if (s.startsWith("jar:") && bang > 0) {
            s = s.substring(4, bang);
        }
        return s.startsWith("file:") ? s.substring(5) : s;
    }
}
