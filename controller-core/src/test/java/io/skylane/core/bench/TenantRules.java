package io.skylane.core.bench;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired rules shaped like a tenant pipeline's, for flow rule service benchmarks: even rules are
 * L2 forwarding (table 4: VLAN segment + eth_dst -> output), odd ones ingress ACL entries (table 5:
 * ipv4_dst/32 + tcp_dst -> goto table 6); 250 ports per segment, 48 switch ports.
 *
 * <p>Every call builds new objects, so two lists made with the same arguments are equal but not
 * identical, as an app's recomputed desired state is: the diff compares values, not references.
 */
public final class TenantRules {

    /** The app owning the rules. */
    public static final AppId APP = AppId.of(20, "bench-vpc");

    private static final int SWITCH_PORTS = 48;

    private TenantRules() {
    }

    /**
     * {@code count} rules for {@code device}.
     *
     * @param changedEvery if positive, every rule whose index is a multiple of it outputs to another
     *                     port (an instruction change: the minimal diff is a MODIFY strict); 0 for none
     */
    public static List<FlowRule> rules(DeviceId device, int count, int changedEvery) {
        List<FlowRule> rules = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean changed = changedEvery > 0 && i % changedEvery == 0;
            rules.add(i % 2 == 0 ? l2(device, i, changed) : acl(device, i));
        }
        return rules;
    }

    private static FlowRule l2(DeviceId device, int i, boolean changed) {
        long port = 1 + (i % SWITCH_PORTS) + (changed ? SWITCH_PORTS : 0);
        return FlowRule.builder().device(device).table(4).priority(100)
                .match(Match.builder().add(Criterion.vlan(VlanId.of(100 + i / 250)))
                        .add(Criterion.ethDst(MacAddress.of(0x0200_0000_0000L + i))).build())
                .apply(Action.output(PortNumber.of(port))).cookie(APP.cookie(i + 1)).build();
    }

    private static FlowRule acl(DeviceId device, int i) {
        return FlowRule.builder().device(device).table(5).priority(200)
                .match(Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.TCP))
                        .add(Criterion.ipv4Dst(Ip4Prefix.of(Ip4Address.of(0x0a00_0000 | i), 32)))
                        .add(Criterion.exact(Criterion.Type.TCP_DST, i % 4 == 1 ? 443 : 22)).build())
                .gotoTable(6).cookie(APP.cookie(i + 1)).build();
    }
}
