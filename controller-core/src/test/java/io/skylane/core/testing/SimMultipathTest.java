package io.skylane.core.testing;

import static io.skylane.core.testing.SimPacketTest.MAC_A;
import static io.skylane.core.testing.SimPacketTest.MAC_B;
import static io.skylane.core.testing.SimSwitchTest.DEV;
import static io.skylane.core.testing.SimSwitchTest.out;
import static io.skylane.core.testing.SimSwitchTest.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Action.Multipath.Algorithm;
import io.skylane.core.flow.Action.Multipath.HashFields;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code multipath} in {@link SimSwitch} ({@link MultipathHash}), and the load balancer's metadata layout. */
class SimMultipathTest {

    private static final int SLOTS = 251;
    private static final long SEGMENT = 100;
    private static final long LISTENER = 0x2a;
    private static final long LISTENER_MASK = 0xffff_0000_0000_0000L;

    private static Action.Multipath multipath(HashFields fields, int basis) {
        return new Action.Multipath(fields, basis, Algorithm.MODULO_N, SLOTS, 0, 32, 16);
    }

    private static long link(HashFields fields, int basis, SimPacket p) {
        return MultipathHash.link(multipath(fields, basis), p);
    }

    private static Ip4Address ip(Random r) {
        return Ip4Address.of(r.nextInt());
    }

    private static SimPacket tcp(Ip4Address src, int srcPort, Ip4Address dst, int dstPort) {
        return SimPacket.tcp(MAC_A, MAC_B, src, dst, srcPort, dstPort);
    }

    private static SimPacket udp(Ip4Address src, int srcPort, Ip4Address dst, int dstPort) {
        return SimPacket.udp(MAC_A, MAC_B, src, dst, srcPort, dstPort);
    }

