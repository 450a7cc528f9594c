package io.skylane.southbound.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.skylane.core.net.DeviceId;
import io.skylane.southbound.ovsdb.OvsdbCounters.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class HypervisorRegistryTest {

    private static final Instant T = Instant.parse("2026-12-07T08:00:00Z");
    private static final DeviceId A1 = DeviceId.of(0xa1);
    private static final DeviceId B2 = DeviceId.of(0xb2);

    /** A session that is only a name: the registry needs nothing else. */
    private record NamedSession(String remote) implements OvsdbSession {
        @Override
        public OvsdbView view() {
            return OvsdbView.EMPTY;
        }

        @Override
        public CompletableFuture<JsonNode> transact(ArrayNode operations) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<OvsdbView> awaitView(Predicate<OvsdbView> condition, Duration timeout) {
            throw new UnsupportedOperationException();
        }
    }

    private static String bridge(String uuid, String name, String dpid, String ports) {
        return "'" + uuid + "': {'new': {'name': '" + name + "', 'datapath_id': '" + dpid + "', 'ports': " + ports + "}}";
    }

    private static OvsdbView view(String... bridges) {
        return OvsdbView.EMPTY.apply(Json.parse("{'Bridge': {" + String.join(", ", bridges) + "}}"));
    }

    private static List<String> text(List<OvsdbEvent> events) {
        return events.stream().map(e -> e.type() + " " + e.subject() + " " + e.remote()
                + e.view().map(v -> " " + v.bridge().name()).orElse("")).toList();
    }

    private final OvsdbCounters counters = new OvsdbCounters();
    private final HypervisorRegistry registry = new HypervisorRegistry(counters);
    private final OvsdbSession h1 = new NamedSession("h1");
    private final OvsdbSession h2 = new NamedSession("h2");

    @Test
    void bridgesComeChangeAndGoWithTheirConnection() {
        OvsdbView v1 = view(bridge("b1", "br-int", "00000000000000a1", "['set', []]"));
        assertEquals(List.of("HYPERVISOR_CONNECTED 00000000000000a1 h1 br-int"),
                text(registry.update(h1, OvsdbView.EMPTY, v1, T)));
        assertEquals(Optional.of(h1), registry.owner(A1));

        assertEquals(List.of(), text(registry.update(h1, v1, v1, T)), "nothing Skylane reads changed");

        OvsdbView v2 = view(bridge("b1", "br-int", "00000000000000a1", "['uuid', 'p1']"),
                bridge("b2", "br-ex", "00000000000000b2", "['set', []]"));
        assertEquals(List.of("HYPERVISOR_UPDATED 00000000000000a1 h1 br-int",
                        "HYPERVISOR_CONNECTED 00000000000000b2 h1 br-ex"),
                text(registry.update(h1, v1, v2, T)));
        assertEquals(List.of(A1, B2), registry.datapathIds());

        OvsdbView v3 = view(bridge("b2", "br-ex", "00000000000000b2", "['set', []]"));
        assertEquals(List.of("HYPERVISOR_DISCONNECTED 00000000000000a1 h1"), text(registry.update(h1, v2, v3, T)));

        assertEquals(List.of("HYPERVISOR_DISCONNECTED 00000000000000b2 h1"), text(registry.closed(h1, v3, T)));
        assertEquals(List.of(), registry.datapathIds());
    }

    @Test
    void newerConnectionTakesADatapathIdAndTheOlderOnesCloseDoesNotDropIt() {
        OvsdbView v = view(bridge("b1", "br-int", "00000000000000a1", "['set', []]"));
        registry.update(h1, OvsdbView.EMPTY, v, T);
        assertEquals(List.of("HYPERVISOR_CONNECTED 00000000000000a1 h2 br-int"),
                text(registry.update(h2, OvsdbView.EMPTY, v, T)));
        assertEquals(1, counters.get(Counter.DATAPATH_ID_CONFLICTS));
        assertEquals(Optional.of(h2), registry.owner(A1));

        OvsdbView changed = view(bridge("b1", "br-int", "00000000000000a1", "['uuid', 'p9']"));
        assertEquals(List.of(), text(registry.update(h1, v, changed, T)), "the older connection no longer speaks for it");
        assertEquals(List.of(), text(registry.closed(h1, changed, T)));
        assertEquals(Optional.of(h2), registry.owner(A1));
    }
}
