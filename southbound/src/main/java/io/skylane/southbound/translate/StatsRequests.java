package io.skylane.southbound.translate;

import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortStatsRequest;
import org.projectfloodlight.openflow.protocol.OFStatsRequestFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** The multipart (1.3) / statistics (1.0) requests the controller sends. */
public final class StatsRequests {

    private static final Set<OFStatsRequestFlags> NO_FLAGS = Set.of();

    private StatsRequests() {
    }

    /** Every flow of every table: table ALL (0xff), out_port ANY, out_group ANY, match all. */
    public static OFFlowStatsRequest flows(OFFactory f, long xid) {
        OFFlowStatsRequest.Builder b = f.buildFlowStatsRequest().setXid(xid).setFlags(NO_FLAGS)
                .setTableId(TableId.ALL).setOutPort(OFPort.ANY).setMatch(f.matchWildcardAll());
        if (f.getVersion() != OFVersion.OF_10) {
            b.setOutGroup(OFGroup.ANY).setCookie(U64.ZERO).setCookieMask(U64.ZERO);
        }
        return b.build();
    }

    /** Port counters of every port (OFPP_ANY, which is OFPP_NONE in 1.0). */
    public static OFPortStatsRequest portStats(OFFactory f, long xid) {
        return f.buildPortStatsRequest().setXid(xid).setFlags(NO_FLAGS).setPortNo(OFPort.ANY).build();
    }

    /** Every group's description (1.3). */
    public static OFGroupDescStatsRequest groupDesc(OFFactory f, long xid) {
        return f.buildGroupDescStatsRequest().setXid(xid).setFlags(NO_FLAGS).build();
    }

    /** The switch's ports (1.3; 1.0 lists them in FEATURES_REPLY). */
    public static OFPortDescStatsRequest portDesc(OFFactory f, long xid) {
        return f.buildPortDescStatsRequest().setXid(xid).setFlags(NO_FLAGS).build();
    }

    /** Manufacturer, hardware, software, serial number, datapath description. */
    public static OFDescStatsRequest desc(OFFactory f, long xid) {
        return f.buildDescStatsRequest().setXid(xid).setFlags(NO_FLAGS).build();
    }
}
