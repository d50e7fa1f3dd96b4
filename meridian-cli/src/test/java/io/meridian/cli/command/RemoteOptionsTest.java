package io.meridian.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a command's token comes from: --token, --token-file, MERIDIAN_TOKEN, MERIDIAN_TOKEN_FILE, admin.token. */
class RemoteOptionsTest {
    @TempDir
    Path dir;

    RemoteOptions options(Map<String, String> env) {
        RemoteOptions o = new RemoteOptions();
        o.env = env::get;
        return o;
    }

    @Test
    void eachSourceInOrder() throws Exception {
        Files.writeString(dir.resolve("admin.token"), "from-data-dir\n");
        Path file = Files.writeString(dir.resolve("t"), "  from-file \n");
        Path envFile = Files.writeString(dir.resolve("e"), "from-env-file");

        assertThat(options(Map.of()).token(dir)).isEqualTo("from-data-dir");
        assertThat(options(Map.of("MERIDIAN_TOKEN_FILE", envFile.toString())).token(dir)).isEqualTo("from-env-file");
        assertThat(options(Map.of("MERIDIAN_TOKEN", "from-env", "MERIDIAN_TOKEN_FILE", envFile.toString()))
                .token(dir)).isEqualTo("from-env");
        RemoteOptions withFile = options(Map.of("MERIDIAN_TOKEN", "from-env"));
        withFile.tokenFile = file;
        assertThat(withFile.token(dir)).as("an explicit file beats the environment").isEqualTo("from-file");
        RemoteOptions withToken = options(Map.of("MERIDIAN_TOKEN", "from-env"));
        withToken.token = "from-flag";
        assertThat(withToken.token(dir)).isEqualTo("from-flag");
    }

    @Test
    void badTokenFilesAreRefusedClearly() throws Exception {
        RemoteOptions both = options(Map.of());
        both.token = "t";
        both.tokenFile = dir.resolve("t");
        assertThatThrownBy(() -> both.token(dir)).hasMessageContaining("not both");

        RemoteOptions empty = options(Map.of());
        empty.tokenFile = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> empty.token(dir)).hasMessageContaining("is empty");

        RemoteOptions twoLines = options(Map.of());
        twoLines.tokenFile = Files.writeString(dir.resolve("two"), "a\nb\n");
        assertThatThrownBy(() -> twoLines.token(dir)).hasMessageContaining("several lines");

        RemoteOptions atLimit = options(Map.of());
        atLimit.tokenFile = Files.writeString(dir.resolve("limit"), "x".repeat(RemoteOptions.MAX_TOKEN_FILE_BYTES));
        assertThat(atLimit.token(dir)).hasSize(RemoteOptions.MAX_TOKEN_FILE_BYTES);
        RemoteOptions huge = options(Map.of());
        huge.tokenFile = Files.writeString(dir.resolve("huge"), "x".repeat(RemoteOptions.MAX_TOKEN_FILE_BYTES + 1));
        assertThatThrownBy(() -> huge.token(dir)).hasMessageContaining("over 4096 bytes");

        RemoteOptions missing = options(Map.of());
        missing.tokenFile = dir.resolve("absent");
        assertThatThrownBy(() -> missing.token(dir)).hasMessageContaining("cannot read the token file");
    }
}
