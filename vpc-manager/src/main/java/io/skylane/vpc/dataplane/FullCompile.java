package io.skylane.vpc.dataplane;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.topology.TopologySnapshot;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Acl;
import io.skylane.vpc.pipeline.Joins;
import io.skylane.vpc.pipeline.PlacedPort;
import io.skylane.vpc.pipeline.Transport;
import io.skylane.vpc.pipeline.VpcCompiler;
import io.skylane.vpc.store.IntentReader;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every switch's tenant rules compiled in one go from the store as it is, reading every resource:
 * what the tenant data plane's incremental recomputes must always agree with (its tests use it as
 * the oracle).
 */
final class FullCompile {

    private FullCompile() {
    }

    static Map<DeviceId, List<FlowRule>> of(IntentReader store, TopologySnapshot snapshot, Transport transport,
                                            List<PlacedPort> placed) {
        Map<UUID, Vpc> vpcs = new HashMap<>();
        for (Resource r : store.all(ResourceType.VPC)) {
            vpcs.put(r.id(), (Vpc) r);
        }
        Map<UUID, Subnet> subnets = new HashMap<>();
        for (Resource r : store.all(ResourceType.SUBNET)) {
            subnets.put(r.id(), (Subnet) r);
        }
        List<Router> routers = new ArrayList<>();
        store.all(ResourceType.ROUTER).forEach(r -> routers.add((Router) r));
        Joins joins = Joins.of(routers, subnets::get, vpcs::get);
        return new VpcCompiler(snapshot, transport).compile(vpcs, placed,
                Acl.from(store.all(ResourceType.SECURITY_GROUP_RULE), store.all(ResourceType.PORT), joins, vpcs.keySet()),
                answeredAddresses(store), joins);
    }

    /**
     * The IPv4 addresses of each VPC that the controller answers pings for: its subnets' gateways
     * and its load balancers' VIPs.
     */
    private static Map<UUID, List<Ip4Address>> answeredAddresses(IntentReader store) {
        Map<UUID, List<Ip4Address>> out = new HashMap<>();
        for (Resource r : store.all(ResourceType.SUBNET)) {
            Subnet s = (Subnet) r;
            if (s.gatewayIp() instanceof Inet4Address) {
                out.computeIfAbsent(s.vpcId(), k -> new ArrayList<>()).add(IpAddresses.ip4(s.gatewayIp()));
            }
        }
        for (Resource r : store.all(ResourceType.LOAD_BALANCER)) {
            LoadBalancer lb = (LoadBalancer) r;
            out.computeIfAbsent(lb.vpcId(), k -> new ArrayList<>()).add(IpAddresses.ip4(lb.vipAddress()));
        }
        return out;
    }
}
