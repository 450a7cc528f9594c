package io.skylane.northbound;

import static io.skylane.northbound.StaticFlowApiTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.flow.Nat;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.net.VlanId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link FlowRuleParser} reads back exactly what {@link FlowJson} renders, for every field and kind. */
class FlowRuleParserTest {

    private static final DeviceId DEV = DeviceId.of(1);
    private static final AppId REST = RestServer.STATIC_FLOWS_APP;
    private final FlowRuleParser parser = new FlowRuleParser(DEV, ProtocolVersion.OF_13, REST);

    @Test
    void everyRenderedRuleParsesBackEqual() {
        List<FlowRule> rules = rules();
        Set<Type> covered = EnumSet.noneOf(Type.class);
        for (FlowRule r : rules) {
            ObjectNode rendered = FlowJson.rule(r);
            assertEquals(r, parser.rule(rendered, "flows[0]"), () -> "rendered as " + rendered);
            r.match().criteria().forEach(c -> covered.add(c.type()));
        }
        assertEquals(EnumSet.allOf(Type.class), covered, "every match field is round-tripped");
    }

    @Test
    void everyRenderedRuleIsWhatTheOpenApiDocumentSays() {
        ObjectNode ref = json("{'$ref': '#/components/schemas/FlowRule'}").deepCopy();
        for (FlowRule r : rules()) {
            List<String> problems = new ArrayList<>();
            OpenApiCheck.validate(ref, FlowJson.rule(r), "", problems);
            assertEquals(List.of(), problems, () -> "rendered as " + FlowJson.rule(r));
        }
    }

    @Test
    void shorthandsAndDefaults() {
        FlowRule viaActions = parser.rule(json("{'priority': 5, 'actions': [{'type': 'output', 'port': 'controller'}]}"),
                "flows[0]");
        FlowRule expected = FlowRule.builder().device(DEV).table(0).priority(5).app(REST)
                .apply(Action.toController()).build();
        assertEquals(expected, viaActions, "actions = one apply_actions, table 0, app cookie, CONTROLLER max_len");

        FlowRule drop = parser.rule(json("{'priority': 5, 'app_id': 9, 'packets': 1, 'bytes': 2,"
                + " 'duration_seconds': 3}"), "flows[0]");
        assertEquals(FlowRule.builder().device(DEV).priority(5).app(REST).build(), drop,
                "no instructions is drop; read-only fields are ignored");

        FlowRule numbers = parser.rule(json("{'priority': 5, 'cookie': 18, 'match': {'eth_type': 2048,"
                + " 'ipv4_dst': '10.0.0.9/24', 'in_port': 'local'}}"), "flows[0]");
        assertEquals(REST.cookie(18), numbers.cookie());
        assertEquals(Criterion.ipv4Dst(Ip4Prefix.parse("10.0.0.0/24")), numbers.match().get(Type.IPV4_DST).get(),
                "host bits are cleared");
        assertEquals(Criterion.inPort(PortNumber.LOCAL), numbers.match().get(Type.IN_PORT).get());
    }

