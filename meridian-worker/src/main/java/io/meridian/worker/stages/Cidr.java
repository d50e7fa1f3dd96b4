package io.meridian.worker.stages;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block such as 10.0.0.0/8 or fc00::/7. */
record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
        String[] parts = text.split("/", 2);
        if (!isIpLiteral(parts[0])) {
            throw new IllegalArgumentException("not an IP block: '" + text + "'");
        }
        try {
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > net.length * 8) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
            return new Cidr(net, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an IP block: '" + text + "'");
        }
    }

    boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((b[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** True for 1.2.3.4 or an IPv6 literal: never triggers a DNS lookup. */
    static boolean isIpLiteral(String s) {
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (s.contains(":") && s.matches("[0-9a-fA-F:.]+"));
    }
}
