package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.skylane.core.packet.Ethernet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestFramesTest {

    @Test
    void sourceMacsAreDistinctAndDeterministicPerSeed() {
        int key = TestFrames.macKey(7, 3);
        Set<Integer> tags = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            tags.add(TestFrames.macTag(key, i));
        }
        assertEquals(100_000, tags.size());
        assertEquals(key, TestFrames.macKey(7, 3));
        assertNotEquals(key, TestFrames.macKey(8, 3));
        assertNotEquals(key, TestFrames.macKey(7, 4));
    }

    @Test
    void testFrameIsUnicastIpv4WithValidChecksumAndCbenchDestination() {
        byte[] f = TestFrames.frame(0x12, 5);
        Ethernet eth = Ethernet.parse(f);
        assertEquals(0x0800, eth.etherType());
        assertEquals("80:00:00:00:00:12", eth.destination().toString());
        assertEquals(0, f[6] & 1, "unicast source");
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        assertEquals(0xffff, sum, "IPv4 header checksum");
        assertEquals(TestFrames.MAGIC, java.nio.ByteBuffer.wrap(f).getInt(TestFrames.MAGIC_OFFSET));
        assertEquals(5, java.nio.ByteBuffer.wrap(f).getInt(TestFrames.INDEX_OFFSET));
    }

    @Test
    void framesAreTheBytesTheyHaveAlwaysBeen() {
        // captured from the hand-written encoder before the frames were built with core's codec
        HexFormat hex = HexFormat.of();
        assertEquals("800000000012020000000012080045000032000000004011e71ac0a80028c0a8122830391f90001e0000534b5942"
                + "000000000000000500000000000000000000", hex.formatHex(TestFrames.frame(0x12, 5)));
        assertEquals("8000000004a50200000000a5080045000032000000004011541ac0a80028c0a8a52830391f90001e0000534b5942"
                + "000000000000000500000000000000000000", hex.formatHex(TestFrames.frame(0x1_0203_04a5L, 5)));
        assertEquals("ffffffffffff80000000001208060001080006040002800000000012c0a81228800000000012c0a81228"
                + "000000000000000000000000000000000000", hex.formatHex(TestFrames.learnFrame(0x12)));
        assertEquals("ffffffffffff8000000004a5080600010800060400028000000004a5c0a8a5288000000004a5c0a8a528"
                + "000000000000000000000000000000000000", hex.formatHex(TestFrames.learnFrame(0x1_0203_04a5L)));
    }

    @Test
    void learnFrameIsAnArpReplyFromTheDestinationMac() {
        Ethernet eth = Ethernet.parse(TestFrames.learnFrame(0x12));
        assertEquals(0x0806, eth.etherType());
        assertEquals("80:00:00:00:00:12", eth.source().toString());
        assertEquals(2, eth.arp().orElseThrow().opcode());
    }
}
