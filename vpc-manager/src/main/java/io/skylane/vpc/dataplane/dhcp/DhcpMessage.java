package io.skylane.vpc.dataplane.dhcp;

import static java.util.Objects.requireNonNull;

import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.MalformedPacketException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A BOOTP message with DHCP options (RFC 2131, 2132), for Ethernet clients (htype 1, hlen 6).
 *
 * <p>Parsing checks every length (IPv4, UDP, the fixed BOOTP part, each option), the magic cookie
 * and the hardware type, and throws {@link MalformedPacketException} for anything else: no other
 * exception comes out of it. Options repeated in a message are concatenated (RFC 3396). Options
 * carried in {@code sname}/{@code file} (option 52, overload) are not read: a server answering
 * from its own configuration does not need them.
 *
 * @param op      1 BOOTREQUEST, 2 BOOTREPLY
 * @param hops    relay hops
 * @param xid     transaction id
 * @param secs    seconds since the client began
 * @param flags   the broadcast bit is {@link #BROADCAST_FLAG}
 * @param ciaddr  the client's address, when it has one (renewing, rebinding, inform)
 * @param yiaddr  "your" address: what the server gives
 * @param siaddr  next server (not used here: 0)
 * @param giaddr  relay agent
 * @param chaddr  the client's hardware address
 * @param options options in order, each code once
 */
public record DhcpMessage(int op, int hops, int xid, int secs, int flags, Ip4Address ciaddr, Ip4Address yiaddr,
                          Ip4Address siaddr, Ip4Address giaddr, MacAddress chaddr, List<Option> options) {

    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;
    public static final int BROADCAST_FLAG = 0x8000;
    public static final int MAGIC_COOKIE = 0x63825363;
    /** op .. file: the fixed part before the magic cookie. */
    static final int FIXED_LENGTH = 236;
    /** RFC 1542: a BOOTP message is at least 300 bytes (some clients drop shorter ones). */
    static final int MIN_LENGTH = 300;
    private static final int HTYPE_ETHERNET = 1;
    private static final int HLEN_ETHERNET = 6;

    // Message types (option 53).
    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int DECLINE = 4;
    public static final int ACK = 5;
    public static final int NAK = 6;
    public static final int RELEASE = 7;
    public static final int INFORM = 8;

    // Option codes.
    public static final int OPT_PAD = 0;
    public static final int OPT_SUBNET_MASK = 1;
    public static final int OPT_ROUTER = 3;
    public static final int OPT_DNS = 6;
    public static final int OPT_MTU = 26;
    public static final int OPT_REQUESTED_IP = 50;
    public static final int OPT_LEASE_TIME = 51;
    public static final int OPT_MESSAGE_TYPE = 53;
    public static final int OPT_SERVER_ID = 54;
    public static final int OPT_PARAMETER_REQUEST_LIST = 55;
    public static final int OPT_MESSAGE = 56;
    public static final int OPT_RENEWAL_TIME = 58;
    public static final int OPT_REBINDING_TIME = 59;
    public static final int OPT_CLIENT_ID = 61;
    public static final int OPT_END = 255;

    /** One option: its code and value bytes (compared by content). */
    public record Option(int code, byte[] value) {
        public Option {
            if (code <= OPT_PAD || code >= OPT_END) {
                throw new IllegalArgumentException("option code " + code + " is reserved");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Option other && other.code == code && Arrays.equals(other.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * code + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return code + "=" + java.util.HexFormat.of().formatHex(value);
        }

        public static Option u8(int code, int v) {
            return new Option(code, new byte[] {(byte) v});
        }

        public static Option u16(int code, int v) {
            return new Option(code, new byte[] {(byte) (v >>> 8), (byte) v});
        }

        public static Option u32(int code, int v) {
            return new Option(code, ByteBuffer.allocate(4).putInt(v).array());
        }

        public static Option addresses(int code, List<Ip4Address> addresses) {
            ByteBuffer b = ByteBuffer.allocate(4 * addresses.size());
            addresses.forEach(a -> b.put(a.toBytes()));
            return new Option(code, b.array());
        }
    }

    public DhcpMessage {
        requireNonNull(ciaddr, "ciaddr");
        requireNonNull(yiaddr, "yiaddr");
        requireNonNull(siaddr, "siaddr");
        requireNonNull(giaddr, "giaddr");
        requireNonNull(chaddr, "chaddr");
        options = List.copyOf(options);
    }

    // ---- reading -----------------------------------------------------------------------------

    /**
     * The DHCP message in an Ethernet frame (IPv4, UDP, any ports).
     *
     * @throws MalformedPacketException if the frame is not a well-formed DHCP message
     */
    public static DhcpMessage parse(byte[] frame) {
        Ethernet eth = Ethernet.parse(frame);
        if (eth.etherType() != EthType.IPV4) {
            throw new MalformedPacketException("not IPv4");
        }
        return parse(frame, eth.payloadOffset());
    }

    /**
     * The DHCP message in the IPv4 packet at {@code ipOffset} of {@code frame}.
     *
     * @throws MalformedPacketException if it is not a well-formed DHCP message
     */
    public static DhcpMessage parse(byte[] frame, int ipOffset) {
        UdpFrames.Datagram udp = UdpFrames.udp(frame, ipOffset);
        return parseBootp(frame, udp.payloadOffset(), udp.payloadLength());
    }

    /**
     * The BOOTP message of {@code length} bytes at {@code offset}.
     *
     * @throws MalformedPacketException if it is not a well-formed DHCP message
     */
    public static DhcpMessage parseBootp(byte[] b, int offset, int length) {
        if (offset < 0 || length < FIXED_LENGTH + 4 || b.length < offset + length) {
            throw new MalformedPacketException("BOOTP message of " + length + " bytes is truncated");
        }
        int op = b[offset] & 0xff;
        if (op != BOOTREQUEST && op != BOOTREPLY) {
            throw new MalformedPacketException("BOOTP op " + op);
        }
        if ((b[offset + 1] & 0xff) != HTYPE_ETHERNET || (b[offset + 2] & 0xff) != HLEN_ETHERNET) {
            throw new MalformedPacketException("not an Ethernet client (htype " + (b[offset + 1] & 0xff) + ", hlen "
                    + (b[offset + 2] & 0xff) + ")");
        }
        if (ByteBuffer.wrap(b, offset + FIXED_LENGTH, 4).getInt() != MAGIC_COOKIE) {
            throw new MalformedPacketException("no DHCP magic cookie");
        }
        Map<Integer, ByteArrayOutputStream> opts = new LinkedHashMap<>();
        int i = offset + FIXED_LENGTH + 4;
        int end = offset + length;
        while (i < end) {
            int code = b[i] & 0xff;
            if (code == OPT_PAD) {
                i++;
                continue;
            }
            if (code == OPT_END) {
                break; // a missing end is tolerated: the UDP length bounds the options
            }
            if (i + 1 >= end) {
                throw new MalformedPacketException("option " + code + " has no length");
            }
            int len = b[i + 1] & 0xff;
            if (i + 2 + len > end) {
                throw new MalformedPacketException("option " + code + " of " + len + " bytes runs past the message");
            }
            opts.computeIfAbsent(code, k -> new ByteArrayOutputStream()).write(b, i + 2, len);
            i += 2 + len;
        }
        List<Option> options = new ArrayList<>(opts.size());
        opts.forEach((code, value) -> options.add(new Option(code, value.toByteArray())));
        return new DhcpMessage(op, b[offset + 3] & 0xff, ByteBuffer.wrap(b, offset + 4, 4).getInt(),
                UdpFrames.u16(b, offset + 8), UdpFrames.u16(b, offset + 10), Ip4Address.of(b, offset + 12),
                Ip4Address.of(b, offset + 16), Ip4Address.of(b, offset + 20), Ip4Address.of(b, offset + 24),
                MacAddress.of(b, offset + 28), options);
    }

    /** The value of an option, if present. */
    public Optional<byte[]> option(int code) {
        for (Option o : options) {
            if (o.code() == code) {
                return Optional.of(o.value());
            }
        }
        return Optional.empty();
    }

    /** The DHCP message type (option 53), or 0 when it is missing or not one byte (plain BOOTP). */
    public int messageType() {
        return option(OPT_MESSAGE_TYPE).filter(v -> v.length == 1).map(v -> v[0] & 0xff).orElse(0);
    }

    /** Option 50, when present and four bytes. */
    public Optional<Ip4Address> requestedIp() {
        return address(OPT_REQUESTED_IP);
    }

    /** Option 54, when present and four bytes. */
    public Optional<Ip4Address> serverId() {
        return address(OPT_SERVER_ID);
    }

    /** Option 61 (type byte and identifier), when present. */
    public Optional<byte[]> clientId() {
        return option(OPT_CLIENT_ID);
    }

    /** Option 55: the codes the client asks for, in its order (empty if it asks for none). */
    public byte[] parameterRequestList() {
        return option(OPT_PARAMETER_REQUEST_LIST).orElse(new byte[0]);
    }

    public boolean broadcast() {
        return (flags & BROADCAST_FLAG) != 0;
    }

    private Optional<Ip4Address> address(int code) {
        return option(code).filter(v -> v.length == 4).map(v -> Ip4Address.of(v, 0));
    }

    // ---- writing -----------------------------------------------------------------------------

    /** The BOOTP message: fixed part, magic cookie, options, end, zero padding to 300 bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream opts = new ByteArrayOutputStream();
        for (Option o : options) {
            byte[] v = o.value;
            int at = 0;
            do { // longer than 255 bytes: split over several instances (RFC 3396)
                int n = Math.min(255, v.length - at);
                opts.write(o.code());
                opts.write(n);
                opts.write(v, at, n);
                at += n;
            } while (at < v.length);
        }
        opts.write(OPT_END);
        int length = Math.max(MIN_LENGTH, FIXED_LENGTH + 4 + opts.size());
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte) op).put((byte) HTYPE_ETHERNET).put((byte) HLEN_ETHERNET).put((byte) hops).putInt(xid)
                .putShort((short) secs).putShort((short) flags).put(ciaddr.toBytes()).put(yiaddr.toBytes())
                .put(siaddr.toBytes()).put(giaddr.toBytes()).put(chaddr.toBytes());
        b.position(FIXED_LENGTH); // rest of chaddr (16 bytes), sname (64), file (128): zero
        b.putInt(MAGIC_COOKIE).put(opts.toByteArray());
        return b.array();
    }
}
