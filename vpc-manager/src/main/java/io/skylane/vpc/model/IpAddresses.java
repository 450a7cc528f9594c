package io.skylane.vpc.model;

import com.google.common.net.InetAddresses;
import io.skylane.core.net.Ip4Address;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Strict parsing and arithmetic of IPv4 and IPv6 addresses (literals only, never a host name). */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** Parses an IPv4 or IPv6 literal; throws IllegalArgumentException for anything else. */
    public static InetAddress parse(String text) {
        if (text == null || text.isEmpty() || text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        InetAddress a = InetAddresses.forString(text);
        return a;
    }

    /** 4 or 6. */
    public static int version(InetAddress a) {
        return a instanceof Inet4Address ? 4 : 6;
    }

    /** Number of bits of the address family. */
    public static int bits(InetAddress a) {
        return a instanceof Inet4Address ? 32 : 128;
    }

    public static BigInteger toBig(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    /** The address of the given family with the numeric value {@code v}. */
    public static InetAddress fromBig(BigInteger v, int version) {
        return version == 4 ? InetAddresses.fromIPv4BigInteger(v) : InetAddresses.fromIPv6BigInteger(v);
    }

    /** An IPv4 address as the flow model's {@link Ip4Address}; throws for an IPv6 one. */
    public static Ip4Address ip4(InetAddress a) {
        if (!(a instanceof Inet4Address)) {
            throw new IllegalArgumentException("not an IPv4 address: " + a);
        }
        return Ip4Address.of(a.getAddress(), 0);
    }

    /** Canonical text (RFC 5952 for IPv6). */
    public static String format(InetAddress a) {
        return InetAddresses.toAddrString(a);
    }
}
