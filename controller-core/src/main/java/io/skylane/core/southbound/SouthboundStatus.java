package io.skylane.core.southbound;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.List;
import java.util.Map;

/**
 * The state of the OpenFlow listener, for operators.
 *
 * @param listening  addresses the controller accepts switches on ({@code 0.0.0.0:6653})
 * @param channels   open connections, handshaking ones included
 * @param ready      connections that finished the handshake
 * @param counters   message and failure counters (messages in and out, bad frames, handshake
 *                   timeouts, illegal messages, ...)
 */
public record SouthboundStatus(List<String> listening, int channels, int ready, Map<String, Long> counters) {
    public SouthboundStatus {
        listening = ImmutableList.copyOf(listening);
        counters = ImmutableSortedMap.copyOf(counters);
    }
}
