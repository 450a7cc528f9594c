package io.skylane.vpc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hypervisor value and its one JSON form (the API's answer and the journal's record). */
class HypervisorTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00.123Z");

    private static Meta meta(UUID owner) {
        return Meta.created(UUID.fromString("6b1f0a52-3c4d-4e5f-8a9b-0c1d2e3f4a5b"), owner, "hv1", "rack 1", NOW,
                List.of("az1"), Map.of("ovs-system-id", "4f1c"));
    }

    private static Hypervisor hv(String endpoint) {
        return new Hypervisor(meta(Meta.PROVIDER), 0xd1L, Ip4Address.parse(endpoint));
    }

    @Test
    void itsJsonHasTheDatapathIdAsHexAndNoTenant() throws Exception {
        Hypervisor h = new Hypervisor(meta(Meta.PROVIDER), 0xfedcba9876543210L, Ip4Address.parse("172.31.199.1"));
        JsonNode json = ResourceJson.toJson(h);
        JsonNode expected = new ObjectMapper().readTree("{\"id\": \"6b1f0a52-3c4d-4e5f-8a9b-0c1d2e3f4a5b\","
                + " \"name\": \"hv1\", \"description\": \"rack 1\", \"datapath_id\": \"fedcba9876543210\","
                + " \"endpoint_ip\": \"172.31.199.1\", \"tags\": [\"az1\"], \"external_ids\": {\"ovs-system-id\": \"4f1c\"},"
                + " \"created_at\": \"2026-12-07T08:00:00.123Z\", \"updated_at\": \"2026-12-07T08:00:00.123Z\","
                + " \"revision\": 1}");
        assertEquals(expected, new ObjectMapper().readTree(json.toString()), "as the API writes it");
        assertFalse(json.has("tenant_id"), "a hypervisor belongs to no tenant");
        assertEquals(h, ResourceJson.fromJson(ResourceType.HYPERVISOR, json), "read back as it was written");
        assertEquals(Meta.PROVIDER, ResourceJson.fromJson(ResourceType.HYPERVISOR, json).tenantId());
    }

    @Test
    void shortDatapathIdsArePaddedToSixteenDigits() {
        JsonNode json = ResourceJson.toJson(hv("10.0.0.1"));
        assertEquals("00000000000000d1", json.get("datapath_id").textValue());
        assertEquals(DeviceId.of(0xd1), hv("10.0.0.1").deviceId());
    }

    @Test
    void onlyTheProviderOwnsOne() {
        assertThrows(IllegalArgumentException.class,
                () -> new Hypervisor(meta(UUID.randomUUID()), 1, Ip4Address.parse("10.0.0.1")));
        assertThrows(IllegalArgumentException.class, () -> new Tenant(Meta.created(Meta.PROVIDER, Meta.PROVIDER, "p",
                "", NOW, List.of(), Map.of())), "no tenant has the provider's id");
        assertTrue(ResourceType.HYPERVISOR.providerOwned());
        for (ResourceType t : ResourceType.values()) {
            assertEquals(t == ResourceType.HYPERVISOR, t.providerOwned(), t.toString());
        }
        assertEquals(ResourceType.HYPERVISOR, ResourceType.ofSingular("hypervisor"));
        assertEquals("hypervisors", ResourceType.HYPERVISOR.plural());
    }

    @Test
    void anEndpointIsAUnicastAddress() {
        for (String ok : List.of("1.0.0.0", "10.0.0.1", "172.31.199.254", "169.254.0.1", "223.255.255.255")) {
            assertEquals(java.util.Optional.empty(), Hypervisor.whyNotAnEndpoint(Ip4Address.parse(ok)), ok);
            assertEquals(Ip4Address.parse(ok), hv(ok).endpointIp());
        }
        Map<String, String> bad = Map.of(
                "0.0.0.0", "this network",
                "0.1.2.3", "this network",
                "127.0.0.1", "loopback",
                "127.255.0.9", "loopback",
                "224.0.0.1", "multicast",
                "239.255.255.255", "multicast",
                "240.0.0.1", "reserved",
                "255.255.255.255", "broadcast");
        bad.forEach((address, why) -> {
            String reason = Hypervisor.whyNotAnEndpoint(Ip4Address.parse(address)).orElseThrow();
            assertTrue(reason.contains(why), address + ": " + reason);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hv(address));
            assertTrue(e.getMessage().contains(why), e.getMessage());
        });
    }
}
