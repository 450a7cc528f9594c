package io.skylane.lb.health;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.vpc.model.HealthMonitor;
import java.time.Duration;
import java.util.UUID;

/**
 * One member to probe, and how: from {@code vip} (and the VPC's {@code routerMac}) to
 * {@code member}:{@code memberPort} (at {@code memberMac}), sent into the tables of {@code device},
 * the member's switch, every {@code delay}; a probe unanswered after {@code timeout} has failed
 * (for UDP-CONNECT: has succeeded). The member is up after {@code maxRetries} successes in a row
 * and down after {@code maxRetriesDown} failures in a row. A PING target ignores
 * {@code memberPort}.
 */
public record ProbeTarget(UUID memberId, UUID poolId, DeviceId device, MacAddress routerMac, MacAddress memberMac,
                          Ip4Address vip, Ip4Address member, int memberPort, HealthMonitor.Type type, Duration delay,
                          Duration timeout, int maxRetries, int maxRetriesDown) {

    public ProbeTarget {
        checkNotNull(memberId, "memberId");
        checkNotNull(poolId, "poolId");
        checkNotNull(device, "device");
        checkNotNull(routerMac, "routerMac");
        checkNotNull(memberMac, "memberMac");
        checkNotNull(vip, "vip");
        checkNotNull(member, "member");
        checkNotNull(type, "type");
        checkNotNull(delay, "delay");
        checkNotNull(timeout, "timeout");
        checkArgument(memberPort >= 1 && memberPort <= 0xffff, "member port must be 1..65535");
        checkArgument(delay.compareTo(Duration.ofMillis(1)) >= 0, "delay must be at least 1 ms");
        checkArgument(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
        checkArgument(timeout.compareTo(delay) <= 0, "timeout must not exceed the delay");
        checkArgument(maxRetries >= 1, "maxRetries must be at least 1");
        checkArgument(maxRetriesDown >= 1, "maxRetriesDown must be at least 1");
    }

    /** The target of a monitor whose delay and timeout are in seconds, as the intent model has them. */
    public static ProbeTarget of(UUID memberId, UUID poolId, DeviceId device, MacAddress routerMac,
                                 MacAddress memberMac, Ip4Address vip, Ip4Address member, int memberPort,
                                 HealthMonitor monitor) {
        return new ProbeTarget(memberId, poolId, device, routerMac, memberMac, vip, member, memberPort,
                monitor.monitorType(), Duration.ofSeconds(monitor.delay()), Duration.ofSeconds(monitor.timeout()),
                monitor.maxRetries(), monitor.maxRetriesDown());
    }
}
