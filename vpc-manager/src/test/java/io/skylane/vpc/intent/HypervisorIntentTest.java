package io.skylane.vpc.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.Ip4Address;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.HypervisorCreate;
import io.skylane.vpc.intent.request.HypervisorUpdate;
import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.intent.request.TenantCreate;
import io.skylane.vpc.intent.request.VpcCreate;
import io.skylane.vpc.model.Hypervisor;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.store.JournalIntentStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hypervisors through the intent service: the admin's alone (a tenant gets 403 on every verb),
 * owned by the provider, each bad field refused with the field named, datapath ids and endpoints
 * unique (409), the endpoint changeable and the datapath id not, and all of it after a restart.
 */
class HypervisorIntentTest {

    private static final String ADMIN_TOKEN = "admin-token-0123456789";

    @TempDir
    Path dir;

    private JournalIntentStore store;
    private IntentService svc;
    private Actor tenant;
    private UUID tenantId;

    @BeforeEach
    void setUp() {
        store = JournalIntentStore.inMemory();
        svc = new IntentService(store, IntentConfig.defaults(ADMIN_TOKEN), Clock.systemUTC());
        IntentService.CreatedTenant t = svc.createTenant(Actor.ADMIN, new TenantCreate(Common.named("acme")));
        tenantId = t.tenant().id();
        tenant = svc.authenticate(t.token().secret());
    }

    private static HypervisorCreate request(Long dpid, String endpoint) {
        return new HypervisorCreate(dpid, endpoint == null ? null : Ip4Address.parse(endpoint), Common.named("hv"));
    }

    private Hypervisor create(long dpid, String endpoint) {
        return (Hypervisor) svc.create(Actor.ADMIN, request(dpid, endpoint));
    }

    private IntentException refused(Runnable r) {
        long seq = store.lastSeq();
        IntentException e = assertThrows(IntentException.class, r::run);
        assertEquals(seq, store.lastSeq(), "a refused request must store nothing");
        return e;
    }

    private static void is(IntentException.Kind kind, String field, IntentException e) {
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        if (field != null && kind == IntentException.Kind.INVALID) {
            assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
        }
    }

    @Test
    void theAdminRegistersAHypervisorOfTheProvider() {
        Hypervisor h = (Hypervisor) svc.create(Actor.ADMIN, new HypervisorCreate(0xd1L, Ip4Address.parse("172.31.199.1"),
                Common.named("hv1").withDescription("rack 1").withTags(List.of("az1"))
                        .withExternalIds(Map.of("ovs", "4f1c"))));
        assertEquals(Meta.PROVIDER, h.tenantId());
        assertEquals(0xd1L, h.datapathId());
        assertEquals(Ip4Address.parse("172.31.199.1"), h.endpointIp());
        assertEquals("hv1", h.meta().name());
        assertEquals(List.of("az1"), h.meta().tags());
        assertEquals(1, h.revision());
        assertEquals(h, store.get(ResourceType.HYPERVISOR, h.id()));
        assertEquals(h, svc.get(ResourceType.HYPERVISOR, Actor.ADMIN, h.id()));
        String free = "compute-07 (rack 3, Zürich)";
        assertEquals(free, svc.create(Actor.ADMIN, new HypervisorCreate(2L, Ip4Address.parse("172.31.199.2"),
                Common.named(free))).meta().name(), "the name is free text");
    }

    @Test
    void aTenantMayNeitherSeeNorTouchOne() {
        Hypervisor h = create(1, "10.0.0.1");
        for (Runnable call : List.<Runnable>of(
                () -> svc.create(tenant, request(2L, "10.0.0.2")),
                () -> svc.list(ResourceType.HYPERVISOR, tenant, ListQuery.all(10)),
                () -> svc.get(ResourceType.HYPERVISOR, tenant, h.id()),
                () -> svc.get(ResourceType.HYPERVISOR, tenant, UUID.randomUUID()),
                () -> svc.update(tenant, h.id(), HypervisorUpdate.NONE.withEndpointIp(Ip4Address.parse("10.0.0.9")), null),
                () -> svc.delete(ResourceType.HYPERVISOR, tenant, h.id(), null, false))) {
            is(IntentException.Kind.FORBIDDEN, null, refused(call));
        }
        assertEquals(h, store.get(ResourceType.HYPERVISOR, h.id()));
    }

