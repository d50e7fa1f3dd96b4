package io.meridian.worker.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the SQLite files of stage data sources live: in their own directory, {@code <data-dir>/stage-data},
 * never beside the coordinator's store. Relative paths resolve there (not against the process's working
 * directory), and a path that lands anywhere else in the data directory (the store, its journal, tokens) is
 * refused at start-up (issue 12).
 */
final class StageDatabaseFiles {
    static final String DIRECTORY = "stage-data";
    private static final String PREFIX = "jdbc:sqlite:";
    /**
     * Driver settings for every SQLite stage connection: no other database can be attached and no extension
     * loaded, so a connection handed to any handler stays within its own file.
     */
    static final java.util.Map<String, String> LOCKED_DOWN = java.util.Map.of("limit_attached", "0",
            "enable_load_extension", "false");

    private final Path dataDir;
    private final Path stageDir;

    StageDatabaseFiles(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.stageDir = this.dataDir.resolve(DIRECTORY);
    }

    Path directory() {
        return stageDir;
    }

    /** The default data source's URL: {@code <data-dir>/stage-data/data.db}. */
    String defaultUrl() {
        return PREFIX + stageDir.resolve("data.db");
    }

    /** The data source URL to open: SQLite file paths made absolute under the stage directory and checked. */
    String resolve(String name, String url) {
        if (!url.startsWith(PREFIX)) {
            return url;
        }
        String rest = url.substring(PREFIX.length());
        int q = rest.indexOf('?');
        String params = q >= 0 ? withoutUnlockingParams(rest.substring(q)) : "";
        String location = q >= 0 ? rest.substring(0, q) : rest;
        boolean uri = location.startsWith("file:");
        String pathText = uri ? fileUriPath(name, location.substring("file:".length())) : location;
        if (isInMemory(pathText, params) || pathText.startsWith(":resource:")) {
            return url;
        }
        Path file = stageDir.resolve(pathText).normalize();
        refuseInsideDataDir(name, file);
        return PREFIX + (uri ? "file:" : "") + file + params;
    }

    /** URL settings that would undo {@link #LOCKED_DOWN}: dropped (the driver lets the URL override properties). */
    private static String withoutUnlockingParams(String query) {
        StringBuilder kept = new StringBuilder();
        for (String pair : query.substring(1).split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!pair.isEmpty() && !LOCKED_DOWN.containsKey(key.toLowerCase(java.util.Locale.ROOT))) {
                kept.append(kept.isEmpty() ? "?" : "&").append(pair);
            }
        }
        return kept.toString();
    }

    private static boolean isInMemory(String path, String params) {
        return path.isEmpty() || path.equals(":memory:") || params.contains("mode=memory");
    }

    /** The file path of an SQLite URI filename, decoded as SQLite decodes it (%2E is a dot). */
    private static String fileUriPath(String name, String afterScheme) {
        String p = afterScheme;
        if (p.startsWith("//")) {
            int slash = p.indexOf('/', 2);
            String authority = slash < 0 ? p.substring(2) : p.substring(2, slash);
            if (!authority.isEmpty() && !authority.equals("localhost")) {
                throw new IllegalArgumentException("datasources." + name + ".url: an SQLite file URI must name a local "
                        + "file, got host '" + authority + "'");
            }
            p = slash < 0 ? "" : p.substring(slash);
        }
        return URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private void refuseInsideDataDir(String name, Path file) {
        Path real = realPath(file);
        Path realData = realPath(dataDir);
        Path realStage = realPath(stageDir);
        if (real.startsWith(realData) && !real.startsWith(realStage)) {
            throw new IllegalArgumentException("datasources." + name + ".url: the SQLite file " + file + " is in the "
                    + "coordinator's data directory " + dataDir + ", beside its store; stage databases live in "
                    + stageDir + " (relative paths resolve there) or outside the data directory");
        }
    }

    /** The path with symbolic links resolved as far as it exists, so a link cannot lead out of the directory. */
    private static Path realPath(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path)).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
