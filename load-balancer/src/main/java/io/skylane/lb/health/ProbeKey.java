package io.skylane.lb.health;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;

/**
 * What identifies an outstanding probe on the wire, and so its answer: the member's switch, the
 * VIP, the member, the protocol (TCP, UDP or ICMP), the member's port (0 for ICMP) and the probe's
 * source port (for ICMP, the echo id).
 */
record ProbeKey(DeviceId device, Ip4Address vip, Ip4Address member, int protocol, int memberPort, int probePort) {
}
