package io.skylane.northbound;

import io.skylane.core.southbound.SouthboundService;
import io.skylane.core.testing.TestCore;
import io.skylane.topology.HostService;
import io.skylane.topology.TopologyService;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathManager;
import io.skylane.topology.testing.FakeHostService;
import io.skylane.topology.testing.FakeTopologyService;
import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.store.JournalIntentStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
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
        return new RestServices(core.devices(), core.flows(), southbound, topology, hosts,
                new PathManager(topology, LinkWeigher.HOP_COUNT), l -> Optional.empty(), intents());
    }

    /** The admin token of every test server. */
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    /** An intent service kept in memory, with {@link #ADMIN_TOKEN}. */
    static IntentService intents() {
        return new IntentService(JournalIntentStore.inMemory(), IntentConfig.defaults(ADMIN_TOKEN), Clock.systemUTC());
    }

    /** A request to the test server as the admin. */
    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }
}
