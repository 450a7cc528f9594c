package io.skylane.core.testing;

import static io.skylane.core.testing.SimPacketTest.MAC_A;
import static io.skylane.core.testing.SimPacketTest.MAC_B;
import static io.skylane.core.testing.SimSwitchTest.DEV;
import static io.skylane.core.testing.SimSwitchTest.ipv4;
import static io.skylane.core.testing.SimSwitchTest.out;
import static io.skylane.core.testing.SimSwitchTest.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.PortNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Conjunctive matches in {@link SimSwitch} ({@link SimTable}), after {@code man ovs-fields}
 * "Conjunctive Match Fields": its example (ip_src in {a,b,c,d} and ip_dst in {e,f,g,h}), and the
 * lookup rules of Open vSwitch's classifier.
 */
class SimConjunctionTest {

    private static final String[] SOURCES = {"10.0.0.1", "10.0.0.4", "10.0.0.6", "10.0.0.7"};
    private static final String[] DESTINATIONS = {"10.0.0.2", "10.0.0.5", "10.0.0.7", "10.0.0.8"};

    private static Criterion src(String a) {
        return Criterion.ipv4Src(Ip4Prefix.of(Ip4Address.parse(a), 32));
    }

    private static Criterion dst(String a) {
        return Criterion.ipv4Dst(Ip4Prefix.of(Ip4Address.parse(a), 32));
    }

    private static SimPacket packet(String from, String to) {
        return SimPacket.tcp(MAC_A, MAC_B, Ip4Address.parse(from), Ip4Address.parse(to), 1234, 80).at(1);
    }

    /** The man page's example at priority 100, its conj_id rule sending out of port 2. */
    private static List<FlowRule> manPageExample(long id, int port) {
        List<FlowRule> rules = new ArrayList<>();
        rules.add(rule(0, 100, ipv4(), Criterion.conjId(id)).apply(out(port)).build());
        for (String a : SOURCES) {
            rules.add(rule(0, 100, ipv4(), src(a)).apply(Action.conjunction(id, 1, 2)).build());
        }
        for (String a : DESTINATIONS) {
            rules.add(rule(0, 100, ipv4(), dst(a)).apply(Action.conjunction(id, 2, 2)).build());
        }
        return rules;
    }

    private static SimSwitch sw(List<FlowRule> rules) {
        return SimSwitch.builder(DEV).rules(rules).livePorts(1, 2, 3, 4).build();
    }

    private static Set<PortNumber> ports(long... p) {
        Set<PortNumber> s = new java.util.LinkedHashSet<>();
        for (long x : p) {
            s.add(PortNumber.of(x));
        }
        return s;
    }

    @Test
    void aPacketMatchingEveryClauseGetsTheConjIdRulesActions() {
        List<FlowRule> rules = new ArrayList<>(manPageExample(1234, 2));
        rules.add(rule(0, 1).apply(out(3)).build());
        SimSwitch s = sw(rules);
        for (String a : SOURCES) {
            for (String b : DESTINATIONS) {
                SimResult r = s.process(packet(a, b));
                assertEquals(ports(2), r.outPorts(), r::toString);
                assertTrue(r.rulesHit().get(0).match().get(Criterion.Type.CONJ_ID).isPresent(), r::toString);
            }
        }
        // one clause only, or neither: the conjunction does not match, the next rule does
        assertEquals(ports(3), s.process(packet("10.0.0.1", "10.0.0.3")).outPorts());
        assertEquals(ports(3), s.process(packet("10.0.0.3", "10.0.0.2")).outPorts());
        assertEquals(ports(3), s.process(packet("10.0.0.2", "10.0.0.1")).outPorts(), "clauses are not symmetric");
    }

    @Test
    void withoutAConjIdRuleTheConjunctionDoesNotMatch() {
        List<FlowRule> rules = new ArrayList<>(manPageExample(1234, 2));
        rules.remove(0);
        rules.add(rule(0, 1).apply(out(3)).build());
        assertEquals(ports(3), sw(rules).process(packet("10.0.0.1", "10.0.0.2")).outPorts());
        rules.remove(rules.size() - 1);
        assertTrue(sw(rules).process(packet("10.0.0.1", "10.0.0.2")).isDropped(), "a table miss");
    }

    @Test
    void aHigherPriorityRuleWinsOverTheConjunctionAndALowerOneLoses() {
        List<FlowRule> rules = new ArrayList<>(manPageExample(1234, 2));
        rules.add(rule(0, 200, ipv4(), src("10.0.0.4")).apply(out(3)).build());
        rules.add(rule(0, 50, ipv4(), src("10.0.0.6")).apply(out(4)).build());
        SimSwitch s = sw(rules);
        assertEquals(ports(3), s.process(packet("10.0.0.4", "10.0.0.2")).outPorts());
        assertEquals(ports(2), s.process(packet("10.0.0.6", "10.0.0.2")).outPorts());
        assertEquals(ports(4), s.process(packet("10.0.0.6", "10.0.0.3")).outPorts());
    }

