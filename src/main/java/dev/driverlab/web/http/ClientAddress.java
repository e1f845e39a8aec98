package dev.driverlab.web.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who a request counts against: its client address (behind a proxy, set {@code server.forward-headers-strategy}
 * so it is the client's and not the proxy's). An IPv6 client gets a whole /64 (as ISPs hand them out), so it
 * cannot get a fresh budget by changing the low bits of its address.
 */
public final class ClientAddress {
    private static final int IPV6_PREFIX_BYTES = 8;

    private ClientAddress() {}

    public static String of(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.indexOf(':') < 0) return String.valueOf(remoteAddress);
        try {
            byte[] bytes = InetAddress.getByName(remoteAddress).getAddress(); // a literal: no DNS lookup
            if (bytes.length != 16) return remoteAddress;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < IPV6_PREFIX_BYTES; i += 2) {
                sb.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
                        .append(':');
            }
            return sb.append(":/64").toString();
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }
}
