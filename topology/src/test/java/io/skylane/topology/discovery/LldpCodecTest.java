package io.skylane.topology.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.MalformedPacketException;
import io.skylane.core.testing.MutableClock;
import io.skylane.core.testing.TestPackets;
import io.skylane.topology.discovery.ProbeSigner.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Building, parsing and checking LLDP probes. */
class LldpCodecTest {

    private static final Instant T0 = MutableClock.START;
    private static final Duration MAX_AGE = Duration.ofMillis(3500);
    private static final DeviceId D = DeviceId.of(0x00000000000000d1L);
    private static final PortNumber P = PortNumber.of(7);
    private static final MacAddress SRC = MacAddress.parse("02:00:00:00:00:07");
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ProbeSigner signer = new ProbeSigner(0x5eed, SECRET);

    private byte[] probeFrame() {
        return LldpCodec.encode(signer.sign(D, P, T0), SRC, 4);
    }

    @Test
    void aProbeSurvivesTheRoundTrip() {
        LldpProbe probe = signer.sign(D, P, T0.plusNanos(1_234_567));
        byte[] frame = LldpCodec.encode(probe, SRC, 4);

        Ethernet eth = Ethernet.parse(frame);
        assertEquals(MacAddress.LLDP_NEAREST_BRIDGE, eth.destination());
        assertEquals(SRC, eth.source());
        assertEquals(EthType.LLDP, eth.etherType());
        assertEquals(Optional.of(probe), LldpCodec.parse(frame));
        assertEquals(T0.plusMillis(1), probe.time(), "kept to the millisecond");
        assertEquals(Verdict.VALID, signer.verify(probe, T0.plusSeconds(1), MAX_AGE));
    }

    @Test
    void theIdsAreReadableAsWiresharkShowsThem() {
        String text = new String(probeFrame(), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("00000000000000d1"), "chassis id is the datapath id in hex");
        assertTrue(text.contains("\u00077"), "port id is the port number in decimal");
    }

    @Test
    void theLargestPortNumberAndDatapathIdRoundTrip() {
        LldpProbe probe = signer.sign(DeviceId.of(-1L), PortNumber.of(PortNumber.MAX_PHYSICAL), T0);
        assertEquals(Optional.of(probe), LldpCodec.parse(LldpCodec.encode(probe, SRC, 65535)));
    }

    @Test
    void aProbeWithAnAlteredSignatureIsRefused() {
        byte[] frame = probeFrame();
        frame[frame.length - 3] ^= 1; // last byte of the HMAC, before the End TLV
        assertEquals(Verdict.BAD_SIGNATURE, signer.verify(LldpCodec.parse(frame).orElseThrow(), T0, MAX_AGE));
    }

    @Test
    void aProbeWhosePortWasRewrittenIsRefused() {
        byte[] frame = probeFrame();
        int at = new String(frame, StandardCharsets.ISO_8859_1).indexOf("\u00077");
        frame[at + 1] = '8'; // port 7 -> 8: a host claiming to be another port
        LldpProbe probe = LldpCodec.parse(frame).orElseThrow();
        assertEquals(PortNumber.of(8), probe.port());
        assertEquals(Verdict.BAD_SIGNATURE, signer.verify(probe, T0, MAX_AGE));
    }

    @Test
    void aProbeOfAnotherControllerIsRefused() {
        ProbeSigner other = new ProbeSigner(0xbad, ProbeSigner.randomSecret());
        LldpProbe probe = LldpCodec.parse(LldpCodec.encode(other.sign(D, P, T0), SRC, 4)).orElseThrow();
        assertEquals(Verdict.OTHER_CONTROLLER, signer.verify(probe, T0, MAX_AGE));
    }

    @Test
    void aProbeSignedWithAnotherSecretUnderOurIdIsRefused() {
        ProbeSigner forger = new ProbeSigner(0x5eed, ProbeSigner.randomSecret());
        LldpProbe probe = LldpCodec.parse(LldpCodec.encode(forger.sign(D, P, T0), SRC, 4)).orElseThrow();
        assertEquals(Verdict.BAD_SIGNATURE, signer.verify(probe, T0, MAX_AGE));
    }

    @Test
    void anOldProbeIsARefusedReplay() {
        LldpProbe probe = LldpCodec.parse(probeFrame()).orElseThrow();
        assertEquals(Verdict.VALID, signer.verify(probe, T0.plus(MAX_AGE), MAX_AGE));
        assertEquals(Verdict.STALE, signer.verify(probe, T0.plus(MAX_AGE).plusMillis(1), MAX_AGE));
        assertEquals(Verdict.STALE, signer.verify(probe, T0.minus(MAX_AGE).minusMillis(1), MAX_AGE),
                "from the future: the clock was set back");
        assertEquals(Verdict.VALID, signer.verify(probe, T0.minus(MAX_AGE), MAX_AGE), "ahead by the age allowed");
        assertEquals(Verdict.STALE, signer.verify(probe, T0.minus(MAX_AGE).minusNanos(1), MAX_AGE),
                "ahead by a nanosecond more");
        assertEquals(Verdict.STALE, signer.verify(probe, T0.plus(MAX_AGE).plusNanos(1), MAX_AGE),
                "older by a nanosecond more");
    }

    @Test
    void everyTruncationIsMalformed() {
        byte[] frame = probeFrame();
        for (int n = 0; n < frame.length; n++) {
            byte[] cut = Arrays.copyOf(frame, n);
            assertThrows(MalformedPacketException.class, () -> LldpCodec.parse(cut), "cut to " + n + " bytes");
        }
    }

