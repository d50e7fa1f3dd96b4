package io.meridian.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The coordinators a client may talk to, and which one it talks to now. On a connection failure the client
 * moves to the next address; a coordinator that redirects to its leader moves it there.
 */
public final class CoordinatorAddresses {
    private final List<URI> addresses;
    private volatile int current;
    /** The leader a follower pointed to, if it is not one of the configured addresses. */
    private volatile URI redirected;

    public CoordinatorAddresses(List<URI> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one coordinator address is needed");
        }
        this.addresses = List.copyOf(addresses);
    }

    /** Parses "http://a:7070,http://b:7070". */
    public static CoordinatorAddresses parse(String commaSeparated) {
        List<URI> uris = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            String s = part.strip();
            if (!s.isEmpty()) {
                URI uri = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("not a coordinator URL: '" + s + "' (expected http://host:port)");
                }
                uris.add(uri);
            }
        }
        return new CoordinatorAddresses(uris);
    }

    public URI current() {
        URI r = redirected;
        return r != null ? r : addresses.get(current % addresses.size());
    }

    void failedOver() {
        if (redirected != null) {
            redirected = null; // the leader we were sent to is gone: back to the configured list
        } else {
            current = (current + 1) % addresses.size();
        }
    }

    /** A follower said the leader is at {@code leader}: talk to it from now on. */
    void leaderIs(URI leader) {
        int i = addresses.indexOf(leader);
        if (i >= 0) {
            current = i;
            redirected = null;
        } else {
            redirected = leader;
        }
    }

    public List<URI> all() {
        return addresses;
    }
}
