package io.skylane.lb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.net.DeviceId;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.ProvisioningStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A target from a stored monitor, and the targets that cannot be probed. */
class ProbeTargetTest {

    private static final ProbeTarget T = ProbeFramesTest.TARGET;

    @Test
    void takesTheMonitorsSecondsAndRetries() {
        UUID pool = UUID.randomUUID();
        HealthMonitor m = new HealthMonitor(Meta.created(UUID.randomUUID(), UUID.randomUUID(), "m", "", Instant.EPOCH,
                List.of(), Map.of()), pool, HealthMonitor.Type.UDP_CONNECT, 10, 4, 2, 5, true,
                ProvisioningStatus.ACTIVE, OperatingStatus.ONLINE);
        ProbeTarget t = ProbeTarget.of(T.memberId(), pool, DeviceId.of(7), T.routerMac(), T.memberMac(), T.vip(),
                T.member(), 53, m);
        assertEquals(new ProbeTarget(T.memberId(), pool, DeviceId.of(7), T.routerMac(), T.memberMac(), T.vip(),
                T.member(), 53, HealthMonitor.Type.UDP_CONNECT, Duration.ofSeconds(10), Duration.ofSeconds(4), 2, 5), t);
    }

    @Test
    void refusesWhatCannotBeProbed() {
        assertThrows(IllegalArgumentException.class, () -> with(0, Duration.ofSeconds(5), Duration.ofSeconds(2), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> with(8080, Duration.ZERO, Duration.ZERO, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> with(8080, Duration.ofSeconds(5), Duration.ZERO, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> with(8080, Duration.ofSeconds(5), Duration.ofSeconds(6), 1, 1), "timeout over the delay");
        assertThrows(IllegalArgumentException.class, () -> with(8080, Duration.ofSeconds(5), Duration.ofSeconds(5), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> with(8080, Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 0));
        assertEquals(Duration.ofSeconds(5), with(8080, Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 1).timeout());
    }

    private static ProbeTarget with(int port, Duration delay, Duration timeout, int up, int down) {
        return new ProbeTarget(T.memberId(), T.poolId(), T.device(), T.routerMac(), T.memberMac(), T.vip(), T.member(),
                port, T.type(), delay, timeout, up, down);
    }
}
