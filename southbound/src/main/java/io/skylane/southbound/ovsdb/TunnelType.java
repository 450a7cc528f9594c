package io.skylane.southbound.ovsdb;

/** The encapsulations a hypervisor's tunnel port can use, by their Open vSwitch interface type. */
public enum TunnelType {
    GENEVE("geneve"),
    VXLAN("vxlan");

    private final String ovsType;

    TunnelType(String ovsType) {
        this.ovsType = ovsType;
    }

    /** The {@code Interface.type} value ({@code geneve}). */
    public String ovsType() {
        return ovsType;
    }

    /**
     * @throws IllegalArgumentException for a type other than {@code geneve} or {@code vxlan}
     */
    public static TunnelType of(String ovsType) {
        for (TunnelType t : values()) {
            if (t.ovsType.equals(ovsType)) {
                return t;
            }
        }
        throw new IllegalArgumentException("tunnel type must be geneve or vxlan: " + ovsType);
    }
}
