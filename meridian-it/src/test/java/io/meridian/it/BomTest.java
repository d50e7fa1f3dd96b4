package io.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * meridian-bom has no parent (importing it must bring Meridian's versions only), so nothing keeps it in step with the
 * build by itself: this test does. Every published module is in it, at the build's version.
 */
class BomTest {
    /** Built but not published: the benchmarks, these tests, and the BOM itself. */
    private static final List<String> UNPUBLISHED = List.of("meridian-bench", "meridian-it", "meridian-bom");

    @Test
    void theBomManagesEveryPublishedModuleAtTheBuildsVersion() throws IOException {
        String parent = Files.readString(Path.of("..", "pom.xml"));
        String bom = Files.readString(Path.of("..", "meridian-bom", "pom.xml"));

        List<String> published = all(Pattern.compile("<module>([^<]+)</module>"), parent).stream()
                .filter(module -> !UNPUBLISHED.contains(module)).toList();
        List<String> managed = all(Pattern.compile("<artifactId>(meridian-[^<]+)</artifactId><version>"), bom);

        assertThat(managed).containsExactlyInAnyOrderElementsOf(published);
        assertThat(first(Pattern.compile("<artifactId>meridian-bom</artifactId>\\s*<version>([^<]+)</version>"), bom))
                .isEqualTo(first(Pattern.compile("<artifactId>meridian-parent</artifactId>\\s*<version>([^<]+)</version>"),
                        parent));
    }

    private static List<String> all(Pattern pattern, String text) {
        return pattern.matcher(text).results().map(m -> m.group(1)).toList();
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("%s in the pom", pattern).isTrue();
        return m.group(1);
    }
}
