package io.skylane.lb.bench;

import io.skylane.core.net.DeviceId;
import io.skylane.lb.dataplane.LbIntent;
import io.skylane.lb.dataplane.LoadBalancerCompiler;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.pipeline.PlacedPort;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How many load-balancer rules one load balancer adds, per switch and in all, and how many change
 * when a member or a load balancer is added or removed among 10, 100 or 1,000 others
 * (docs/benchmarks.md, "Load balancer rules"). Counts, not times.
 *
 * <p>Run (test classpath): {@code java -cp <load-balancer test classpath> io.skylane.lb.bench.LoadBalancerRuleCounts [sizes...]}
 */
public final class LoadBalancerRuleCounts {

    private LoadBalancerRuleCounts() {
    }

    /** The rules of one load balancer with {@code members} members, all on the VPC's first switch, in a VPC on {@code k} switches. */
    record OneLb(int members, int k, int onClientSwitch, int onMemberSwitch, long total) {
    }

    static OneLb oneLb(int members, int k) {
        LbFleet fleet = LbFleet.build(new LbFleet.Shape(1, 0, 0, k, 20, k), 7);
        LbFleet.FleetVpc vpc = fleet.vpcs.get(0);
        DeviceId home = vpc.where.get(0);
        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            ports.add(vpc.portOn(home));
        }
        vpc.loadBalancer(ports);
        LoadBalancerCompiler.Result r = fleet.compile();
        int client = k > 1 ? r.rules().get(vpc.where.get(1)).size() : -1;
        return new OneLb(members, k, client, r.rules().get(home).size(), LbFleet.total(r));
    }

    /** The changes made to a fleet, each measured against the fleet as built. */
    record Changes(int lbs, long rules, LbFleet.Diff addMember, LbFleet.Diff removeMember, LbFleet.Diff addLb,
                   LbFleet.Diff addMemberAlone) {
    }

    /**
     * In a fleet of {@code lbs} load balancers ({@link LoadBalancerCompileBenchmark}'s shape, VPCs on
     * {@code spread} switches): one member added to the first load balancer (a new port on a switch
     * its VPC uses), one of its members removed, one load balancer of 10 new members added to its VPC.
     * {@code addMemberAlone} is the member's addition compiled with the first VPC alone (its load
     * balancers and ports only): when it equals {@code addMember}, the rest of the fleet changed nothing.
     */
    static Changes changes(int lbs, int spread) {
        LbFleet fleet = LbFleet.build(LoadBalancerCompileBenchmark.shape(lbs, spread), 42);
        LbFleet.FleetVpc vpc = fleet.vpcs.get(0);
        var lb = vpc.lbs.get(0);
        LoadBalancerCompiler.Result base = fleet.compile();
        LoadBalancerCompiler.Result baseAlone = alone(fleet, vpc);

        Member added = vpc.member(vpc.pool(lb), vpc.port());
        LoadBalancerCompiler.Result withMember = fleet.compile();
        LoadBalancerCompiler.Result withMemberAlone = alone(fleet, vpc);
        fleet.intents.delete(ResourceType.MEMBER, Actor.ADMIN, added.id(), null, false);

        UUID some = fleet.inputs().intent().members(vpc.pool(lb).id()).get(0).id();
        fleet.intents.delete(ResourceType.MEMBER, Actor.ADMIN, some, null, false);
        LoadBalancerCompiler.Result withoutMember = fleet.compile();
        vpc.member(vpc.pool(lb), fleet.vpcs.get(0).clients.get(0)); // back to 10 members (another address)
        LoadBalancerCompiler.Result restored = fleet.compile();

        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < LoadBalancerCompileBenchmark.MEMBERS; i++) {
            ports.add(vpc.port());
        }
        vpc.loadBalancer(ports);
        LoadBalancerCompiler.Result withLb = fleet.compile();
        return new Changes(lbs, LbFleet.total(base), LbFleet.Diff.of(base, withMember),
                LbFleet.Diff.of(base, withoutMember), LbFleet.Diff.of(restored, withLb),
                LbFleet.Diff.of(baseAlone, withMemberAlone));
    }

    /** The fleet's intent restricted to one VPC (its load balancers, their trees, its ports), compiled. */
    static LoadBalancerCompiler.Result alone(LbFleet fleet, LbFleet.FleetVpc vpc) {
        LbFleet.Inputs in = fleet.inputs();
        LbIntent all = in.intent();
        var lbs = all.loadBalancers().stream().filter(l -> l.vpcId().equals(vpc.vpc.id())).toList();
        var listeners = lbs.stream().flatMap(l -> all.listeners(l.id()).stream()).toList();
        var pools = lbs.stream().flatMap(l -> all.pools(l.id()).stream()).toList();
        var members = pools.stream().flatMap(p -> all.members(p.id()).stream()).toList();
        var monitors = pools.stream().flatMap(p -> all.monitor(p.id()).stream()).toList();
        List<PlacedPort> placed = in.placed().stream().filter(p -> p.port().vpcId().equals(vpc.vpc.id())).toList();
        return fleet.compiler().compile(LbIntent.of(lbs, listeners, pools, members, monitors), in.vpcs(), placed,
                id -> true);
    }

    public static void main(String[] args) {
        System.out.println("One load balancer (one TCP listener, a pool with a TCP monitor), every member on the "
                + "VPC's first switch, the VPC on k switches (one client on each):");
        System.out.println("| members N | k | client-only switch | the members' switch | total |");
        for (int n : new int[] {1, 3, 10, 100}) {
            for (int k : new int[] {2, 5, 20}) {
                OneLb o = oneLb(n, k);
                System.out.printf("| %d | %d | %d | %d | %d |%n", o.members(), o.k(), o.onClientSwitch(),
                        o.onMemberSwitch(), o.total());
            }
        }
        int spread = 5;
        System.out.printf("%nChanges among load balancers of 10 members, 10 per VPC, VPCs on %d of 20 switches "
                + "(added/removed/modified rules, switches):%n", spread);
        System.out.println("| load balancers | rules in all | add a member | remove a member | add a load balancer "
                + "| add a member, its VPC compiled alone |");
        int[] sizes = args.length == 0 ? new int[] {10, 100, 1000} : java.util.Arrays.stream(args)
                .mapToInt(Integer::parseInt).toArray();
        for (int lbs : sizes) {
            Changes c = changes(lbs, spread);
            System.out.printf("| %d | %d | %s | %s | %s | %s |%n", c.lbs(), c.rules(), text(c.addMember()),
                    text(c.removeMember()), text(c.addLb()), text(c.addMemberAlone()));
        }
    }

    static String text(LbFleet.Diff d) {
        return String.format("%d (+%d -%d ~%d) on %d", d.flowMods(), d.added(), d.removed(), d.modified(), d.switches());
    }
}
