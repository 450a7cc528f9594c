package io.skylane.core.net;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;

/** An IPv4 address. */
public record Ip4Address(int value) implements Comparable<Ip4Address> {

    public static final Ip4Address ZERO = new Ip4Address(0);

    public static Ip4Address of(int value) {
        return new Ip4Address(value);
    }

    /** Parses dotted-quad text; rejects anything else (host names are never looked up). */
    public static Ip4Address parse(String text) {
        if (text == null || !InetAddresses.isInetAddress(text)) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        InetAddress a = InetAddresses.forString(text);
        if (!(a instanceof Inet4Address)) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        return new Ip4Address(InetAddresses.coerceToInteger(a));
    }

    /** Reads four bytes at {@code offset}. */
    public static Ip4Address of(byte[] bytes, int offset) {
        return new Ip4Address(((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff));
    }

    public byte[] toBytes() {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    @Override
    public int compareTo(Ip4Address o) {
        return Integer.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "."
                + (value & 0xff);
    }
}
