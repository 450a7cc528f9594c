package io.skylane.vpc.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.intent.request.RouterCreate;
import io.skylane.vpc.intent.request.RouterUpdate;
import io.skylane.vpc.intent.request.SubnetUpdate;
import io.skylane.vpc.intent.request.TenantCreate;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.JournalIntentStore;
import io.skylane.vpc.testing.TenantFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routers through the intent service: their interfaces ({@code subnet_ids}) checked whole (subnets of
 * the tenant, once each, with a gateway, on no other router, not overlapping each other), replaced by
 * an update, kept in the index that makes a subnet on a router "in use" for deletes and gateway
 * removal, filtered by subnet, and all of it after a restart.
 */
class RouterIntentTest {

    @TempDir
    Path dir;

    private TenantFixture t;
    private IntentService svc;
    private JournalIntentStore store;
    private Vpc a;
    private Vpc b;
    private Subnet web;
    private Subnet db;

    @BeforeEach
    void setUp() {
        t = new TenantFixture();
        svc = t.intents;
        store = (JournalIntentStore) svc.store();
        a = t.vpc();
        b = t.vpc();
        web = t.subnet(a.id(), "10.0.1.0/24");
        db = t.subnet(b.id(), "10.1.1.0/24");
    }

    private Router router(UUID... subnets) {
        return (Router) svc.create(Actor.ADMIN, RouterCreate.of(t.tenant, Common.named("r"), Arrays.asList(subnets)));
    }

    private Router update(Router r, UUID... subnets) {
        return (Router) svc.update(Actor.ADMIN, r.id(), RouterUpdate.NONE.withSubnetIds(Arrays.asList(subnets)), null);
    }

    private Router stored(UUID id) {
        return (Router) store.get(ResourceType.ROUTER, id);
    }

    private IntentException refused(Runnable r) {
        long seq = store.lastSeq();
        IntentException e = assertThrows(IntentException.class, r::run);
        assertEquals(seq, store.lastSeq(), "a refused request must store nothing");
        return e;
    }

    private static void is(IntentException.Kind kind, String field, IntentException e, String... inMessage) {
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        for (String s : inMessage) {
            assertTrue(e.getMessage().contains(s), "\"" + s + "\" not in: " + e.getMessage());
        }
    }

    @Test
    void aRouterJoinsSubnetsOfTwoVpcsInTheOrderGiven() {
        Router none = (Router) svc.create(Actor.ADMIN, new RouterCreate(t.tenant, Common.NONE,
                io.skylane.vpc.intent.request.Given.absent()));
        assertEquals(List.of(), none.subnetIds(), "absent: no interfaces");
        Router r = router(db.id(), web.id());
        assertEquals(List.of(db.id(), web.id()), r.subnetIds());
        assertEquals(t.tenant, r.tenantId());
        assertEquals(1, r.revision());
        assertEquals(r, stored(r.id()));
        Subnet web2 = t.subnet(a.id(), "10.0.2.0/24");
        Router more = update(r, db.id(), web.id(), web2.id());
        assertEquals(List.of(db.id(), web.id(), web2.id()), more.subnetIds(), "two subnets of one VPC may share it");
        assertEquals(2, more.revision());
    }

    @Test
    void aTenantHasItsOwnRoutersAndOnlyItsOwnSubnets() {
        IntentService.CreatedTenant other = svc.createTenant(Actor.ADMIN, new TenantCreate(Common.named("other")));
        Actor me = svc.authenticate(svc.issueToken(Actor.ADMIN, t.tenant, io.skylane.vpc.intent.request.TokenCreate.NONE)
                .secret());
        Actor them = svc.authenticate(other.token().secret());
        Router mine = (Router) svc.create(me, RouterCreate.of(null, Common.NONE, List.of(web.id())));
        assertEquals(t.tenant, mine.tenantId());
        is(IntentException.Kind.INVALID, "subnet_ids[0]", refused(() -> svc.create(them,
                RouterCreate.of(null, Common.NONE, List.of(db.id())))), "no subnet " + db.id());
        is(IntentException.Kind.INVALID, "subnet_ids[1]", refused(() -> svc.create(me,
                RouterCreate.of(null, Common.NONE, List.of(db.id(), UUID.randomUUID())))), "no subnet");
        is(IntentException.Kind.NOT_FOUND, null, refused(() -> svc.get(ResourceType.ROUTER, them, mine.id())));
        is(IntentException.Kind.NOT_FOUND, null, refused(() -> svc.update(them, mine.id(), RouterUpdate.NONE, null)));
        is(IntentException.Kind.NOT_FOUND, null, refused(() -> svc.delete(ResourceType.ROUTER, them, mine.id(), null,
                true)));
        assertEquals(List.of(), svc.list(ResourceType.ROUTER, them, ListQuery.all(10)).items());
        assertEquals(List.of(mine), svc.list(ResourceType.ROUTER, me, ListQuery.all(10)).items());
    }

