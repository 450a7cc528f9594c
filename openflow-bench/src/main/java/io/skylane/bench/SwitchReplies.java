package io.skylane.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFCapabilities;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortFeatures;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFRoleReply;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFAuxId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * The handshake-time and rare messages of an emulated switch, built with openflowj: HELLO and its
 * negotiation, FEATURES_REPLY, port list, DESC, ROLE, GET_CONFIG replies, errors, and the packet-in
 * template the hot path patches.
 */
final class SwitchReplies {

    private static final int OFPT_PACKET_IN = 10;
    private static final int OFPR_ACTION = 1;
    /** OXM class OPENFLOW_BASIC, field IN_PORT, no mask, 4 bytes. */
    private static final int OXM_IN_PORT = 0x80000004;
    private static final int CABLE_PACKET_IN_HEADER_10 = 18;
    private static final int CABLE_PACKET_IN_HEADER_13 = 42;


    static final String MANUFACTURER = "Skylane";
    static final String HARDWARE = "skylane switch emulator";

    private SwitchReplies() {
    }

    static OFFactory factory(int wireVersion) {
        return OFFactories.getFactory(wireVersion == Wire.OF10 ? OFVersion.OF_10 : OFVersion.OF_13);
    }

    /** Our HELLO: 1.0 plain; 1.3 with a version bitmap holding 1.3 only. */
    static OFHello hello(int wireVersion, long xid) {
        OFFactory f = factory(wireVersion);
        if (wireVersion == Wire.OF10) {
            return f.buildHello().setXid(xid).build();
        }
        OFHelloElem bitmap = f.buildHelloElemVersionbitmap().setBitmaps(List.of(U32.of(1L << wireVersion))).build();
        return f.buildHello().setXid(xid).setElements(List.of(bitmap)).build();
    }

    /**
     * Whether the controller's HELLO lets us speak {@code ours}: its bitmap (if any) must hold our
     * version, otherwise its header version must be at least ours.
     *
     * @return empty if it does, else what the controller offered, for the error message
     */
    static Optional<String> incompatibility(OFHello peer, int ours) {
        int theirs = peer.getVersion().getWireVersion();
        List<OFHelloElem> elements = peer.getVersion().compareTo(OFVersion.OF_13) >= 0 ? peer.getElements() : List.of();
        for (OFHelloElem e : elements) {
            if (e instanceof OFHelloElemVersionbitmap b && !b.getBitmaps().isEmpty()) {
                long bits = b.getBitmaps().get(0).getValue();
                return (bits & (1L << ours)) != 0 ? Optional.empty() : Optional.of("version bitmap 0x"
                        + Long.toHexString(bits));
            }
        }
        return theirs >= ours ? Optional.empty() : Optional.of("OpenFlow wire version " + theirs);
    }

    /**
     * What is wrong with the controller's HELLO ({@code parsed} from its bytes), in words for the
     * failure; empty when it lets us speak {@code ours}.
     */
    static Optional<String> helloProblem(Optional<OFMessage> parsed, int ours) {
        if (parsed.isEmpty() || !(parsed.get() instanceof OFHello hello)) {
            return Optional.of("the controller's HELLO cannot be parsed");
        }
        return incompatibility(hello, ours).map(offered -> "the controller does not speak OpenFlow "
                + versionText(ours) + " (it offered " + offered + ")");
    }

    static String versionText(int wireVersion) {
        return wireVersion == Wire.OF10 ? "1.0" : "1.3";
    }

    static List<OFPortDesc> ports(SwitchSpec s) {
        OFFactory f = factory(s.wireVersion());
        List<OFPortDesc> list = new ArrayList<>();
        for (int p = 1; p <= s.ports(); p++) {
            OFPortDesc.Builder b = f.buildPortDesc().setPortNo(OFPort.of(p)).setName("s" + (s.index() + 1) + "-eth" + p)
                    .setHwAddr(MacAddress.of(0x0a00_0000_0000L | ((s.dpid() & 0xffffff) << 8) | p))
                    .setCurr(EnumSet.of(OFPortFeatures.PF_10GB_FD));
            if (s.wireVersion() != Wire.OF10) {
                b.setCurrSpeed(10_000_000L).setMaxSpeed(10_000_000L);
            }
            list.add(b.build());
        }
        return list;
    }

