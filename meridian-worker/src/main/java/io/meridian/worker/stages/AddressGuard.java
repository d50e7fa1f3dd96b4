package io.meridian.worker.stages;

import io.meridian.worker.sdk.TaskFailure;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses requests to loopback, private, link-local, CGNAT, multicast and unspecified addresses (server-side
 * request forgery), unless the destination is allow-listed. Every address a host name resolves to is checked.
 * Limitation: the HTTP client resolves the name again when it connects, so a DNS server that answers
 * differently the second time (rebinding) is not caught; allow-list by IP where that matters.
 */
final class AddressGuard {
    private final HttpPolicy policy;

    AddressGuard(HttpPolicy policy) {
        this.policy = policy == null ? HttpPolicy.DENY_PRIVATE : policy;
    }

    void check(URI uri) throws TaskFailure {
        check(uri, null);
    }

    /**
     * Checks {@code uri}; errors show {@code shownAs} in place of its scheme, host and address when given (the URL
     * as configured, where a secret filled into the host or scheme would otherwise appear transformed).
     */
    void check(URI uri, String shownAs) throws TaskFailure {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw TaskFailure.badConfig("http_request: only http and https URLs are allowed, got '"
                    + (shownAs != null ? shownAs : scheme + ":") + "'");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw TaskFailure.badConfig("http_request: the URL has no host");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (allowedByName(host, port)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new TaskFailure("network_error", "http_request: cannot resolve the host of '"
                    + (shownAs != null ? shownAs : host) + "'", false);
        }
        for (InetAddress a : addresses) {
            String refusedClass = refusedClass(a);
            if (refusedClass != null && !allowedByAddress(a, port)) {
                throw new TaskFailure("address_refused", "http_request: refused to call "
                        + (shownAs != null ? shownAs : host + " (" + a.getHostAddress() + ")") + ": " + refusedClass + " addresses are blocked unless allow-listed "
                        + "(http.allow in meridian.yaml)", true);
            }
        }
    }

    private boolean allowedByName(String host, int port) {
        for (String entry : policy.allow()) {
            String e = entry.toLowerCase(Locale.ROOT);
            if (e.equals(host.toLowerCase(Locale.ROOT)) || e.equals(host.toLowerCase(Locale.ROOT) + ":" + port)) {
                return true;
            }
        }
        return false;
    }

    private boolean allowedByAddress(InetAddress a, int port) {
        for (String entry : policy.allow()) {
            if (entry.contains("/")) {
                if (Cidr.parse(entry).contains(a)) {
                    return true;
                }
                continue;
            }
            String ip = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon) { // IPv4 with a port: only that port
                if (!entry.substring(colon + 1).equals(String.valueOf(port))) {
                    continue;
                }
                ip = entry.substring(0, colon);
            }
            if (matchesIp(ip, a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesIp(String literal, InetAddress a) {
        try {
            return Cidr.isIpLiteral(literal) && InetAddress.getByName(literal).equals(a);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The class of address that is refused by default, or null when the address is public. */
    static String refusedClass(InetAddress a) {
        InetAddress addr = unmapped(a);
        if (addr.isLoopbackAddress()) return "loopback";
        if (addr.isAnyLocalAddress()) return "unspecified";
        if (addr.isLinkLocalAddress()) return "link-local";
        if (addr.isSiteLocalAddress()) return "private";
        if (addr.isMulticastAddress()) return "multicast";
        byte[] b = addr.getAddress();
        if (addr instanceof Inet4Address && (b[0] & 0xFF) == 100 && (b[1] & 0xC0) == 64) return "carrier-grade NAT";
        if (addr instanceof Inet4Address && (b[0] & 0xFF) == 0) return "unspecified";
        if (addr instanceof Inet6Address && (b[0] & 0xFE) == 0xFC) return "private (unique local)";
        return null;
    }

    /** ::ffff:127.0.0.1 is 127.0.0.1 in disguise. */
    private static InetAddress unmapped(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            mapped &= (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }
}