    @Test
    void eachSubnetIsListedOnceAndHasAGateway() {
        is(IntentException.Kind.INVALID, "subnet_ids[2]", refused(() -> router(web.id(), db.id(), web.id())),
                "listed twice");
        Subnet bare = t.subnet(b.id(), "10.1.2.0/24", SubnetUpdate.NONE.withGatewayIp(null));
        is(IntentException.Kind.INVALID, "subnet_ids[1]", refused(() -> router(web.id(), bare.id())),
                "subnet " + bare.id() + " has no gateway_ip: a router interface takes the subnet's gateway");
        is(IntentException.Kind.INVALID, "subnet_ids[0]", refused(() -> router((UUID) null)), "is required");
        UUID[] many = new UUID[RouterValidator.MAX_INTERFACES + 1];
        Arrays.fill(many, web.id());
        is(IntentException.Kind.INVALID, "subnet_ids", refused(() -> router(many)), "at most 256");
        is(IntentException.Kind.INVALID, "name", refused(() -> svc.create(Actor.ADMIN,
                RouterCreate.of(t.tenant, Common.named("n".repeat(256)), List.of()))));
    }

    @Test
    void aSubnetIsOnAtMostOneRouter() {
        Router first = router(web.id());
        Router second = router(db.id());
        is(IntentException.Kind.CONFLICT, "subnet_ids[0]", refused(() -> router(web.id())),
                "already on router " + first.id());
        is(IntentException.Kind.CONFLICT, "subnet_ids[1]", refused(() -> update(second, db.id(), web.id())),
                "router " + first.id());
        // its own subnets again are no conflict; released ones are free
        assertEquals(List.of(web.id()), update(first, web.id()).subnetIds());
        update(first);
        assertEquals(List.of(db.id(), web.id()), update(second, db.id(), web.id()).subnetIds());
    }

    @Test
    void theSubnetsOfOneRouterDoNotOverlap() {
        Subnet sameAsWeb = t.subnet(b.id(), "10.0.1.0/24");
        Subnet inWeb = t.subnet(t.vpc().id(), "10.0.1.128/25");
        IntentException e = refused(() -> router(web.id(), db.id(), sameAsWeb.id()));
        is(IntentException.Kind.CONFLICT, "subnet_ids[2]", e, sameAsWeb.id().toString(), web.id().toString(),
                "10.0.1.0/24");
        Router r = router(web.id());
        is(IntentException.Kind.CONFLICT, "subnet_ids[1]", refused(() -> update(r, web.id(), inWeb.id())),
                "10.0.1.128/25", "10.0.1.0/24", web.id().toString());
        // the same CIDRs in two VPCs on two routers are fine: each router routes its own
        assertEquals(List.of(sameAsWeb.id()), router(sameAsWeb.id()).subnetIds());
    }

    @Test
    void ipv6SubnetsAreKeptOnTheRouter() {
        Subnet v6 = t.subnet(a.id(), "2001:db8:1::/64");
        Subnet v6b = t.subnet(b.id(), "2001:db8:1::/64");
        Router r = router(web.id(), v6.id(), db.id());
        assertEquals(List.of(web.id(), v6.id(), db.id()), r.subnetIds());
        is(IntentException.Kind.CONFLICT, "subnet_ids[3]", refused(() -> update(r, web.id(), v6.id(), db.id(), v6b.id())),
                "2001:db8:1::/64");
    }

    @Test
    void anUpdateReplacesTheListAndChecksTheRevision() {
        Router r = router(web.id(), db.id());
        Router renamed = (Router) svc.update(Actor.ADMIN, r.id(), RouterUpdate.NONE.withCommon(Common.named("edge")), 1L);
        assertEquals(List.of(web.id(), db.id()), renamed.subnetIds(), "absent: kept");
        assertEquals("edge", renamed.meta().name());
        is(IntentException.Kind.PRECONDITION_FAILED, "If-Match", refused(() -> svc.update(Actor.ADMIN, r.id(),
                RouterUpdate.NONE.withSubnetIds(List.of()), 1L)));
        Router detached = (Router) svc.update(Actor.ADMIN, r.id(), RouterUpdate.NONE.withSubnetIds(List.of(db.id())), 2L);
        assertEquals(List.of(db.id()), detached.subnetIds());
        assertEquals(List.of(web.id()), router(web.id()).subnetIds(), "the detached subnet is free");
    }