    static OFMessage featuresReply(SwitchSpec s, long xid) {
        OFFactory f = factory(s.wireVersion());
        var b = f.buildFeaturesReply().setXid(xid).setDatapathId(DatapathId.of(s.dpid())).setNBuffers(s.buffers())
                .setNTables((short) s.tables());
        if (s.wireVersion() == Wire.OF10) {
            b.setCapabilities(EnumSet.of(OFCapabilities.FLOW_STATS, OFCapabilities.TABLE_STATS,
                    OFCapabilities.PORT_STATS)).setActions(EnumSet.of(OFActionType.OUTPUT, OFActionType.SET_VLAN_VID,
                    OFActionType.SET_DL_SRC, OFActionType.SET_DL_DST, OFActionType.SET_NW_SRC,
                    OFActionType.SET_NW_DST)).setPorts(ports(s));
        } else {
            b.setCapabilities(EnumSet.of(OFCapabilities.FLOW_STATS, OFCapabilities.TABLE_STATS,
                    OFCapabilities.PORT_STATS, OFCapabilities.GROUP_STATS)).setAuxiliaryId(OFAuxId.MAIN);
        }
        return b.build();
    }

    static OFMessage portDescReply(SwitchSpec s, long xid) {
        return factory(s.wireVersion()).buildPortDescStatsReply().setXid(xid).setEntries(ports(s)).build();
    }

    static OFMessage descReply(SwitchSpec s, long xid) {
        return factory(s.wireVersion()).buildDescStatsReply().setXid(xid).setMfrDesc(MANUFACTURER)
                .setHwDesc(HARDWARE).setSwDesc("skylane bench").setSerialNum(Integer.toString(s.index() + 1))
                .setDpDesc("emulated switch " + s.dpidText()).build();
    }

    static OFMessage getConfigReply(SwitchSpec s, long xid, int missSendLen) {
        return factory(s.wireVersion()).buildGetConfigReply().setXid(xid).setMissSendLen(missSendLen).build();
    }

    /** Answers a ROLE_REQUEST; NOCHANGE keeps {@code current}. */
    static OFRoleReply roleReply(OFRoleRequest r, OFControllerRole current) {
        OFControllerRole role = r.getRole() == OFControllerRole.ROLE_NOCHANGE ? current : r.getRole();
        return OFFactories.getFactory(r.getVersion()).buildRoleReply().setXid(r.getXid()).setRole(role)
                .setGenerationId(r.getGenerationId()).build();
    }

    /** ERROR BAD_REQUEST with {@code code} for a request we do not serve; carries its first bytes. */
    static OFMessage badRequest(int wireVersion, long xid, OFBadRequestCode code, ByteBuf in, int at, int len) {
        OFFactory f = factory(wireVersion);
        byte[] data = new byte[Math.min(len, 64)];
        in.getBytes(at, data);
        return f.errorMsgs().buildBadRequestErrorMsg().setXid(xid).setCode(code)
                .setData(OFErrorCauseData.of(data, f.getVersion())).build();
    }

    /** The PACKET_IN every test packet is patched from: buffer id 0 (or NO_BUFFER), in port 1, the test frame. */
    static byte[] packetInTemplate(SwitchSpec s) {
        return bytes(packetIn(s, s.buffered() ? OFBufferId.of(0) : OFBufferId.NO_BUFFER, TestFrames.IN_PORT,
                TestFrames.frame(s.dpid(), s.index()), 0));
    }

    /** The learning packet: cbench's gratuitous ARP reply from the destination MAC, on port 2, not buffered. */
    static OFPacketIn learnPacketIn(SwitchSpec s, long xid) {
        return packetIn(s, OFBufferId.NO_BUFFER, TestFrames.LEARN_IN_PORT, TestFrames.learnFrame(s.dpid()), xid);
    }

    /**
     * A frame that came in over a cable at {@code inPort}, sent to the controller as Open vSwitch
     * sends what a rule with an output-to-controller action (discovery's LLDP rule) caught: reason
     * ACTION, table 0, not buffered, the whole frame; the cookie is OpenFlow 1.3's "no flow entry"
     * (all ones), as the emulator does not match frames against the rules it was sent.
     */
    static OFPacketIn cablePacketIn(SwitchSpec s, long xid, int inPort, byte[] frame) {
        return packetIn(s, OFBufferId.NO_BUFFER, inPort, frame, xid, OFPacketInReason.ACTION, U64.NO_MASK);
    }

