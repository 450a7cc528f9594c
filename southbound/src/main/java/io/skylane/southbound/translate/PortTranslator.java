package io.skylane.southbound.translate;

import io.skylane.core.net.MacAddress;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.PortStatistics;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortFeatures;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFPortStatsEntry;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFPort;

/** Port numbers, port descriptions and port counters. */
public final class PortTranslator {

    /** Port numbers below this are shared instances: decoding a PACKET_IN's in_port allocates nothing. */
    private static final int CACHED = 4096;
    private static final PortNumber[] CACHE = new PortNumber[CACHED];
    /** Highest physical port number OpenFlow 1.0 can carry (openflowj refuses OFPP_MAX itself). */
    private static final long OF10_MAX_PHYSICAL = 0xfeffL;
    private static final long FIRST_RESERVED = 0xfffffff8L;
    /** OFPP_MAX, the highest physical port number in OpenFlow 1.3. */
    private static final long OFPP_MAX = 0xffffff00L;

    static {
        for (int i = 0; i < CACHED; i++) {
            CACHE[i] = PortNumber.of(i);
        }
    }

    private PortTranslator() {
    }

    /** The core port number of an openflowj port (OpenFlow 1.0 reserved ports are already widened). */
    public static PortNumber toCore(OFPort port) {
        int v = port.getPortNumber();
        if (v >= 0 && v < CACHED) {
            return CACHE[v];
        }
        switch (v) {
            case 0xfffffff8: return PortNumber.IN_PORT;
            case 0xfffffff9: return PortNumber.TABLE;
            case 0xfffffffa: return PortNumber.NORMAL;
            case 0xfffffffb: return PortNumber.FLOOD;
            case 0xfffffffc: return PortNumber.ALL;
            case 0xfffffffd: return PortNumber.CONTROLLER;
            case 0xfffffffe: return PortNumber.LOCAL;
            case 0xffffffff: return PortNumber.ANY;
            default: return PortNumber.of(v & 0xffffffffL);
        }
    }

    /**
     * The openflowj port for a core port number, checked against the version: OpenFlow 1.0 has
     * 16-bit port numbers (the reserved ones are mapped by openflowj).
     *
     * @throws IllegalArgumentException if the version cannot carry the number
     */
    public static OFPort toOpenFlow(PortNumber port, OFVersion version) {
        long v = port.value();
        if (version == OFVersion.OF_10 && v > OF10_MAX_PHYSICAL && v < FIRST_RESERVED) {
            throw new IllegalArgumentException("port " + port + " cannot be expressed in OpenFlow 1.0");
        }
        try {
            return OFPort.of((int) v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("port " + port + " is not a valid OpenFlow port", e);
        }
    }

    /**
     * The 32-bit number of a port in OpenFlow 1.3, refused as {@link #toOpenFlow} refuses it
     * (openflowj knows no reserved port between OFPP_MAX and OFPP_IN_PORT), without an openflowj
     * object: for the FLOW_MODs written straight into a buffer.
     *
     * @throws IllegalArgumentException if the number is not a valid OpenFlow port
     */
    static int toOpenFlow13(PortNumber port) {
        long v = port.value();
        if (v > OFPP_MAX && v < FIRST_RESERVED) {
            throw new IllegalArgumentException("port " + port + " is not a valid OpenFlow port");
        }
        return (int) v;
    }

    /** A port description (FEATURES_REPLY in 1.0, PORT_DESC and PORT_STATUS) in core terms. */
    public static Port toCore(OFPortDesc desc) {
        Set<OFPortConfig> config = desc.getConfig();
        Set<OFPortState> state = desc.getState();
        return new Port(toCore(desc.getPortNo()), desc.getName(), MacAddress.of(desc.getHwAddr().getLong()),
                !config.contains(OFPortConfig.PORT_DOWN), !state.contains(OFPortState.LINK_DOWN), speedKbps(desc));
    }

    /** Current speed in kbit/s: a field in 1.3, derived from the feature bits in 1.0; 0 if unknown. */
    static long speedKbps(OFPortDesc desc) {
        if (desc.getVersion() != OFVersion.OF_10) {
            return desc.getCurrSpeed();
        }
        Set<OFPortFeatures> curr = desc.getCurr();
        if (curr.contains(OFPortFeatures.PF_10GB_FD)) {
            return 10_000_000L;
        } else if (curr.contains(OFPortFeatures.PF_1GB_FD) || curr.contains(OFPortFeatures.PF_1GB_HD)) {
            return 1_000_000L;
        } else if (curr.contains(OFPortFeatures.PF_100MB_FD) || curr.contains(OFPortFeatures.PF_100MB_HD)) {
            return 100_000L;
        } else if (curr.contains(OFPortFeatures.PF_10MB_FD) || curr.contains(OFPortFeatures.PF_10MB_HD)) {
            return 10_000L;
        }
        return 0;
    }

    /** One entry of a port statistics reply. */
    public static PortStatistics toCore(OFPortStatsEntry e) {
        return new PortStatistics(toCore(e.getPortNo()), e.getRxPackets().getValue(), e.getTxPackets().getValue(),
                e.getRxBytes().getValue(), e.getTxBytes().getValue(), e.getRxDropped().getValue(),
                e.getTxDropped().getValue(), e.getRxErrors().getValue(), e.getTxErrors().getValue());
    }
}
