package io.skylane.vpc.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.testing.TenantFixture;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The intent index the tenant data plane keeps: which VPCs depend on a security group, its members. */
class TenantStateTest {

    private final TenantFixture t = new TenantFixture();
    private final TenantState state = new TenantState();

    private Port port(Vpc vpc, int n, UUID group) {
        return t.port(vpc.id(), TenantFixture.settings(String.format("02:00:00:00:00:%02x", n), "10.0.0." + (10 + n), null)
                .withSecurityGroups(List.of(group)));
    }

    private Vpc vpc() {
        Vpc v = t.vpc();
        t.subnet(v.id(), "10.0.0.0/24");
        return v;
    }

    @Test
    void theVpcsOfAGroupAreThoseOfItsPortsAndItsMembersAreCountedVpcByVpc() {
        Vpc a = vpc();
        Vpc b = vpc();
        Vpc c = vpc();
        UUID g = t.group("g");
        UUID h = t.group("h");
        t.rule(h, new RuleSpec(Common.NONE, SecurityGroupRule.Direction.INGRESS, "IPv4", "tcp", 22, 22, null, g));
        Port a1 = port(a, 1, g);
        port(a, 2, g);
        Port b1 = port(b, 1, g);
        port(c, 1, h);
        state.rebuild(t.intents.store());

        // c's group names g as remote, but g has no member in c: g's rules do not reach c.
        assertEquals(Set.of(a.id(), b.id()), state.vpcsDependingOn(Set.of(g)));
        assertEquals(Set.of(c.id()), state.vpcsDependingOn(Set.of(h)));
        assertEquals(Set.of(host("10.0.0.11"), host("10.0.0.12")), Set.copyOf(state.members(g, a.id())));
        assertEquals(List.of(host("10.0.0.11")), state.members(g, b.id()), "the same address, another VPC");
        assertEquals(List.of(), state.members(g, c.id()));

        state.apply(Change.delete(b1));
        state.apply(Change.delete(a1));
        assertEquals(Set.of(a.id()), state.vpcsDependingOn(Set.of(g)), "a still has a port in g");
        assertEquals(List.of(host("10.0.0.12")), state.members(g, a.id()));
        assertEquals(List.of(), state.members(g, b.id()));
    }

    private static Ip4Prefix host(String ip) {
        return Ip4Prefix.of(Ip4Address.parse(ip), 32);
    }

    /**
     * The store tells the data plane every commit, also those made before its first build: a
     * change the build already holds is applied again. Counting it twice kept a VPC "depending"
     * on a group after its last port or rule there went (and recompiled for nothing ever after).
     */
    @Test
    void aChangeReplayedOverTheBuildIsCountedOnce() {
        Vpc a = vpc();
        Vpc c = vpc();
        UUID g = t.group("g");
        UUID h = t.group("h");
        Port a1 = port(a, 1, g);
        port(c, 1, h);
        SecurityGroupRule r = t.rule(h, new RuleSpec(Common.NONE, SecurityGroupRule.Direction.INGRESS, "IPv4", "tcp",
                22, 22, null, g));
        state.rebuild(t.intents.store());

        state.apply(Change.create(a1)); // replayed: the build saw them
        state.apply(Change.create(r));
        Port regrouped = a1.withSecurityGroups(List.of(h), java.time.Instant.now());
        state.apply(Change.update(a1, regrouped));
        state.apply(Change.delete(r));

        assertEquals(Set.of(), state.vpcsDependingOn(Set.of(g)), "no port in g");
        assertEquals(List.of(), state.members(g, a.id()));
        assertEquals(Set.of(a.id(), c.id()), state.vpcsDependingOn(Set.of(h)));
        assertEquals(List.of(), state.rules(h).stream().filter(x -> x.id().equals(r.id())).toList());
        assertEquals(2, t.intents.store().all(ResourceType.PORT).size());
    }

    /**
     * The compile's threads read the groups from the state at once ({@code CompilePool}): each
     * gets the group's rules and members as one thread would, one list per group (and VPC) kept.
     */
    @Test
    void threadsReadingTheGroupsAtOnceGetTheSameLists() throws Exception {
        List<Vpc> vpcs = new java.util.ArrayList<>();
        List<UUID> groups = new java.util.ArrayList<>();
        for (int v = 0; v < 40; v++) {
            vpcs.add(vpc());
        }
        for (int g = 0; g < 20; g++) {
            UUID group = t.group("g" + g);
            groups.add(group);
            for (int v = 0; v < vpcs.size(); v += 1 + g % 3) {
                port(vpcs.get(v), 1 + g, group);
            }
        }
        state.rebuild(t.intents.store());
        int threads = 4;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<List<Object>>> seen = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                seen.add(pool.submit(() -> {
                    start.await();
                    List<Object> got = new java.util.ArrayList<>();
                    for (UUID g : groups) {
                        got.add(state.rules(g));
                        for (Vpc v : vpcs) {
                            got.add(state.members(g, v.id()));
                        }
                    }
                    return got;
                }));
            }
            List<Object> first = seen.get(0).get();
            for (java.util.concurrent.Future<List<Object>> f : seen) {
                List<Object> got = f.get();
                for (int i = 0; i < got.size(); i++) {
                    org.junit.jupiter.api.Assertions.assertSame(first.get(i), got.get(i), "list " + i);
                }
            }
            TenantState alone = new TenantState();
            alone.rebuild(t.intents.store());
            int i = 0;
            for (UUID g : groups) {
                assertEquals(alone.rules(g), first.get(i++));
                for (Vpc v : vpcs) {
                    assertEquals(alone.members(g, v.id()), first.get(i++));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
