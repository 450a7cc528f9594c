package io.skylane.vpc.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.JournalIntentStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IntentServiceTest {

    private static final ObjectMapper M = new ObjectMapper();
    private static final String ADMIN_TOKEN = "admin-token-0123456789";

    private JournalIntentStore store;
    private IntentService svc;
    private Actor tenantA;
    private Actor tenantB;
    private UUID a;
    private UUID b;

    static JsonNode json(String s) {
        try {
            return M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    @BeforeEach
    void setUp() {
        store = JournalIntentStore.inMemory();
        svc = new IntentService(store, IntentConfig.defaults(ADMIN_TOKEN), Clock.systemUTC());
        IntentService.CreatedTenant ta = svc.createTenant(Actor.ADMIN, json("{'name':'a'}"));
        IntentService.CreatedTenant tb = svc.createTenant(Actor.ADMIN, json("{'name':'b'}"));
        a = ta.tenant().id();
        b = tb.tenant().id();
        tenantA = svc.authenticate(ta.token().secret());
        tenantB = svc.authenticate(tb.token().secret());
    }

    private Vpc vpc(Actor who) {
        return (Vpc) svc.create(ResourceType.VPC, who, json("{'name':'web'}"));
    }

    private Subnet subnet(Actor who, UUID vpc, String cidr) {
        return (Subnet) svc.create(ResourceType.SUBNET, who, json("{'vpc_id':'" + vpc + "','cidr':'" + cidr + "'}"));
    }

    private IntentException refused(Runnable r) {
        long seq = store.lastSeq();
        IntentException e = assertThrows(IntentException.class, r::run);
        assertEquals(seq, store.lastSeq(), "a refused request must store nothing");
        return e;
    }

    @Test
    void tenantGetsDefaultGroupAndWorkingToken() {
        assertEquals(a, tenantA.tenantId());
        assertEquals(Actor.ADMIN, svc.authenticate(ADMIN_TOKEN));
        List<Resource> groups = svc.list(ResourceType.SECURITY_GROUP, tenantA, Map.of(), 100, null).items();
        assertEquals(1, groups.size());
        assertEquals("default", groups.get(0).meta().name());
        List<SecurityGroupRule> rules = svc.rulesOf(groups.get(0).id());
        assertEquals(4, rules.size());
        assertEquals(2, rules.stream().filter(r -> groups.get(0).id().equals(r.remoteGroupId())).count());
        assertEquals(IntentException.Kind.UNAUTHORIZED, assertThrows(IntentException.class,
                () -> svc.authenticate("sky_nope")).kind());
        assertEquals(IntentException.Kind.FORBIDDEN, assertThrows(IntentException.class,
                () -> svc.createTenant(tenantA, json("{}"))).kind());
    }

    @Test
    void revokedTokenStopsWorking() {
        IntentService.IssuedToken t = svc.issueToken(Actor.ADMIN, a, json("{'description':'ci'}"));
        assertEquals(tenantA, svc.authenticate(t.secret()));
        svc.revokeToken(Actor.ADMIN, a, t.token().id());
        assertThrows(IntentException.class, () -> svc.authenticate(t.secret()));
        assertFalse(svc.render(t.token()).has("secret_hash"));
    }

    @Test
    void vpcsGetDistinctSegments() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            assertTrue(seen.add(vpc(i % 2 == 0 ? tenantA : tenantB).segmentId()));
        }
    }

    @Test
    void subnetDefaultsGatewayAndPools() {
        Subnet s = subnet(tenantA, vpc(tenantA).id(), "10.0.1.0/24");
        assertEquals("10.0.1.1", IpAddresses.format(s.gatewayIp()));
        assertEquals(1, s.allocationPools().size());
        assertEquals("10.0.1.2", IpAddresses.format(s.allocationPools().get(0).start()));
        assertEquals("10.0.1.254", IpAddresses.format(s.allocationPools().get(0).end()));
        assertEquals(4, s.ipVersion());
        assertTrue(s.enableDhcp());
    }

    @Test
    void subnetValidation() {
        UUID v = vpc(tenantA).id();
        subnet(tenantA, v, "10.0.0.0/16");
        assertEquals("cidr", refused(() -> subnet(tenantA, v, "10.0.5.0/24")).field());
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> subnet(tenantA, v, "10.0.5.0/24")).kind());
        assertEquals("cidr", refused(() -> subnet(tenantA, v, "10.1.0.1/24")).field());
        assertEquals("gateway_ip", refused(() -> svc.create(ResourceType.SUBNET, tenantA,
                json("{'vpc_id':'" + v + "','cidr':'10.2.0.0/24','gateway_ip':'10.3.0.1'}"))).field());
        assertEquals("allocation_pools[0].start", refused(() -> svc.create(ResourceType.SUBNET, tenantA,
                json("{'vpc_id':'" + v + "','cidr':'10.2.0.0/24','allocation_pools':[{'start':'10.2.0.9','end':'10.2.0.5'}]}"))).field());
        assertEquals("ip_version", refused(() -> svc.create(ResourceType.SUBNET, tenantA,
                json("{'vpc_id':'" + v + "','cidr':'10.2.0.0/24','ip_version':6}"))).field());
        assertEquals("vpc_id", refused(() -> subnet(tenantB, v, "10.9.0.0/24")).field());
        assertEquals("bogus", refused(() -> svc.create(ResourceType.SUBNET, tenantA,
                json("{'vpc_id':'" + v + "','cidr':'10.2.0.0/24','bogus':1}"))).field());
        // The same CIDR in another VPC is fine.
        subnet(tenantA, vpc(tenantA).id(), "10.0.0.0/16");
    }

    @Test
    void portsGetAddressesAndMacsOnce() {
        UUID v = vpc(tenantA).id();
        Subnet s = subnet(tenantA, v, "10.0.1.0/29");
        Set<String> ips = new HashSet<>();
        Set<String> macs = new HashSet<>();
        for (int i = 0; i < 5; i++) { // .2 .. .6 are the pool
            Port p = (Port) svc.create(ResourceType.PORT, tenantA, json("{'vpc_id':'" + v + "'}"));
            assertEquals(s.id(), p.fixedIps().get(0).subnetId());
            assertTrue(ips.add(IpAddresses.format(p.fixedIps().get(0).ipAddress())));
            assertTrue(macs.add(p.macAddress().toString()));
            assertEquals(Port.Status.DOWN, p.status());
            assertEquals(1, p.securityGroups().size());
        }
        assertEquals(Set.of("10.0.1.2", "10.0.1.3", "10.0.1.4", "10.0.1.5", "10.0.1.6"), ips);
        IntentException full = refused(() -> svc.create(ResourceType.PORT, tenantA, json("{'vpc_id':'" + v + "'}")));
        assertEquals(IntentException.Kind.CONFLICT, full.kind());
    }

    @Test
    void portValidation() {
        UUID v = vpc(tenantA).id();
        Subnet s = subnet(tenantA, v, "10.0.1.0/24");
        svc.create(ResourceType.PORT, tenantA, json("{'vpc_id':'" + v + "','mac_address':'02:00:00:00:00:01',"
                + "'fixed_ips':[{'subnet_id':'" + s.id() + "','ip_address':'10.0.1.10'}],"
                + "'binding':{'dpid':'00000000000000d1','port':1}}"));
        String base = "{'vpc_id':'" + v + "',";
        assertEquals("fixed_ips[0].ip_address", refused(() -> svc.create(ResourceType.PORT, tenantA,
                json(base + "'fixed_ips':[{'ip_address':'10.0.1.10'}]}"))).field());
        assertEquals("fixed_ips[0].ip_address", refused(() -> svc.create(ResourceType.PORT, tenantA,
                json(base + "'fixed_ips':[{'subnet_id':'" + s.id() + "','ip_address':'10.0.2.10'}]}"))).field());
        assertEquals("fixed_ips[0].ip_address", refused(() -> svc.create(ResourceType.PORT, tenantA,
                json(base + "'fixed_ips':[{'subnet_id':'" + s.id() + "','ip_address':'10.0.1.1'}]}"))).field());
        assertEquals("mac_address", refused(() -> svc.create(ResourceType.PORT, tenantA,
                json(base + "'mac_address':'02:00:00:00:00:01'}"))).field());
        assertEquals("mac_address", refused(() -> svc.create(ResourceType.PORT, tenantA,
                json(base + "'mac_address':'01:00:00:00:00:01'}"))).field());
        assertEquals("binding", refused(() -> svc.create(ResourceType.PORT, tenantA,
                json(base + "'binding':{'dpid':'00000000000000d1','port':1}}"))).field());
        assertEquals("binding.dpid", refused(() -> svc.create(ResourceType.PORT, tenantA,
                json(base + "'binding':{'dpid':'D1','port':1}}"))).field());
        assertEquals("port_security_enabled", refused(() -> svc.create(ResourceType.PORT, tenantA,
                json(base + "'port_security_enabled':false,'security_groups':['" + defaultGroup(tenantA) + "']}"))).field());
        assertEquals("security_groups[0]", refused(() -> svc.create(ResourceType.PORT, tenantA,
                json(base + "'security_groups':['" + defaultGroup(tenantB) + "']}"))).field());
        // Port security off with no groups is fine; the same MAC in another VPC is fine.
        Port p = (Port) svc.create(ResourceType.PORT, tenantA, json(base + "'port_security_enabled':false}"));
        assertTrue(p.securityGroups().isEmpty());
        UUID v2 = vpc(tenantA).id();
        svc.create(ResourceType.PORT, tenantA, json("{'vpc_id':'" + v2 + "','mac_address':'02:00:00:00:00:01'}"));
    }

    private UUID defaultGroup(Actor who) {
        return svc.list(ResourceType.SECURITY_GROUP, who, Map.of("name", List.of("default")), 10, null).items().get(0).id();
    }

    @Test
    void otherTenantsResourcesDoNotExist() {
        Vpc v = vpc(tenantA);
        assertEquals(IntentException.Kind.NOT_FOUND, refused(() -> svc.get(ResourceType.VPC, tenantB, v.id())).kind());
        assertEquals(IntentException.Kind.NOT_FOUND, refused(() -> svc.update(ResourceType.VPC, tenantB, v.id(),
                json("{'name':'x'}"), null)).kind());
        assertEquals(IntentException.Kind.NOT_FOUND, refused(() -> svc.delete(ResourceType.VPC, tenantB, v.id(), null, true)).kind());
        assertTrue(svc.list(ResourceType.VPC, tenantB, Map.of(), 10, null).items().isEmpty());
        assertEquals(1, svc.list(ResourceType.VPC, Actor.ADMIN, Map.of(), 10, null).items().size());
        assertEquals("tenant_id", refused(() -> svc.create(ResourceType.VPC, tenantB, json("{'tenant_id':'" + a + "'}"))).field());
    }

    @Test
    void updatesBumpRevisionAndHonourIfMatch() {
        Vpc v = vpc(tenantA);
        Resource u = svc.update(ResourceType.VPC, tenantA, v.id(), json("{'name':'new','tags':['x']}"), 1L);
        assertEquals(2, u.revision());
        assertEquals("new", u.meta().name());
        assertEquals(v.segmentId(), ((Vpc) u).segmentId());
        IntentException stale = refused(() -> svc.update(ResourceType.VPC, tenantA, v.id(), json("{'name':'n2'}"), 1L));
        assertEquals(IntentException.Kind.PRECONDITION_FAILED, stale.kind());
        assertEquals(IntentException.Kind.PRECONDITION_FAILED,
                refused(() -> svc.delete(ResourceType.VPC, tenantA, v.id(), 1L, false)).kind());
        assertEquals("segment_id", refused(() -> svc.update(ResourceType.VPC, tenantA, v.id(), json("{'segment_id':5}"), null)).field());
        svc.delete(ResourceType.VPC, tenantA, v.id(), 2L, false);
        assertNull(store.get(ResourceType.VPC, v.id()));
    }

    @Test
    void deleteInUseNeedsCascade() {
        UUID v = vpc(tenantA).id();
        Subnet s = subnet(tenantA, v, "10.0.1.0/24");
        Port p = (Port) svc.create(ResourceType.PORT, tenantA, json("{'vpc_id':'" + v + "'}"));
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.SUBNET, tenantA, s.id(), null, false)).kind());
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.VPC, tenantA, v, null, false)).kind());
        UUID g = defaultGroup(tenantA);
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.SECURITY_GROUP, tenantA, g, null, true)).kind());
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.TENANT, Actor.ADMIN, a, null, false)).kind());
        svc.delete(ResourceType.VPC, tenantA, v, null, true);
        assertNull(store.get(ResourceType.PORT, p.id()));
        assertNull(store.get(ResourceType.SUBNET, s.id()));
        svc.delete(ResourceType.TENANT, Actor.ADMIN, a, null, false);
        assertTrue(svc.list(ResourceType.SECURITY_GROUP, Actor.ADMIN, Map.of("tenant_id", List.of(a.toString())), 10, null).items().isEmpty());
        assertThrows(IntentException.class, () -> svc.authenticate("x"));
    }

    @Test
    void groupDeleteCascadeDetachesPorts() {
        UUID v = vpc(tenantA).id();
        Resource g = svc.create(ResourceType.SECURITY_GROUP, tenantA, json("{'name':'web','rules':[{'direction':'ingress',"
                + "'protocol':'tcp','port_range_min':80,'port_range_max':80,'remote_ip_prefix':'0.0.0.0/0'}]}"));
        assertEquals(1, svc.rulesOf(g.id()).size());
        Port p = (Port) svc.create(ResourceType.PORT, tenantA, json("{'vpc_id':'" + v + "','security_groups':['" + g.id() + "']}"));
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.SECURITY_GROUP, tenantA, g.id(), null, false)).kind());
        svc.delete(ResourceType.SECURITY_GROUP, tenantA, g.id(), null, true);
        Port after = (Port) store.get(ResourceType.PORT, p.id());
        assertTrue(after.securityGroups().isEmpty());
        assertEquals(2, after.revision());
        assertTrue(svc.rulesOf(g.id()).isEmpty());
    }

    @Test
    void ruleValidation() {
        UUID g = defaultGroup(tenantA);
        String base = "{'security_group_id':'" + g + "','direction':'ingress',";
        assertEquals("port_range_min", refused(() -> svc.create(ResourceType.SECURITY_GROUP_RULE, tenantA,
                json(base + "'protocol':'tcp','port_range_min':90,'port_range_max':80}"))).field());
        assertEquals("remote_group_id", refused(() -> svc.create(ResourceType.SECURITY_GROUP_RULE, tenantA,
                json(base + "'remote_ip_prefix':'10.0.0.0/8','remote_group_id':'" + g + "'}"))).field());
        assertEquals("direction", refused(() -> svc.create(ResourceType.SECURITY_GROUP_RULE, tenantA,
                json("{'security_group_id':'" + g + "','direction':'in'}"))).field());
        assertEquals("remote_ip_prefix", refused(() -> svc.create(ResourceType.SECURITY_GROUP_RULE, tenantA,
                json(base + "'ethertype':'IPv6','remote_ip_prefix':'10.0.0.0/8'}"))).field());
        assertEquals("port_range_min", refused(() -> svc.create(ResourceType.SECURITY_GROUP_RULE, tenantA,
                json(base + "'port_range_min':22,'port_range_max':22}"))).field());
        assertEquals("remote_group_id", refused(() -> svc.create(ResourceType.SECURITY_GROUP_RULE, tenantA,
                json(base + "'remote_group_id':'" + defaultGroup(tenantB) + "'}"))).field());
        SecurityGroupRule r = (SecurityGroupRule) svc.create(ResourceType.SECURITY_GROUP_RULE, tenantA,
                json(base + "'protocol':'tcp','port_range_min':22,'port_range_max':22,'remote_ip_prefix':'0.0.0.0/0'}"));
        assertEquals("tcp", r.protocol());
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.create(ResourceType.SECURITY_GROUP_RULE, tenantA,
                json(base + "'protocol':'tcp','port_range_min':22,'port_range_max':22,'remote_ip_prefix':'0.0.0.0/0'}"))).kind());
        assertEquals(IntentException.Kind.INVALID, refused(() -> svc.update(ResourceType.SECURITY_GROUP_RULE, tenantA,
                r.id(), json("{'name':'x'}"), null)).kind());
    }

    @Test
    void listPagesAndFilters() {
        for (int i = 0; i < 7; i++) {
            svc.create(ResourceType.VPC, tenantA, json("{'name':'v" + (i % 2) + "'}"));
        }
        IntentService.Page p1 = svc.list(ResourceType.VPC, tenantA, Map.of(), 3, null);
        IntentService.Page p2 = svc.list(ResourceType.VPC, tenantA, Map.of(), 3, p1.next());
        IntentService.Page p3 = svc.list(ResourceType.VPC, tenantA, Map.of(), 3, p2.next());
        assertEquals(3, p1.items().size());
        assertEquals(3, p2.items().size());
        assertEquals(1, p3.items().size());
        assertNull(p3.next());
        assertTrue(p1.items().get(2).id().toString().compareTo(p2.items().get(0).id().toString()) < 0);
        assertEquals(4, svc.list(ResourceType.VPC, tenantA, Map.of("name", List.of("v0")), 100, null).items().size());
        assertEquals("limit", assertThrows(IntentException.class, () -> svc.list(ResourceType.VPC, tenantA, Map.of(), 0, null)).field());
        assertEquals("nope", assertThrows(IntentException.class, () -> svc.checkFilters(ResourceType.VPC, Set.of("nope"))).field());
        svc.checkFilters(ResourceType.PORT, Set.of("mac_address", "vpc_id", "status"));
    }

    @Test
    void renderedGroupCarriesRules() {
        UUID g = defaultGroup(tenantA);
        JsonNode j = svc.render(svc.get(ResourceType.SECURITY_GROUP, tenantA, g));
        assertEquals(4, j.get("rules").size());
        assertNotEquals(null, j.get("created_at"));
    }
}
