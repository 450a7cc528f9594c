package io.skylane.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchTest {

    private static Match.Builder ipv4() {
        return Match.builder().add(Criterion.ethType(EthType.IPV4));
    }

    @Test
    void criteriaAreKeptInOxmOrderWhateverTheOrderGiven() {
        Match a = ipv4().add(Criterion.ipv4Dst(Ip4Prefix.parse("10.0.0.0/8"))).add(Criterion.inPort(PortNumber.of(1)))
                .build();
        Match b = Match.builder().add(Criterion.inPort(PortNumber.of(1)))
                .add(Criterion.ipv4Dst(Ip4Prefix.parse("10.1.2.3/8"))).add(Criterion.ethType(EthType.IPV4)).build();

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(List.of(Type.IN_PORT, Type.ETH_TYPE, Type.IPV4_DST),
                a.criteria().stream().map(Criterion::type).toList());
    }

    @Test
    void emptyMatchIsAll() {
        assertSame(Match.ALL, Match.builder().build());
        assertTrue(Match.ALL.isEmpty());
        assertEquals("[any]", Match.ALL.toString());
    }

    @Test
    void aFieldGivenTwiceIsRefused() {
        Match.Builder b = Match.builder().add(Criterion.inPort(PortNumber.of(1)));
        assertThrows(IllegalArgumentException.class, () -> b.add(Criterion.inPort(PortNumber.of(2))));
    }

    @Test
    void prerequisitesAreChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> Match.builder().add(Criterion.ipv4Src(Ip4Prefix.parse("10.0.0.1"))).build());
        assertThrows(IllegalArgumentException.class, () -> Match.builder().add(Criterion.ethType(EthType.ARP))
                .add(Criterion.ipProto(IpProtocol.TCP)).build());
        assertThrows(IllegalArgumentException.class,
                () -> ipv4().add(Criterion.ipProto(IpProtocol.UDP)).add(Criterion.exact(Type.TCP_DST, 80)).build());
        assertThrows(IllegalArgumentException.class, () -> ipv4().add(Criterion.exact(Type.UDP_DST, 53)).build());
        assertThrows(IllegalArgumentException.class, () -> ipv4().add(Criterion.exact(Type.ICMPV4_TYPE, 8)).build());
        assertThrows(IllegalArgumentException.class,
                () -> Match.builder().add(Criterion.arpTpa(Ip4Prefix.parse("10.0.0.1"))).build());
        assertThrows(IllegalArgumentException.class,
                () -> Match.builder().add(Criterion.exact(Type.MPLS_LABEL, 5)).build());
        assertThrows(IllegalArgumentException.class, () -> Match.builder().add(Criterion.vlan(VlanId.NONE))
                .add(Criterion.exact(Type.VLAN_PCP, 3)).build());
    }

    @Test
    void satisfiedPrerequisitesBuild() {
        Match tcp = ipv4().add(Criterion.ipProto(IpProtocol.TCP)).add(Criterion.exact(Type.TCP_DST, 443)).build();
        Match arp = Match.builder().add(Criterion.ethType(EthType.ARP)).add(Criterion.exact(Type.ARP_OP, 1))
                .add(Criterion.arpTpa(Ip4Prefix.parse("10.0.0.1"))).build();
        Match pcp = Match.builder().add(Criterion.vlan(VlanId.of(10))).add(Criterion.exact(Type.VLAN_PCP, 3)).build();

        assertEquals(443L, ((Criterion.NumberField) tcp.get(Type.TCP_DST).orElseThrow()).value());
        assertTrue(arp.get(Type.ARP_TPA).isPresent());
        assertFalse(pcp.get(Type.ETH_TYPE).isPresent());
    }

    @Test
    void toBuilderCopies() {
        Match m = ipv4().add(Criterion.ethSrc(MacAddress.of(1))).build();
        assertEquals(m, m.toBuilder().build());
        assertEquals(3, m.toBuilder().add(Criterion.inPort(PortNumber.of(2))).build().criteria().size());
    }

    @Test
    void manyCriteriaInAnyOrderAndTheViewOfThem() {
        List<Criterion> oxm = List.of(Criterion.inPort(PortNumber.of(3)), Criterion.metadata(5, 0xff),
                Criterion.ethDst(MacAddress.of(2)), Criterion.ethSrc(MacAddress.of(1)),
                Criterion.ethType(EthType.IPV4), Criterion.vlan(VlanId.of(7)), Criterion.ipProto(IpProtocol.TCP),
                Criterion.ipv4Src(Ip4Prefix.parse("10.0.0.0/8")), Criterion.ipv4Dst(Ip4Prefix.parse("10.0.0.1/32")),
                Criterion.exact(Type.TCP_SRC, 1000), Criterion.exact(Type.TCP_DST, 80));
        for (int n = 0; n <= oxm.size(); n++) { // each size a match may be held in
            List<Criterion> some = oxm.subList(0, n);
            Match.Builder reversed = Match.builder();
            for (int i = n - 1; i >= 0; i--) {
                reversed.add(some.get(i));
            }
            Match.Builder inOrder = Match.builder();
            some.forEach(inOrder::add);
            Match a = reversed.build();
            Match b = inOrder.build();
            assertEquals(some, List.copyOf(a.criteria()));
            assertEquals(a, b);
            assertEquals(some.hashCode(), a.hashCode());
            assertEquals(n == 0, a.isEmpty());
            assertEquals(n == 0 ? "[any]" : some.toString(), a.toString());
            int size = n;
            assertThrows(IndexOutOfBoundsException.class, () -> ((List<Criterion>) a.criteria()).get(size));
            if (n > 0) {
                assertEquals(some.get(n - 1), a.get(some.get(n - 1).type()).orElseThrow());
                assertFalse(a.equals(Match.builder().build()));
                Match other = inOrder.build().toBuilder().build();
                assertEquals(a, other);
            }
            if (n > 1) {
                assertFalse(a.equals(Match.builder().add(some.get(0)).build()), "a prefix is not equal");
            }
        }
        Match.Builder given = Match.builder();
        for (int i = oxm.size() - 1; i >= 0; i--) {
            given.add(oxm.get(i)); // reversed, and more than the builder's first array holds
        }
        Match.Builder inOrder = Match.builder();
        oxm.forEach(inOrder::add);
        Match m = given.build();

        assertEquals(oxm, List.copyOf(m.criteria()));
        assertEquals(m, inOrder.build());
        assertEquals(oxm.hashCode(), m.hashCode(), "hashed as the list of its criteria");
        assertEquals(oxm.get(6), m.get(Type.IP_PROTO).orElseThrow());
        assertEquals(java.util.Optional.empty(), m.get(Type.UDP_DST));
        assertThrows(UnsupportedOperationException.class, () -> m.criteria().clear());
        assertThrows(IllegalArgumentException.class, () -> Match.builder().add(Criterion.ethType(EthType.ARP))
                .add(Criterion.ipv4Dst(Ip4Prefix.parse("10.0.0.1/32"))).add(Criterion.inPort(PortNumber.of(1))).build());
    }
}
