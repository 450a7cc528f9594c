package io.skylane.lb.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.net.DeviceId;
import io.skylane.core.pipeline.Band;
import io.skylane.core.pipeline.PipelineRegistry;
import io.skylane.core.pipeline.SkylanePipeline;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.MemberUpdate;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The load balancer's rules as data: where they go, what they match, how many change. */
class LoadBalancerCompilerTest {

    private final LbLab lab = new LbLab(3);
    private final LbLab.Tenant t = lab.tenant("t", "10.0.0.0/24");

    /** Clients on switch 1, members on switch 2; switch 3 carries nothing of the VPC. */
    private Pool webPool(int... weights) {
        t.port("02:00:00:00:00:01", "10.0.0.11", 1, 1);
        for (int i = 0; i < weights.length; i++) {
            t.port("02:00:00:00:01:0" + (i + 1), "10.0.0.2" + (i + 1), 2, i + 1);
        }
        LoadBalancer lb = t.lb("10.0.0.100");
        Listener l = t.listener(lb, L4Protocol.TCP, 80);
        Pool pool = t.pool(l, Pool.Algorithm.SOURCE_IP_PORT);
        for (int i = 0; i < weights.length; i++) {
            t.member(pool, "10.0.0.2" + (i + 1), 8080, weights[i]);
        }
        return pool;
    }

    private static List<FlowRule> in(List<FlowRule> rules, int table) {
        return rules.stream().filter(r -> r.tableId() == table).toList();
    }

    @Test
    void rulesGoWhereTheVpcHasPortsAndNowhereElse() {
        webPool(1, 2, 3);
        LoadBalancerCompiler.Result r = lab.lbRules();
        assertFalse(r.rules().get(DeviceId.of(1)).isEmpty());
        assertFalse(r.rules().get(DeviceId.of(2)).isEmpty());
        assertTrue(r.rules().get(DeviceId.of(3)).isEmpty(), "switch 3 has no port of the VPC");
        assertEquals(Set.of(DeviceId.of(1), DeviceId.of(2)), r.devices().values().iterator().next());
        // 251 slots at each of the VPC's switches, every slot to one of the three members.
        for (long d : new long[] {1, 2}) {
            List<FlowRule> slots = in(r.rules().get(DeviceId.of(d)), LbPipeline.LB_SLOTS);
            assertEquals(251, slots.size());
        }
        assertEquals(3, r.members().size());
    }

    @Test
    void everyPriorityLiesInTheLoadBalancersBandAndTheCookieNamesIt() {
        webPool(1, 1);
        PipelineRegistry registry = SkylanePipeline.registry();
        for (List<FlowRule> rules : lab.lbRules().rules().values()) {
            for (FlowRule rule : rules) {
                Band band = registry.band(SkylanePipeline.LOAD_BALANCER, rule.tableId()).orElseThrow();
                assertTrue(band.contains(rule.priority()), rule.toString());
                assertEquals(SkylanePipeline.LOAD_BALANCER.id(), rule.appId());
            }
        }
    }

    @Test
    void theSameInputGivesTheSameRules() {
        webPool(1, 2, 3);
        assertEquals(lab.lbRules().rules(), lab.lbRules().rules());
    }

    @Test
    void aPoolWithNoMemberUpSendsNewConnectionsToTheControllerToBeRefused() {
        Pool pool = webPool(1, 1);
        LoadBalancerCompiler.Result r = lab.lbRules(id -> false);
        List<FlowRule> at1 = r.rules().get(DeviceId.of(1));
        assertTrue(in(at1, LbPipeline.LB_SLOTS).isEmpty());
        FlowRule select = in(at1, SkylanePipeline.ROUTE.id()).stream().filter(x -> x.priority() == LbPipeline.PRIO_SELECT)
                .findFirst().orElseThrow();
        assertEquals(LbPipeline.APP_ID.cookie(LbPipeline.COOKIE_REFUSE), select.cookie());
        assertTrue(select.toString().contains("CONTROLLER"), select.toString());
        // A backup member takes over when the others are down.
        Member backup = t.member(pool, "10.0.0.21", 9090, 1);
        t.update(backup, new MemberUpdate(Common.NONE, Given.absent(), Given.absent(), Given.of(true)));
        LoadBalancerCompiler.Result withBackup = lab.lbRules(id -> id.equals(backup.id()));
        assertEquals(251, in(withBackup.rules().get(DeviceId.of(1)), LbPipeline.LB_SLOTS).size());
        assertTrue(withBackup.rules().get(DeviceId.of(1)).stream().filter(x -> x.tableId() == LbPipeline.LB_SLOTS)
                .allMatch(x -> x.toString().contains("10.0.0.21:9090")));
    }

