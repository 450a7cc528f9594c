package io.skylane.core.net;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An IPv4 prefix in canonical form: host bits are always zero ({@code 10.0.0.5/8} becomes
 * {@code 10.0.0.0/8}), so two prefixes covering the same addresses are equal.
 */
public record Ip4Prefix(Ip4Address address, int length) implements Comparable<Ip4Prefix> {

    public Ip4Prefix {
        checkNotNull(address, "address");
        checkArgument(length >= 0 && length <= 32, "prefix length must be 0..32");
        if ((address.value() & mask(length)) != address.value()) {
            address = Ip4Address.of(address.value() & mask(length)); // an address without host bits is kept
        }
    }

    public static Ip4Prefix of(Ip4Address address, int length) {
        return new Ip4Prefix(address, length);
    }

    /** Parses {@code a.b.c.d/n}; a bare address is a /32. */
    public static Ip4Prefix parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("prefix is missing");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new Ip4Prefix(Ip4Address.parse(text), 32);
        }
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("prefix length must be 0..32: " + text);
        }
        int n = Integer.parseInt(len);
        if (n > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32: " + text);
        }
        return new Ip4Prefix(Ip4Address.parse(text.substring(0, slash)), n);
    }

    /** The netmask of a prefix length as an int ({@code /24} is {@code 0xffffff00}). */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public int mask() {
        return mask(length);
    }

    public boolean contains(Ip4Address a) {
        return (a.value() & mask()) == address.value();
    }

    public boolean contains(Ip4Prefix other) {
        return other.length >= length && contains(other.address);
    }

    public boolean overlaps(Ip4Prefix other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public int compareTo(Ip4Prefix o) {
        int c = address.compareTo(o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