    @Test
    void aSubnetOnARouterIsInUse() {
        Router r = router(web.id(), db.id());
        is(IntentException.Kind.CONFLICT, null, refused(() -> svc.delete(ResourceType.SUBNET, Actor.ADMIN, web.id(), null,
                false)), "router " + r.id());
        svc.delete(ResourceType.SUBNET, Actor.ADMIN, web.id(), null, true);
        assertNull(store.get(ResourceType.SUBNET, web.id()));
        Router after = stored(r.id());
        assertEquals(List.of(db.id()), after.subnetIds(), "cascade: the interface goes, the router stays");
        assertEquals(2, after.revision());
        assertEquals(List.of(after), svc.list(ResourceType.ROUTER, Actor.ADMIN,
                new ListQuery(Map.of("subnet_id", List.of(db.id().toString())), 10, null)).items());
        assertEquals(List.of(), svc.list(ResourceType.ROUTER, Actor.ADMIN,
                new ListQuery(Map.of("subnet_id", List.of(web.id().toString())), 10, null)).items());
    }

    @Test
    void aVpcWithSubnetsOnARouterIsInUse() {
        Subnet web2 = t.subnet(a.id(), "10.0.2.0/24");
        Router r = router(web.id(), db.id(), web2.id());
        is(IntentException.Kind.CONFLICT, null, refused(() -> svc.deleteVpcWithSubnets(Actor.ADMIN, a.id(), null)),
                "router " + r.id());
        is(IntentException.Kind.CONFLICT, null, refused(() -> svc.delete(ResourceType.VPC, Actor.ADMIN, a.id(), null,
                false)));
        svc.delete(ResourceType.VPC, Actor.ADMIN, a.id(), null, true);
        Router after = stored(r.id());
        assertEquals(List.of(db.id()), after.subnetIds(), "both of the VPC's interfaces go");
        assertEquals(2, after.revision(), "in one revision");
        svc.update(Actor.ADMIN, r.id(), RouterUpdate.NONE.withSubnetIds(List.of()), null);
        svc.deleteVpcWithSubnets(Actor.ADMIN, b.id(), null);
        assertNull(store.get(ResourceType.SUBNET, db.id()), "off the router, the network goes as Neutron's does");
    }

    @Test
    void aRouterWithInterfacesGoesOnlyWithCascadeAndLeavesItsSubnets() {
        Router r = router(web.id(), db.id());
        is(IntentException.Kind.CONFLICT, null, refused(() -> svc.delete(ResourceType.ROUTER, Actor.ADMIN, r.id(), null,
                false)), "2 interface(s)", web.id().toString());
        is(IntentException.Kind.PRECONDITION_FAILED, "If-Match", refused(() -> svc.delete(ResourceType.ROUTER,
                Actor.ADMIN, r.id(), 5L, true)));
        svc.delete(ResourceType.ROUTER, Actor.ADMIN, r.id(), 1L, true);
        assertNull(store.get(ResourceType.ROUTER, r.id()));
        assertEquals(web, store.get(ResourceType.SUBNET, web.id()));
        assertEquals(db, store.get(ResourceType.SUBNET, db.id()));
        Router bare = router();
        svc.delete(ResourceType.ROUTER, Actor.ADMIN, bare.id(), null, false);
        svc.delete(ResourceType.SUBNET, Actor.ADMIN, web.id(), null, false); // no longer in use
        assertEquals(List.of(db.id()), router(db.id()).subnetIds(), "its subnets are free again");
    }

    @Test
    void aTenantsDeletionTakesItsRouters() {
        Router r = router(web.id(), db.id());
        Router bare = router();
        is(IntentException.Kind.CONFLICT, null, refused(() -> svc.delete(ResourceType.TENANT, Actor.ADMIN, t.tenant,
                null, false)));
        svc.delete(ResourceType.ROUTER, Actor.ADMIN, r.id(), null, true);
        svc.delete(ResourceType.SUBNET, Actor.ADMIN, web.id(), null, false);
        svc.delete(ResourceType.SUBNET, Actor.ADMIN, db.id(), null, false);
        svc.delete(ResourceType.VPC, Actor.ADMIN, a.id(), null, false);
        svc.delete(ResourceType.VPC, Actor.ADMIN, b.id(), null, false);
        IntentException e = refused(() -> svc.delete(ResourceType.TENANT, Actor.ADMIN, t.tenant, null, false));
        assertTrue(e.getMessage().contains("router " + bare.id()), e.getMessage());
        Subnet s = t.subnet(t.vpc().id(), "10.2.0.0/24");
        router(s.id());
        svc.delete(ResourceType.TENANT, Actor.ADMIN, t.tenant, null, true);
        assertEquals(List.of(), List.copyOf(store.all(ResourceType.ROUTER)));
        assertEquals(List.of(), List.copyOf(store.all(ResourceType.SUBNET)));
    }