    @Test
    void openFlow10RulesParseOnAnOpenFlow10Device() {
        FlowRuleParser of10 = new FlowRuleParser(DEV, ProtocolVersion.OF_10, REST);
        FlowRule r = FlowRule.builder().device(DEV).priority(3).app(REST)
                .match(Match.builder().add(Criterion.inPort(PortNumber.of(65279))).add(Criterion.vlan(VlanId.NONE))
                        .add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipv4Src(Ip4Prefix.parse("10.0.0.0/8")))
                        .build())
                .apply(Action.setVlan(VlanId.of(5)), Action.setIpv4Dst(Ip4Address.parse("10.0.0.1")),
                        new Action.PopVlan(), Action.output(PortNumber.ALL)).build();
        assertEquals(r, of10.rule(FlowJson.rule(r), "flows[0]"));
        ApiException e = assertThrows(ApiException.class, () -> of10.rule(FlowJson.rule(rules().get(1)), "flows[4]"));
        assertEquals(400, e.status());
    }

    @Test
    void portsTakeAnIntegerOrAValueAndMask() {
        ObjectNode r = FlowJson.rule(rules().get(0));
        ((ObjectNode) r.get("match")).put("tcp_dst", "0x1f90/0xfffe");
        assertEquals(new Criterion.NumberField(Type.TCP_DST, 8080, 0xfffe),
                parser.rule(r, "flows[0]").match().get(Type.TCP_DST).orElseThrow());
        ((ObjectNode) r.get("match")).put("tcp_dst", 8080);
        assertEquals(Criterion.exact(Type.TCP_DST, 8080), parser.rule(r, "flows[0]").match().get(Type.TCP_DST).orElseThrow());
        ((ObjectNode) r.get("match")).put("tcp_dst", "0x1f90/0x0");
        ApiException e = assertThrows(ApiException.class, () -> parser.rule(r, "flows[0]"));
        assertEquals("flows[0].match.tcp_dst", e.field(), e.getMessage());
    }

    @Test
    void loadBalancerActionsRenderReadably() {
        assertEquals(json("{'type': 'ct', 'commit': true, 'zone': 61540, 'table': 4,"
                        + " 'nat': {'type': 'dst', 'address': '10.0.0.21', 'port': 8080}}"),
                FlowJson.actions(List.of(Action.ctCommitNat(61540, Nat.dst(Ip4Address.parse("10.0.0.21"), 8080), 4)))
                        .get(0));
        assertEquals(json("{'type': 'ct', 'commit': false, 'zone': 61540, 'table': 4, 'nat': {'type': 'existing'}}"),
                FlowJson.actions(List.of(Action.ctNat(61540, 4))).get(0));
        assertEquals(json("{'type': 'ct', 'commit': true, 'zone': 57444, 'table': 4,"
                        + " 'nat': {'type': 'src', 'address': '10.0.0.100-10.0.0.101', 'port': '1024-65279'}}"),
                FlowJson.actions(List.of(Action.ctCommitNat(57444, new Nat(Nat.Type.SRC, Ip4Address.parse("10.0.0.100"),
                        Ip4Address.parse("10.0.0.101"), 1024, 65279), 4))).get(0));
        // as text: arg is a long, the parsed 0 an int
        assertEquals(json("{'type': 'multipath', 'fields': 'nw_src', 'basis': 0, 'algorithm': 'modulo_n',"
                        + " 'n_links': 251, 'arg': 0, 'dst': 'metadata[32..47]'}").toString(),
                FlowJson.actions(List.of(Action.multipath(Action.Multipath.HashFields.NW_SRC, 0,
                        Action.Multipath.Algorithm.MODULO_N, 251, 0, 32, 16))).get(0).toString());
    }

    @Test
    void loadBalancerActionsAreReadStrictly() {
        assertEquals(Action.multipath(Action.Multipath.HashFields.NW_SRC, 0, Action.Multipath.Algorithm.MODULO_N,
                        251, 0, 32, 16),
                action("{'type': 'multipath', 'fields': 'nw_src', 'algorithm': 'modulo_n', 'n_links': 251,"
                        + " 'dst': 'metadata[32..47]'}"), "basis and arg default to 0");
        assertEquals(Action.ctCommitNat(5, Nat.src(Ip4Address.parse("10.0.0.100")), 4),
                action("{'type': 'ct', 'commit': true, 'zone': 5, 'table': 4, 'nat': {'type': 'src', 'address': '10.0.0.100'}}"));
        String[][] bad = {
            {"{'type': 'ct', 'zone': 5, 'table': 4, 'nat': {'type': 'dst', 'address': '10.0.0.21'}}", "nat",
                "need commit"},
            {"{'type': 'ct', 'commit': true, 'zone': 5, 'nat': {'type': 'dnat', 'address': '10.0.0.21'}}", "nat.type",
                "existing, src, dst"},
            {"{'type': 'ct', 'commit': true, 'zone': 5, 'nat': {'type': 'dst'}}", "nat.address", "required"},
            {"{'type': 'ct', 'zone': 5, 'nat': {'type': 'existing', 'port': 80}}", "nat.port", "takes no port"},
            {"{'type': 'ct', 'commit': true, 'zone': 5, 'nat': {'type': 'dst', 'address': '10.0.0.21', 'port': 0}}",
                "nat.port", "1..65535"},
            {"{'type': 'ct', 'commit': true, 'zone': 5, 'nat': {'type': 'dst', 'address': '10.0.0.21', 'port': '90-80'}}",
                "nat.port", "range"},
            {"{'type': 'ct', 'commit': true, 'zone': 5, 'nat': {'type': 'dst', 'address': '10.0.0.21', 'ports': 80}}",
                "nat.ports", "unknown"},
            {"{'type': 'ct', 'commit': true, 'zone': 5, 'nat': {'type': 'dst', 'address': '10.0.0.9-10.0.0.1'}}",
                "nat.address", "range"},
            {"{'type': 'ct', 'commit': true, 'zone': 5, 'nat': {'type': 'dst', 'address': 'fd00::1'}}",
                "nat.address", "IPv4"},
            {"{'type': 'ct', 'commit': true, 'zone': 5, 'nat': 'dst'}", "nat", "object"},
            {"{'type': 'multipath', 'fields': 'ip_src', 'algorithm': 'modulo_n', 'n_links': 2, 'dst': 'metadata[0..7]'}",
                "fields", "nw_src"},
            {"{'type': 'multipath', 'fields': 'nw_src', 'algorithm': 'maglev', 'n_links': 2, 'dst': 'metadata[0..7]'}",
                "algorithm", "modulo_n"},
            {"{'type': 'multipath', 'fields': 'nw_src', 'algorithm': 'modulo_n', 'n_links': 257, 'dst': 'metadata[0..7]'}",
                "n_links", "too narrow"},
            {"{'type': 'multipath', 'fields': 'nw_src', 'algorithm': 'modulo_n', 'n_links': 2, 'dst': 'reg0[0..7]'}",
                "dst", "metadata[32..47]"},
            {"{'type': 'multipath', 'fields': 'nw_src', 'algorithm': 'modulo_n', 'n_links': 2, 'dst': 'metadata[8..64]'}",
                "dst", "0..63"},
            {"{'type': 'multipath', 'fields': 'nw_src', 'algorithm': 'modulo_n', 'dst': 'metadata[0..7]'}",
                "n_links", "required"},
            {"{'type': 'conjunction', 'id': 7, 'clause': 1, 'n_clauses': 1}", "n_clauses", "2..64"},
            {"{'type': 'conjunction', 'id': 7, 'clause': 3, 'n_clauses': 2}", "clause", "1..n"},
            {"{'type': 'conjunction', 'id': -1, 'clause': 1, 'n_clauses': 2}", "id", "0..4294967295"},
            {"{'type': 'conjunction', 'clause': 1, 'n_clauses': 2}", "id", "required"},
        };
        for (String[] b : bad) {
            ApiException e = assertThrows(ApiException.class, () -> action(b[0]), b[0]);
            assertEquals(400, e.status());
            assertEquals("flows[0].actions[0]." + b[1], e.field(), b[0] + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(b[2]), b[0] + ": " + e.getMessage());
        }
        FlowRuleParser of10 = new FlowRuleParser(DEV, ProtocolVersion.OF_10, REST);
        ApiException e = assertThrows(ApiException.class, () -> of10.rule(json("{'priority': 1, 'match': {'eth_type':"
                + " '0x800'}, 'actions': [{'type': 'multipath', 'fields': 'nw_src', 'algorithm': 'modulo_n',"
                + " 'n_links': 2, 'dst': 'metadata[0..7]'}]}"), "flows[0]"));
        assertTrue(e.getMessage().contains("OpenFlow 1.0"), e.getMessage());
    }

    private Action action(String action) {
        return parser.rule(json("{'priority': 1, 'match': {'eth_type': '0x800'}, 'actions': [" + action + "]}"),
                "flows[0]").applyActions().get(0);
    }

    @Test
    void anOpenFlow10DeviceCannotMaskAPort() {
        FlowRuleParser of10 = new FlowRuleParser(DEV, ProtocolVersion.OF_10, REST);
        FlowRule masked = FlowRule.builder().device(DEV).priority(10).match(Match.builder()
                        .add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.UDP))
                        .add(new Criterion.NumberField(Type.UDP_DST, 0x400, 0xfc00)).build())
                .apply(Action.output(PortNumber.of(1))).app(REST).build();
        ApiException e = assertThrows(ApiException.class, () -> of10.rule(FlowJson.rule(masked), "flows[2]"));
        assertTrue(e.getMessage().contains("cannot mask udp_dst"), e.getMessage());
        assertEquals("flows[2].match.udp_dst", e.field());
    }

    /** Rules using every match field, instruction and action the core has. */
    static List<FlowRule> rules() {
        List<FlowRule> list = new ArrayList<>();
        MacAddress mac = MacAddress.parse("02:00:00:00:00:01");
        list.add(rule(0, 10, Match.builder().add(Criterion.inPort(PortNumber.of(3)))
                        .add(Criterion.ethSrc(mac)).add(Criterion.ethDstMasked(MacAddress.parse("01:00:00:00:00:00"),
                                MacAddress.parse("01:00:00:00:00:00")))
                        .add(Criterion.vlan(VlanId.of(100))).add(Criterion.exact(Type.VLAN_PCP, 5))
                        .add(Criterion.ethType(EthType.IPV4)).add(Criterion.exact(Type.IP_DSCP, 46))
                        .add(Criterion.ipProto(IpProtocol.TCP)).add(Criterion.ipv4Src(Ip4Prefix.parse("10.0.0.0/8")))
                        .add(Criterion.ipv4Dst(Ip4Prefix.parse("10.1.2.3/32")))
                        .add(Criterion.exact(Type.TCP_SRC, 1234))
                        .add(new Criterion.NumberField(Type.TCP_DST, 0x400, 0xfc00)).build(),
                Instruction.apply(Action.setEthDst(mac), Action.setField(Type.TCP_DST, 8080),
                        new Action.Output(PortNumber.CONTROLLER, 128), Action.output(PortNumber.IN_PORT)),
                new Instruction.WriteMetadata(0x5, 0xff), Instruction.gotoTable(3)));
        list.add(rule(3, 20, Match.builder().add(Criterion.metadata(0x5, 0xff)).add(Criterion.vlan(VlanId.NONE))
                        .add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.UDP))
                        .add(Criterion.exact(Type.UDP_SRC, 53)).add(Criterion.exact(Type.UDP_DST, 5353))
                        .add(new Criterion.NumberField(Type.TUNNEL_ID, 0x10, 0xf0)).build(),
                new Instruction.Meter(7), new Instruction.ClearActions(),
                new Instruction.WriteActions(List.of(new Action.Group(9), new Action.DecNwTtl()))));
        list.add(rule(4, 30, Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.ICMP))
                        .add(Criterion.exact(Type.ICMPV4_TYPE, 8)).add(Criterion.exact(Type.ICMPV4_CODE, 0))
                        .add(Criterion.tunnelId(0xabcdef)).build(),
                Instruction.apply(new Action.PushVlan(EthType.VLAN), Action.setVlan(VlanId.of(7)),
                        new Action.PushMpls(EthType.MPLS_UNICAST), Action.setField(Type.MPLS_LABEL, 17),
                        Action.setField(Type.TUNNEL_ID, 99), Action.output(PortNumber.FLOOD))));
        // the overlay's tunnel fields
        list.add(rule(0, 3050, Match.builder().add(Criterion.inPort(PortNumber.of(100))).add(Criterion.tunnelId(5000))
                        .add(Criterion.tunnelSrc(Ip4Address.parse("172.31.199.2")))
                        .add(Criterion.tunnelDst(Ip4Address.parse("172.31.199.1"))).build(),
                Instruction.apply(Action.setTunnelId(5000), Action.setTunnelDst(Ip4Address.parse("172.31.199.3")),
                        Action.output(PortNumber.of(100)))));
        list.add(rule(5, 40, Match.builder().add(Criterion.ethType(EthType.ARP)).add(Criterion.exact(Type.ARP_OP, 1))
                        .add(Criterion.arpSpa(Ip4Prefix.parse("10.0.0.0/24"))).add(Criterion.arpTpa(Ip4Prefix.parse("10.0.0.1")))
                        .add(Criterion.arpSha(mac)).add(new Criterion.MacField(Type.ARP_THA, mac,
                                MacAddress.parse("ff:ff:ff:00:00:00"))).build(),
                Instruction.apply(Action.setField(Type.ARP_OP, 2), new Action.SetField(Criterion.arpSpa(
                        Ip4Prefix.parse("10.0.0.1"))), Action.output(PortNumber.TABLE))));
        list.add(rule(6, 50, Match.builder().add(Criterion.exact(Type.ETH_TYPE, EthType.MPLS_UNICAST))
                        .add(Criterion.exact(Type.MPLS_LABEL, 1000)).build(),
                Instruction.apply(new Action.PopMpls(EthType.IPV4), new Action.PopVlan(),
                        Action.output(PortNumber.NORMAL), Action.output(PortNumber.LOCAL))));
        list.add(rule(8, 60, Match.builder().add(Criterion.ethType(EthType.IPV4))
                        .add(Criterion.ctState(Criterion.CT_TRK | Criterion.CT_NEW, Criterion.CT_INV))
                        .add(Criterion.ctZone(5)).build(),
                Instruction.apply(Action.ctCommit(5), Action.ct(6, 2), Action.output(PortNumber.of(1)))));
        // the load balancer's actions: ct with every kind of nat, multipath
        list.add(rule(4, 4500, Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.TCP))
                        .build(),
                Instruction.apply(Action.ctNat(61540, 4),
                        Action.multipath(Action.Multipath.HashFields.SYMMETRIC_L3L4_UDP, 7,
                                Action.Multipath.Algorithm.MODULO_N, 251, 0, 32, 16),
                        Action.ctCommitNat(61540, Nat.dst(Ip4Address.parse("10.0.0.21"), 8080), 4),
                        Action.ctCommitNat(57444, Nat.src(Ip4Address.parse("10.0.0.100"), 1024, 65279), 4),
                        new Action.Ct(true, 1, java.util.OptionalInt.empty(), java.util.Optional.of(new Nat(Nat.Type.DST,
                                Ip4Address.parse("10.0.0.21"), Ip4Address.parse("10.0.0.23"), 0, 0)))),
                new Instruction.WriteActions(List.of(Action.multipath(Action.Multipath.HashFields.NW_SRC, 0,
                        Action.Multipath.Algorithm.HRW, 2, 0xffffffffL, 0, 64)))));
        // a conjunctive match: a clause rule naming two conjunctions, and a conjunction's rule
        list.add(rule(8, 3300, Match.builder().add(Criterion.ethType(EthType.IPV4))
                        .add(Criterion.ipv4Src(Ip4Prefix.parse("10.0.0.11/32"))).build(),
                Instruction.apply(Action.conjunction(229376, 1, 2), Action.conjunction(0xffffffffL, 64, 64))));
        list.add(rule(8, 3300, Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.conjId(229376))
                        .build(), Instruction.apply(Action.ctCommit(3)), Instruction.gotoTable(9)));
        list.add(FlowRule.builder().device(DEV).table(7).priority(0).cookie(REST.cookie(0xabcdefL))
                .notifyRemoval(true).build());
        return list;
    }

    private static FlowRule rule(int table, int priority, Match match, Instruction... instructions) {
        return FlowRule.builder().device(DEV).table(table).priority(priority).match(match)
                .instructions(List.of(instructions)).app(REST).build();
    }
}
