package io.skylane.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.skylane.core.device.DeviceEvent.Type;
import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.SouthboundListener.PortChange;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.MutableClock;
import io.skylane.core.testing.RecordingDeviceListener;
import io.skylane.core.testing.SynchronousEventDelivery;
import io.skylane.core.testing.TestCore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DeviceManagerTest {

    private static final DeviceDescription DESC = DeviceDescription.unknown(256, 254);

    private final MutableClock clock = new MutableClock();
    private final DeviceManager manager = new DeviceManager(new SynchronousEventDelivery(), clock);
    private final RecordingDeviceListener events = new RecordingDeviceListener();
    private final FakeSwitchHandle s1 = FakeSwitchHandle.of13(1);

    @BeforeEach
    void listen() {
        manager.addListener(events);
    }

    @Test
    void connectMakesTheDeviceKnownAndConnectedWithItsPorts() {
        manager.connected(s1, DESC, TestCore.ports(3));

        Device d = manager.device(s1.deviceId()).orElseThrow();
        assertTrue(d.connected());
        assertEquals(3, d.ports().size());
        assertEquals(clock.instant(), d.since());
        assertTrue(manager.isConnected(s1.deviceId()));
        assertSame(s1, manager.handle(s1.deviceId()).orElseThrow());
        assertEquals(3, manager.ports(s1.deviceId()).size());
        assertEquals(List.of(Type.DEVICE_CONNECTED), events.types());
        assertEquals(d, events.events().get(0).subject());
    }

    @Test
    void disconnectKeepsTheDeviceKnownButUnavailable() {
        manager.connected(s1, DESC, TestCore.ports(2));
        clock.advanceSeconds(30);

        manager.disconnected(s1, "idle timeout");

        Device d = manager.device(s1.deviceId()).orElseThrow();
        assertFalse(d.connected());
        assertEquals(clock.instant(), d.since());
        assertFalse(manager.isConnected(s1.deviceId()));
        assertTrue(manager.handle(s1.deviceId()).isEmpty());
        assertEquals(List.of(Type.DEVICE_CONNECTED, Type.DEVICE_DISCONNECTED), events.types());
        assertEquals(1, manager.devices().size());
    }

    @Test
    void disconnectOfAReplacedHandleIsIgnored() {
        FakeSwitchHandle again = FakeSwitchHandle.of13(1);
        manager.connected(s1, DESC, TestCore.ports(2));
        manager.connected(again, DESC, TestCore.ports(3));

        manager.disconnected(s1, "old connection closed");

        assertTrue(manager.isConnected(s1.deviceId()));
        assertSame(again, manager.handle(s1.deviceId()).orElseThrow());
        assertEquals(3, manager.ports(s1.deviceId()).size());
        assertEquals(List.of(Type.DEVICE_CONNECTED, Type.DEVICE_CONNECTED), events.types());
    }

    @Test
    void reportsThroughAReplacedHandleAreIgnored() {
        FakeSwitchHandle again = FakeSwitchHandle.of13(1);
        manager.connected(s1, DESC, TestCore.ports(1));
        manager.connected(again, DESC, TestCore.ports(1));
        events.clear();

        manager.portChanged(s1, PortChange.ADDED, TestCore.port(9));
        manager.descriptionChanged(s1, DESC.withStrings("Nicira", "ovs", "3.1", "1", "s1"));

        assertEquals(List.of(), events.events());
        assertEquals(1, manager.ports(s1.deviceId()).size());
    }

    @Test
    void portStatusAddsUpdatesAndRemovesPorts() {
        manager.connected(s1, DESC, TestCore.ports(1));
        Port p2 = TestCore.port(2);
        Port p2down = new Port(p2.number(), p2.name(), p2.hwAddress(), true, false, 0);

        manager.portChanged(s1, PortChange.ADDED, p2);
        manager.portChanged(s1, PortChange.MODIFIED, p2down);
        manager.portChanged(s1, PortChange.DELETED, p2down);

        assertEquals(List.of(Type.DEVICE_CONNECTED, Type.PORT_ADDED, Type.PORT_UPDATED, Type.PORT_REMOVED),
                events.types());
        assertEquals(p2down, events.events(Type.PORT_UPDATED).get(0).port().orElseThrow());
        assertFalse(events.events(Type.PORT_UPDATED).get(0).subject().port(p2.number()).orElseThrow().isEnabled());
        assertEquals(1, manager.ports(s1.deviceId()).size());
    }

    /** A late port list: the events of adding each port, and one INFO line for the list, not one per port. */
    @Test
    void aLatePortListAddsEachPortAndIsLoggedOnce() {
        manager.connected(s1, DESC, TestCore.ports(1));
        events.clear();
        Logger logger = (Logger) LoggerFactory.getLogger(DeviceManager.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO); // the test configuration's root logs ERROR only
        logger.setAdditive(false);
        logger.addAppender(appender);
        try {
            manager.portsListed(s1, List.of(TestCore.port(1), TestCore.port(2), TestCore.port(3)));
            manager.portsListed(FakeSwitchHandle.of13(1), List.of(TestCore.port(4))); // not the current connection
        } finally {
            logger.detachAppender(appender);
            logger.setAdditive(true);
            logger.setLevel(level);
        }

        assertEquals(List.of(Type.PORT_ADDED, Type.PORT_ADDED), events.types(), "port 1 was known already");
        assertEquals(3, manager.ports(s1.deviceId()).size());
        List<String> info = appender.list.stream().filter(e -> e.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of("Switch " + s1.deviceId() + " listed 3 ports late, 2 of them new or changed"), info);
    }

    @Test
    void modifyOfAnUnknownPortIsAnAdd() {
        manager.connected(s1, DESC, TestCore.ports(1));

        manager.portChanged(s1, PortChange.MODIFIED, TestCore.port(7));

        assertEquals(Type.PORT_ADDED, events.events().get(1).type());
        assertTrue(manager.device(s1.deviceId()).orElseThrow().port(PortNumber.of(7)).isPresent());
    }

    @Test
    void unchangedPortAndUnknownPortDeleteCauseNoEvent() {
        manager.connected(s1, DESC, TestCore.ports(2));
        events.clear();

        manager.portChanged(s1, PortChange.MODIFIED, TestCore.port(1));
        manager.portChanged(s1, PortChange.DELETED, new Port(PortNumber.of(42), "x", MacAddress.ZERO, true, true, 0));

        assertEquals(List.of(), events.events());
    }

    @Test
    void descriptionChangeIsAnUpdateOnlyWhenItChanges() {
        manager.connected(s1, DESC, TestCore.ports(1));
        DeviceDescription ovs = DESC.withStrings("Nicira, Inc.", "Open vSwitch", "3.1.0", "None", "s1");

        manager.descriptionChanged(s1, ovs);
        manager.descriptionChanged(s1, ovs);

        assertEquals(List.of(Type.DEVICE_CONNECTED, Type.DEVICE_UPDATED), events.types());
        assertEquals("Open vSwitch", manager.device(s1.deviceId()).orElseThrow().description().hardware());
    }

    @Test
    void reconnectReplacesPortsAndConnectsAgain() {
        manager.connected(s1, DESC, TestCore.ports(3));
        manager.disconnected(s1, "closed");
        FakeSwitchHandle again = FakeSwitchHandle.of13(1);

        manager.connected(again, DESC, TestCore.ports(1));

        assertTrue(manager.isConnected(s1.deviceId()));
        assertEquals(1, manager.ports(s1.deviceId()).size());
        assertEquals(List.of(Type.DEVICE_CONNECTED, Type.DEVICE_DISCONNECTED, Type.DEVICE_CONNECTED), events.types());
    }

    @Test
    void unknownDeviceIsEmptyNotNull() {
        DeviceId unknown = DeviceId.of(99);
        assertTrue(manager.device(unknown).isEmpty());
        assertTrue(manager.handle(unknown).isEmpty());
        assertTrue(manager.ports(unknown).isEmpty());
        assertFalse(manager.isConnected(unknown));
    }

    @Test
    void devicesAreListedInIdOrder() {
        manager.connected(FakeSwitchHandle.of13(3), DESC, List.of());
        manager.connected(FakeSwitchHandle.of10(1), DESC, List.of());
        manager.connected(FakeSwitchHandle.of13(2), DESC, List.of());

        assertEquals(List.of(DeviceId.of(1), DeviceId.of(2), DeviceId.of(3)),
                manager.devices().stream().map(Device::id).toList());
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        RecordingDeviceListener second = new RecordingDeviceListener();
        manager.addListener(e -> {
            throw new IllegalStateException("boom");
        });
        manager.addListener(second);

        manager.connected(s1, DESC, List.of());

        assertEquals(1, second.events().size());
        assertEquals(1, manager.listenerFailures());
    }

    @Test
    void removedListenerGetsNothingMore() {
        manager.removeListener(events);
        manager.connected(s1, DESC, List.of());
        assertEquals(List.of(), events.events());
    }
}
