package io.meridian.model.codec;

import io.meridian.model.pipeline.ConfigSchema;
import io.meridian.model.pipeline.Pipeline;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads pipeline files (.json, .yaml, .yml), reporting every problem with its line and column. */
public final class PipelineReader {
    private PipelineReader() {}

    /**
     * @param knownTypes stage types the cluster can run; null skips the type check
     * @throws PipelineValidationException listing all problems found
     */
    public static Pipeline read(Path file, Set<String> knownTypes) {
        return read(file, knownTypes, Map.of());
    }

    /**
     * As {@link #read(Path, Set)}, also checking each stage's {@code config} against the schema its type declares.
     *
     * @param configSchemas by stage type; a type without one accepts any config
     */
    public static Pipeline read(Path file, Set<String> knownTypes, Map<String, ConfigSchema> configSchemas) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try {
            long size = Files.size(file);
            if (size > Limits.MAX_FILE_BYTES) {
                throw single(name, tooLarge(size));
            }
            return read(Files.readString(file, StandardCharsets.UTF_8), name, knownTypes, configSchemas);
        } catch (CharacterCodingException e) {
            throw single(name, "file is not valid UTF-8");
        } catch (IOException e) {
            throw single(name, "cannot read file: " + e.getMessage());
        }
    }

    /** @param fileName names the format by its extension and appears in error messages */
    public static Pipeline read(String text, String fileName, Set<String> knownTypes) {
        return read(text, fileName, knownTypes, Map.of());
    }

    /** As {@link #read(String, String, Set)}, also checking stage configs (see {@link #read(Path, Set, Map)}). */
    public static Pipeline read(String text, String fileName, Set<String> knownTypes,
                                Map<String, ConfigSchema> configSchemas) {
        DocumentFormat format = DocumentFormat.forFileName(fileName).orElseThrow(() ->
                single(fileName, "unsupported file type; pipeline files end in .json, .yaml or .yml"));
        // Cheap bound first: UTF-8 needs at least one byte per char.
        if (text.length() > Limits.MAX_FILE_BYTES
                || text.getBytes(StandardCharsets.UTF_8).length > Limits.MAX_FILE_BYTES) {
            throw single(fileName, tooLarge(text.getBytes(StandardCharsets.UTF_8).length));
        }
        if (text.isBlank()) {
            throw single(fileName, "file is empty");
        }
        return PipelineAssembler.assemble(LocatingTreeParser.parse(text, format), fileName, knownTypes, configSchemas);
    }

    private static String tooLarge(long bytes) {
        return "file is " + bytes + " bytes; pipeline files are limited to " + Limits.MAX_FILE_BYTES + " bytes (1 MiB)";
    }

    private static PipelineValidationException single(String file, String message) {
        LocatedTree nothing = new LocatedTree(null, Map.of(), List.of());
        return PipelineAssembler.failure(nothing, file, List.of(new Problem("", Position.UNKNOWN, null, message)));
    }
}
