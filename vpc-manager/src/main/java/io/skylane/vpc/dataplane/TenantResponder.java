package io.skylane.vpc.dataplane;

import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.flow.Action;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.packet.Arp;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.Ipv4;
import io.skylane.core.packet.MalformedPacketException;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.packet.PacketService;
import io.skylane.vpc.dataplane.dhcp.DhcpLease;
import io.skylane.vpc.dataplane.dhcp.DhcpMessage;
import io.skylane.vpc.dataplane.dhcp.DhcpServer;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Pipeline;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentStore;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the network answers on its own to a tenant port's frames that reach the controller: ARP for
 * the VPC's gateways and ports, DHCP with the port's address, pings to a gateway, and ICMP time
 * exceeded for a routed packet whose TTL ran out. Runs on the I/O threads: store reads only, no
 * locks; every answer is a PACKET_OUT out of the asking switch port.
 */
final class TenantResponder {

    private static final Logger log = LoggerFactory.getLogger(TenantResponder.class);
    /**
     * The DHCP server identifier of a subnet without a gateway: the link-local address clouds use
     * for their metadata service, never a tenant address (its clients renew by broadcast).
     */
    static final Ip4Address NO_GATEWAY_SERVER_ID = Ip4Address.parse("169.254.169.254");

    private final IntentStore store;
    private final PacketService packets;
    private final LongAdder arpAnswered = new LongAdder();
    private final LongAdder arpUnanswered = new LongAdder();
    private final LongAdder pingsAnswered = new LongAdder();
    private final LongAdder ttlExpired = new LongAdder();
    private final LongAdder dhcpOffers = new LongAdder();
    private final LongAdder dhcpAcks = new LongAdder();
    private final LongAdder dhcpNaks = new LongAdder();
    private final LongAdder dhcpDeclines = new LongAdder();
    private final LongAdder dhcpIgnored = new LongAdder();
    private final LongAdder dhcpMalformed = new LongAdder();

    /** Who answers for an address of a VPC: its gateway (the router MAC, no port) or a port. */
    private record Owner(MacAddress mac, UUID port) {
    }

    /**
     * Each VPC's addresses and who owns them, as of the last recompute (read lock free; each VPC's
     * map is concurrent, as a change of its ports alone updates it in place).
     */
    private volatile Map<UUID, Map<Ip4Address, Owner>> addresses = new ConcurrentHashMap<>();
    /** The interface MTU DHCP hands out, by segment: what crosses between switches whole. */
    private volatile java.util.function.IntUnaryOperator mtuOfSegment = s -> DhcpServer.MTU;

    TenantResponder(IntentStore store, PacketService packets) {
        this.store = store;
        this.packets = packets;
    }

    /** Answers the frame {@code port} sent (it came in at {@code from}), if it is something to answer. */
    void answer(InboundPacket in, ConnectPoint from, Port port, Ethernet eth) {
    try {
        if (eth.etherType() == EthType.ARP) {
            Arp arp = eth.arp().orElseThrow();
            if (arp.isRequest() && eth.source().equals(port.macAddress())) {
                answerArp(from, port, eth, arp);
            }
        } else if (eth.etherType() == EthType.IPV4) {
            Ipv4 ip = eth.ipv4().orElseThrow();
            if (in.reason() == InboundPacket.Reason.INVALID_TTL) {
                answerTtlExpired(from, port, eth, ip);
            } else if (ip.protocol() == IpProtocol.UDP && ip.destPort() == DhcpMessage.SERVER_PORT) {
                answerDhcp(from, port, eth);
            } else if (ip.protocol() == IpProtocol.ICMP && eth.source().equals(port.macAddress())) {
                answerPing(from, port, eth, ip);
            }
        }
    } catch (MalformedPacketException e) {
        log.debug("Malformed frame from tenant port at {}: {}", from, e.getMessage());
    }
    }

