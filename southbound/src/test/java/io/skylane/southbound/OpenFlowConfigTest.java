package io.skylane.southbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenFlowConfigTest {

    @Test
    void defaults() {
        OpenFlowConfig c = OpenFlowConfig.defaults();
        assertEquals("0.0.0.0", c.bindAddress());
        assertEquals(List.of(6653), c.ports());
        assertEquals(Duration.ofSeconds(10), c.handshakeTimeout());
        assertEquals(Duration.ofSeconds(5), c.echoInterval());
        assertEquals(Duration.ofSeconds(15), c.readTimeout());
        assertEquals(65535, c.maxFrameLength());
        assertFalse(c.clearTablesOnConnect());
        assertEquals(Duration.ofSeconds(10), c.requestTimeout());
        assertEquals(Duration.ofSeconds(2), c.setupTimeout());
        assertEquals(0, c.ioThreads());
        assertEquals(List.of(6653, 6633), c.withPorts(6653, OpenFlowConfig.LEGACY_OPENFLOW_PORT).ports());
    }

    @Test
    void rejectsNonsense() {
        OpenFlowConfig c = OpenFlowConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> c.withPorts(List.of()));
        assertThrows(IllegalArgumentException.class, () -> c.withPorts(70000));
        assertThrows(IllegalArgumentException.class, () -> c.withPorts(6653, 6653));
        assertThrows(IllegalArgumentException.class, () -> c.withMaxFrameLength(65536));
        assertThrows(IllegalArgumentException.class, () -> c.withMaxFrameLength(8));
        assertThrows(IllegalArgumentException.class, () -> c.withReadTimeout(Duration.ofSeconds(5)).checkConsistent());
        assertThrows(IllegalArgumentException.class, () -> c.withHandshakeTimeout(Duration.ofSeconds(4)).checkConsistent());
        assertThrows(IllegalArgumentException.class, () -> new OpenFlowServer(c.withEchoInterval(Duration.ofSeconds(20)),
                new RecordingListener()));
        assertThrows(IllegalArgumentException.class, () -> c.withRequestTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> c.withIoThreads(-1));
        assertThrows(NullPointerException.class, () -> c.withBindAddress(null));
        assertEquals(List.of(0, 0), c.withPorts(0, 0).ports());
    }

    @Test
    void withCallsMayComeInAnyOrder() {
        // echo raised before the read timeout: fine once both are set
        OpenFlowConfig c = OpenFlowConfig.defaults().withEchoInterval(Duration.ofSeconds(20))
                .withReadTimeout(Duration.ofSeconds(60)).checkConsistent();
        assertEquals(Duration.ofSeconds(60), c.readTimeout());
    }
}
