package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The underlay capture's decoder against frames tcpdump wrote in the overlay lab
 * ({@code lab/overlay/overlay-lab.sh selftest}): a ping in VNI 5000, a TCP SYN in VNI 16777215, and
 * the ARP request and reply that resolved a new hypervisor's endpoint. Runs without root.
 */
class UnderlayFrameTest {

    @Test
    void decodesGeneveAndArpFramesTcpdumpWrote() throws IOException {
        List<UnderlayFrame> frames = UnderlayFrame.parsePcap(resource("/pcap/underlay-geneve.pcap"));
        assertEquals(4, frames.size());

        UnderlayFrame ping = frames.get(0);
        assertEquals("0a:7a:ec:d1:ac:45", ping.ethSrc());
        assertEquals("be:cf:aa:4f:6e:42", ping.ethDst());
        assertEquals(new UnderlayFrame.Ipv4("192.168.100.1", "192.168.100.2", 17, 58728, 6081), ping.ip().orElseThrow());
        assertTrue(ping.isGeneve());
        assertEquals(new UnderlayFrame.Tunnel("geneve", 5000, "02:00:00:00:0a:11", "02:00:00:00:0a:12", 0x0800,
                Optional.of(new UnderlayFrame.Ipv4("10.0.0.11", "10.0.0.12", 1, 0, 0))), ping.tunnel().orElseThrow());

        UnderlayFrame syn = frames.get(1);
        assertEquals(16_777_215, syn.vni());
        assertEquals(new UnderlayFrame.Ipv4("10.0.0.11", "10.0.0.12", 6, 53984, 8080),
                syn.tunnel().orElseThrow().innerIp().orElseThrow());

        for (UnderlayFrame arp : frames.subList(2, 4)) {
            assertTrue(arp.isArp());
            assertFalse(arp.isGeneve());
            assertTrue(arp.ip().isEmpty());
            assertThrows(IllegalStateException.class, arp::vni);
        }
        assertEquals("ff:ff:ff:ff:ff:ff", frames.get(2).ethDst());
    }

    @Test
    void aRecordCutShortByTheEndOfTheCaptureIsLeftOut() throws IOException {
        byte[] pcap = resource("/pcap/underlay-geneve.pcap");
        assertEquals(3, UnderlayFrame.parsePcap(Arrays.copyOf(pcap, pcap.length - 10)).size());
    }

    @Test
    void refusesWhatIsNotAnEthernetPcap() {
        assertThrows(IllegalArgumentException.class, () -> UnderlayFrame.parsePcap(new byte[10]));
        assertThrows(IllegalArgumentException.class, () -> UnderlayFrame.parsePcap(new byte[24]));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = UnderlayFrameTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
