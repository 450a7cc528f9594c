package io.skylane.southbound.channel;

import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.OFTestMessages.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.southbound.OpenFlowConfig;
import io.skylane.southbound.RecordingListener;
import io.skylane.southbound.RecordingListener.Connected;
import io.skylane.southbound.RecordingListener.Disconnected;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateDatapathTest {

    @Test
    void newConnectionWithSameDpidReplacesTheOldOne() {
        RecordingListener listener = new RecordingListener();
        SwitchRegistry registry = new SwitchRegistry();
        SouthboundCounters counters = new SouthboundCounters();
        try (SwitchPeer first = new SwitchPeer(OpenFlowConfig.defaults(), listener, registry, counters);
             SwitchPeer second = new SwitchPeer(OpenFlowConfig.defaults(), listener, registry, counters)) {
            first.handshake13(0xd1, port(OF13, 1));
            assertEquals(2, registry.channels());
            second.handshake13(0xd1, port(OF13, 1));

            assertFalse(first.ch.isActive());
            assertTrue(second.ch.isActive());
            assertEquals(1, counters.get(Counter.CONNECTIONS_REPLACED));
            assertEquals(1, registry.ready());
            assertEquals(1, registry.channels());

            List<Connected> connected = listener.of(Connected.class);
            assertEquals(2, connected.size());
            assertNotSame(connected.get(0).sw(), connected.get(1).sw());
            Disconnected d = listener.of(Disconnected.class).get(0);
            assertSame(connected.get(0).sw(), d.sw());
            assertTrue(d.reason().startsWith("replaced by new connection from"), d.reason());
            assertFalse(connected.get(0).sw().isConnected());
            assertTrue(connected.get(1).sw().isConnected());

            // the old connection's close does not unregister the new one
            second.receive(OF13.buildEchoRequest().build());
            assertEquals(1, registry.ready());
        }
    }
}
