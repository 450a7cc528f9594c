package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import io.skylane.core.net.Ip4Prefix;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;

/** An IPv4 or IPv6 prefix whose host bits are zero, e.g. {@code 10.0.1.0/24}. */
public record IpPrefix(InetAddress address, int length) {

    public IpPrefix {
        requireNonNull(address, "address");
        int bits = IpAddresses.bits(address);
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits + ": " + length);
        }
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE);
        if (!IpAddresses.toBig(address).and(hostMask).equals(BigInteger.ZERO)) {
            throw new IllegalArgumentException("host bits must be zero in "
                    + IpAddresses.format(address) + "/" + length);
        }
    }

    /** Parses {@code address/length}; host bits must be zero. */
    public static IpPrefix parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("not a prefix: null");
        }
        int slash = text.indexOf('/');
        if (slash < 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not a prefix (address/length): " + text);
        }
        InetAddress a = IpAddresses.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        if (!len.chars().allMatch(Character::isDigit) || len.length() > 3) {
            throw new IllegalArgumentException("not a prefix length: " + text);
        }
        return new IpPrefix(a, Integer.parseInt(len));
    }

    /** An address as a host prefix (/32 or /128). */
    public static IpPrefix host(InetAddress a) {
        return new IpPrefix(a, IpAddresses.bits(a));
    }

    public int version() {
        return IpAddresses.version(address);
    }

    public BigInteger first() {
        return IpAddresses.toBig(address);
    }

    public BigInteger last() {
        int bits = IpAddresses.bits(address);
        return first().add(BigInteger.ONE.shiftLeft(bits - length)).subtract(BigInteger.ONE);
    }

    public boolean contains(InetAddress a) {
        if (IpAddresses.version(a) != version()) {
            return false;
        }
        BigInteger v = IpAddresses.toBig(a);
        return v.compareTo(first()) >= 0 && v.compareTo(last()) <= 0;
    }

    public boolean overlaps(IpPrefix o) {
        return o.version() == version()
                && first().compareTo(o.last()) <= 0 && o.first().compareTo(last()) <= 0;
    }

    /**
     * The same IPv4 prefix in the flow model's terms, for matches.
     *
     * @throws IllegalStateException if this is an IPv6 prefix
     */
    public Ip4Prefix toIp4Prefix() {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalStateException("not an IPv4 prefix: " + this);
        }
        return Ip4Prefix.of(IpAddresses.ip4(address), length);
    }

    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + length;
    }
}
