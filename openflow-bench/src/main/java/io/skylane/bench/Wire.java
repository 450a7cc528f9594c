package io.skylane.bench;

import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFBufferId;

/**
 * OpenFlow 1.0 and 1.3 wire constants and the offsets the hot path reads without openflowj. Message
 * type numbers are per version; the few messages read here have the same number in both, except
 * those listed twice. Versions and the no-buffer id are openflowj's; the type and command numbers
 * are written out because the hot path switches on them (openflowj has them only in its generated
 * per-version serializers), and {@code WireTest} pins each number and offset to what openflowj
 * encodes.
 */
final class Wire {

    static final int OF10 = OFVersion.OF_10.getWireVersion();
    static final int OF13 = OFVersion.OF_13.getWireVersion();
    static final int HEADER = 8;
    static final int NO_BUFFER = OFBufferId.NO_BUFFER.getInt();

    static final int HELLO = 0;
    static final int ERROR = 1;
    static final int ECHO_REQUEST = 2;
    static final int ECHO_REPLY = 3;
    static final int EXPERIMENTER = 4;
    static final int FEATURES_REQUEST = 5;
    static final int FEATURES_REPLY = 6;
    static final int GET_CONFIG_REQUEST = 7;
    static final int SET_CONFIG = 9;
    static final int PACKET_IN = 10;
    static final int PACKET_OUT = 13;
    static final int FLOW_MOD = 14;
    /** 1.0: PORT_MOD; 1.3: GROUP_MOD. */
    static final int MOD_15 = 15;
    static final int STATS_REQUEST_10 = 16;
    static final int BARRIER_REQUEST_10 = 18;
    static final int BARRIER_REPLY_10 = 19;
    static final int PORT_MOD_13 = 16;
    static final int TABLE_MOD_13 = 17;
    static final int MULTIPART_REQUEST_13 = 18;
    static final int BARRIER_REQUEST_13 = 20;
    static final int BARRIER_REPLY_13 = 21;
    static final int ROLE_REQUEST_13 = 24;
    static final int GET_ASYNC_REQUEST_13 = 26;
    static final int SET_ASYNC_13 = 28;
    static final int METER_MOD_13 = 29;

    static final int FLOW_ADD = 0;
    static final int FLOW_MODIFY = 1;
    static final int FLOW_MODIFY_STRICT = 2;
    static final int FLOW_DELETE = 3;
    static final int FLOW_DELETE_STRICT = 4;

    private Wire() {
    }

    static int barrierRequest(int version) {
        return version == OF10 ? BARRIER_REQUEST_10 : BARRIER_REQUEST_13;
    }

    static int barrierReply(int version) {
        return version == OF10 ? BARRIER_REPLY_10 : BARRIER_REPLY_13;
    }

    static int statsRequest(int version) {
        return version == OF10 ? STATS_REQUEST_10 : MULTIPART_REQUEST_13;
    }

    /** GROUP_MOD, PORT_MOD, TABLE_MOD, METER_MOD, SET_ASYNC: changes a switch takes without a reply. */
    static boolean isModification(int version, int type) {
        if (version == OF10) {
            return type == MOD_15;
        }
        return type == MOD_15 || type == PORT_MOD_13 || type == TABLE_MOD_13 || type == METER_MOD_13
                || type == SET_ASYNC_13;
    }

    /** Requests a switch answers that the emulator does not serve (experimenter, queue config, async config). */
    static boolean isUnservedRequest(int version, int type) {
        return type == EXPERIMENTER || (version == OF10 ? type == 20 : type == 22 || type == GET_ASYNC_REQUEST_13);
    }

    /** FLOW_MOD command of the frame at {@code at}. */
    static int flowModCommand(ByteBuf b, int at, int version) {
        return version == OF10 ? b.getUnsignedShort(at + 56) : b.getUnsignedByte(at + 25);
    }

    static int flowModBufferId(ByteBuf b, int at, int version) {
        return b.getInt(at + (version == OF10 ? 64 : 32));
    }

    static int flowModPriority(ByteBuf b, int at, int version) {
        return b.getUnsignedShort(at + (version == OF10 ? 62 : 30));
    }

    static int packetOutBufferId(ByteBuf b, int at) {
        return b.getInt(at + 8);
    }

    /** Where a PACKET_OUT's packet data starts (after its actions). */
    static int packetOutDataOffset(ByteBuf b, int at, int version) {
        return version == OF10 ? 16 + b.getUnsignedShort(at + 14) : 24 + b.getUnsignedShort(at + 16);
    }

    /** OpenFlow 1.3's OFPP_IN_PORT; {@link #packetOutOutputs} maps 1.0's reserved ports onto 1.3's. */
    static final int PORT_IN_PORT = 0xfffffff8;
    static final int PORT_FLOOD = 0xfffffffb;
    static final int PORT_ALL = 0xfffffffc;
    private static final int ACTION_OUTPUT = 0;

    /** A PACKET_OUT's in_port, in 1.3 numbering (1.0's reserved ports mapped onto 1.3's). */
    static int packetOutInPort(ByteBuf b, int at, int version) {
        return version == OF10 ? port13(b.getUnsignedShort(at + 12)) : b.getInt(at + 12);
    }

    /**
     * The ports of a PACKET_OUT's OUTPUT actions, in order, in 1.3 numbering; other actions are
     * skipped. Stops at an action whose length is impossible.
     */
    static int[] packetOutOutputs(ByteBuf b, int at, int version) {
        int first = at + (version == OF10 ? 16 : 24);
        int end = first + b.getUnsignedShort(at + (version == OF10 ? 14 : 16));
        int[] ports = new int[0];
        int a = first;
        while (a + 4 <= end) {
            int type = b.getUnsignedShort(a);
            int len = b.getUnsignedShort(a + 2);
            if (len < 8 || a + len > end) {
                break;
            }
            if (type == ACTION_OUTPUT) {
                ports = java.util.Arrays.copyOf(ports, ports.length + 1);
                ports[ports.length - 1] = version == OF10 ? port13(b.getUnsignedShort(a + 4)) : b.getInt(a + 4);
            }
            a += len;
        }
        return ports;
    }

    /** A 1.0 port number in 1.3 numbering: reserved ports (0xff00 and up) move to the top of the 32 bits. */
    private static int port13(int port10) {
        return port10 >= 0xff00 ? 0xffff0000 | port10 : port10;
    }

    /** Writes a header-only message (BARRIER_REPLY and the like). */
    static void writeHeader(ByteBuf out, int version, int type, int length, int xid) {
        out.writeByte(version).writeByte(type).writeShort(length).writeInt(xid);
    }
}