    /**
     * A packet of the port whose TTL ran out at its routed hop (the switch's dec_ttl): ICMP time
     * exceeded from the gateway of the port's subnet, so traceroute shows the gateway as a hop.
     */
    private void answerTtlExpired(ConnectPoint from, Port port, Ethernet eth, Ipv4 ip) {
        Resource vpc = store.get(ResourceType.VPC, port.vpcId());
        if (vpc == null || !eth.source().equals(port.macAddress())) {
            return;
        }
        for (Port.FixedIp fixed : port.fixedIps()) {
            Resource r = store.get(ResourceType.SUBNET, fixed.subnetId());
            if (r == null || !(((Subnet) r).gatewayIp() instanceof Inet4Address)) {
                continue;
            }
            Ip4Address gateway = IpAddresses.ip4(((Subnet) r).gatewayIp());
            IcmpEcho.timeExceeded(eth.frame(), eth.payloadOffset(), gateway, Pipeline.routerMac(((Vpc) vpc).segmentId()),
                    port.macAddress(), eth.vlan()).ifPresent(reply -> {
                        packets.emit(io.skylane.core.packet.OutboundPacket.of(from.deviceId(),
                                List.of(Action.output(from.port())), reply));
                        ttlExpired.increment();
                    });
            return;
        }
    }

    /** Answers a ping to a gateway or a VIP of the port's VPC, from the VPC's router MAC. */
    private void answerPing(ConnectPoint from, Port port, Ethernet eth, Ipv4 ip) {
        Owner gateway = addresses.getOrDefault(port.vpcId(), Map.of()).get(ip.destination());
        if (gateway == null || gateway.port() != null) {
            return;
        }
        IcmpEcho.reply(eth.frame(), eth.payloadOffset(), gateway.mac(), port.macAddress(), eth.vlan()).ifPresent(reply -> {
            packets.emit(OutboundPacket.of(from.deviceId(), List.of(Action.output(from.port())), reply));
            pingsAnswered.increment();
        });
    }

    /** Answers for a gateway or VIP of the port's VPC or another port of the same VPC; nothing else. */
    private void answerArp(ConnectPoint from, Port asker, Ethernet eth, Arp arp) {
        Owner owner = addresses.getOrDefault(asker.vpcId(), Map.of()).get(arp.targetIp());
        if (owner == null || asker.id().equals(owner.port())) {
            arpUnanswered.increment();
            return;
        }
        packets.emit(OutboundPacket.of(from.deviceId(), List.of(Action.output(from.port())),
                arp.replyFrame(owner.mac(), eth.vlan())));
        arpAnswered.increment();
    }

    /** What the controller's DHCP server tells one port, and the MAC it answers from. */
    private record PortLease(DhcpLease lease, MacAddress serverMac) {
    }

    /**
     * Answers a DHCP client at a tenant port: only for its own hardware address, with the port's
     * first IPv4 fixed IP in a subnet with DHCP enabled.
     */
    private void answerDhcp(ConnectPoint from, Port port, Ethernet eth) {
        DhcpMessage request;
        try {
            request = DhcpMessage.parse(eth.frame(), eth.payloadOffset());
        } catch (MalformedPacketException e) {
            dhcpMalformed.increment();
            log.debug("Malformed DHCP from {} at {}: {}", port.macAddress(), from, e.getMessage());
            return;
        }
        if (request.op() != DhcpMessage.BOOTREQUEST || !request.chaddr().equals(port.macAddress())
                || !port.adminStateUp()) {
            dhcpIgnored.increment();
            return;
        }
        Optional<PortLease> lease = leaseOf(port);
        if (lease.isEmpty()) {
            dhcpIgnored.increment(); // no IPv4 address in a subnet with DHCP
            return;
        }
        Optional<DhcpServer.Reply> reply = DhcpServer.answer(request, lease.get().lease());
        if (reply.isEmpty()) {
            if (request.messageType() == DhcpMessage.DECLINE) {
                dhcpDeclines.increment();
                log.warn("Tenant port {} (MAC {}) declined {}: another host uses it", port.id(), port.macAddress(),
                        lease.get().lease().address());
            } else {
                dhcpIgnored.increment();
            }
            return;
        }
        packets.emit(OutboundPacket.of(from.deviceId(), List.of(Action.output(from.port())),
                reply.get().frame(lease.get().serverMac(), eth.vlan())));
        switch (reply.get().type()) {
            case DhcpMessage.OFFER:
                dhcpOffers.increment();
                break;
            case DhcpMessage.ACK:
                dhcpAcks.increment();
                break;
            default:
                dhcpNaks.increment();
                log.debug("DHCP NAK to port {} at {}", port.id(), from);
                break;
        }
    }

