package io.skylane.vpc.pipeline;

import static io.skylane.vpc.pipeline.Pipeline.DELIVER;
import static io.skylane.vpc.pipeline.Pipeline.FABRIC;
import static io.skylane.vpc.pipeline.Pipeline.ROUTE;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.vpc.pipeline.PlacedIndex.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Table 4's routes through routers ({@link Join}s) on one switch for one sending VPC: a packet of
 * the VPC sent to its router MAC, from the join's source subnet, to the address of a port of the
 * other VPC in the join's destination subnet, is routed as the other VPC's gateway would route it:
 * TTL-1, that VPC's router MAC as the source, then delivered into that VPC's segment (locally:
 * metadata = its segment, goto 6; elsewhere: the transport's way with its segment, goto 5), where
 * its own delivery and ingress security groups apply. Used by {@link VpcCompiler} within one compile.
 */
final class JoinedRoutes {

    private static final Criterion IPV4 = Criterion.ethType(EthType.IPV4);
    private static final Action DEC_TTL = new Action.DecNwTtl();

    /** A joined route's match (the same on every switch hosting the sending VPC). */
    private record MatchKey(int segment, Ip4Prefix source, Ip4Address ip) {
    }

    /** The actions into {@code segment} towards {@code to} (null: this switch), the same everywhere. */
    private record WayKey(DeviceId to, int segment) {
    }

    private JoinedRoutes() {
    }

    /**
     * Adds the routes of {@code joins} (those of the VPC with segment {@code segment}, whose rules on
     * {@code d} match {@code meta} and, routed, {@code toRouter}) to {@code rules}.
     */
    static void add(TenantRules make, Transport transport, Set<DeviceId> devices, PlacedIndex index, DeviceId d,
                    int segment, Criterion meta, Criterion toRouter, List<Join> joins, List<FlowRule> rules) {
        for (Join j : joins) {
            Criterion source = null;
            for (Member m : index.members(j.segment())) {
                DeviceId at = m.location().deviceId();
                boolean here = at.equals(d);
                if (!devices.contains(at) || (!here && !transport.reaches(d, at))) {
                    continue; // not in the topology, or a hypervisor without a tunnel
                }
                for (Ip4Address ip : m.ips()) {
                    if (!j.destination().contains(ip)) {
                        continue; // the other VPC's subnets not on the router stay out of reach
                    }
                    if (source == null) {
                        source = Criterion.ipv4Src(j.source());
                    }
                    Criterion src = source;
                    Match match = make.shared(new MatchKey(segment, j.source(), ip), () -> Match.builder().add(meta)
                            .add(toRouter).add(IPV4).add(src).add(Criterion.ipv4Dst(Ip4Prefix.of(ip, 32))).build());
                    List<Action> actions = make.shared(new WayKey(here ? null : at, j.segment()),
                            () -> actions(transport, d, at, j.segment(), here));
                    rules.add(make.make(d, ROUTE, Pipeline.PRIO_ROUTE_JOINED, match, actions, here ? DELIVER : FABRIC,
                            here ? j.segment() : -1));
                }
            }
        }
    }

    private static List<Action> actions(Transport transport, DeviceId d, DeviceId at, int segment, boolean here) {
        List<Action> out = new ArrayList<>();
        out.add(DEC_TTL);
        out.add(Action.setEthSrc(Pipeline.routerMac(segment)));
        if (!here) {
            out.addAll(transport.towards(d, at, segment).orElseThrow());
        }
        return List.copyOf(out);
    }
}