    /**
     * Writes {@link #cablePacketIn} straight into {@code out}, without openflowj's objects (a
     * match builder per frame was an eighth of the emulator's work in a k=32 fabric): the same
     * bytes (pinned by {@code SwitchRepliesTest}). OpenFlow 1.0: header, buffer_id, total_len,
     * in_port (16 bits), reason, pad. OpenFlow 1.3: header, buffer_id, total_len, reason, table_id,
     * cookie, the match (OXM IN_PORT, 12 bytes padded to 16), pad[2]. Then the frame.
     */
    static void writeCablePacketIn(SwitchSpec s, long xid, int inPort, byte[] frame, ByteBuf out) {
        boolean of10 = s.wireVersion() == Wire.OF10;
        int header = of10 ? CABLE_PACKET_IN_HEADER_10 : CABLE_PACKET_IN_HEADER_13;
        out.writeByte(s.wireVersion());
        out.writeByte(OFPT_PACKET_IN);
        out.writeShort(header + frame.length);
        out.writeInt((int) xid);
        out.writeInt(OFBufferId.NO_BUFFER.getInt());
        out.writeShort(frame.length);
        if (of10) {
            out.writeShort(inPort);
            out.writeByte(OFPR_ACTION);
            out.writeByte(0);
        } else {
            out.writeByte(OFPR_ACTION);
            out.writeByte(0); // table 0
            out.writeLong(-1L); // cookie: no flow entry
            out.writeShort(1); // OFPMT_OXM
            out.writeShort(12);
            out.writeInt(OXM_IN_PORT);
            out.writeInt(inPort);
            out.writeInt(0); // the match's padding to 8 bytes
            out.writeShort(0); // pad[2]
        }
        out.writeBytes(frame);
    }

    /**
     * A PORT_STATUS (reason MODIFY) for port {@code port}: link up, or link down (state LINK_DOWN,
     * the configuration left up, as a switch reports a cut cable).
     */
    static OFMessage portStatus(SwitchSpec s, long xid, int port, boolean up) {
        OFPortDesc desc = ports(s).get(port - 1);
        if (!up) {
            desc = desc.createBuilder().setState(EnumSet.of(OFPortState.LINK_DOWN)).build();
        }
        return factory(s.wireVersion()).buildPortStatus().setXid(xid).setReason(OFPortReason.MODIFY).setDesc(desc)
                .build();
    }

    private static OFPacketIn packetIn(SwitchSpec s, OFBufferId buffer, int inPort, byte[] frame, long xid) {
        return packetIn(s, buffer, inPort, frame, xid, OFPacketInReason.NO_MATCH, U64.ZERO);
    }

    private static OFPacketIn packetIn(SwitchSpec s, OFBufferId buffer, int inPort, byte[] frame, long xid,
                                       OFPacketInReason reason, U64 cookie) {
        OFFactory f = factory(s.wireVersion());
        OFPacketIn.Builder b = f.buildPacketIn().setXid(xid).setBufferId(buffer).setTotalLen(frame.length)
                .setReason(reason).setData(frame);
        if (s.wireVersion() == Wire.OF10) {
            b.setInPort(OFPort.of(inPort));
        } else {
            b.setTableId(TableId.of(0)).setCookie(cookie)
                    .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(inPort)).build());
        }
        return b.build();
    }

    /**
     * Builds, writes and reads back every handshake message of both versions once, so that
     * openflowj's class loading (about a second on a cold JVM) is not counted in handshake times.
     */
    static void warmUp() {
        for (int v : new int[] {Wire.OF10, Wire.OF13}) {
            SwitchSpec s = new SwitchSpec(1, 0, v, 256, 254, 4, 1, 1, 1, true, true, 1, 1, 1, 0);
            OFFactory f = factory(v);
            List<OFMessage> all = List.of(hello(v, 1), featuresReply(s, 1), descReply(s, 1), getConfigReply(s, 1, 128),
                    learnPacketIn(s, 1), cablePacketIn(s, 1, 2, TestFrames.learnFrame(1)), portStatus(s, 1, 1, false),
                    f.buildFeaturesRequest().setXid(1).build(),
                    f.buildSetConfig().setXid(1).setMissSendLen(128).build(), f.buildBarrierRequest().setXid(1).build(),
                    f.buildDescStatsRequest().setXid(1).build(), f.buildFlowStatsRequest().setXid(1).build(),
                    f.buildEchoRequest().setXid(1).build());
            for (OFMessage m : all) {
                try {
                    OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(bytes(m)));
                } catch (org.projectfloodlight.openflow.exceptions.OFParseError e) {
                    throw new IllegalStateException("openflowj cannot read its own " + m.getType(), e);
                }
            }
            if (v == Wire.OF13) {
                bytes(portDescReply(s, 1));
                bytes(f.buildRoleRequest().setXid(1).setRole(OFControllerRole.ROLE_EQUAL).setGenerationId(U64.ZERO)
                        .build());
            }
            packetInTemplate(s);
        }
    }

    static byte[] bytes(OFMessage m) {
        ByteBuf b = Unpooled.buffer();
        try {
            m.writeTo(b);
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }
}
