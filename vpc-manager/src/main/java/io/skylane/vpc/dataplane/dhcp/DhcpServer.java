package io.skylane.vpc.dataplane.dhcp;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.vpc.dataplane.dhcp.DhcpMessage.Option;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The answers of a DHCP server that knows each client's one address in advance (the port's fixed
 * IP): no pool, no lease table, so the answer is a pure function of the request and the
 * {@link DhcpLease}.
 *
 * <ul>
 * <li>DISCOVER: OFFER of the lease's address.</li>
 * <li>REQUEST (RFC 2131 4.3.2): selecting (server id and requested IP): another server chosen ->
 *     nothing; the lease's address -> ACK, else NAK. Init-reboot (requested IP, no server id) and
 *     renewing/rebinding (ciaddr): the lease's address -> ACK, else NAK.</li>
 * <li>INFORM: ACK with the configuration and no address or lease time.</li>
 * <li>DECLINE, RELEASE, anything else, a message without type: nothing.</li>
 * </ul>
 *
 * Destinations follow RFC 2131 4.1: to ciaddr when the client has one; else broadcast when it set
 * the broadcast bit; else to the offered address. A NAK is broadcast. At the Ethernet level every
 * answer goes to the client's hardware address out of its own port.
 */
public final class DhcpServer {

    /** Lease time handed out: a day. Clients renew at half of it with the controller. */
    public static final int LEASE_SECONDS = 86_400;
    /**
     * The interface MTU handed out in fabric mode to VPCs whose segment is a VLAN id. 1500: tenant
     * frames between switches carry a 4-byte 802.1Q tag, which Linux veths and Open vSwitch's
     * userspace datapath carry on top of a 1500-byte MTU (checked in Mininet by TenantDhcpIT with
     * full-size, don't-fragment pings across switches). The data plane hands out its transport's
     * tenant MTU instead ({@code io.skylane.vpc.pipeline.Transport#tenantMtu}): less for an MPLS
     * label or a tunnel.
     */
    public static final int MTU = 1500;
    private static final Ip4Address BROADCAST = Ip4Address.of(-1);

    private DhcpServer() {
    }

    /**
     * An answer to send.
     *
     * @param message     the BOOTREPLY
     * @param source      its IPv4 source (the server identifier)
     * @param destination its IPv4 destination
     */
    public record Reply(DhcpMessage message, Ip4Address source, Ip4Address destination) {

        public int type() {
            return message.messageType();
        }

        /** The whole frame, from {@code serverMac} to the client's hardware address, UDP 67 -> 68. */
        public byte[] frame(MacAddress serverMac, VlanId vlan) {
            return UdpFrames.build(message.chaddr(), serverMac, vlan, source, destination, DhcpMessage.SERVER_PORT,
                    DhcpMessage.CLIENT_PORT, message.toBytes());
        }
    }

    /** The answer to {@code request} from a client whose address is {@code lease}'s, or empty for none. */
    public static Optional<Reply> answer(DhcpMessage request, DhcpLease lease) {
        if (request.op() != DhcpMessage.BOOTREQUEST) {
            return Optional.empty();
        }
        Ip4Address mine = lease.address();
        switch (request.messageType()) {
            case DhcpMessage.DISCOVER:
                return Optional.of(reply(request, lease, DhcpMessage.OFFER));
            case DhcpMessage.REQUEST: {
                Optional<Ip4Address> server = request.serverId();
                Optional<Ip4Address> requested = request.requestedIp();
                if (server.isPresent() && !server.get().equals(lease.serverId())) {
                    return Optional.empty(); // the client chose another server's offer
                }
                Ip4Address wanted;
                if (requested.isPresent()) {
                    wanted = requested.get(); // selecting or init-reboot
                } else if (!request.ciaddr().equals(Ip4Address.ZERO)) {
                    wanted = request.ciaddr(); // renewing or rebinding
                } else {
                    return Optional.empty(); // asks for nothing in particular
                }
                return Optional.of(wanted.equals(mine) ? reply(request, lease, DhcpMessage.ACK)
                        : nak(request, lease, "requested address " + wanted + " is not this port's"));
            }
            case DhcpMessage.INFORM:
                return Optional.of(reply(request, lease, DhcpMessage.INFORM));
            default:
                return Optional.empty(); // DECLINE, RELEASE, server messages, plain BOOTP
        }
    }

    /** OFFER or ACK with the lease; {@code INFORM} gives the ACK to an INFORM (no address, no lease time). */
    private static Reply reply(DhcpMessage request, DhcpLease lease, int kind) {
        boolean inform = kind == DhcpMessage.INFORM;
        int type = inform ? DhcpMessage.ACK : kind;
        List<Option> options = new ArrayList<>();
        options.add(Option.u8(DhcpMessage.OPT_MESSAGE_TYPE, type));
        options.add(Option.addresses(DhcpMessage.OPT_SERVER_ID, List.of(lease.serverId())));
        if (!inform) {
            options.add(Option.u32(DhcpMessage.OPT_LEASE_TIME, lease.leaseSeconds()));
            options.add(Option.u32(DhcpMessage.OPT_RENEWAL_TIME, lease.leaseSeconds() / 2));
            options.add(Option.u32(DhcpMessage.OPT_REBINDING_TIME, (int) (lease.leaseSeconds() * 7L / 8)));
        }
        options.add(Option.addresses(DhcpMessage.OPT_SUBNET_MASK, List.of(lease.mask())));
        lease.router().ifPresent(r -> options.add(Option.addresses(DhcpMessage.OPT_ROUTER, List.of(r))));
        if (!lease.dns().isEmpty()) {
            options.add(Option.addresses(DhcpMessage.OPT_DNS, lease.dns()));
        }
        options.add(Option.u16(DhcpMessage.OPT_MTU, lease.mtu()));
        // ciaddr: the request's for an ACK (RFC 2131 table 3), 0 in an OFFER.
        Ip4Address ciaddr = type == DhcpMessage.ACK ? request.ciaddr() : Ip4Address.ZERO;
        Ip4Address yiaddr = inform ? Ip4Address.ZERO : lease.address();
        DhcpMessage m = new DhcpMessage(DhcpMessage.BOOTREPLY, 0, request.xid(), 0, request.flags(), ciaddr, yiaddr,
                Ip4Address.ZERO, request.giaddr(), request.chaddr(), options);
        Ip4Address to;
        if (!request.ciaddr().equals(Ip4Address.ZERO)) {
            to = request.ciaddr();
        } else if (request.broadcast() || yiaddr.equals(Ip4Address.ZERO)) {
            to = BROADCAST;
        } else {
            to = yiaddr;
        }
        return new Reply(m, lease.serverId(), to);
    }

    private static Reply nak(DhcpMessage request, DhcpLease lease, String why) {
        List<Option> options = List.of(Option.u8(DhcpMessage.OPT_MESSAGE_TYPE, DhcpMessage.NAK),
                Option.addresses(DhcpMessage.OPT_SERVER_ID, List.of(lease.serverId())),
                new Option(DhcpMessage.OPT_MESSAGE, why.getBytes(StandardCharsets.US_ASCII)));
        DhcpMessage m = new DhcpMessage(DhcpMessage.BOOTREPLY, 0, request.xid(), 0, request.flags(), Ip4Address.ZERO,
                Ip4Address.ZERO, Ip4Address.ZERO, request.giaddr(), request.chaddr(), options);
        return new Reply(m, lease.serverId(), BROADCAST);
    }
}
