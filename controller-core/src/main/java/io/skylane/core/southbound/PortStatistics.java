package io.skylane.core.southbound;

import io.skylane.core.net.PortNumber;

/** Port counters from a switch. */
public record PortStatistics(PortNumber port, long rxPackets, long txPackets, long rxBytes, long txBytes,
                             long rxDropped, long txDropped, long rxErrors, long txErrors) {
}
