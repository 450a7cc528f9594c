package io.skylane.vpc.pipeline;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a tenant frame crosses from the switch of its source port to the switch of its destination:
 * across an OpenFlow fabric ({@link FabricTransport}: the segment as a VLAN id or an MPLS label,
 * forwarded switch by switch) or through tunnels between hypervisors over an underlay no controller
 * programs ({@link OverlayTransport}: the segment as the Geneve or VXLAN VNI). The rest of the tenant
 * pipeline is the same in both; docs/pipeline.md and docs/overlay.md describe the rules.
 */
public sealed interface Transport permits FabricTransport, OverlayTransport {

    /**
     * The rules on {@code d} that carry frames between switches, whatever their VPC: table 0's
     * classification of frames arriving from other switches and table 5's way towards each other.
     *
     * @param peers the other switches that host ports of a VPC that also has ports on {@code d}
     */
    void between(DeviceId d, Set<DeviceId> peers, List<FlowRule> rules);

    /**
     * Table 4's actions that send a frame of {@code segment} from {@code from} towards a port on
     * {@code to} (then goto table 5); empty when {@code to} cannot be reached from {@code from}
     * ({@link #reaches}). Where they exist, the actions depend on {@code to} and {@code segment}
     * only, so that a compile may share them between the switches sending towards {@code to}.
     */
    Optional<List<Action>> towards(DeviceId from, DeviceId to, int segment);

    /** Whether {@link #towards} has actions from {@code from} to {@code to} (for any segment). */
    boolean reaches(DeviceId from, DeviceId to);

    /**
     * Table 5's rule taking a frame of {@code segment} that arrived at {@code d} into delivery (table
     * 6), built by {@code make}, the running compile's (so that its instructions, the same on every
     * switch of the segment, are held once).
     */
    void arrival(DeviceId d, int segment, TenantRules make, List<FlowRule> rules);

    /**
     * The largest IPv4 packet a tenant port of {@code segment} may send so that it crosses between
     * switches whole: what DHCP hands out as the interface MTU (option 26).
     */
    int tenantMtu(int segment);

    /** The largest segment id this transport carries. */
    int maxSegment();
}