    /**
     * The port's first IPv4 fixed IP in a subnet of its VPC with DHCP enabled, with that subnet's
     * configuration. The server identifier is the subnet's gateway (answered by the ARP responder,
     * so renewals, unicast to it, reach the controller); a subnet without a gateway uses
     * {@link #NO_GATEWAY_SERVER_ID} and its clients renew by broadcast (rebinding).
     */
    private Optional<PortLease> leaseOf(Port port) {
        Resource vpc = store.get(ResourceType.VPC, port.vpcId());
        if (!(vpc instanceof Vpc v)) {
            return Optional.empty();
        }
        for (Port.FixedIp ip : port.fixedIps()) {
            if (!(ip.ipAddress() instanceof Inet4Address)) {
                continue;
            }
            Resource r = store.get(ResourceType.SUBNET, ip.subnetId());
            if (!(r instanceof Subnet s) || !s.enableDhcp() || !s.vpcId().equals(port.vpcId()) || s.cidr().version() != 4) {
                continue;
            }
            Optional<Ip4Address> gateway = s.gatewayIp() instanceof Inet4Address g
                    ? Optional.of(IpAddresses.ip4(g)) : Optional.empty();
            List<Ip4Address> dns = new ArrayList<>();
            for (InetAddress a : s.dnsNameservers()) {
                if (a instanceof Inet4Address) {
                    dns.add(IpAddresses.ip4(a));
                }
            }
            DhcpLease lease = new DhcpLease(IpAddresses.ip4(ip.ipAddress()), s.cidr().length(),
                    gateway.orElse(NO_GATEWAY_SERVER_ID), gateway, dns, mtuOfSegment.applyAsInt(v.segmentId()), DhcpServer.LEASE_SECONDS);
            return Optional.of(new PortLease(lease, Pipeline.routerMac(v.segmentId())));
        }
        return Optional.empty();
    }

    /** Sets the MTU DHCP hands out to the ports of each segment (the transport's tenant MTU). */
    void mtu(java.util.function.IntUnaryOperator bySegment) {
        this.mtuOfSegment = bySegment;
    }

    /**
     * Rebuilds every VPC's address book from the intent (on the recompute thread), so that ARP and
     * ping answers look an address up instead of scanning every port. The gateways of the VPC's
     * subnets and the VIPs of its load balancers are answered with the VPC's router MAC, as the
     * controller's own addresses; a gateway or VIP wins over a port's address.
     */
    void refresh(Collection<? extends Resource> vpcs, Collection<? extends Resource> subnets,
                 Collection<? extends Resource> ports, Collection<? extends Resource> loadBalancers) {
        addresses = new ConcurrentHashMap<>(book(vpcs, subnets, ports, loadBalancers));
    }

