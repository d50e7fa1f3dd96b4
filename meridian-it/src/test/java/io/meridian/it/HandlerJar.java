package io.meridian.it;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a handler jar as a user's project would: Java sources compiled against Meridian (this module's class
 * path), packed with a {@code META-INF/services} file listing the handlers. The jar is not on any process's class
 * path, so only processes started with {@code --handlers} have its stage types.
 */
final class HandlerJar {
    static final String SERVICES = "META-INF/services/io.meridian.worker.sdk.TaskHandler";

    private HandlerJar() {}

    /**
     * @param sources  class name to source text
     * @param services the handler classes the services file lists (none: the jar has no services file)
     * @param leaveOut classes compiled but not packed (a missing class at run time)
     */
    static Path build(Path dir, String name, Map<String, String> sources, List<String> services, Set<String> leaveOut)
            throws IOException {
        Path src = Files.createDirectories(dir.resolve(name + "-src"));
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), "--release", "21", "-proc:none"));
        for (var e : sources.entrySet()) {
            Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new AssertionError("the handler sources did not compile");
        }
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String entry = classes.relativize(f).toString().replace('\\', '/');
                String className = entry.replace(".class", "").replace('/', '.');
                if (!leaveOut.contains(className.replaceAll("\\$.*", ""))) {
                    put(out, entry, Files.readAllBytes(f));
                }
            }
            if (!services.isEmpty()) {
                put(out, SERVICES, (String.join("\n", services) + "\n").getBytes());
            }
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(bytes);
        out.closeEntry();
    }
}
