package io.skylane.core.net;

/** Ethernet type numbers used by the controller. */
public final class EthType {
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    public static final int VLAN = 0x8100;
    public static final int QINQ = 0x88a8;
    public static final int IPV6 = 0x86dd;
    public static final int LLDP = 0x88cc;
    /** Broadcast domain discovery (the same payload as LLDP, sent to the broadcast address). */
    public static final int BDDP = 0x8942;
    public static final int MPLS_UNICAST = 0x8847;

    private EthType() {
    }
}