    @Test
    void allowedCidrsAdmitOnlyTheirSourcesAndDropTheRestAtTheClientsSwitch() {
        t.port("02:00:00:00:00:01", "10.0.0.11", 1, 1);
        t.port("02:00:00:00:01:01", "10.0.0.21", 2, 1);
        LoadBalancer lb = t.lb("10.0.0.100");
        Listener l = t.listener(lb, L4Protocol.TCP, 80, "10.0.0.0/28", "192.168.0.0/16");
        t.member(t.pool(l, Pool.Algorithm.SOURCE_IP), "10.0.0.21", 8080, 1);
        List<FlowRule> at1 = lab.lbRules().rules().get(DeviceId.of(1));
        List<FlowRule> select = in(at1, SkylanePipeline.ROUTE.id()).stream()
                .filter(x -> x.priority() == LbPipeline.PRIO_SELECT).toList();
        assertEquals(2, select.size());
        assertTrue(select.stream().allMatch(x -> x.toString().contains("multipath(nw_src")), select.toString());
        FlowRule drop = at1.stream().filter(x -> x.priority() == LbPipeline.PRIO_NOT_ALLOWED).findFirst().orElseThrow();
        assertTrue(drop.instructions().isEmpty(), "dropped");
    }

    /** Adding one member or one load balancer changes a number of rules that does not grow with the others. */
    @Test
    void changesStayLocalToTheirLoadBalancer() {
        Pool pool = webPool(1, 1, 1);
        int oneLb = changedByAddingALoadBalancer();
        for (int i = 0; i < 20; i++) {
            changedByAddingALoadBalancer();
        }
        int twentyTwoLbs = changedByAddingALoadBalancer();
        assertEquals(oneLb, twentyTwoLbs, "rules changed by adding one load balancer");
        Set<FlowRule> before = all(lab.lbRules().rules());
        t.port("02:00:00:00:01:09", "10.0.0.29", 2, 9);
        t.member(pool, "10.0.0.29", 8080, 1);
        Set<FlowRule> after = all(lab.lbRules().rules());
        int changed = diff(before, after);
        // The new member's quarter of the 251 slots on both switches (removed and added), plus its
        // own reply, hairpin and ACL rules: far fewer than the 2 x 251 slot rules of its listener.
        assertTrue(changed < 2 * 2 * 90, "changed " + changed);
    }

    private int changedByAddingALoadBalancer() {
        Set<FlowRule> before = all(lab.lbRules().rules());
        LoadBalancer lb = t.lb(null);
        Listener l = t.listener(lb, L4Protocol.TCP, 80);
        Pool p = t.pool(l, Pool.Algorithm.SOURCE_IP_PORT);
        t.member(p, "10.0.0.21", 8080, 1);
        return diff(before, all(lab.lbRules().rules()));
    }

    private static Set<FlowRule> all(Map<DeviceId, List<FlowRule>> rules) {
        Set<FlowRule> out = new HashSet<>();
        rules.values().forEach(out::addAll);
        return out;
    }

    private static int diff(Set<FlowRule> a, Set<FlowRule> b) {
        List<FlowRule> d = new ArrayList<>();
        a.stream().filter(x -> !b.contains(x)).forEach(d::add);
        b.stream().filter(x -> !a.contains(x)).forEach(d::add);
        return d.size();
    }

    @Test
    void twoVpcsWithTheSameAddressesGetTheirOwnZonesAndSegments() {
        webPool(1);
        LbLab.Tenant other = lab.tenant("u", "10.0.0.0/24");
        other.port("02:00:00:00:00:01", "10.0.0.11", 1, 5);
        other.port("02:00:00:00:01:01", "10.0.0.21", 2, 5);
        LoadBalancer lb = other.lb("10.0.0.100");
        other.member(other.pool(other.listener(lb, L4Protocol.TCP, 80), Pool.Algorithm.SOURCE_IP), "10.0.0.21", 8080, 1);
        List<FlowRule> at1 = lab.lbRules().rules().get(DeviceId.of(1));
        Set<Integer> zones = new HashSet<>();
        for (FlowRule r : at1) {
            for (Instruction i : r.instructions()) {
                if (i instanceof Instruction.ApplyActions a) {
                    a.actions().stream().filter(x -> x instanceof Action.Ct).forEach(x -> zones.add(((Action.Ct) x).zone()));
                }
            }
        }
        int s1 = t.vpc.segmentId();
        int s2 = other.vpc.segmentId();
        assertTrue(s1 != s2);
        assertTrue(zones.containsAll(Set.of(LbPipeline.lbZone(s1), LbPipeline.lbZone(s2))), zones.toString());
        assertEquals(2, in(at1, LbPipeline.LB_SLOTS).size() / 251);
    }
}
