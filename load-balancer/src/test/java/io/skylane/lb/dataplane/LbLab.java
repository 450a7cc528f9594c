package io.skylane.lb.dataplane;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.testing.SimFabric;
import io.skylane.core.testing.SimPacket;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.HealthMonitorCreate;
import io.skylane.vpc.intent.request.HealthMonitorUpdate;
import io.skylane.vpc.intent.request.ListenerCreate;
import io.skylane.vpc.intent.request.ListenerUpdate;
import io.skylane.vpc.intent.request.LoadBalancerCreate;
import io.skylane.vpc.intent.request.LoadBalancerUpdate;
import io.skylane.vpc.intent.request.MemberCreate;
import io.skylane.vpc.intent.request.MemberUpdate;
import io.skylane.vpc.intent.request.PoolCreate;
import io.skylane.vpc.intent.request.PoolUpdate;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Acl;
import io.skylane.vpc.pipeline.Pipeline;
import io.skylane.vpc.pipeline.PlacedPort;
import io.skylane.vpc.pipeline.VpcCompiler;
import io.skylane.vpc.testing.TenantFixture;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A small tenant network for load-balancer tests: switches in a line (1 - 2 - 3, fabric ports 10
 * and 11), tenants with VPCs, subnets and bound ports, and their load balancers, all through the
 * real intent service; compiled into the tenant rules and the load-balancer rules, and run on the
 * simulator ({@link #fabric}), where the tenants' hosts send packets ({@link Tenant#tcp} ...).
 */
final class LbLab {

    final IntentService intents;
    final Map<DeviceId, Set<PortNumber>> ports = new TreeMap<>();
    final Set<Link> links = new HashSet<>();

    LbLab(int switches) {
        this(switches, TenantFixture.newService());
    }

    /** A lab whose intent is kept by {@code intents} (e.g. one giving other segment ids). */
    LbLab(int switches, IntentService intents) {
        this.intents = intents;
        for (int s = 1; s < switches; s++) {
            cable(s, s == 1 ? 10 : 11, s + 1, 10);
        }
        for (int s = 1; s <= switches; s++) {
            ports.computeIfAbsent(DeviceId.of(s), k -> new TreeSet<>());
        }
    }

    private void cable(long a, long pa, long b, long pb) {
        ConnectPoint x = cp(a, pa);
        ConnectPoint y = cp(b, pb);
        ports.computeIfAbsent(x.deviceId(), k -> new TreeSet<>()).add(x.port());
        ports.computeIfAbsent(y.deviceId(), k -> new TreeSet<>()).add(y.port());
        links.add(Link.of(x, y));
        links.add(Link.of(y, x));
    }

    static ConnectPoint cp(long d, long p) {
        return ConnectPoint.of(DeviceId.of(d), PortNumber.of(p));
    }

    /** A tenant with one VPC and one subnet. */
    Tenant tenant(String name, String cidr) {
        return new Tenant(new TenantFixture(intents, name), cidr);
    }

    final class Tenant {
        final TenantFixture fixture;
        final Vpc vpc;
        final Subnet subnet;

        Tenant(TenantFixture fixture, String cidr) {
            this.fixture = fixture;
            this.vpc = fixture.vpc();
            this.subnet = fixture.subnet(vpc.id(), cidr);
        }

        /** A port bound to switch {@code sw}, port {@code port}, with the tenant's default group. */
        Port port(String mac, String ip, long sw, long port) {
            return port(TenantFixture.settings(mac, ip, cp(sw, port)));
        }

        /** A port with these settings, which must bind it. */
        Port port(PortUpdate settings) {
            Port.Binding b = settings.binding().value();
            ports.computeIfAbsent(b.dpid(), k -> new TreeSet<>()).add(b.port());
            return fixture.port(vpc.id(), settings);
        }

        /** The MAC the VPC's hosts send routed packets (and packets to a VIP) to. */
        MacAddress routerMac() {
            return Pipeline.routerMac(vpc.segmentId());
        }

        /** A TCP packet from the port's address to {@code dst} (as to the VIP: to the router MAC). */
        SimPacket tcp(Port from, String dst, int srcPort, int dstPort) {
            return tcp(from, ip(from).toString(), dst, srcPort, dstPort);
        }

        /** A TCP packet from {@code src} (an allowed address pair of the port, or a spoofed address). */
        SimPacket tcp(Port from, String src, String dst, int srcPort, int dstPort) {
            return SimPacket.tcp(from.macAddress(), routerMac(), Ip4Address.parse(src), Ip4Address.parse(dst), srcPort,
                    dstPort);
        }

        SimPacket udp(Port from, String dst, int srcPort, int dstPort) {
            return SimPacket.udp(from.macAddress(), routerMac(), ip(from), Ip4Address.parse(dst), srcPort, dstPort);
        }

        LoadBalancer lb(String vip) {
            return (LoadBalancer) intents.create(Actor.ADMIN, new LoadBalancerCreate(fixture.tenant, subnet.id(),
                    vip == null ? null : IpAddresses.parse(vip), LoadBalancerUpdate.NONE));
        }

        Listener listener(LoadBalancer lb, L4Protocol protocol, int port, String... allowedCidrs) {
            List<IpPrefix> cidrs = new ArrayList<>();
            for (String c : allowedCidrs) {
                cidrs.add(IpPrefix.parse(c));
            }
            ListenerUpdate s = new ListenerUpdate(Common.NONE, Given.absent(),
                    cidrs.isEmpty() ? Given.absent() : Given.of(cidrs), Given.absent());
            return (Listener) intents.create(Actor.ADMIN, new ListenerCreate(fixture.tenant, lb.id(), protocol, port, s));
        }

        Pool pool(Listener l, Pool.Algorithm algorithm) {
            return (Pool) intents.create(Actor.ADMIN, new PoolCreate(fixture.tenant, null, l.id(), l.protocol(),
                    new PoolUpdate(Common.NONE, Given.of(algorithm), Given.absent(), Given.absent())));
        }

        Member member(Pool pool, String address, int port, int weight) {
            return (Member) intents.create(Actor.ADMIN, new MemberCreate(fixture.tenant, pool.id(),
                    IpAddresses.parse(address), port, null,
                    new MemberUpdate(Common.NONE, Given.of(weight), Given.absent(), Given.absent())));
        }

        Member update(Member m, MemberUpdate u) {
            return (Member) intents.update(Actor.ADMIN, m.id(), u, null);
        }

        HealthMonitor monitor(Pool pool, HealthMonitor.Type type) {
            return (HealthMonitor) intents.create(Actor.ADMIN, new HealthMonitorCreate(fixture.tenant, pool.id(), type,
                    new HealthMonitorUpdate(Common.NONE, Given.of(1), Given.of(1), Given.of(2), Given.of(2),
                            Given.absent())));
        }
    }

    /** Where the port is bound. */
    static ConnectPoint at(Port p) {
        return ConnectPoint.of(p.binding().dpid(), p.binding().port());
    }

    /** The port's first fixed address. */
    static Ip4Address ip(Port p) {
        return IpAddresses.ip4(p.fixedIps().get(0).ipAddress());
    }

    /**
     * What the host of {@code port} sends back to a packet it got: addresses and ports swapped, to the
     * Ethernet source it saw.
     */
    static SimPacket answer(Port port, SimPacket got) {
        if (got.ipProto() == IpProtocol.UDP) {
            return SimPacket.udp(port.macAddress(), got.ethSrc(), got.ipv4Dst(), got.ipv4Src(), got.l4Dst(), got.l4Src());
        }
        return SimPacket.tcp(port.macAddress(), got.ethSrc(), got.ipv4Dst(), got.ipv4Src(), got.l4Dst(), got.l4Src());
    }

    /**
     * The lab's switches running the tenant and load-balancer rules ({@code up}: the monitors'
     * verdicts), with a host at every port that is not a link's end.
     */
    SimFabric fabric(Predicate<UUID> up) {
        SimFabric.Builder b = SimFabric.builder();
        Set<ConnectPoint> linked = new HashSet<>();
        for (Link l : links) {
            if (linked.add(l.src()) && linked.add(l.dst())) {
                b.link(l.src(), l.dst());
            }
        }
        ports.forEach((d, list) -> list.stream().map(p -> ConnectPoint.of(d, p)).filter(cp -> !linked.contains(cp))
                .forEach(b::edge));
        return b.rules(allRules(up)).build();
    }

    SimFabric fabric() {
        return fabric(id -> true);
    }

    /**
     * {@code running} with the rules compiled from the intent as it is now, keeping its switches'
     * connections: what the controller's flow-mods do after a change. Ports must not have moved
     * to where the fabric has no host.
     */
    SimFabric recompile(SimFabric running, Predicate<UUID> up) {
        return running.withRules(allRules(up));
    }

    SimFabric recompile(SimFabric running) {
        return recompile(running, id -> true);
    }

    TopologySnapshot snapshot() {
        return new TopologySnapshot(1, Instant.EPOCH, ports, links);
    }

    Map<UUID, Vpc> vpcs() {
        Map<UUID, Vpc> vpcs = new HashMap<>();
        for (Resource r : intents.store().all(ResourceType.VPC)) {
            vpcs.put(r.id(), (Vpc) r);
        }
        return vpcs;
    }

    List<PlacedPort> placed() {
        List<PlacedPort> placed = new ArrayList<>();
        for (Resource r : intents.store().all(ResourceType.PORT)) {
            Port p = (Port) r;
            if (p.binding() != null) {
                placed.add(new PlacedPort(p, ConnectPoint.of(p.binding().dpid(), p.binding().port())));
            }
        }
        return placed;
    }

    /** The tenant data plane's rules, with security groups and the controller-answered addresses. */
    Map<DeviceId, List<FlowRule>> tenantRules() {
        Map<UUID, List<Ip4Address>> answered = new HashMap<>();
        for (Resource r : intents.store().all(ResourceType.SUBNET)) {
            Subnet s = (Subnet) r;
            if (s.gatewayIp() instanceof Inet4Address) {
                answered.computeIfAbsent(s.vpcId(), k -> new ArrayList<>()).add(IpAddresses.ip4(s.gatewayIp()));
            }
        }
        for (Resource r : intents.store().all(ResourceType.LOAD_BALANCER)) {
            LoadBalancer lb = (LoadBalancer) r;
            answered.computeIfAbsent(lb.vpcId(), k -> new ArrayList<>()).add(IpAddresses.ip4(lb.vipAddress()));
        }
        TopologySnapshot s = snapshot();
        return new VpcCompiler(s, PathComputer.of(s, LinkWeigher.HOP_COUNT)).compile(vpcs(), placed(),
                Acl.from(intents.store().all(ResourceType.SECURITY_GROUP_RULE), intents.store().all(ResourceType.PORT)),
                answered);
    }

    LoadBalancerCompiler.Result lbRules(Predicate<UUID> up) {
        return new LoadBalancerCompiler(snapshot().devices()).compile(LbIntent.from(intents.store()), vpcs(), placed(),
                up);
    }

    LoadBalancerCompiler.Result lbRules() {
        return lbRules(id -> true);
    }

    /** Every rule of both, as one list. */
    List<FlowRule> allRules(Predicate<UUID> up) {
        List<FlowRule> all = new ArrayList<>();
        tenantRules().values().forEach(all::addAll);
        lbRules(up).rules().values().forEach(all::addAll);
        return all;
    }
}
