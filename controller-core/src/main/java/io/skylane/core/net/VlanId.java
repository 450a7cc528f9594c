package io.skylane.core.net;

import static com.google.common.base.Preconditions.checkArgument;

/** A 12-bit 802.1Q VLAN id (0..4095); {@link #NONE} matches untagged frames. */
public record VlanId(short value) implements Comparable<VlanId> {

    /** Untagged: no 802.1Q header. */
    public static final VlanId NONE = new VlanId((short) -1);

    public VlanId {
        checkArgument(value == -1 || (value >= 0 && value <= 4095), "VLAN id must be 0..4095");
    }

    public static VlanId of(int value) {
        return new VlanId((short) value);
    }

    public boolean isNone() {
        return value == -1;
    }

    @Override
    public int compareTo(VlanId o) {
        return Short.compare(value, o.value);
    }

    @Override
    public String toString() {
        return isNone() ? "none" : Short.toString(value);
    }
}
