package io.skylane.vpc.dataplane.dhcp;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.vpc.dataplane.dhcp.DhcpMessage.Option;
import java.util.ArrayList;
import java.util.List;

/** Builds what a DHCP client sends, for tests. */
public final class DhcpClient {

    public static final Ip4Address BROADCAST = Ip4Address.of(-1);
    private final MacAddress mac;

    public DhcpClient(MacAddress mac) {
        this.mac = mac;
    }

    /** A request of {@code type} with the client id (61) and parameter request list (55) a Linux client sends. */
    public DhcpMessage message(int type, int xid, boolean broadcast, Ip4Address ciaddr, Option... extra) {
        List<Option> options = new ArrayList<>();
        options.add(Option.u8(DhcpMessage.OPT_MESSAGE_TYPE, type));
        byte[] id = new byte[7];
        id[0] = 1;
        System.arraycopy(mac.toBytes(), 0, id, 1, 6);
        options.add(new Option(DhcpMessage.OPT_CLIENT_ID, id));
        options.addAll(List.of(extra));
        options.add(new Option(DhcpMessage.OPT_PARAMETER_REQUEST_LIST, new byte[] {1, 3, 6, 15, 26, 28, 51, 54}));
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 0, xid, 3, broadcast ? DhcpMessage.BROADCAST_FLAG : 0,
                ciaddr, Ip4Address.ZERO, Ip4Address.ZERO, Ip4Address.ZERO, mac, options);
    }

    public DhcpMessage discover(int xid, boolean broadcast) {
        return message(DhcpMessage.DISCOVER, xid, broadcast, Ip4Address.ZERO);
    }

    /** REQUEST in SELECTING state: the offered address from the chosen server. */
    public DhcpMessage select(int xid, Ip4Address requested, Ip4Address server) {
        return message(DhcpMessage.REQUEST, xid, false, Ip4Address.ZERO,
                Option.addresses(DhcpMessage.OPT_REQUESTED_IP, List.of(requested)),
                Option.addresses(DhcpMessage.OPT_SERVER_ID, List.of(server)));
    }

    /** REQUEST in INIT-REBOOT state: the address it remembers, no server. */
    public DhcpMessage reboot(int xid, Ip4Address requested) {
        return message(DhcpMessage.REQUEST, xid, false, Ip4Address.ZERO,
                Option.addresses(DhcpMessage.OPT_REQUESTED_IP, List.of(requested)));
    }

    /** REQUEST in RENEWING or REBINDING state: ciaddr, nothing else. */
    public DhcpMessage renew(int xid, Ip4Address current) {
        return message(DhcpMessage.REQUEST, xid, false, current);
    }

    /** The frame a client without an address broadcasts. */
    public byte[] broadcastFrame(DhcpMessage m) {
        return UdpFrames.build(MacAddress.BROADCAST, mac, VlanId.NONE, Ip4Address.ZERO, BROADCAST,
                DhcpMessage.CLIENT_PORT, DhcpMessage.SERVER_PORT, m.toBytes());
    }

    /** The frame a client with an address unicasts to the server. */
    public byte[] unicastFrame(DhcpMessage m, Ip4Address from, MacAddress serverMac, Ip4Address server) {
        return UdpFrames.build(serverMac, mac, VlanId.NONE, from, server, DhcpMessage.CLIENT_PORT,
                DhcpMessage.SERVER_PORT, m.toBytes());
    }
}
