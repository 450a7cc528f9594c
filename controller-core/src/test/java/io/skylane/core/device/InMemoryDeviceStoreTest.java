package io.skylane.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.testing.TestCore;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryDeviceStoreTest {

    private static final DeviceId ID = DeviceId.of(0xd1);
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final InMemoryDeviceStore store = new InMemoryDeviceStore();

    private void connect() {
        store.connected(ID, ProtocolVersion.OF_13, InetSocketAddress.createUnresolved("10.0.0.1", 5000),
                DeviceDescription.unknown(0, 1), TestCore.ports(2), T0);
    }

    @Test
    void updatesOfAnUnknownDeviceChangeNothing() {
        assertNull(store.updatePort(ID, TestCore.port(1), T0));
        assertNull(store.removePort(ID, PortNumber.of(1), T0));
        assertNull(store.disconnected(ID, T0));
        assertNull(store.updateDescription(ID, DeviceDescription.unknown(0, 0), T0));
        assertEquals(0, store.devices().size());
    }

    @Test
    void secondDisconnectCausesNoEvent() {
        connect();
        assertEquals(DeviceEvent.Type.DEVICE_DISCONNECTED, store.disconnected(ID, T0).type());
        assertNull(store.disconnected(ID, T0));
    }

    @Test
    void portRemovalEventCarriesTheRemovedPort() {
        connect();
        DeviceEvent e = store.removePort(ID, PortNumber.of(2), T0);
        assertEquals(TestCore.port(2), e.port().orElseThrow());
        assertEquals(1, e.subject().ports().size());
    }
}