    private static Map<UUID, Map<Ip4Address, Owner>> book(Collection<? extends Resource> vpcs,
                                                          Collection<? extends Resource> subnets,
                                                          Collection<? extends Resource> ports,
                                                          Collection<? extends Resource> loadBalancers) {
        Map<UUID, Integer> segments = new HashMap<>();
        vpcs.forEach(v -> segments.put(v.id(), ((Vpc) v).segmentId()));
        Map<UUID, Map<Ip4Address, Owner>> book = new HashMap<>();
        for (Resource r : subnets) {
            Subnet s = (Subnet) r;
            Integer segment = segments.get(s.vpcId());
            if (segment != null && s.gatewayIp() instanceof Inet4Address) {
                book.computeIfAbsent(s.vpcId(), k -> new ConcurrentHashMap<>()).put(IpAddresses.ip4(s.gatewayIp()),
                        new Owner(Pipeline.routerMac(segment), null));
            }
        }
        for (Resource r : loadBalancers) {
            LoadBalancer lb = (LoadBalancer) r;
            Integer segment = segments.get(lb.vpcId());
            if (segment != null && lb.vipAddress() instanceof Inet4Address) {
                book.computeIfAbsent(lb.vpcId(), k -> new ConcurrentHashMap<>()).put(IpAddresses.ip4(lb.vipAddress()),
                        new Owner(Pipeline.routerMac(segment), null));
            }
        }
        for (Resource r : ports) {
            Port p = (Port) r;
            for (Port.FixedIp ip : p.fixedIps()) {
                if (ip.ipAddress() instanceof Inet4Address) {
                    book.computeIfAbsent(p.vpcId(), k -> new ConcurrentHashMap<>())
                            .putIfAbsent(IpAddresses.ip4(ip.ipAddress()), new Owner(p.macAddress(), p.id()));
                }
            }
        }
        return book;
    }

    /**
     * The addresses of one VPC anew, as {@link #refresh} finds them ({@code vpc} null: the VPC is
     * gone), leaving the other VPCs' as they are.
     */
    void refresh(UUID vpcId, Vpc vpc, Collection<Subnet> subnets, Collection<Port> ports,
                 Collection<LoadBalancer> loadBalancers) {
        if (vpc == null) {
            addresses.remove(vpcId);
            return;
        }
        Map<Ip4Address, Owner> now = book(List.of(vpc), subnets, ports, loadBalancers).get(vpcId);
        if (now == null) {
            addresses.remove(vpcId);
        } else {
            addresses.put(vpcId, now);
        }
    }

    /**
     * The address books of the VPCs {@code changes} touched, as {@code state} holds them now: a VPC
     * whose subnets, load balancers or itself changed is read anew ({@link #refresh(UUID, Vpc,
     * Collection, Collection, Collection)}), one whose ports alone changed is updated port by port
     * ({@link #portsChanged}); a change that moves no address (a port's status, binding or groups)
     * touches nothing.
     */
    void refresh(List<Change> changes, TenantState state) {
        Set<UUID> whole = new HashSet<>();
        Map<UUID, List<Port>> was = new HashMap<>();
        Map<UUID, Set<UUID>> touched = new HashMap<>();
        for (Change c : changes) {
            if (c.before() instanceof Port a && c.after() instanceof Port b && sameAddresses(a, b)
                    || c.before() instanceof LoadBalancer x && c.after() instanceof LoadBalancer y
                    && TouchedIntent.sameAddress(x, y)) {
                continue; // a status, a name, a binding, groups: no address moved
            }
            for (Resource r : new Resource[] {c.before(), c.after()}) {
                if (r instanceof Port p) {
                    touched.computeIfAbsent(p.vpcId(), k -> new HashSet<>()).add(p.id());
                    if (r == c.before()) {
                        was.computeIfAbsent(p.vpcId(), k -> new ArrayList<>()).add(p);
                    }
                } else if (r instanceof Subnet sub) {
                    whole.add(sub.vpcId());
                } else if (r instanceof LoadBalancer lb) {
                    whole.add(lb.vpcId());
                } else if (r instanceof Vpc v) {
                    whole.add(v.id());
                }
            }
        }
        for (UUID v : whole) {
            refresh(v, state.vpcs().get(v), state.subnetsOf(v), state.portsOf(v), state.loadBalancersOf(v));
        }
        touched.forEach((v, ids) -> {
            if (!whole.contains(v)) {
                List<Port> now = new ArrayList<>();
                for (UUID id : ids) {
                    Port p = state.port(id);
                    if (p != null && p.vpcId().equals(v)) {
                        now.add(p);
                    }
                }
                portsChanged(v, was.getOrDefault(v, List.of()), now);
            }
        });
    }

