package io.skylane.lb.bench;

import io.skylane.core.flow.FlowKey;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.lb.dataplane.LbIntent;
import io.skylane.lb.dataplane.LoadBalancerCompiler;
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
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.IpAddresses;
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
import io.skylane.vpc.pipeline.PlacedPort;
import io.skylane.vpc.testing.TenantFixture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Load balancers built through the real intent service, for the load balancer's benchmarks and
 * rule counts: {@code vpcs} VPCs (one tenant each, subnet 10.0.0.0/16 in every one: the addresses
 * overlap, as tenants' do), each with {@code clients} client ports and {@code lbsPerVpc} load
 * balancers (VIPs from 10.0.200.2 on) of one TCP listener (port 80), one SOURCE_IP_PORT pool and a
 * TCP health monitor (delay 1, timeout 1, retries 2 and 2), whose {@code members} members (port
 * 8080) are ports of their own.
 * A VPC's ports are bound to {@code spread} switches of {@code switches}, chosen at random per VPC
 * (seeded), the ports dealt round-robin over them in random order. Slow for thousands of resources:
 * set-up, never measured.
 */
public final class LbFleet {

    /** The shape of a fleet. */
    public record Shape(int vpcs, int lbsPerVpc, int members, int clients, int switches, int spread) {
        public Shape {
            if (spread < 1 || spread > switches || vpcs < 1 || lbsPerVpc < 0 || members < 0 || clients < 0) {
                throw new IllegalArgumentException("bad fleet shape " + this);
            }
        }

        public int loadBalancers() {
            return vpcs * lbsPerVpc;
        }
    }

    /** One VPC of the fleet: its tenant, subnet, switches and ports. */
    public final class FleetVpc {
        public final TenantFixture tenant;
        public final Vpc vpc;
        public final Subnet subnet;
        public final List<DeviceId> where;
        public final List<Port> clients = new ArrayList<>();
        public final List<LoadBalancer> lbs = new ArrayList<>();
        final Map<UUID, Pool> poolOf = new HashMap<>();
        private int nextHost;
        private int nextVip;
        private int nextDeal;

        FleetVpc(TenantFixture tenant, List<DeviceId> where) {
            this.tenant = tenant;
            this.vpc = tenant.vpc();
            this.subnet = tenant.subnet(vpc.id(), "10.0.0.0/16");
            this.where = List.copyOf(where);
        }

        /** A new port of this VPC on the next of its switches (round-robin), with the next address. */
        public Port port() {
            return portOn(where.get(nextDeal++ % where.size()));
        }

        /** A new port of this VPC on {@code device}, with the next address. */
        public Port portOn(DeviceId device) {
            int h = nextHost++;
            String ip = "10.0." + (h / 250) + "." + (h % 250 + 2);
            long mac = 0x020000000000L | ((long) serial++);
            String macText = String.format("%02x:%02x:%02x:%02x:%02x:%02x", (mac >> 40) & 0xff, (mac >> 32) & 0xff,
                    (mac >> 24) & 0xff, (mac >> 16) & 0xff, (mac >> 8) & 0xff, mac & 0xff);
            int port = nextPort.merge(device, 1, Integer::sum);
            return tenant.port(vpc.id(), TenantFixture.settings(macText, ip,
                    ConnectPoint.of(device, PortNumber.of(port))));
        }

        /** A load balancer (VIP 10.0.200.2 and on, apart from the ports' addresses) with a listener, a pool, a monitor and these members. */
        public LoadBalancer loadBalancer(List<Port> memberPorts) {
            int v = nextVip++;
            LoadBalancer lb = (LoadBalancer) intents.create(Actor.ADMIN, new LoadBalancerCreate(tenant.tenant,
                    subnet.id(), IpAddresses.parse("10.0." + (200 + v / 250) + "." + (v % 250 + 2)),
                    LoadBalancerUpdate.NONE));
            Listener l = (Listener) intents.create(Actor.ADMIN, new ListenerCreate(tenant.tenant, lb.id(),
                    L4Protocol.TCP, 80, new ListenerUpdate(Common.NONE, Given.absent(), Given.absent(), Given.absent())));
            Pool pool = (Pool) intents.create(Actor.ADMIN, new PoolCreate(tenant.tenant, null, l.id(), L4Protocol.TCP,
                    new PoolUpdate(Common.NONE, Given.of(Pool.Algorithm.SOURCE_IP_PORT), Given.absent(), Given.absent())));
            intents.create(Actor.ADMIN, new HealthMonitorCreate(tenant.tenant, pool.id(), HealthMonitor.Type.TCP,
                    new HealthMonitorUpdate(Common.NONE, Given.of(1), Given.of(1), Given.of(2), Given.of(2),
                            Given.absent())));
            for (Port p : memberPorts) {
                member(pool, p);
            }
            lbs.add(lb);
            poolOf.put(lb.id(), pool);
            return lb;
        }

        /** A member (weight 1, port 8080) at the port's address. */
        public Member member(Pool pool, Port p) {
            return (Member) intents.create(Actor.ADMIN, new MemberCreate(tenant.tenant, pool.id(),
                    p.fixedIps().get(0).ipAddress(), 8080, null,
                    new MemberUpdate(Common.NONE, Given.of(1), Given.absent(), Given.absent())));
        }

        public Pool pool(LoadBalancer lb) {
            return poolOf.get(lb.id());
        }
    }

    public final IntentService intents = TenantFixture.newService();
    public final Shape shape;
    public final List<DeviceId> switches = new ArrayList<>();
    public final List<FleetVpc> vpcs = new ArrayList<>();
    private final Map<DeviceId, Integer> nextPort = new HashMap<>();
    private int serial = 1;

    private LbFleet(Shape shape) {
        this.shape = shape;
        for (int s = 1; s <= shape.switches(); s++) {
            switches.add(DeviceId.of(s));
        }
    }

    /** Builds the fleet (seeded: the same shape gives the same fleet, up to generated ids). */
    public static LbFleet build(Shape shape, long seed) {
        LbFleet f = new LbFleet(shape);
        Random random = new Random(seed);
        for (int v = 0; v < shape.vpcs(); v++) {
            List<DeviceId> all = new ArrayList<>(f.switches);
            Collections.shuffle(all, random);
            FleetVpc vpc = f.new FleetVpc(new TenantFixture(f.intents, "t" + v), all.subList(0, shape.spread()));
            int ports = shape.clients() + shape.lbsPerVpc() * shape.members();
            List<DeviceId> deal = new ArrayList<>();
            for (int i = 0; i < ports; i++) {
                deal.add(vpc.where.get(i % vpc.where.size()));
            }
            Collections.shuffle(deal, random);
            List<Port> made = new ArrayList<>();
            for (DeviceId d : deal) {
                made.add(vpc.portOn(d));
            }
            vpc.clients.addAll(made.subList(0, shape.clients()));
            for (int i = 0; i < shape.lbsPerVpc(); i++) {
                int from = shape.clients() + i * shape.members();
                vpc.loadBalancer(made.subList(from, from + shape.members()));
            }
            f.vpcs.add(vpc);
        }
        return f;
    }

    /** What the compiler takes, read from the store now. */
    public Inputs inputs() {
        Map<UUID, Vpc> vpcMap = new HashMap<>();
        for (Resource r : intents.store().all(ResourceType.VPC)) {
            vpcMap.put(r.id(), (Vpc) r);
        }
        List<PlacedPort> placed = new ArrayList<>();
        for (Resource r : intents.store().all(ResourceType.PORT)) {
            Port p = (Port) r;
            if (p.binding() != null) {
                placed.add(new PlacedPort(p, ConnectPoint.of(p.binding().dpid(), p.binding().port())));
            }
        }
        return new Inputs(LbIntent.from(intents.store()), Map.copyOf(vpcMap), List.copyOf(placed));
    }

    /** The compiler's inputs: a full compile is {@code compile(intent, vpcs, placed, all up)}. */
    public record Inputs(LbIntent intent, Map<UUID, Vpc> vpcs, List<PlacedPort> placed) {
    }

    public LoadBalancerCompiler compiler() {
        return new LoadBalancerCompiler(switches);
    }

    /** Compiles everything now in the store, every member up. */
    public LoadBalancerCompiler.Result compile() {
        Inputs in = inputs();
        return compiler().compile(in.intent(), in.vpcs(), in.placed(), id -> true);
    }

    /** Rules in all. */
    public static long total(LoadBalancerCompiler.Result r) {
        return r.rules().values().stream().mapToLong(List::size).sum();
    }

    /**
     * What the flow rule service would send to go from {@code before} to {@code after}: rules added,
     * removed and modified (same device, table, priority and match, other instructions or cookie),
     * and on how many switches.
     */
    public record Diff(long added, long removed, long modified, int switches) {
        public long flowMods() {
            return added + removed + modified;
        }

        public static Diff of(LoadBalancerCompiler.Result before, LoadBalancerCompiler.Result after) {
            long added = 0;
            long removed = 0;
            long modified = 0;
            int switches = 0;
            Set<DeviceId> devices = new HashSet<>(before.rules().keySet());
            devices.addAll(after.rules().keySet());
            for (DeviceId d : devices) {
                Map<FlowKey, FlowRule> b = byKey(before.rules().getOrDefault(d, List.of()));
                Map<FlowKey, FlowRule> a = byKey(after.rules().getOrDefault(d, List.of()));
                long add = 0;
                long rem = 0;
                long mod = 0;
                for (Map.Entry<FlowKey, FlowRule> e : a.entrySet()) {
                    FlowRule old = b.get(e.getKey());
                    if (old == null) {
                        add++;
                    } else if (!old.equals(e.getValue())) {
                        mod++;
                    }
                }
                for (FlowKey k : b.keySet()) {
                    if (!a.containsKey(k)) {
                        rem++;
                    }
                }
                added += add;
                removed += rem;
                modified += mod;
                switches += add + rem + mod > 0 ? 1 : 0;
            }
            return new Diff(added, removed, modified, switches);
        }

        private static Map<FlowKey, FlowRule> byKey(List<FlowRule> rules) {
            Map<FlowKey, FlowRule> m = new HashMap<>();
            rules.forEach(r -> m.put(r.key(), r));
            return m;
        }
    }
}
