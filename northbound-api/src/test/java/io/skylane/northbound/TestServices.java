package io.skylane.northbound;

import io.skylane.core.southbound.SouthboundService;
import io.skylane.core.testing.TestCore;
import io.skylane.topology.HostService;
import io.skylane.topology.TopologyService;
import io.skylane.topology.path.LinkWeigher;
import java.util.List;
import java.util.Optional;

/** The services a test's REST server runs on. */
final class TestServices {

    private TestServices() {
    }

    /** The real core managers of {@code core}; an empty topology and no hosts. */
    static RestServices of(TestCore core, SouthboundService southbound) {
        return of(core, southbound, new FakeTopologyService(), new FakeHostService(List.of()));
    }

    /** The real core managers of {@code core} and the given topology and hosts; no link times. */
    static RestServices of(TestCore core, SouthboundService southbound, TopologyService topology,
                           HostService hosts) {
        return new RestServices(core.devices(), core.flows(), southbound, topology, hosts, LinkWeigher.HOP_COUNT,
                l -> Optional.empty());
    }
}
