package io.skylane.vpc.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static io.skylane.vpc.pipeline.Pipeline.CLASSIFY;
import static io.skylane.vpc.pipeline.Pipeline.DELIVER;
import static io.skylane.vpc.pipeline.Pipeline.FABRIC;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.NextHops;
import io.skylane.topology.path.PathComputer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fabric mode: every switch speaks OpenFlow to Skylane and tenant frames cross the fabric addressed
 * to the destination switch ({@link Pipeline#switchMac}), so transit switches hold one rule per
 * switch, never per tenant port. The segment travels as an 802.1Q VLAN id up to
 * {@link #MAX_VLAN_SEGMENT} (the fast path: the tag does not count against a 1500-byte MTU on Open
 * vSwitch and veths), and as one MPLS label above it, up to {@link #MAX_SEGMENT} (20 bits; the label
 * costs 4 bytes of the link MTU, so such VPCs are handed a 4-byte smaller MTU).
 */
public final class FabricTransport implements Transport {

    /** The largest segment carried as a VLAN id. */
    public static final int MAX_VLAN_SEGMENT = 4094;
    /** The largest segment at all: an MPLS label has 20 bits. */
    public static final int MAX_SEGMENT = (1 << 20) - 1;
    /** What an MPLS label stack entry costs. */
    public static final int MPLS_OVERHEAD = 4;

    private final TopologySnapshot snapshot;
    private final PathComputer paths;
    private final int linkMtu;
    /**
     * The parts every switch's transit and classification rules share (a switch's MAC as the
     * destination, an output port's instructions, the action addressing a frame to a switch):
     * bounded by the switches and their ports. Thread-safe, as the path computer: the switches of
     * a compile may ask from several threads ({@link CompilePool}).
     */
    private final TenantRules shared = new TenantRules();

    private record ToSwitch(DeviceId d) {
    }

    private record FromLink(PortNumber p) {
    }

    /** A switch's MAC as the destination of the frames arriving there. */
    private record ToSwitchMac(DeviceId d) {
    }

    /** A segment's VLAN id as a criterion. */
    private record SegmentVlan(int segment) {
    }

    /** The action addressing a frame to a switch (bounded by the switches, as {@link ToSwitch}). */
    private record ToSwitchDst(DeviceId d) {
    }

    private static final Action PUSH_VLAN = new Action.PushVlan(EthType.VLAN);
    private static final List<Action> POP_VLAN = List.of(new Action.PopVlan());
    private static final List<Action> POP_MPLS = List.of(new Action.PopMpls(EthType.IPV4));
    private static final Criterion MPLS = Criterion.ethType(EthType.MPLS_UNICAST);

    /**
     * @param linkMtu the IPv4 MTU of the fabric's links (and of the tenant ports): 1500 unless the
     *                fabric runs bigger frames
     */
    public FabricTransport(TopologySnapshot snapshot, PathComputer paths, int linkMtu) {
        checkArgument(linkMtu >= 576 + MPLS_OVERHEAD, "link MTU %s is too small", linkMtu);
        this.snapshot = snapshot;
        this.paths = paths;
        this.linkMtu = linkMtu;
    }

    public FabricTransport(TopologySnapshot snapshot, PathComputer paths) {
        this(snapshot, paths, 1500);
    }

    /** Whether {@code segment} travels as a VLAN id (else as an MPLS label). */
    public static boolean vlanSegment(int segment) {
        return segment <= MAX_VLAN_SEGMENT;
    }

    /** Table 0's fabric classification on link ports, and table 5's transit towards every other switch. */
    @Override
    public void between(DeviceId d, Set<DeviceId> peers, List<FlowRule> rules) {
        Set<PortNumber> linkPorts = new TreeSet<>();
        for (Link l : snapshot.links()) {
            if (l.src().deviceId().equals(d)) {
                linkPorts.add(l.src().port());
            }
        }
        for (PortNumber p : linkPorts) {
            Match m = shared.shared(new FromLink(p), () -> Match.builder().add(Criterion.inPort(p))
                    .add(Criterion.ethDstMasked(Pipeline.switchMacRange(), Pipeline.SWITCH_MAC_MASK)).build());
            rules.add(shared.make(d, CLASSIFY, Pipeline.PRIO_CLASSIFY_FABRIC, m, List.of(), FABRIC));
        }
        // Transit to every switch, not only the peers: this switch may lie on the path between two others.
        for (DeviceId other : snapshot.devices()) {
            if (other.equals(d)) {
                continue;
            }
            Optional<PortNumber> next = nextHop(d, other);
            if (next.isPresent()) {
                Match m = shared.shared(new ToSwitch(other),
                        () -> Match.builder().add(Criterion.ethDst(Pipeline.switchMac(other))).build());
                rules.add(shared.make(d, FABRIC, Pipeline.PRIO_FABRIC_TRANSIT, m, List.of(Action.output(next.get())),
                        -1));
            }
        }
    }

    private Optional<PortNumber> nextHop(DeviceId from, DeviceId to) {
        NextHops table = paths.forwardingTo(to);
        return table.entry(from).flatMap(e -> e.ports().stream().sorted().findFirst());
    }

    @Override
    public Optional<List<Action>> towards(DeviceId from, DeviceId to, int segment) {
        Action dst = shared.shared(new ToSwitchDst(to), () -> Action.setEthDst(Pipeline.switchMac(to)));
        if (vlanSegment(segment)) {
            return Optional.of(List.of(dst, PUSH_VLAN, Action.setVlan(VlanId.of(segment))));
        }
        return Optional.of(List.of(dst, new Action.PushMpls(EthType.MPLS_UNICAST),
                new Action.SetField(Criterion.exact(Criterion.Type.MPLS_LABEL, segment))));
    }

    @Override
    public boolean reaches(DeviceId from, DeviceId to) {
        return true; // a frame goes out whatever the paths are (transit rules send it on, or it is lost there)
    }

    @Override
    public void arrival(DeviceId d, int segment, TenantRules make, List<FlowRule> rules) {
        Match.Builder m = Match.builder()
                .add(make.shared(new ToSwitchMac(d), () -> Criterion.ethDst(Pipeline.switchMac(d))));
        List<Action> untag;
        if (vlanSegment(segment)) {
            m.add(make.shared(new SegmentVlan(segment), () -> Criterion.vlan(VlanId.of(segment))));
            untag = POP_VLAN;
        } else {
            m.add(MPLS).add(Criterion.exact(Criterion.Type.MPLS_LABEL, segment));
            untag = POP_MPLS;
        }
        rules.add(make.make(d, FABRIC, Pipeline.PRIO_FABRIC_EGRESS, m.build(), untag, DELIVER, segment));
    }

    @Override
    public int tenantMtu(int segment) {
        return vlanSegment(segment) ? linkMtu : linkMtu - MPLS_OVERHEAD;
    }

    @Override
    public int maxSegment() {
        return MAX_SEGMENT;
    }
}
