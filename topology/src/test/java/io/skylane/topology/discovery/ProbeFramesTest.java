package io.skylane.topology.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.discovery.ProbeSigner.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The probe frames from the per-port templates are those the codec builds from a signed probe. */
class ProbeFramesTest {

    private final ProbeSigner signer = new ProbeSigner(0x5eedL, ProbeSigner.randomSecret());
    private final ProbeFrames frames = new ProbeFrames(signer, 4);

    private byte[] expected(ConnectPoint cp, MacAddress source, long time) {
        return LldpCodec.encode(signer.sign(cp.deviceId(), cp.port(), Instant.ofEpochMilli(time)), source, 4);
    }

    @Test
    void everyFrameIsTheCodecsFrameOfTheSignedProbe() {
        Random r = new Random(7);
        long[] dpids = {1, 0xd1, 0x0000000000200a0dL, Long.MAX_VALUE, -1L, r.nextLong()};
        long[] ports = {1, 9, 10, 17, 99, 100, 65_535, PortNumber.MAX_PHYSICAL};
        long[] times = {0, 1, 1_796_658_798_444L, Long.MAX_VALUE, r.nextLong() & Long.MAX_VALUE};
        for (long dpid : dpids) {
            for (long port : ports) {
                ConnectPoint cp = ConnectPoint.of(DeviceId.of(dpid), PortNumber.of(port));
                MacAddress mac = MacAddress.of(r.nextLong() & 0xfeffffffffffL);
                for (long time : times) {
                    assertArrayEquals(expected(cp, mac, time), frames.frame(cp, mac, time), cp + " at " + time);
                }
            }
        }
    }

    @Test
    void aFrameIsAcceptedAsTheProbeItIsAndEachCallGivesItsOwnArray() {
        ConnectPoint cp = ConnectPoint.of(DeviceId.of(0x100), PortNumber.of(3));
        MacAddress mac = MacAddress.parse("02:00:00:00:01:03");
        long t = 1_796_658_798_444L;

        byte[] a = frames.frame(cp, mac, t);
        byte[] b = frames.frame(cp, mac, t + 5);

        LldpProbe probe = LldpCodec.parse(a).orElseThrow();
        assertEquals(cp, probe.source());
        assertEquals(Instant.ofEpochMilli(t), probe.time());
        assertEquals(Verdict.VALID, signer.verify(probe, Instant.ofEpochMilli(t + 1000), Duration.ofMillis(3500)));
        assertEquals(Optional.of(signer.sign(cp.deviceId(), cp.port(), Instant.ofEpochMilli(t + 5))),
                LldpCodec.parse(b));
        assertNotSame(a, frames.frame(cp, mac, t));
        assertArrayEquals(a, frames.frame(cp, mac, t));
    }

    @Test
    void aPortWhoseAddressChangedOrWhoseSwitchWasForgottenGetsTheRightFrame() {
        ConnectPoint cp = ConnectPoint.of(DeviceId.of(0x100), PortNumber.of(3));
        MacAddress before = MacAddress.parse("02:00:00:00:01:03");
        MacAddress after = MacAddress.parse("02:00:00:00:09:09");
        frames.frame(cp, before, 10);

        assertArrayEquals(expected(cp, after, 20), frames.frame(cp, after, 20));
        frames.forget(cp.deviceId());
        assertArrayEquals(expected(cp, before, 30), frames.frame(cp, before, 30));
    }

    @Test
    void anotherControllersSignerRefusesTheFrames() {
        ConnectPoint cp = ConnectPoint.of(DeviceId.of(0x100), PortNumber.of(3));
        ProbeSigner other = new ProbeSigner(0x5eedL, ProbeSigner.randomSecret());
        LldpProbe probe = LldpCodec.parse(frames.frame(cp, MacAddress.of(2), 1000)).orElseThrow();

        assertEquals(Verdict.BAD_SIGNATURE, other.verify(probe, Instant.ofEpochMilli(1500), Duration.ofMillis(3500)));
    }
}
