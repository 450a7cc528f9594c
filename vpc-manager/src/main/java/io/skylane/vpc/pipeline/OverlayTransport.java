package io.skylane.vpc.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static io.skylane.vpc.pipeline.Pipeline.CLASSIFY;
import static io.skylane.vpc.pipeline.Pipeline.DELIVER;
import static io.skylane.vpc.pipeline.Pipeline.FABRIC;
import static io.skylane.vpc.pipeline.TenantRules.rule;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Overlay mode: each hypervisor's integration bridge has one flow-based tunnel port (Geneve or
 * VXLAN), and a tenant frame for a port on another hypervisor leaves through it with the VPC's
 * segment as the VNI ({@code tun_id}) and the destination hypervisor's endpoint as {@code tun_dst};
 * the underlay routes the encapsulated packet. No switch holds transit rules.
 *
 * <ul>
 *   <li>table 0: from the tunnel port and a peer's endpoint ({@code tun_src}) -> goto 5; tunnel
 *       packets from anywhere else miss and are dropped;</li>
 *   <li>table 4: a remote destination -> eth_dst = the destination hypervisor's switch address,
 *       tun_id = segment, tun_dst = its endpoint, goto 5;</li>
 *   <li>table 5: from the tunnel port, to this switch, with the VNI of a VPC hosted here ->
 *       metadata = segment, goto 6 (a VNI not hosted here misses: another VPC's frame is never
 *       delivered); anything else addressed to a switch -> out of the tunnel port.</li>
 * </ul>
 */
public final class OverlayTransport implements Transport {

    /** Geneve without options, or VXLAN, over an IPv4 underlay: outer Ethernet 14 + IP 20 + UDP 8 + 8. */
    public static final int ENCAPSULATION_OVERHEAD = 50;
    /** The largest VNI. */
    public static final int MAX_SEGMENT = (1 << 24) - 1;

    private final Map<DeviceId, TunnelEndpoint> endpoints;
    private final int underlayMtu;

    /**
     * @param endpoints   the registered hypervisors whose tunnel port is known, by switch
     * @param underlayMtu the MTU of the underlay's links: tenants get 50 bytes less
     */
    public OverlayTransport(Map<DeviceId, TunnelEndpoint> endpoints, int underlayMtu) {
        checkArgument(underlayMtu >= 576 + ENCAPSULATION_OVERHEAD, "underlay MTU %s is too small", underlayMtu);
        this.endpoints = new TreeMap<>(endpoints);
        endpoints.forEach((d, e) -> checkArgument(d.equals(e.device()), "endpoint %s filed under %s", e, d));
        this.underlayMtu = underlayMtu;
    }

    /** The hypervisors this transport reaches, by switch. */
    public Map<DeviceId, TunnelEndpoint> endpoints() {
        return java.util.Collections.unmodifiableMap(endpoints);
    }

    @Override
    public void between(DeviceId d, Set<DeviceId> peers, List<FlowRule> rules) {
        TunnelEndpoint here = endpoints.get(d);
        if (here == null) {
            return; // not a hypervisor (yet): its tenant ports only reach each other
        }
        boolean any = false;
        for (DeviceId p : peers) {
            TunnelEndpoint peer = endpoints.get(p);
            if (peer == null || p.equals(d)) {
                continue;
            }
            any = true;
            rules.add(rule(d, CLASSIFY, Pipeline.PRIO_CLASSIFY_FABRIC, Match.builder()
                    .add(Criterion.inPort(here.tunnelPort())).add(Criterion.tunnelSrc(peer.address())).build(),
                    List.of(), FABRIC));
        }
        if (any) {
            rules.add(rule(d, FABRIC, Pipeline.PRIO_FABRIC_TRANSIT, Match.builder()
                    .add(Criterion.ethDstMasked(Pipeline.switchMacRange(), Pipeline.SWITCH_MAC_MASK)).build(),
                    List.of(Action.output(here.tunnelPort())), -1));
        }
    }

    @Override
    public Optional<List<Action>> towards(DeviceId from, DeviceId to, int segment) {
        TunnelEndpoint there = endpoints.get(to);
        if (!reaches(from, to)) {
            return Optional.empty();
        }
        return Optional.of(List.of(Action.setEthDst(Pipeline.switchMac(to)), Action.setTunnelId(segment),
                Action.setTunnelDst(there.address())));
    }

    @Override
    public boolean reaches(DeviceId from, DeviceId to) {
        return endpoints.containsKey(from) && endpoints.containsKey(to);
    }

    @Override
    public void arrival(DeviceId d, int segment, TenantRules make, List<FlowRule> rules) {
        TunnelEndpoint here = endpoints.get(d);
        if (here == null) {
            return;
        }
        rules.add(make.make(d, FABRIC, Pipeline.PRIO_FABRIC_EGRESS, Match.builder()
                .add(Criterion.inPort(here.tunnelPort())).add(Criterion.ethDst(Pipeline.switchMac(d)))
                .add(Criterion.tunnelId(segment)).build(), List.of(), DELIVER, segment));
    }

    @Override
    public int tenantMtu(int segment) {
        return underlayMtu - ENCAPSULATION_OVERHEAD;
    }

    @Override
    public int maxSegment() {
        return MAX_SEGMENT;
    }
}