    @Test
    void aSubnetOnARouterKeepsAGateway() {
        Router r = router(web.id());
        is(IntentException.Kind.CONFLICT, "gateway_ip", refused(() -> svc.update(Actor.ADMIN, web.id(),
                SubnetUpdate.NONE.withGatewayIp(null), null)), "router " + r.id());
        Subnet moved = (Subnet) svc.update(Actor.ADMIN, web.id(), SubnetUpdate.NONE
                .withGatewayIp(IpAddresses.parse("10.0.1.254"))
                .withAllocationPools(List.of(new Subnet.AllocationPool(IpAddresses.parse("10.0.1.2"),
                        IpAddresses.parse("10.0.1.200")))), null);
        assertEquals(IpAddresses.parse("10.0.1.254"), moved.gatewayIp(), "another gateway: the interface follows it");
        assertNull(((Subnet) svc.update(Actor.ADMIN, db.id(), SubnetUpdate.NONE.withGatewayIp(null), null)).gatewayIp(),
                "off a router a subnet may drop its gateway");
    }

    @Test
    void listsFilterBySubnet() {
        Router r = router(web.id(), db.id());
        Router other = router();
        Subnet free = t.subnet(a.id(), "10.0.9.0/24");
        assertEquals(List.of(r), svc.list(ResourceType.ROUTER, Actor.ADMIN,
                new ListQuery(Map.of("subnet_id", List.of(db.id().toString())), 10, null)).items());
        assertEquals(List.of(), svc.list(ResourceType.ROUTER, Actor.ADMIN,
                new ListQuery(Map.of("subnet_id", List.of(free.id().toString())), 10, null)).items());
        assertEquals(List.of(other), svc.list(ResourceType.ROUTER, Actor.ADMIN,
                new ListQuery(Map.of("id", List.of(other.id().toString())), 10, null)).items());
        assertEquals(2, svc.list(ResourceType.ROUTER, Actor.ADMIN,
                new ListQuery(Map.of("tenant_id", List.of(t.tenant.toString())), 10, null)).items().size());
        is(IntentException.Kind.INVALID, "subnet_ids", refused(() -> svc.list(ResourceType.ROUTER, Actor.ADMIN,
                new ListQuery(Map.of("subnet_ids", List.of(db.id().toString())), 10, null))));
        assertTrue(IntentService.filterableFields(ResourceType.ROUTER).containsAll(
                List.of("id", "name", "description", "tenant_id", "tags", "revision", "subnet_id")));
    }

    @Test
    void theIndexHoldsAfterARestart() throws IOException {
        UUID router;
        UUID s1;
        UUID s2;
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            TenantFixture f = new TenantFixture(new IntentService(s, IntentConfig.defaults(TenantFixture.ADMIN_TOKEN),
                    Clock.systemUTC()), "t");
            s1 = f.subnet(f.vpc().id(), "10.0.0.0/24").id();
            s2 = f.subnet(f.vpc().id(), "10.1.0.0/24").id();
            router = f.intents.create(Actor.ADMIN, RouterCreate.of(f.tenant, Common.NONE, List.of(s1))).id();
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            IntentService after = new IntentService(s, IntentConfig.defaults(TenantFixture.ADMIN_TOKEN), Clock.systemUTC());
            UUID tenant = s.get(ResourceType.SUBNET, s1).tenantId();
            assertEquals(IntentException.Kind.CONFLICT, assertThrows(IntentException.class, () -> after.create(Actor.ADMIN,
                    RouterCreate.of(tenant, Common.NONE, List.of(s2, s1)))).kind());
            assertEquals(IntentException.Kind.CONFLICT, assertThrows(IntentException.class, () -> after.delete(
                    ResourceType.SUBNET, Actor.ADMIN, s1, null, false)).kind());
            Resource r = after.get(ResourceType.ROUTER, Actor.ADMIN, router);
            assertEquals(List.of(s1), ((Router) r).subnetIds());
        }
    }
}
