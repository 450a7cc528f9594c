package io.skylane.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.MacAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CriterionTest {

    @Test
    void masksAreNormalised() {
        MacAddress oui = MacAddress.parse("ff:ff:ff:00:00:00");
        Criterion a = Criterion.ethDstMasked(MacAddress.parse("01:00:5e:12:34:56"), oui);
        Criterion b = Criterion.ethDstMasked(MacAddress.parse("01:00:5e:00:00:00"), oui);
        assertEquals(a, b);
        assertTrue(a.isMasked());
        assertEquals(Criterion.ethDst(MacAddress.of(5)),
                Criterion.ethDstMasked(MacAddress.of(5), MacAddress.BROADCAST));
        assertFalse(Criterion.ethDst(MacAddress.of(5)).isMasked());
        assertEquals(Criterion.metadata(0x10, 0xf0), Criterion.metadata(0x1f, 0xf0));
        assertTrue(Criterion.ipv4Src(Ip4Prefix.parse("10.0.0.0/8")).isMasked());
        assertFalse(Criterion.ipv4Src(Ip4Prefix.parse("10.0.0.1/32")).isMasked());
    }

    @Test
    void anAddressTheMaskKeepsWholeIsHeldAsGiven() {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:07");
        MacAddress oui = MacAddress.parse("ff:ff:ff:00:00:00");

        assertTrue(((Criterion.MacField) Criterion.ethSrc(mac)).mac() == mac, "not copied");
        assertEquals(MacAddress.parse("02:00:00:00:00:00"), ((Criterion.MacField) Criterion.ethDstMasked(mac, oui)).mac());
    }

    @Test
    void invalidCriteriaAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Criterion.exact(Type.IP_PROTO, 256));
        assertThrows(IllegalArgumentException.class, () -> Criterion.exact(Type.IN_PORT, 1));
        assertThrows(IllegalArgumentException.class, () -> Criterion.metadata(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Criterion.NumberField(Type.IP_PROTO, 6, 0xf0));
        assertThrows(IllegalArgumentException.class, () -> new Criterion.NumberField(Type.ICMPV4_TYPE, 8, 0xf0));
        assertThrows(IllegalArgumentException.class, () -> new Criterion.NumberField(Type.TCP_DST, 80, 0));
        assertThrows(IllegalArgumentException.class, () -> Criterion.ipv4Dst(Ip4Prefix.parse("0.0.0.0/0")));
        assertThrows(IllegalArgumentException.class,
                () -> new Criterion.MacField(Type.ETH_TYPE, MacAddress.ZERO, MacAddress.BROADCAST));
        assertThrows(IllegalArgumentException.class,
                () -> new Criterion.Ip4Field(Type.ETH_SRC, Ip4Prefix.parse("10.0.0.1")));
    }

    @Test
    void fieldWidths() {
        assertEquals(0xfffL, Type.VLAN_VID.fullMask());
        assertEquals(-1L, Type.METADATA.fullMask());
        assertEquals(0xfffffL, Type.MPLS_LABEL.fullMask());
        assertEquals(0xffffL, Criterion.exact(Type.TCP_DST, 0xffff).type().fullMask());
    }

    @Test
    void tcpAndUdpPortsMayBeMasked() {
        Criterion c = new Criterion.NumberField(Type.TCP_DST, 0x0437, 0xfc00);
        assertTrue(c.isMasked());
        assertEquals(new Criterion.NumberField(Type.TCP_DST, 0x0400, 0xfc00), c, "value bits under the mask cleared");
        assertEquals(Criterion.exact(Type.UDP_SRC, 53), new Criterion.NumberField(Type.UDP_SRC, 53, 0xffff));
    }

    @Test
    void aPortRangeIsTheFewestAlignedBlocksThatCoverExactlyIt() {
        assertEquals(List.of(new Criterion.NumberField(Type.TCP_DST, 1024, 0xfc00),
                new Criterion.NumberField(Type.TCP_DST, 2048, 0xf800), new Criterion.NumberField(Type.TCP_DST, 4096, 0xf000),
                new Criterion.NumberField(Type.TCP_DST, 8192, 0xe000), new Criterion.NumberField(Type.TCP_DST, 16384, 0xc000),
                new Criterion.NumberField(Type.TCP_DST, 32768, 0x8000)), Criterion.portRange(Type.TCP_DST, 1024, 65535));
        assertEquals(List.of(Criterion.exact(Type.UDP_DST, 53)), Criterion.portRange(Type.UDP_DST, 53, 53));
        assertEquals(List.of(new Criterion.NumberField(Type.TCP_DST, 8080, 0xfffe)),
                Criterion.portRange(Type.TCP_DST, 8080, 8081));
        assertEquals(30, Criterion.portRange(Type.TCP_DST, 1, 65534).size(), "the worst case");
        assertEquals(List.of(new Criterion.NumberField(Type.TCP_DST, 0, 0x8000), Criterion.exact(Type.TCP_DST, 32768)),
                Criterion.portRange(Type.TCP_DST, 0, 32768));
        Random random = new Random(7);
        int[][] ranges = {{0, 0}, {0, 65534}, {1, 65535}, {65535, 65535}, {1, 1023}, {40000, 60000}, {8080, 8081}};
        for (int i = 0; i < 40 + ranges.length; i++) {
            int min;
            int max;
            if (i < ranges.length) {
                min = ranges[i][0];
                max = ranges[i][1];
            } else {
                int a = random.nextInt(65536);
                int b = random.nextInt(65536);
                min = Math.min(a, b);
                max = Math.max(a, b);
                if (min == 0 && max == 65535) {
                    continue;
                }
            }
            List<Criterion> blocks = Criterion.portRange(Type.UDP_DST, min, max);
            assertTrue(blocks.size() <= 30, min + ".." + max + ": " + blocks.size() + " blocks");
            for (int port = 0; port <= 65535; port++) {
                int matching = 0;
                for (Criterion b : blocks) {
                    Criterion.NumberField n = (Criterion.NumberField) b;
                    if ((port & n.mask()) == n.value()) {
                        matching++;
                    }
                }
                assertEquals(port >= min && port <= max ? 1 : 0, matching, "port " + port + " against " + min + ".." + max);
            }
        }
    }

    @Test
    void badPortRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Criterion.portRange(Type.TCP_DST, 0, 65535));
        assertThrows(IllegalArgumentException.class, () -> Criterion.portRange(Type.TCP_DST, 10, 9));
        assertThrows(IllegalArgumentException.class, () -> Criterion.portRange(Type.TCP_DST, 1, 65536));
        assertThrows(IllegalArgumentException.class, () -> Criterion.portRange(Type.IP_PROTO, 1, 2));
    }

    /**
     * Regression: metadata {@code segment | slot << 32} hashed as {@code segment ^ slot}, so the
     * load balancer's slot rules of different VPCs collided (16,602 distinct hashes for 99,384 rules
     * of one switch), and hash maps keyed by rules degraded to linear search.
     */
    @Test
    void metadataValuesThatDifferInTheirHighWordHashApart() {
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        int n = 0;
        for (long segment = 1; segment <= 400; segment++) {
            for (long slot = 0; slot < 251; slot++) {
                hashes.add(Criterion.metadata(segment | slot << 32, 0x0000ffff_00ffffffL).hashCode());
                n++;
            }
        }
        assertTrue(hashes.size() > n * 0.99, hashes.size() + " distinct of " + n);
        assertEquals(Criterion.metadata(5, 0xff).hashCode(), Criterion.metadata(5, 0xff).hashCode());
    }
}
