package io.meridian.elastic.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupScriptTest {
    @Test
    void theTokenGoesToTheEnvironmentFileAndTheOptionsAreTakenLiterallyBySystemd() {
        String s = new StartupScript("/opt/meridian/meridian", List.of("--id", "a-1", "--label",
                "note=50% \"off\" $HOME"), "https://c:8080", "tok.en", null, Duration.ofSeconds(40)).render();
        assertThat(s).contains("MERIDIAN_TOKEN=tok.en\n", "TimeoutStopSec=40\n",
                "ExecStart=\"/opt/meridian/meridian\" worker \"--id\" \"a-1\" \"--label\" "
                        + "\"note=50%% \\\"off\\\" $$HOME\"\n");
        assertThat(s.lines().filter(l -> l.contains("tok.en"))).singleElement().isEqualTo("MERIDIAN_TOKEN=tok.en");
    }

    @Test
    void aTokenCommandKeepsTheTokenOutOfTheScript() {
        String s = new StartupScript("/m", List.of(), "https://c", null, "fetch-token --name x",
                Duration.ofSeconds(5)).render();
        assertThat(s.lines()).noneMatch(l -> l.startsWith("MERIDIAN_TOKEN="));
        assertThat(s).contains("token=$(fetch-token --name x)",
                "printf 'MERIDIAN_TOKEN=%s\\n' \"$token\" >> /etc/meridian/worker.env");
    }

    @Test
    void whatCouldBreakOutOfTheScriptIsRefused() {
        assertThatThrownBy(() -> new StartupScript("/m", List.of(), "https://c", "a'b", null, Duration.ZERO))
                .hasMessageContaining("the worker token must be one word");
        assertThatThrownBy(() -> new StartupScript("/m", List.of("--label", "x=1\nMERIDIAN_EOF"), "https://c", "t",
                null, Duration.ZERO)).hasMessageContaining("line break");
        assertThatThrownBy(() -> new StartupScript("meridian", List.of(), "https://c", "t", null, Duration.ZERO))
                .hasMessageContaining("absolute path");
    }
}