    @Test
    void eachBadFieldIsRefusedByName() {
        is(IntentException.Kind.INVALID, "datapath_id", refused(() -> svc.create(Actor.ADMIN, request(null, "10.0.0.1"))));
        is(IntentException.Kind.INVALID, "endpoint_ip", refused(() -> svc.create(Actor.ADMIN, request(1L, null))));
        for (String endpoint : List.of("0.0.0.0", "127.0.0.1", "224.0.0.5", "239.1.2.3", "240.0.0.1", "255.255.255.255")) {
            IntentException e = refused(() -> svc.create(Actor.ADMIN, request(1L, endpoint)));
            is(IntentException.Kind.INVALID, "endpoint_ip", e);
            assertTrue(e.getMessage().contains(endpoint), e.getMessage());
        }
        is(IntentException.Kind.INVALID, "name", refused(() -> svc.create(Actor.ADMIN,
                new HypervisorCreate(1L, Ip4Address.parse("10.0.0.1"), Common.named("n".repeat(256))))));
        is(IntentException.Kind.INVALID, "description", refused(() -> svc.create(Actor.ADMIN,
                new HypervisorCreate(1L, Ip4Address.parse("10.0.0.1"), Common.NONE.withDescription("\u0007")))));
        is(IntentException.Kind.INVALID, "tags[1]", refused(() -> svc.create(Actor.ADMIN,
                new HypervisorCreate(1L, Ip4Address.parse("10.0.0.1"), Common.NONE.withTags(List.of("a", "a"))))));
        Hypervisor h = create(1, "10.0.0.1");
        is(IntentException.Kind.INVALID, "endpoint_ip", refused(() -> svc.update(Actor.ADMIN, h.id(),
                HypervisorUpdate.NONE.withEndpointIp(Ip4Address.parse("127.0.0.2")), null)));
        is(IntentException.Kind.INVALID, "endpoint_ip", refused(() -> svc.update(Actor.ADMIN, h.id(),
                new HypervisorUpdate(Common.NONE, Given.of(null)), null)));
        is(IntentException.Kind.INVALID, "name", refused(() -> svc.update(Actor.ADMIN, h.id(),
                HypervisorUpdate.NONE.withCommon(Common.named("n".repeat(256))), null)));
    }

    @Test
    void datapathIdsAndEndpointsAreUnique() {
        Hypervisor a = create(0xa, "10.0.0.1");
        Hypervisor b = create(0xb, "10.0.0.2");
        IntentException dpid = refused(() -> create(0xa, "10.0.0.3"));
        is(IntentException.Kind.CONFLICT, "datapath_id", dpid);
        assertTrue(dpid.getMessage().contains(a.id().toString()) && dpid.getMessage().contains("000000000000000a"),
                dpid.getMessage());
        IntentException endpoint = refused(() -> create(0xc, "10.0.0.2"));
        is(IntentException.Kind.CONFLICT, "endpoint_ip", endpoint);
        assertTrue(endpoint.getMessage().contains(b.id().toString()), endpoint.getMessage());
        is(IntentException.Kind.CONFLICT, "endpoint_ip", refused(() -> svc.update(Actor.ADMIN, a.id(),
                HypervisorUpdate.NONE.withEndpointIp(Ip4Address.parse("10.0.0.2")), null)));
        // its own endpoint again is no conflict
        assertEquals(2, svc.update(Actor.ADMIN, a.id(), HypervisorUpdate.NONE.withEndpointIp(Ip4Address.parse("10.0.0.1")),
                null).revision());
    }

    @Test
    void theEndpointChangesAndTheDatapathIdStays() {
        Hypervisor h = create(0xd1, "10.0.0.1");
        Hypervisor moved = (Hypervisor) svc.update(Actor.ADMIN, h.id(),
                new HypervisorUpdate(Common.named("renamed"), Given.of(Ip4Address.parse("10.0.0.11"))), 1L);
        assertEquals(0xd1L, moved.datapathId());
        assertEquals(Ip4Address.parse("10.0.0.11"), moved.endpointIp());
        assertEquals("renamed", moved.meta().name());
        assertEquals(2, moved.revision());
        is(IntentException.Kind.PRECONDITION_FAILED, "If-Match", refused(() -> svc.update(Actor.ADMIN, h.id(),
                HypervisorUpdate.NONE.withEndpointIp(Ip4Address.parse("10.0.0.12")), 1L)));
        Hypervisor kept = (Hypervisor) svc.update(Actor.ADMIN, h.id(), HypervisorUpdate.NONE, 2L);
        assertEquals(Ip4Address.parse("10.0.0.11"), kept.endpointIp(), "absent: kept");
        // the old endpoint is free again, the new one taken
        create(0xd2, "10.0.0.1");
        is(IntentException.Kind.CONFLICT, "endpoint_ip", refused(() -> create(0xd3, "10.0.0.11")));
    }

