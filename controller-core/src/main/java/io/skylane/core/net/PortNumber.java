package io.skylane.core.net;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * An OpenFlow port number (32 bits unsigned, OpenFlow 1.3 numbering). Reserved ports use the
 * OpenFlow 1.3 values; the southbound maps them for OpenFlow 1.0.
 */
public record PortNumber(long value) implements Comparable<PortNumber> {

    /** Highest number of a physical or logical port (OFPP_MAX). */
    public static final long MAX_PHYSICAL = 0xffffff00L;

    public static final PortNumber IN_PORT = new PortNumber(0xfffffff8L);
    public static final PortNumber TABLE = new PortNumber(0xfffffff9L);
    public static final PortNumber NORMAL = new PortNumber(0xfffffffaL);
    public static final PortNumber FLOOD = new PortNumber(0xfffffffbL);
    public static final PortNumber ALL = new PortNumber(0xfffffffcL);
    public static final PortNumber CONTROLLER = new PortNumber(0xfffffffdL);
    public static final PortNumber LOCAL = new PortNumber(0xfffffffeL);
    public static final PortNumber ANY = new PortNumber(0xffffffffL);

    public PortNumber {
        checkArgument(value >= 0 && value <= 0xffffffffL, "port number out of range");
    }

    /** Returns the port with the given number. */
    public static PortNumber of(long value) {
        return new PortNumber(value);
    }

    /** True for the numbers of real (physical or logical) ports, false for the reserved ones. */
    public boolean isPhysical() {
        return value > 0 && value <= MAX_PHYSICAL;
    }

    @Override
    public int compareTo(PortNumber o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        if (value == IN_PORT.value) {
            return "IN_PORT";
        } else if (value == TABLE.value) {
            return "TABLE";
        } else if (value == NORMAL.value) {
            return "NORMAL";
        } else if (value == FLOOD.value) {
            return "FLOOD";
        } else if (value == ALL.value) {
            return "ALL";
        } else if (value == CONTROLLER.value) {
            return "CONTROLLER";
        } else if (value == LOCAL.value) {
            return "LOCAL";
        } else if (value == ANY.value) {
            return "ANY";
        }
        return Long.toString(value);
    }
}
