package io.skylane.core.net;

import java.util.HexFormat;

/**
 * Identity of a switch: its 64-bit OpenFlow datapath id, written as 16 lower-case hex digits
 * everywhere (logs, REST, configuration).
 */
public record DeviceId(long dpid) implements Comparable<DeviceId> {

    /** Returns the device id for a datapath id. */
    public static DeviceId of(long dpid) {
        return new DeviceId(dpid);
    }

    /**
     * Parses 16 hex digits, optionally with colons ({@code 00:00:00:00:00:00:00:d1}) or an
     * {@code of:} prefix. Shorter hex strings are accepted and zero-padded.
     *
     * @throws IllegalArgumentException if the text is not a datapath id
     */
    public static DeviceId parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("datapath id is missing");
        }
        String s = text.trim().toLowerCase();
        if (s.startsWith("of:")) {
            s = s.substring(3);
        }
        s = s.replace(":", "");
        if (s.isEmpty() || s.length() > 16) {
            throw new IllegalArgumentException("datapath id must be 1 to 16 hex digits: " + text);
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("datapath id must be hex digits: " + text);
            }
        }
        return new DeviceId(Long.parseUnsignedLong(s, 16));
    }

    @Override
    public int compareTo(DeviceId o) {
        return Long.compareUnsigned(dpid, o.dpid);
    }

    /** The datapath id as 16 hex digits. */
    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(dpid);
    }
}
