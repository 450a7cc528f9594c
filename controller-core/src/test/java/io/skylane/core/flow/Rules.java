package io.skylane.core.flow;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import java.util.ArrayList;
import java.util.List;

/** Rules and groups for flow tests: each rule matches one destination MAC in table 0. */
final class Rules {

    static final AppId APP = AppId.of(20, "test-app");
    static final AppId OTHER = AppId.of(21, "other-app");

    private Rules() {
    }

    /** {@code app}'s rule on {@code device}: eth_dst=mac at priority 100, output to port. */
    static FlowRule rule(AppId app, DeviceId device, long mac, long port) {
        return base(app, device, mac).apply(Action.output(PortNumber.of(port))).build();
    }

    static FlowRule.Builder base(AppId app, DeviceId device, long mac) {
        return FlowRule.builder().device(device).table(0).priority(100)
                .match(Match.builder().add(Criterion.ethDst(MacAddress.of(mac))).build()).app(app);
    }

    /** A reactive rule of {@code app}: idle timeout 30 s. */
    static FlowRule transientRule(AppId app, DeviceId device, long mac, long port) {
        return base(app, device, mac).apply(Action.output(PortNumber.of(port))).idleTimeout(30).build();
    }

    /** {@code app}'s rule sending eth_dst=mac to group {@code groupId}. */
    static FlowRule toGroup(AppId app, DeviceId device, long mac, int groupId) {
        return base(app, device, mac).apply(new Action.Group(groupId)).build();
    }

    /** A SELECT group with one bucket per port. */
    static GroupDescription group(AppId app, DeviceId device, int groupId, long... ports) {
        List<GroupBucket> buckets = new ArrayList<>();
        for (long p : ports) {
            buckets.add(GroupBucket.select(1, List.of(Action.output(PortNumber.of(p)))));
        }
        return new GroupDescription(device, groupId, GroupDescription.Type.SELECT, buckets, app.id());
    }
}
