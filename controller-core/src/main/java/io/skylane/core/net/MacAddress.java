package io.skylane.core.net;

import static com.google.common.base.Preconditions.checkArgument;

/** A 48-bit Ethernet address, held in the low 48 bits of a long. */
public record MacAddress(long value) implements Comparable<MacAddress> {

    public static final MacAddress ZERO = new MacAddress(0L);
    public static final MacAddress BROADCAST = new MacAddress(0xffffffffffffL);
    /** Destination of LLDP frames (nearest bridge). */
    public static final MacAddress LLDP_NEAREST_BRIDGE = new MacAddress(0x0180c200000eL);

    private static final long MASK = 0xffffffffffffL;

    public MacAddress {
        checkArgument((value & ~MASK) == 0, "MAC address has more than 48 bits");
    }

    public static MacAddress of(long value) {
        return new MacAddress(value);
    }

    /** Reads six bytes at {@code offset}. */
    public static MacAddress of(byte[] bytes, int offset) {
        checkArgument(bytes.length >= offset + 6, "need 6 bytes for a MAC address");
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (bytes[offset + i] & 0xff);
        }
        return new MacAddress(v);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with dashes). */
    public static MacAddress parse(String text) {
        if (text == null || text.length() != 17) {
            throw new IllegalArgumentException("MAC address must be six hex pairs: " + text);
        }
        long v = 0;
        for (int i = 0; i < 6; i++) {
            int hi = Character.digit(text.charAt(i * 3), 16);
            int lo = Character.digit(text.charAt(i * 3 + 1), 16);
            if (hi < 0 || lo < 0 || (i < 5 && text.charAt(i * 3 + 2) != ':' && text.charAt(i * 3 + 2) != '-')) {
                throw new IllegalArgumentException("MAC address must be six hex pairs: " + text);
            }
            v = (v << 8) | (hi << 4) | lo;
        }
        return new MacAddress(v);
    }

    public boolean isBroadcast() {
        return value == BROADCAST.value;
    }

    /** True for group addresses (broadcast included): the I/G bit of the first octet. */
    public boolean isMulticast() {
        return (value & 0x010000000000L) != 0;
    }

    public byte[] toBytes() {
        byte[] b = new byte[6];
        for (int i = 5; i >= 0; i--) {
            b[5 - i] = (byte) (value >>> (i * 8));
        }
        return b;
    }

    @Override
    public int compareTo(MacAddress o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int b = (int) (value >>> (i * 8)) & 0xff;
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