    private static boolean sameAddresses(Port a, Port b) {
        return a.vpcId().equals(b.vpcId()) && a.macAddress().equals(b.macAddress()) && a.fixedIps().equals(b.fixedIps());
    }

    /**
     * The ports of one VPC changed and nothing else of it (its subnets, load balancers and the VPC
     * are as they were): {@code was} as they were (any version the batch replaced), {@code now} as
     * they are (those deleted left out). Costs what the ports have, not what the VPC has: an
     * address goes only if the port that held it was one of {@code was}; a gateway or VIP keeps its
     * address. In a VPC an address has one owner (its subnets do not overlap, an address is held by
     * one port or VIP), so this ends where {@link #refresh} would.
     */
    void portsChanged(UUID vpcId, Collection<Port> was, Collection<Port> now) {
        Map<Ip4Address, Owner> book = addresses.get(vpcId);
        if (book != null) {
            for (Port p : was) {
                for (Port.FixedIp ip : p.fixedIps()) {
                    if (ip.ipAddress() instanceof Inet4Address) {
                        book.computeIfPresent(IpAddresses.ip4(ip.ipAddress()),
                                (k, o) -> p.id().equals(o.port()) ? null : o);
                    }
                }
            }
        }
        for (Port p : now) {
            for (Port.FixedIp ip : p.fixedIps()) {
                if (ip.ipAddress() instanceof Inet4Address) {
                    if (book == null) {
                        book = addresses.computeIfAbsent(vpcId, k -> new ConcurrentHashMap<>());
                    }
                    book.merge(IpAddresses.ip4(ip.ipAddress()), new Owner(p.macAddress(), p.id()),
                            (old, mine) -> old.port() == null ? old : mine);
                }
            }
        }
    }

    /** Every VPC's addresses as "mac" (a gateway or VIP) or "mac port-id", empty VPCs left out; for tests. */
    Map<UUID, Map<Ip4Address, String>> addressBook() {
        return describe(addresses);
    }

    /** What {@link #addressBook} should be for these resources; for tests. */
    static Map<UUID, Map<Ip4Address, String>> addressBookOf(Collection<? extends Resource> vpcs,
                                                            Collection<? extends Resource> subnets,
                                                            Collection<? extends Resource> ports,
                                                            Collection<? extends Resource> loadBalancers) {
        return describe(book(vpcs, subnets, ports, loadBalancers));
    }

    private static Map<UUID, Map<Ip4Address, String>> describe(Map<UUID, Map<Ip4Address, Owner>> books) {
        Map<UUID, Map<Ip4Address, String>> out = new HashMap<>();
        books.forEach((vpc, book) -> {
            if (!book.isEmpty()) {
                Map<Ip4Address, String> m = new HashMap<>();
                book.forEach((ip, o) -> m.put(ip, o.mac() + (o.port() == null ? "" : " " + o.port())));
                out.put(vpc, m);
            }
        });
        return out;
    }

    Map<String, Long> counters() {
        return ImmutableSortedMap.<String, Long>naturalOrder()
                .put("arpAnswered", arpAnswered.sum())
                .put("arpUnanswered", arpUnanswered.sum())
                .put("pingsAnswered", pingsAnswered.sum())
                .put("ttlExpiredAnswered", ttlExpired.sum())
                .put("dhcpOffers", dhcpOffers.sum())
                .put("dhcpAcks", dhcpAcks.sum())
                .put("dhcpNaks", dhcpNaks.sum())
                .put("dhcpDeclines", dhcpDeclines.sum())
                .put("dhcpIgnored", dhcpIgnored.sum())
                .put("dhcpMalformed", dhcpMalformed.sum())
                .build();
    }
}