    @Test
    void clausesCountOnlyAtOnePriority() {
        List<FlowRule> rules = new ArrayList<>();
        rules.add(rule(0, 100, ipv4(), Criterion.conjId(5)).apply(out(2)).build());
        rules.add(rule(0, 100, ipv4(), src("10.0.0.1")).apply(Action.conjunction(5, 1, 2)).build());
        rules.add(rule(0, 90, ipv4(), dst("10.0.0.2")).apply(Action.conjunction(5, 2, 2)).build());
        rules.add(rule(0, 1).apply(out(3)).build());
        assertEquals(ports(3), sw(rules).process(packet("10.0.0.1", "10.0.0.2")).outPorts());
    }

    @Test
    void oneRuleMayServeSeveralConjunctions() {
        // two conjunctions share the clause of source 10.0.0.1: to .2 -> port 2, to .3 -> port 3
        List<FlowRule> rules = new ArrayList<>();
        rules.add(rule(0, 100, ipv4(), Criterion.conjId(1)).apply(out(2)).build());
        rules.add(rule(0, 100, ipv4(), Criterion.conjId(2)).apply(out(3)).build());
        rules.add(rule(0, 100, ipv4(), src("10.0.0.1"))
                .apply(Action.conjunction(1, 1, 2), Action.conjunction(2, 1, 2)).build());
        rules.add(rule(0, 100, ipv4(), src("10.0.0.9")).apply(Action.conjunction(2, 1, 2)).build());
        rules.add(rule(0, 100, ipv4(), dst("10.0.0.2")).apply(Action.conjunction(1, 2, 2)).build());
        rules.add(rule(0, 100, ipv4(), dst("10.0.0.3")).apply(Action.conjunction(2, 2, 2)).build());
        SimSwitch s = sw(rules);
        assertEquals(ports(2), s.process(packet("10.0.0.1", "10.0.0.2")).outPorts());
        assertEquals(ports(3), s.process(packet("10.0.0.1", "10.0.0.3")).outPorts());
        assertEquals(ports(3), s.process(packet("10.0.0.9", "10.0.0.3")).outPorts());
        assertTrue(s.process(packet("10.0.0.9", "10.0.0.2")).isDropped());
    }

    @Test
    void threeClausesNeedAllThree() {
        List<FlowRule> rules = new ArrayList<>();
        rules.add(rule(0, 100, ipv4(), Criterion.conjId(3)).apply(out(2)).build());
        rules.add(rule(0, 100, ipv4(), src("10.0.0.1")).apply(Action.conjunction(3, 1, 3)).build());
        rules.add(rule(0, 100, ipv4(), dst("10.0.0.2")).apply(Action.conjunction(3, 2, 3)).build());
        rules.add(rule(0, 100, Criterion.inPort(PortNumber.of(1))).apply(Action.conjunction(3, 3, 3)).build());
        SimSwitch s = sw(rules);
        assertEquals(ports(2), s.process(packet("10.0.0.1", "10.0.0.2")).outPorts());
        assertTrue(s.process(packet("10.0.0.1", "10.0.0.2").at(4)).isDropped());
    }

    @Test
    void theConjIdRuleMatchesNoPacketByItself() {
        List<FlowRule> rules = List.of(rule(0, 100, ipv4(), Criterion.conjId(0)).apply(out(2)).build());
        assertTrue(sw(rules).process(packet("10.0.0.1", "10.0.0.2")).isDropped());
    }

    @Test
    void conjunctionsThatOnePacketCompletesWithDifferentResultsAreATestError() {
        List<FlowRule> rules = new ArrayList<>(manPageExample(1, 2));
        rules.add(rule(0, 100, ipv4(), Criterion.conjId(2)).apply(out(3)).build());
        rules.add(rule(0, 100, Criterion.inPort(PortNumber.of(1))).apply(Action.conjunction(2, 1, 2)).build());
        rules.add(rule(0, 100, Criterion.ipProto(6), ipv4()).apply(Action.conjunction(2, 2, 2)).build());
        SimSwitch s = sw(rules);
        assertThrows(IllegalStateException.class, () -> s.process(packet("10.0.0.1", "10.0.0.2")));
        assertEquals(ports(3), s.process(packet("10.0.0.3", "10.0.0.3")).outPorts());
    }

    @Test
    void oneIdWithTwoClauseCountsIsATestError() {
        List<FlowRule> rules = new ArrayList<>(manPageExample(1, 2));
        rules.add(rule(0, 100, ipv4(), dst("10.0.0.9")).apply(Action.conjunction(1, 3, 3)).build());
        SimSwitch s = sw(rules);
        assertThrows(IllegalStateException.class, () -> s.process(packet("10.0.0.1", "10.0.0.2")));
    }
}
