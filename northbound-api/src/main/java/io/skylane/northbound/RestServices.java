package io.skylane.northbound;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.device.DeviceService;
import io.skylane.core.flow.FlowRuleService;
import io.skylane.core.southbound.SouthboundService;
import io.skylane.topology.HostService;
import io.skylane.topology.Link;
import io.skylane.topology.PathService;
import io.skylane.topology.TopologyService;
import io.skylane.vpc.dataplane.TenantNetwork;
import io.skylane.vpc.intent.IntentService;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The controller services the REST API reads and drives, wired once by the server.
 *
 * @param devices      switches and their ports
 * @param flows        desired and actual flow rules and groups
 * @param southbound   the OpenFlow listener's status
 * @param topology     the current topology snapshot
 * @param hosts        the hosts learned at edge ports
 * @param paths        the controller's path service (its weigher is the one forwarding uses, so
 *                     the API shows the paths forwarding takes)
 * @param linkLastSeen when discovery last confirmed a link (link discovery's {@code lastSeen});
 *                     empty if it does not know the link
 * @param intents      tenants, VPCs, subnets, ports and security groups, and who may see them
 * @param counters     the controller's counters by part, for {@code GET /v1/stats}
 * @param network      how tenant traffic is carried (a Neutron network's MTU)
 */
public record RestServices(DeviceService devices, FlowRuleService flows, SouthboundService southbound,
                           TopologyService topology, HostService hosts, PathService paths,
                           Function<Link, Optional<Instant>> linkLastSeen, IntentService intents,
                           Supplier<Map<String, Map<String, Long>>> counters, TenantNetwork network) {

    /** Fabric mode on 1500-byte links (tests). */
    public RestServices(DeviceService devices, FlowRuleService flows, SouthboundService southbound,
                        TopologyService topology, HostService hosts, PathService paths,
                        Function<Link, Optional<Instant>> linkLastSeen, IntentService intents,
                        Supplier<Map<String, Map<String, Long>>> counters) {
        this(devices, flows, southbound, topology, hosts, paths, linkLastSeen, intents, counters,
                TenantNetwork.fabric());
    }

    /** Without counters (tests). */
    public RestServices(DeviceService devices, FlowRuleService flows, SouthboundService southbound,
                        TopologyService topology, HostService hosts, PathService paths,
                        Function<Link, Optional<Instant>> linkLastSeen, IntentService intents) {
        this(devices, flows, southbound, topology, hosts, paths, linkLastSeen, intents, Map::of);
    }

    public RestServices {
        checkNotNull(devices, "devices");
        checkNotNull(flows, "flows");
        checkNotNull(southbound, "southbound");
        checkNotNull(topology, "topology");
        checkNotNull(hosts, "hosts");
        checkNotNull(paths, "paths");
        checkNotNull(linkLastSeen, "linkLastSeen");
        checkNotNull(intents, "intents");
        checkNotNull(counters, "counters");
        checkNotNull(network, "network");
    }
}