    @Test
    void nwSrcSpreadsTenThousandSourcesOverEveryOneOf251Links() {
        Random r = new Random(13);
        int[] hits = new int[SLOTS];
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            hits[(int) link(HashFields.NW_SRC, 0, tcp(ip(r), 40000, Ip4Address.parse("10.0.0.100"), 80))]++;
        }
        double expected = (double) n / SLOTS;
        double chi2 = 0;
        for (int h : hits) {
            assertTrue(h > 0, "every link is hit");
            chi2 += (h - expected) * (h - expected) / expected;
        }
        // 250 degrees of freedom: mean 250, standard deviation about 22; the inputs are fixed.
        assertTrue(chi2 < 400, "chi-square " + chi2);
    }

    @Test
    void theLinkDependsOnlyOnTheDeclaredFieldsAndTheBasis() {
        Random r = new Random(7);
        int basisChanges = 0;
        for (int i = 0; i < 200; i++) {
            Ip4Address src = ip(r);
            SimPacket p = tcp(src, 1 + r.nextInt(65535), ip(r), 80);
            SimPacket other = SimPacket.udp(MacAddress.of(r.nextLong() & 0xffff_ffff_ffffL), MAC_A, src, ip(r),
                    1 + r.nextInt(65535), 53).withMetadata(r.nextLong());
            assertEquals(link(HashFields.NW_SRC, 0, p), link(HashFields.NW_SRC, 0, other), "nw_src only");
            assertEquals(link(HashFields.NW_SRC, 0, p), link(HashFields.NW_SRC, 0, p.onWire()), "deterministic");
            if (link(HashFields.NW_SRC, 0, p) != link(HashFields.NW_SRC, 1, p)) {
                basisChanges++;
            }
        }
        assertTrue(basisChanges > 180, "the basis changes the hash: " + basisChanges + "/200");

        SimPacket p = tcp(Ip4Address.parse("10.0.1.1"), 1000, Ip4Address.parse("10.0.0.100"), 80);
        Set<Long> byPort = new HashSet<>();
        for (int port = 1000; port < 1100; port++) {
            byPort.add(link(HashFields.SYMMETRIC_L3L4_UDP, 0, p.with(Criterion.Type.TCP_SRC, port)));
        }
        assertTrue(byPort.size() > 50, "symmetric_l3l4+udp hashes the ports: " + byPort.size() + " links");
        assertEquals(link(HashFields.SYMMETRIC_L3L4, 0, udp(p.ipv4Src(), 1, p.ipv4Dst(), 2)),
                link(HashFields.SYMMETRIC_L3L4, 0, udp(p.ipv4Src(), 3, p.ipv4Dst(), 4)), "symmetric_l3l4: TCP ports only");
        assertNotEquals(link(HashFields.SYMMETRIC_L3L4_UDP, 0, udp(p.ipv4Src(), 1, p.ipv4Dst(), 2)),
                link(HashFields.SYMMETRIC_L3L4_UDP, 0, udp(p.ipv4Src(), 3, p.ipv4Dst(), 4)), "+udp: UDP ports too");
    }

    @Test
    void theSymmetricFieldSetsGiveTheSameLinkBothWays() {
        Random r = new Random(11);
        Set<HashFields> symmetric = EnumSet.of(HashFields.SYMMETRIC_L3, HashFields.SYMMETRIC_L3L4,
                HashFields.SYMMETRIC_L3L4_UDP, HashFields.SYMMETRIC_L4);
        int nwSrcDiffers = 0;
        for (int i = 0; i < 500; i++) {
            Ip4Address a = ip(r);
            Ip4Address b = ip(r);
            int pa = 1 + r.nextInt(65535);
            int pb = 1 + r.nextInt(65535);
            List<SimPacket[]> pairs = List.of(new SimPacket[] {tcp(a, pa, b, pb), SimPacket.tcp(MAC_B, MAC_A, b, a, pb, pa)},
                    new SimPacket[] {udp(a, pa, b, pb), SimPacket.udp(MAC_B, MAC_A, b, a, pb, pa)});
            for (SimPacket[] pair : pairs) {
                for (HashFields f : symmetric) {
                    assertEquals(link(f, 0, pair[0]), link(f, 0, pair[1]), f + " " + pair[0]);
                }
            }
            if (link(HashFields.NW_SRC, 0, pairs.get(0)[0]) != link(HashFields.NW_SRC, 0, pairs.get(0)[1])) {
                nwSrcDiffers++;
            }
        }
        assertTrue(nwSrcDiffers > 450, "nw_src is not symmetric: " + nwSrcDiffers);
    }

    @Test
    void otherAlgorithmsAreRefused() {
        SimSwitch s = SimSwitch.builder(DEV).rule(rule(0, 10).apply(
                new Action.Multipath(HashFields.NW_SRC, 0, Algorithm.HRW, 4, 0, 32, 16), out(2)).build()).build();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> s.process(tcp(Ip4Address.parse("10.0.0.1"), 1, Ip4Address.parse("10.0.0.2"), 2).at(1)));
        assertTrue(e.getMessage().contains("only the modulo_n algorithm is simulated"), e.getMessage());
    }

    /**
     * The load balancer's layout: table 0 puts the segment into metadata bits 0..23; table 4 writes
     * the slot (multipath, bits 32..47) and the listener id (write_metadata, bits 48..63); table 10
     * has one rule per slot, matching both with a mask that ignores the segment, and sends slot s
     * to port 100 + s.
     */
    @Test
    void multipathAndWriteMetadataFillTheLoadBalancersBitsAndAMaskedMatchReadsThem() {
        List<FlowRule> rules = new ArrayList<>();
        rules.add(rule(0, 10).instruction(new Instruction.WriteMetadata(SEGMENT, 0xffffff)).gotoTable(4).build());
        rules.add(rule(4, 4500, Criterion.metadata(SEGMENT, 0xffffff), Criterion.ethType(EthType.IPV4))
                .apply(multipath(HashFields.NW_SRC, 0))
                .instruction(new Instruction.WriteMetadata(LISTENER << 48, LISTENER_MASK)).gotoTable(10).build());
        for (long slot = 0; slot < SLOTS; slot++) {
            rules.add(rule(10, 4500, Criterion.metadata(LISTENER << 48 | slot << 32, 0xffff_ffff_0000_0000L))
                    .apply(out(100 + slot)).build());
        }
        SimSwitch s = SimSwitch.builder(DEV).rules(rules).build();

        Random r = new Random(5);
        Set<Long> slots = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            SimPacket p = tcp(ip(r), 1 + r.nextInt(65535), Ip4Address.parse("10.0.0.100"), 80);
            SimResult res = s.process(p.at(1));
            assertEquals(1, res.outputs().size(), res::toString);
            long md = res.outputs().get(0).packet().metadata();
            long slot = res.outputs().get(0).port().value() - 100;
            assertEquals(LISTENER << 48 | slot << 32 | SEGMENT, md, res::toString);
            assertEquals(link(HashFields.NW_SRC, 0, p), slot);
            slots.add(slot);
        }
        assertEquals(SLOTS, slots.size(), "every slot rule is reached");
    }
}