    @Test
    void deletedOnesFreeTheirDatapathIdAndEndpoint() {
        Hypervisor h = create(0xd1, "10.0.0.1");
        is(IntentException.Kind.PRECONDITION_FAILED, "If-Match",
                refused(() -> svc.delete(ResourceType.HYPERVISOR, Actor.ADMIN, h.id(), 7L, false)));
        svc.delete(ResourceType.HYPERVISOR, Actor.ADMIN, h.id(), 1L, false);
        is(IntentException.Kind.NOT_FOUND, null, refused(() -> svc.get(ResourceType.HYPERVISOR, Actor.ADMIN, h.id())));
        Hypervisor again = create(0xd1, "10.0.0.1");
        assertEquals(List.of(again), List.copyOf(store.all(ResourceType.HYPERVISOR)));
    }

    @Test
    void listsFilterByTheirFieldsButNotByTenant() {
        Hypervisor a = create(0xa, "10.0.0.1");
        create(0xb, "10.0.0.2");
        assertEquals(2, svc.list(ResourceType.HYPERVISOR, Actor.ADMIN, ListQuery.all(10)).items().size());
        assertEquals(List.of(a), svc.list(ResourceType.HYPERVISOR, Actor.ADMIN,
                new ListQuery(Map.of("datapath_id", List.of("000000000000000a")), 10, null)).items());
        assertEquals(List.of(a), svc.list(ResourceType.HYPERVISOR, Actor.ADMIN,
                new ListQuery(Map.of("endpoint_ip", List.of("10.0.0.1")), 10, null)).items());
        IntentService.Page first = svc.list(ResourceType.HYPERVISOR, Actor.ADMIN, ListQuery.all(1));
        assertEquals(1, first.items().size());
        assertEquals(1, svc.list(ResourceType.HYPERVISOR, Actor.ADMIN, new ListQuery(Map.of(), 1, first.next()))
                .items().size());
        is(IntentException.Kind.INVALID, "tenant_id", refused(() -> svc.list(ResourceType.HYPERVISOR, Actor.ADMIN,
                new ListQuery(Map.of("tenant_id", List.of(Meta.PROVIDER.toString())), 10, null))));
        assertTrue(IntentService.filterableFields(ResourceType.HYPERVISOR).containsAll(
                List.of("id", "name", "datapath_id", "endpoint_ip", "tags", "revision")));
    }

    @Test
    void tenantsNeitherOwnNorReachThem() {
        Hypervisor h = create(0xd1, "10.0.0.1");
        // the provider is no tenant the admin can create a tenant resource for
        is(IntentException.Kind.INVALID, "tenant_id",
                refused(() -> svc.create(Actor.ADMIN, new VpcCreate(Meta.PROVIDER, Common.NONE))));
        svc.create(tenant, new VpcCreate(null, Common.NONE));
        assertEquals(1, svc.list(ResourceType.TENANT, Actor.ADMIN, ListQuery.all(10)).items().size());
        svc.delete(ResourceType.TENANT, Actor.ADMIN, tenantId, null, true);
        assertEquals(h, store.get(ResourceType.HYPERVISOR, h.id()), "a tenant's deletion leaves hypervisors alone");
    }

    @Test
    void uniquenessHoldsAfterARestart() throws IOException {
        UUID id;
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            IntentService before = new IntentService(s, IntentConfig.defaults(ADMIN_TOKEN), Clock.systemUTC());
            id = before.create(Actor.ADMIN, request(0xd1L, "10.0.0.1")).id();
            before.update(Actor.ADMIN, id, HypervisorUpdate.NONE.withEndpointIp(Ip4Address.parse("10.0.0.2")), null);
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            IntentService after = new IntentService(s, IntentConfig.defaults(ADMIN_TOKEN), Clock.systemUTC());
            Resource r = after.get(ResourceType.HYPERVISOR, Actor.ADMIN, id);
            assertEquals(Ip4Address.parse("10.0.0.2"), ((Hypervisor) r).endpointIp());
            assertEquals(2, r.revision());
            assertEquals(IntentException.Kind.CONFLICT, assertThrows(IntentException.class,
                    () -> after.create(Actor.ADMIN, request(0xd1L, "10.0.0.3"))).kind());
            assertEquals("endpoint_ip", assertThrows(IntentException.class,
                    () -> after.create(Actor.ADMIN, request(0xd2L, "10.0.0.2"))).field());
            after.create(Actor.ADMIN, request(0xd2L, "10.0.0.1"));
        }
    }
}
