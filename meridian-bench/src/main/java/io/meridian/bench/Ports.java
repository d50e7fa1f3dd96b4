package io.meridian.bench;

import java.io.IOException;
import java.net.ServerSocket;

/** A free loopback port, for a server the caller starts and stops again on the same port. */
final class Ports {
    private Ports() {}

    static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
