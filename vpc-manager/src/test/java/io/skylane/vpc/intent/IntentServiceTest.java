package io.skylane.vpc.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.intent.request.PortCreate;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.intent.request.SecurityGroupCreate;
import io.skylane.vpc.intent.request.SecurityGroupRuleCreate;
import io.skylane.vpc.intent.request.SubnetCreate;
import io.skylane.vpc.intent.request.SubnetUpdate;
import io.skylane.vpc.intent.request.TenantCreate;
import io.skylane.vpc.intent.request.TokenCreate;
import io.skylane.vpc.intent.request.VpcCreate;
import io.skylane.vpc.intent.request.VpcUpdate;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceJson;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule.Direction;
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

    private static final String ADMIN_TOKEN = "admin-token-0123456789";

    private JournalIntentStore store;
    private IntentService svc;
    private Actor tenantA;
    private Actor tenantB;
    private UUID a;
    private UUID b;

    @BeforeEach
    void setUp() {
        store = JournalIntentStore.inMemory();
        svc = new IntentService(store, IntentConfig.defaults(ADMIN_TOKEN), Clock.systemUTC());
        IntentService.CreatedTenant ta = svc.createTenant(Actor.ADMIN, new TenantCreate(Common.named("a")));
        IntentService.CreatedTenant tb = svc.createTenant(Actor.ADMIN, new TenantCreate(Common.named("b")));
        a = ta.tenant().id();
        b = tb.tenant().id();
        tenantA = svc.authenticate(ta.token().secret());
        tenantB = svc.authenticate(tb.token().secret());
    }

    private Vpc vpc(Actor who) {
        return (Vpc) svc.create(who, new VpcCreate(null, Common.named("web")));
    }

    private Subnet subnet(Actor who, UUID vpc, String cidr) {
        return (Subnet) svc.create(who, SubnetCreate.of(null, vpc, IpPrefix.parse(cidr)));
    }

    private Subnet subnet(UUID vpc, String cidr, SubnetUpdate settings) {
        return (Subnet) svc.create(tenantA, SubnetCreate.of(null, vpc, IpPrefix.parse(cidr)).withSettings(settings));
    }

    private Port port(UUID vpc, PortUpdate settings) {
        return (Port) svc.create(tenantA, new PortCreate(null, vpc, settings));
    }

    private Resource rule(UUID group, RuleSpec spec) {
        return svc.create(tenantA, new SecurityGroupRuleCreate(null, group, spec));
    }

    private static ListQuery query(int limit) {
        return ListQuery.all(limit);
    }

    private static ListQuery filter(String key, String value) {
        return new ListQuery(Map.of(key, List.of(value)), 100, null);
    }

    private static PortUpdate.FixedIp fixedIp(UUID subnet, String ip) {
        return new PortUpdate.FixedIp(subnet, ip == null ? null : IpAddresses.parse(ip));
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
        List<Resource> groups = svc.list(ResourceType.SECURITY_GROUP, tenantA, query(100)).items();
        assertEquals(1, groups.size());
        assertEquals("default", groups.get(0).meta().name());
        List<SecurityGroupRule> rules = svc.rulesOf(groups.get(0).id());
        assertEquals(4, rules.size());
        assertEquals(2, rules.stream().filter(r -> groups.get(0).id().equals(r.remoteGroupId())).count());
        assertEquals(IntentException.Kind.UNAUTHORIZED, assertThrows(IntentException.class,
                () -> svc.authenticate("sky_nope")).kind());
        assertEquals(IntentException.Kind.FORBIDDEN, assertThrows(IntentException.class,
                () -> svc.createTenant(tenantA, new TenantCreate(Common.NONE))).kind());
    }

    @Test
    void revokedTokenStopsWorking() {
        IntentService.IssuedToken t = svc.issueToken(Actor.ADMIN, a, new TokenCreate("ci"));
        assertEquals("ci", t.token().meta().description());
        assertEquals(tenantA, svc.authenticate(t.secret()));
        svc.revokeToken(Actor.ADMIN, a, t.token().id());
        assertThrows(IntentException.class, () -> svc.authenticate(t.secret()));
        assertEquals("description", refused(() -> svc.issueToken(Actor.ADMIN, a, new TokenCreate("x".repeat(1025)))).field());
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
        Subnet none = subnet(vpc(tenantA).id(), "10.0.1.0/24", SubnetUpdate.NONE.withGatewayIp(null));
        assertNull(none.gatewayIp());
        assertEquals("10.0.1.1", IpAddresses.format(none.allocationPools().get(0).start()));
    }

    @Test
    void subnetValidation() {
        UUID v = vpc(tenantA).id();
        subnet(tenantA, v, "10.0.0.0/16");
        assertEquals("cidr", refused(() -> subnet(tenantA, v, "10.0.5.0/24")).field());
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> subnet(tenantA, v, "10.0.5.0/24")).kind());
        assertEquals("cidr", refused(() -> subnet(tenantA, v, "10.1.0.0/31")).field());
        assertEquals("cidr", refused(() -> svc.create(tenantA, SubnetCreate.of(null, v, null))).field());
        assertEquals("vpc_id", refused(() -> svc.create(tenantA, SubnetCreate.of(null, null, IpPrefix.parse("10.2.0.0/24")))).field());
        assertEquals("gateway_ip", refused(() -> subnet(v, "10.2.0.0/24",
                SubnetUpdate.NONE.withGatewayIp(IpAddresses.parse("10.3.0.1")))).field());
        assertEquals("allocation_pools[0].start", refused(() -> subnet(v, "10.2.0.0/24", SubnetUpdate.NONE.withAllocationPools(
                List.of(new Subnet.AllocationPool(IpAddresses.parse("10.2.0.9"), IpAddresses.parse("10.2.0.5")))))).field());
        assertEquals("dns_nameservers[1]", refused(() -> subnet(v, "10.2.0.0/24", SubnetUpdate.NONE.withDnsNameservers(
                List.of(IpAddresses.parse("8.8.8.8"), IpAddresses.parse("8.8.8.8"))))).field());
        assertEquals("ip_version", refused(() -> svc.create(tenantA,
                new SubnetCreate(null, v, IpPrefix.parse("10.2.0.0/24"), 6, SubnetUpdate.NONE))).field());
        assertEquals("vpc_id", refused(() -> subnet(tenantB, v, "10.9.0.0/24")).field());
        assertEquals("name", refused(() -> subnet(v, "10.2.0.0/24",
                SubnetUpdate.NONE.withCommon(Common.named("n".repeat(256))))).field());
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
            Port p = port(v, PortUpdate.NONE);
            assertEquals(s.id(), p.fixedIps().get(0).subnetId());
            assertTrue(ips.add(IpAddresses.format(p.fixedIps().get(0).ipAddress())));
            assertTrue(macs.add(p.macAddress().toString()));
            assertEquals(Port.Status.DOWN, p.status());
            assertEquals(1, p.securityGroups().size());
        }
        assertEquals(Set.of("10.0.1.2", "10.0.1.3", "10.0.1.4", "10.0.1.5", "10.0.1.6"), ips);
        IntentException full = refused(() -> port(v, PortUpdate.NONE));
        assertEquals(IntentException.Kind.CONFLICT, full.kind());
    }

    @Test
    void portValidation() {
        UUID v = vpc(tenantA).id();
        Subnet s = subnet(tenantA, v, "10.0.1.0/24");
        Port.Binding d1 = new Port.Binding(DeviceId.parse("00000000000000d1"), PortNumber.of(1));
        MacAddress mac = MacAddress.parse("02:00:00:00:00:01");
        port(v, PortUpdate.NONE.withMacAddress(mac).withFixedIps(List.of(fixedIp(s.id(), "10.0.1.10"))).withBinding(d1));
        assertEquals("fixed_ips[0].ip_address", refused(() -> port(v,
                PortUpdate.NONE.withFixedIps(List.of(fixedIp(null, "10.0.1.10"))))).field());
        assertEquals("fixed_ips[0].ip_address", refused(() -> port(v,
                PortUpdate.NONE.withFixedIps(List.of(fixedIp(s.id(), "10.0.2.10"))))).field());
        assertEquals("fixed_ips[0].ip_address", refused(() -> port(v,
                PortUpdate.NONE.withFixedIps(List.of(fixedIp(s.id(), "10.0.1.1"))))).field());
        assertEquals("fixed_ips[1]", refused(() -> port(v,
                PortUpdate.NONE.withFixedIps(List.of(fixedIp(s.id(), null), fixedIp(null, null))))).field());
        assertEquals("mac_address", refused(() -> port(v, PortUpdate.NONE.withMacAddress(mac))).field());
        assertEquals("mac_address", refused(() -> port(v,
                PortUpdate.NONE.withMacAddress(MacAddress.parse("01:00:00:00:00:01")))).field());
        assertEquals("binding", refused(() -> port(v, PortUpdate.NONE.withBinding(d1))).field());
        assertEquals("binding.port", refused(() -> port(v, PortUpdate.NONE.withBinding(
                new Port.Binding(d1.dpid(), PortNumber.LOCAL)))).field());
        assertEquals("port_security_enabled", refused(() -> port(v, PortUpdate.NONE.withPortSecurityEnabled(false)
                .withSecurityGroups(List.of(defaultGroup(tenantA))))).field());
        assertEquals("security_groups[0]", refused(() -> port(v,
                PortUpdate.NONE.withSecurityGroups(List.of(defaultGroup(tenantB))))).field());
        assertEquals("device_id", refused(() -> port(v, PortUpdate.NONE.withDevice("a\u0001b", ""))).field());
        // Port security off with no groups is fine; the same MAC in another VPC is fine.
        Port p = port(v, PortUpdate.NONE.withPortSecurityEnabled(false));
        assertTrue(p.securityGroups().isEmpty());
        UUID v2 = vpc(tenantA).id();
        port(v2, PortUpdate.NONE.withMacAddress(mac));
    }

    @Test
    void portUpdateChangesOnlyWhatItGives() {
        UUID v = vpc(tenantA).id();
        subnet(tenantA, v, "10.0.1.0/24");
        Port.Binding d1 = new Port.Binding(DeviceId.parse("00000000000000d1"), PortNumber.of(1));
        Port p = port(v, PortUpdate.NONE.withBinding(d1).withDevice("vm-1", "compute:nova"));
        Port renamed = (Port) svc.update(tenantA, p.id(), PortUpdate.NONE.withCommon(Common.named("eth0")), null);
        assertEquals("eth0", renamed.meta().name());
        assertEquals(p.fixedIps(), renamed.fixedIps());
        assertEquals(p.macAddress(), renamed.macAddress());
        assertEquals(d1, renamed.binding());
        assertEquals("vm-1", renamed.deviceId());
        Port unbound = (Port) svc.update(tenantA, p.id(), PortUpdate.NONE.withBinding(null), null);
        assertNull(unbound.binding());
        assertEquals("eth0", unbound.meta().name());
        assertEquals(3, unbound.revision());
    }

    @Test
    void aBindingToASwitchOnlyIsSharedAndRoundTripsThroughTheJournalFormat() {
        UUID v = vpc(tenantA).id();
        subnet(tenantA, v, "10.0.1.0/24");
        DeviceId d1 = DeviceId.parse("00000000000000d1");
        Port.Binding onD1 = Port.Binding.onSwitch(d1);
        Port a = port(v, PortUpdate.NONE.withBinding(onD1));
        Port b = port(v, PortUpdate.NONE.withBinding(onD1)); // a hypervisor holds many ports
        Port c = port(v, PortUpdate.NONE.withBinding(new Port.Binding(d1, PortNumber.of(1))));
        assertEquals(onD1, a.binding());
        assertEquals(onD1, b.binding());
        assertFalse(a.binding().hasPort());
        assertTrue(c.binding().hasPort());
        // The switch port stays unique although switch-only bindings to its switch exist.
        assertEquals("binding", refused(() -> port(v, PortUpdate.NONE.withBinding(c.binding()))).field());
        Port moved = (Port) svc.update(tenantA, a.id(), PortUpdate.NONE.withBinding(
                Port.Binding.onSwitch(DeviceId.parse("00000000000000d2"))), null);
        assertEquals(DeviceId.parse("00000000000000d2"), moved.binding().dpid());
        // Written as {"dpid"} without a port, read back equal; an old journal's {"dpid", "port"} too.
        com.fasterxml.jackson.databind.node.ObjectNode json = ResourceJson.toJson(b);
        assertEquals("00000000000000d1", json.get("binding").get("dpid").textValue());
        assertFalse(json.get("binding").has("port"));
        assertEquals(b, ResourceJson.fromJson(ResourceType.PORT, json));
        assertEquals(c, ResourceJson.fromJson(ResourceType.PORT, ResourceJson.toJson(c)));
    }

    private UUID defaultGroup(Actor who) {
        return svc.list(ResourceType.SECURITY_GROUP, who, filter("name", "default")).items().get(0).id();
    }

    @Test
    void otherTenantsResourcesDoNotExist() {
        Vpc v = vpc(tenantA);
        assertEquals(IntentException.Kind.NOT_FOUND, refused(() -> svc.get(ResourceType.VPC, tenantB, v.id())).kind());
        assertEquals(IntentException.Kind.NOT_FOUND, refused(() -> svc.update(tenantB, v.id(),
                new VpcUpdate(Common.named("x")), null)).kind());
        assertEquals(IntentException.Kind.NOT_FOUND, refused(() -> svc.delete(ResourceType.VPC, tenantB, v.id(), null, true)).kind());
        assertTrue(svc.list(ResourceType.VPC, tenantB, query(10)).items().isEmpty());
        assertEquals(1, svc.list(ResourceType.VPC, Actor.ADMIN, query(10)).items().size());
        assertEquals("tenant_id", refused(() -> svc.create(tenantB, new VpcCreate(a, Common.NONE))).field());
        assertEquals("tenant_id", refused(() -> svc.create(Actor.ADMIN, new VpcCreate(null, Common.NONE))).field());
    }

    @Test
    void updatesBumpRevisionAndHonourIfMatch() {
        Vpc v = vpc(tenantA);
        Resource u = svc.update(tenantA, v.id(), new VpcUpdate(Common.named("new").withTags(List.of("x"))), 1L);
        assertEquals(2, u.revision());
        assertEquals("new", u.meta().name());
        assertEquals(List.of("x"), u.meta().tags());
        assertEquals(v.segmentId(), ((Vpc) u).segmentId());
        IntentException stale = refused(() -> svc.update(tenantA, v.id(), new VpcUpdate(Common.named("n2")), 1L));
        assertEquals(IntentException.Kind.PRECONDITION_FAILED, stale.kind());
        assertEquals(IntentException.Kind.PRECONDITION_FAILED,
                refused(() -> svc.delete(ResourceType.VPC, tenantA, v.id(), 1L, false)).kind());
        assertEquals("tags[1]", refused(() -> svc.update(tenantA, v.id(),
                new VpcUpdate(Common.NONE.withTags(List.of("a", "a"))), null)).field());
        assertEquals("external_ids.k", refused(() -> svc.update(tenantA, v.id(),
                new VpcUpdate(Common.NONE.withExternalIds(Map.of("k", "x".repeat(1025)))), null)).field());
        svc.delete(ResourceType.VPC, tenantA, v.id(), 2L, false);
        assertNull(store.get(ResourceType.VPC, v.id()));
    }

    @Test
    void deleteInUseNeedsCascade() {
        UUID v = vpc(tenantA).id();
        Subnet s = subnet(tenantA, v, "10.0.1.0/24");
        Port p = port(v, PortUpdate.NONE);
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.SUBNET, tenantA, s.id(), null, false)).kind());
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.VPC, tenantA, v, null, false)).kind());
        UUID g = defaultGroup(tenantA);
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.SECURITY_GROUP, tenantA, g, null, true)).kind());
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.TENANT, Actor.ADMIN, a, null, false)).kind());
        svc.delete(ResourceType.VPC, tenantA, v, null, true);
        assertNull(store.get(ResourceType.PORT, p.id()));
        assertNull(store.get(ResourceType.SUBNET, s.id()));
        svc.delete(ResourceType.TENANT, Actor.ADMIN, a, null, false);
        assertTrue(svc.list(ResourceType.SECURITY_GROUP, Actor.ADMIN, filter("tenant_id", a.toString())).items().isEmpty());
        assertThrows(IntentException.class, () -> svc.authenticate("x"));
    }

    @Test
    void groupDeleteCascadeDetachesPorts() {
        UUID v = vpc(tenantA).id();
        Resource g = svc.create(tenantA, new SecurityGroupCreate(null, Common.named("web"), Given.of(List.of(
                RuleSpec.any(Direction.INGRESS).withProtocol("tcp").withPorts(80, 80)
                        .withRemoteIpPrefix(IpPrefix.parse("0.0.0.0/0"))))));
        assertEquals(1, svc.rulesOf(g.id()).size());
        Port p = port(v, PortUpdate.NONE.withSecurityGroups(List.of(g.id())));
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.SECURITY_GROUP, tenantA, g.id(), null, false)).kind());
        svc.delete(ResourceType.SECURITY_GROUP, tenantA, g.id(), null, true);
        Port after = (Port) store.get(ResourceType.PORT, p.id());
        assertTrue(after.securityGroups().isEmpty());
        assertEquals(2, after.revision());
        assertTrue(svc.rulesOf(g.id()).isEmpty());
    }

    @Test
    void groupsTakeTheirRulesAndKeepTheDefaultName() {
        Resource open = svc.create(tenantA, new SecurityGroupCreate(null, Common.named("open"), Given.absent()));
        assertEquals(2, svc.rulesOf(open.id()).size(), "absent rules: any IPv4 and IPv6 out");
        Resource none = svc.create(tenantA, new SecurityGroupCreate(null, Common.named("none"), Given.of(List.of())));
        assertTrue(svc.rulesOf(none.id()).isEmpty());
        RuleSpec ssh = RuleSpec.any(Direction.INGRESS).withProtocol("tcp").withPorts(22, 22);
        assertEquals("rules[1]", refused(() -> svc.create(tenantA, new SecurityGroupCreate(null, Common.NONE,
                Given.of(List.of(ssh, ssh))))).field());
        assertEquals("rules[0].port_range_min", refused(() -> svc.create(tenantA, new SecurityGroupCreate(null,
                Common.NONE, Given.of(List.of(ssh.withPorts(30, 20)))))).field());
        assertEquals("name", refused(() -> svc.create(tenantA, new SecurityGroupCreate(null, Common.named("default"),
                Given.absent()))).field());
        UUID g = defaultGroup(tenantA);
        assertEquals("name", refused(() -> svc.update(tenantA, g,
                new io.skylane.vpc.intent.request.SecurityGroupUpdate(Common.named("other")), null)).field());
        assertEquals("name", refused(() -> svc.update(tenantA, open.id(),
                new io.skylane.vpc.intent.request.SecurityGroupUpdate(Common.named("default")), null)).field());
    }

    @Test
    void ruleValidation() {
        UUID g = defaultGroup(tenantA);
        RuleSpec in = RuleSpec.any(Direction.INGRESS);
        assertEquals("port_range_min", refused(() -> rule(g, in.withProtocol("tcp").withPorts(90, 80))).field());
        assertEquals("remote_group_id", refused(() -> rule(g, in.withRemoteIpPrefix(IpPrefix.parse("10.0.0.0/8"))
                .withRemoteGroupId(g))).field());
        assertEquals("direction", refused(() -> rule(g, RuleSpec.any(null))).field());
        assertEquals("ethertype", refused(() -> rule(g, in.withEthertype("IPX"))).field());
        assertEquals("protocol", refused(() -> rule(g, in.withProtocol("sctp2"))).field());
        assertEquals("remote_ip_prefix", refused(() -> rule(g, in.withEthertype("IPv6")
                .withRemoteIpPrefix(IpPrefix.parse("10.0.0.0/8")))).field());
        assertEquals("port_range_min", refused(() -> rule(g, in.withPorts(22, 22))).field());
        assertEquals("remote_group_id", refused(() -> rule(g, in.withRemoteGroupId(defaultGroup(tenantB)))).field());
        assertEquals("security_group_id", refused(() -> rule(defaultGroup(tenantB), in)).field());
        RuleSpec ssh = in.withProtocol("TCP").withPorts(22, 22).withRemoteIpPrefix(IpPrefix.parse("0.0.0.0/0"));
        SecurityGroupRule r = (SecurityGroupRule) rule(g, ssh);
        assertEquals("tcp", r.protocol());
        assertEquals("6", ((SecurityGroupRule) rule(g, in.withProtocol("006"))).protocol());
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> rule(g, ssh)).kind());
    }

    @Test
    void listPagesAndFilters() {
        for (int i = 0; i < 7; i++) {
            svc.create(tenantA, new VpcCreate(null, Common.named("v" + (i % 2))));
        }
        IntentService.Page p1 = svc.list(ResourceType.VPC, tenantA, query(3));
        IntentService.Page p2 = svc.list(ResourceType.VPC, tenantA, new ListQuery(Map.of(), 3, p1.next()));
        IntentService.Page p3 = svc.list(ResourceType.VPC, tenantA, new ListQuery(Map.of(), 3, p2.next()));
        assertEquals(3, p1.items().size());
        assertEquals(3, p2.items().size());
        assertEquals(1, p3.items().size());
        assertNull(p3.next());
        assertTrue(p1.items().get(2).id().toString().compareTo(p2.items().get(0).id().toString()) < 0);
        assertEquals(4, svc.list(ResourceType.VPC, tenantA, filter("name", "v0")).items().size());
        assertEquals("limit", assertThrows(IntentException.class, () -> svc.list(ResourceType.VPC, tenantA, query(0))).field());
        assertEquals("nope", assertThrows(IntentException.class, () -> svc.list(ResourceType.VPC, tenantA, filter("nope", "x"))).field());
        assertEquals("fixed_ips", assertThrows(IntentException.class,
                () -> svc.list(ResourceType.PORT, tenantA, filter("fixed_ips", "x"))).field());
        assertTrue(IntentService.filterableFields(ResourceType.PORT).containsAll(Set.of("mac_address", "vpc_id", "status")));
    }

    @Test
    void filtersMatchTheApiTextOfEachField() {
        UUID v = vpc(tenantA).id();
        Subnet s = subnet(tenantA, v, "10.0.1.0/24");
        Subnet noGw = subnet(v, "10.0.2.0/24", SubnetUpdate.NONE.withGatewayIp(null));
        Port p = port(v, PortUpdate.NONE.withMacAddress(MacAddress.parse("02:00:00:00:00:0a")));
        assertEquals(List.of(p), svc.list(ResourceType.PORT, tenantA, filter("mac_address", "02:00:00:00:00:0a")).items());
        assertEquals(List.of(p), svc.list(ResourceType.PORT, tenantA, filter("status", "DOWN")).items());
        assertEquals(List.of(p), svc.list(ResourceType.PORT, tenantA, filter("security_groups", defaultGroup(tenantA).toString())).items());
        assertEquals(List.of(p), svc.list(ResourceType.PORT, tenantA, filter("admin_state_up", "true")).items());
        assertEquals(List.of(s), svc.list(ResourceType.SUBNET, tenantA, filter("gateway_ip", "10.0.1.1")).items());
        assertEquals(List.of(noGw), svc.list(ResourceType.SUBNET, tenantA, filter("gateway_ip", "null")).items());
        assertEquals(List.of(s), svc.list(ResourceType.SUBNET, tenantA, filter("cidr", "10.0.1.0/24")).items());
        assertEquals(2, svc.list(ResourceType.SUBNET, tenantA, filter("vpc_id", v.toString())).items().size());
    }
}