    @Test
    void paddingAfterTheEndTlvIsIgnored() {
        byte[] frame = Arrays.copyOf(probeFrame(), probeFrame().length + 20);
        assertTrue(LldpCodec.parse(frame).isPresent());
    }

    @Test
    void corruptedFramesOnlyEverThrowMalformedPacketException() {
        byte[] good = probeFrame();
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] f = good.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                f[14 + random.nextInt(f.length - 14)] = (byte) random.nextInt(256);
            }
            byte[] frame = random.nextBoolean() ? f : Arrays.copyOf(f, 14 + random.nextInt(f.length - 14));
            try {
                LldpCodec.parse(frame);
            } catch (MalformedPacketException expected) {
                // fine: anything else fails the test
            }
        }
    }

    @Test
    void lldpWithoutASkylaneTlvIsNotAProbe() {
        // what lldpd on a host sends: MAC chassis id, interface-name port id, TTL 120, a system name
        byte[] frame = frame(tlv(1, cat(new byte[] {4}, SRC.toBytes())), tlv(2, ascii((char) 5 + "eth0")),
                tlv(3, new byte[] {0, 120}), tlv(5, ascii("host1")), tlv(0));
        assertEquals(Optional.empty(), LldpCodec.parse(frame));
    }

    @Test
    void otherFramesAreNotProbes() {
        assertEquals(Optional.empty(), LldpCodec.parse(TestPackets.ethernet(SRC, MacAddress.BROADCAST, EthType.IPV4)));
        byte[] bddp = probeFrame();
        bddp[12] = (byte) 0x89;
        bddp[13] = 0x42;
        assertEquals(Optional.empty(), LldpCodec.parse(bddp), "BDDP is never one of ours");
        byte[] otherDst = probeFrame();
        otherDst[5] = 0x03;
        assertEquals(Optional.empty(), LldpCodec.parse(otherDst), "sent to another LLDP address");
    }

    @Test
    void tlvsOutOfOrderOrRepeatedAreMalformed() {
        byte[] chassis = tlv(1, ascii((char) 7 + "00000000000000d1"));
        byte[] port = tlv(2, ascii((char) 7 + "7"));
        byte[] ttl = tlv(3, new byte[] {0, 4});
        byte[] probe = skylaneTlv(48);
        assertMalformed(frame(port, chassis, ttl, probe, tlv(0)));
        assertMalformed(frame(chassis, ttl, port, probe, tlv(0)));
        assertMalformed(frame(chassis, port, probe, ttl, tlv(0)));
        assertMalformed(frame(chassis, port, ttl, chassis, probe, tlv(0)));
        assertMalformed(frame(chassis, port, ttl, probe, probe, tlv(0)));
        assertMalformed(frame(chassis, port, ttl, probe, tlv(0, new byte[] {1})));
        assertMalformed(frame(chassis, port, ttl, skylaneTlv(47), tlv(0)));
        assertMalformed(frame(chassis, port, tlv(3, new byte[] {4}), probe, tlv(0)));
        assertTrue(LldpCodec.parse(frame(chassis, port, ttl, probe, tlv(0))).isPresent(), "the same, well-formed");
    }

    @Test
    void idsNotWrittenAsSkylaneWritesThemAreMalformed() {
        byte[] port = tlv(2, ascii((char) 7 + "7"));
        byte[] chassis = tlv(1, ascii((char) 7 + "00000000000000d1"));
        for (String bad : List.of("00000000000000D1", "0000000000000d1", "000000000000000d1", "00000000000000g1")) {
            assertMalformed(frame(tlv(1, ascii((char) 7 + bad)), port, tlv(3, new byte[] {0, 4}), skylaneTlv(48),
                    tlv(0)));
        }
        assertMalformed(frame(tlv(1, cat(new byte[] {4}, SRC.toBytes())), port, tlv(3, new byte[] {0, 4}),
                skylaneTlv(48), tlv(0)));
        for (String bad : List.of("0", "07", "4294967041", "99999999999", "7a", "")) {
            assertMalformed(frame(chassis, tlv(2, ascii((char) 7 + bad)), tlv(3, new byte[] {0, 4}), skylaneTlv(48),
                    tlv(0)));
        }
        assertTrue(LldpCodec.parse(frame(chassis, tlv(2, ascii((char) 7 + "4294967040")),
                tlv(3, new byte[] {0, 4}), skylaneTlv(48), tlv(0))).isPresent(), "the largest physical port");
    }

    @Test
    void aSecretTooShortIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ProbeSigner(1, new byte[15]));
    }

    // ---- frame building ---------------------------------------------------------------------

    private static void assertMalformed(byte[] frame) {
        assertThrows(MalformedPacketException.class, () -> LldpCodec.parse(frame));
    }

    private static byte[] frame(byte[]... tlvs) {
        return Ethernet.build(MacAddress.LLDP_NEAREST_BRIDGE, SRC, VlanId.NONE, EthType.LLDP, cat(tlvs));
    }

    private static byte[] tlv(int type, byte[]... values) {
        byte[] v = cat(values);
        return ByteBuffer.allocate(2 + v.length).putShort((short) ((type << 9) | v.length)).put(v).array();
    }

    /** A Skylane probe TLV with {@code infoLength} bytes after the OUI and subtype. */
    private static byte[] skylaneTlv(int infoLength) {
        return tlv(127, new byte[] {0x02, 0x53, 0x4c, 1}, new byte[infoLength]);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
