package io.skylane.topology.discovery;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.HashCode;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.MalformedPacketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Builds and parses Skylane's LLDP probes (IEEE 802.1AB), sent to the nearest-bridge address
 * {@code 01:80:c2:00:00:0e} with Ethernet type {@code 0x88cc}:
 *
 * <pre>
 * Chassis ID   type 1, subtype 7 (locally assigned): the datapath id as 16 lower-case hex digits
 * Port ID      type 2, subtype 7 (locally assigned): the port number in decimal
 * TTL          type 3: seconds
 * Skylane      type 127 (organizationally specific), OUI 02:53:4c, subtype 1:
 *              controller id (8 bytes), timestamp in ms since the epoch (8), HMAC-SHA256 (32)
 * End          type 0, length 0
 * </pre>
 *
 * The OUI {@code 02:53:4c} ("SL" with the locally administered bit set) is not an IEEE
 * assignment; the bit marks it as private, so it cannot clash with a registered vendor.
 *
 * <p>Parsing is strict. An LLDP frame that breaks 802.1AB's structure (TLVs truncated or out of
 * order, a missing End TLV, a repeated mandatory TLV) or whose Skylane TLV or IDs are not exactly
 * as Skylane writes them throws {@link MalformedPacketException}, and nothing else. A well-formed
 * LLDP frame without a Skylane TLV (from a host's LLDP agent, say) is not a probe: empty.
 */
public final class LldpCodec {

    /** Skylane's organizationally unique identifier (private: locally administered bit set). */
    public static final int SKYLANE_OUI = 0x02534c;
    /** Subtype of the probe TLV under {@link #SKYLANE_OUI}. */
    public static final int PROBE_SUBTYPE = 1;

    static final int TLV_END = 0;
    static final int TLV_CHASSIS_ID = 1;
    static final int TLV_PORT_ID = 2;
    static final int TLV_TTL = 3;
    static final int TLV_ORGANIZATIONAL = 127;
    static final int SUBTYPE_LOCALLY_ASSIGNED = 7;

    private static final int DPID_DIGITS = 16;
    private static final int MAX_PORT_DIGITS = 10;
    /** OUI, subtype, controller id, timestamp, HMAC. */
    private static final int PROBE_TLV_LENGTH = 3 + 1 + 8 + 8 + LldpProbe.SIGNATURE_LENGTH;

    private LldpCodec() {
    }

    /**
     * The whole Ethernet frame of a probe.
     *
     * @param source     the frame's source MAC (the sending port's address)
     * @param ttlSeconds the TTL TLV's value, 1..65535
     */
    public static byte[] encode(LldpProbe probe, MacAddress source, int ttlSeconds) {
        checkNotNull(probe, "probe");
        checkNotNull(source, "source");
        checkArgument(ttlSeconds > 0 && ttlSeconds <= 0xffff, "ttl must be 1..65535 seconds");
        byte[] chassis = probe.device().toString().getBytes(StandardCharsets.US_ASCII);
        byte[] port = Long.toString(probe.port().value()).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(2 + 1 + chassis.length + 2 + 1 + port.length + 2 + 2 + 2
                + PROBE_TLV_LENGTH + 2);
        header(b, TLV_CHASSIS_ID, 1 + chassis.length).put((byte) SUBTYPE_LOCALLY_ASSIGNED).put(chassis);
        header(b, TLV_PORT_ID, 1 + port.length).put((byte) SUBTYPE_LOCALLY_ASSIGNED).put(port);
        header(b, TLV_TTL, 2).putShort((short) ttlSeconds);
        header(b, TLV_ORGANIZATIONAL, PROBE_TLV_LENGTH)
                .put((byte) (SKYLANE_OUI >>> 16)).put((byte) (SKYLANE_OUI >>> 8)).put((byte) SKYLANE_OUI)
                .put((byte) PROBE_SUBTYPE).putLong(probe.controllerId()).putLong(probe.time().toEpochMilli())
                .put(probe.signature().asBytes());
        header(b, TLV_END, 0);
        return Ethernet.build(MacAddress.LLDP_NEAREST_BRIDGE, source, VlanId.NONE, EthType.LLDP, b.array());
    }

    private static ByteBuffer header(ByteBuffer b, int type, int length) {
        return b.putShort((short) ((type << 9) | length));
    }

    /**
     * Parses a frame as a Skylane probe.
     *
     * @return the probe; empty if the frame is not LLDP to the nearest-bridge address or is
     *         well-formed LLDP without a Skylane TLV
     * @throws MalformedPacketException if the frame is malformed
     */
    public static Optional<LldpProbe> parse(byte[] frame) {
        return parse(Ethernet.parse(checkNotNull(frame, "frame")));
    }

    /** As {@link #parse(byte[])}, for a frame whose Ethernet header is already parsed. */
    public static Optional<LldpProbe> parse(Ethernet eth) {
        if (eth.etherType() != EthType.LLDP || !eth.destination().equals(MacAddress.LLDP_NEAREST_BRIDGE)) {
            return Optional.empty();
        }
        byte[] f = eth.frame();
        int pos = eth.payloadOffset();
        int chassis = -1;
        int chassisLength = 0;
        int port = -1;
        int portLength = 0;
        int probe = -1;
        for (int index = 0; ; index++) {
            if (pos + 2 > f.length) {
                throw new MalformedPacketException("LLDP TLV header is truncated (no End TLV)");
            }
            int header = u16(f, pos);
            int type = header >>> 9;
            int length = header & 0x1ff;
            pos += 2;
            if (pos + length > f.length) {
                throw new MalformedPacketException("LLDP TLV of type " + type + " is truncated");
            }
            if (index == 0) {
                require(type == TLV_CHASSIS_ID && length >= 2 && length <= 256,
                        "LLDP must start with a Chassis ID TLV");
                chassis = pos;
                chassisLength = length;
            } else if (index == 1) {
                require(type == TLV_PORT_ID && length >= 2 && length <= 256, "LLDP Port ID TLV must come second");
                port = pos;
                portLength = length;
            } else if (index == 2) {
                require(type == TLV_TTL && length == 2, "LLDP TTL TLV must come third, with 2 bytes");
            } else if (type == TLV_END) {
                require(length == 0, "LLDP End TLV must be empty");
                break; // what follows is Ethernet padding
            } else if (type == TLV_CHASSIS_ID || type == TLV_PORT_ID || type == TLV_TTL) {
                throw new MalformedPacketException("LLDP mandatory TLV of type " + type + " repeated");
            } else if (type == TLV_ORGANIZATIONAL && isSkylane(f, pos, length)) {
                require(probe < 0, "LLDP carries two Skylane probe TLVs");
                require(length == PROBE_TLV_LENGTH, "Skylane probe TLV has the wrong length");
                probe = pos + 4;
            }
            pos += length;
        }
        if (probe < 0) {
            return Optional.empty();
        }
        return Optional.of(new LldpProbe(DeviceId.of(dpid(f, chassis, chassisLength)),
                PortNumber.of(portNumber(f, port, portLength)), i64(f, probe),
                Instant.ofEpochMilli(i64(f, probe + 8)),
                HashCode.fromBytes(Arrays.copyOfRange(f, probe + 16, probe + 16 + LldpProbe.SIGNATURE_LENGTH))));
    }

    private static boolean isSkylane(byte[] f, int pos, int length) {
        return length >= 4 && ((f[pos] & 0xff) << 16 | (f[pos + 1] & 0xff) << 8 | (f[pos + 2] & 0xff)) == SKYLANE_OUI
                && (f[pos + 3] & 0xff) == PROBE_SUBTYPE;
    }

    /** The Chassis ID as Skylane writes it: subtype 7, 16 lower-case hex digits. */
    private static long dpid(byte[] f, int pos, int length) {
        require(f[pos] == SUBTYPE_LOCALLY_ASSIGNED && length == 1 + DPID_DIGITS,
                "Skylane probe Chassis ID must be a locally assigned 16-digit datapath id");
        long v = 0;
        for (int i = pos + 1; i < pos + length; i++) {
            int c = f[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            require(d >= 0, "Skylane probe Chassis ID must be lower-case hex digits");
            v = (v << 4) | d;
        }
        return v;
    }

    /** The Port ID as Skylane writes it: subtype 7, a physical port number in decimal, no leading zero. */
    private static long portNumber(byte[] f, int pos, int length) {
        require(f[pos] == SUBTYPE_LOCALLY_ASSIGNED && length >= 2 && length <= 1 + MAX_PORT_DIGITS,
                "Skylane probe Port ID must be a locally assigned port number");
        require(f[pos + 1] != '0', "Skylane probe Port ID must not start with 0");
        long v = 0;
        for (int i = pos + 1; i < pos + length; i++) {
            int c = f[i];
            require(c >= '0' && c <= '9', "Skylane probe Port ID must be decimal digits");
            v = v * 10 + (c - '0');
        }
        require(v <= PortNumber.MAX_PHYSICAL, "Skylane probe Port ID is not a physical port");
        return v;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new MalformedPacketException(message);
        }
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static long i64(byte[] b, int off) {
        long v = 0;
        for (int i = off; i < off + 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }
}
