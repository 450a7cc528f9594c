package io.skylane.southbound.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OvsdbConfigTest {

    @Test
    void defaultsListenOnTheOvsdbPort() {
        OvsdbConfig c = OvsdbConfig.defaults();
        assertTrue(c.listen());
        assertEquals("0.0.0.0", c.bindAddress());
        assertEquals(6640, c.port());
        assertEquals(List.of(), c.targets());
        assertEquals(List.of(OvsdbTarget.of("unix:/run/db.sock")),
                c.withTargets(List.of(OvsdbTarget.of("unix:/run/db.sock"))).targets());
    }

    @Test
    void valuesAreChecked() {
        OvsdbConfig c = OvsdbConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> c.withPort(70000));
        assertThrows(IllegalArgumentException.class, () -> c.withRequestTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> c.withReadTimeout(Duration.ofSeconds(5)),
                "the read timeout must outlast the echo interval");
        assertThrows(IllegalArgumentException.class, () -> c.withMaxFrameLength(100));
        assertThrows(IllegalArgumentException.class, () -> c.withIoThreads(0));
        assertThrows(IllegalArgumentException.class, () -> c.withApplyTimeout(Duration.ofSeconds(-1)));
        assertEquals(Duration.ZERO, c.withApplyTimeout(Duration.ZERO).applyTimeout());
    }

    @Test
    void targetsInOpenVswitchNotation() {
        InetSocketAddress tcp = (InetSocketAddress) OvsdbTarget.of("tcp:192.0.2.5:6640").address();
        assertEquals("192.0.2.5", tcp.getHostString());
        assertEquals(6640, tcp.getPort());
        assertEquals("::1", ((InetSocketAddress) OvsdbTarget.of("tcp:[::1]:6641").address()).getHostString());
        assertEquals("tcp:[::1]:6641", OvsdbTarget.tcp("::1", 6641).text());
        assertEquals("hv1.example", ((InetSocketAddress) OvsdbTarget.tcp("hv1.example", 6640).address()).getHostString());
        OvsdbTarget unix = OvsdbTarget.of("unix:/var/run/openvswitch/db.sock");
        assertTrue(unix.isUnix());
        assertFalse(OvsdbTarget.of("tcp:h:1").isUnix());
        assertEquals("/var/run/openvswitch/db.sock", ((DomainSocketAddress) unix.address()).path());
        for (String bad : new String[] {"ptcp:6640", "tcp:6640", "tcp:h:", "tcp::1:6640", "tcp:h:0", "tcp:h:x",
                "unix:", "ssl:h:6640"}) {
            assertThrows(IllegalArgumentException.class, () -> OvsdbTarget.of(bad), bad);
        }
    }
}
