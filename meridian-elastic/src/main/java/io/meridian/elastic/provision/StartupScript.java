package io.meridian.elastic.provision;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The boot script of a cloud machine that runs one pool worker (EC2 user data, a GCE startup-script, Azure custom
 * data). It installs {@code meridian worker} as a systemd service, so that the machine's shutdown, which is how a
 * cloud terminates it, sends the worker SIGTERM: it drains, deregisters and exits within {@code stopTimeout}.
 *
 * <p>The coordinator's address and the worker token go to a root-only environment file, never to the command line,
 * which {@code ps} shows. With {@code tokenCommand} set, the token is not in the script at all: the machine runs that
 * command at boot (a secret store read with the machine's own identity) and writes what it prints to that file.
 *
 * @param executable   the absolute path of {@code meridian} on the machine's image
 * @param arguments    the options after {@code worker} ({@link WorkerArguments})
 * @param token        the worker token, written into the script; null when {@code tokenCommand} fetches it
 * @param tokenCommand a shell command that prints the worker token on the machine, or null
 */
public record StartupScript(String executable, List<String> arguments, String coordinatorUrl, String token,
                            String tokenCommand, Duration stopTimeout) {
    /** Values that go into the environment file as they are: no quote, space, '$', '\' or backquote. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._~+/=:@%,\\-\\[\\]]+");
    private static final String END = "MERIDIAN_EOF";

    public StartupScript {
        if (executable == null || !executable.startsWith("/")) {
            throw new IllegalArgumentException("the worker executable must be an absolute path on the machine's "
                    + "image, got " + (executable == null ? "none" : "'" + executable + "'"));
        }
        plain("the coordinator address", coordinatorUrl);
        if (tokenCommand == null) {
            plain("the worker token", token);
        } else if (tokenCommand.contains("\n")) {
            throw new IllegalArgumentException("the token command must be one line");
        }
        arguments = List.copyOf(arguments);
        for (String a : arguments) {
            if (a.contains("\n") || a.contains("\r")) {
                throw new IllegalArgumentException("a worker option holds a line break: '" + a.strip() + "'");
            }
        }
    }

    public String render() {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# Runs one Meridian pool worker; written by the coordinator that asked for this machine.\n");
        s.append("set -euo pipefail\n");
        s.append("umask 077\n");
        s.append("install -d -m 700 /etc/meridian\n");
        s.append("cat > /etc/meridian/worker.env <<'").append(END).append("'\n");
        s.append("MERIDIAN_COORDINATOR=").append(coordinatorUrl).append('\n');
        if (tokenCommand == null) {
            s.append("MERIDIAN_TOKEN=").append(token).append('\n');
        }
        s.append(END).append('\n');
        if (tokenCommand != null) {
            s.append("token=$(").append(tokenCommand).append(")\n");
            s.append("printf 'MERIDIAN_TOKEN=%s\\n' \"$token\" >> /etc/meridian/worker.env\n");
        }
        s.append("cat > /etc/systemd/system/meridian-worker.service <<'").append(END).append("'\n");
        s.append("[Unit]\nDescription=Meridian pool worker\nWants=network-online.target\n")
                .append("After=network-online.target\n");
        s.append("[Service]\nEnvironmentFile=/etc/meridian/worker.env\n");
        s.append("ExecStart=").append(unitWord(executable)).append(" worker ")
                .append(arguments.stream().map(StartupScript::unitWord).collect(Collectors.joining(" "))).append('\n');
        // The machine's shutdown stops the unit: SIGTERM drains the worker, which must be done before the kill.
        s.append("KillSignal=SIGTERM\nTimeoutStopSec=").append(Math.max(1, stopTimeout.toSeconds())).append('\n');
        s.append("Restart=on-failure\nRestartSec=5\n");
        s.append("[Install]\nWantedBy=multi-user.target\n");
        s.append(END).append('\n');
        s.append("chmod 644 /etc/systemd/system/meridian-worker.service\n");
        s.append("systemctl daemon-reload\n");
        s.append("systemctl enable --now meridian-worker.service\n");
        return s.toString();
    }

    /** One word of a systemd command line: double-quoted, with its specifiers and variables taken literally. */
    static String unitWord(String word) {
        return "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%").replace("$", "$$") + "\"";
    }

    private static void plain(String what, String value) {
        if (value == null || !PLAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be one word without quotes, spaces, '$' or '\\' to "
                    + "be written into a machine's boot script");
        }
    }
}
