package io.skylane.southbound.ovsdb;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.net.DeviceId;
import java.util.List;
import java.util.Map;

/**
 * The state of the OVSDB client, for operators.
 *
 * @param listening   the address ovsdb-servers connect to ({@code 0.0.0.0:6640}); empty when not listening
 * @param connections open connections (both directions), set up or not
 * @param hypervisors the datapath ids of the bridges of connected hypervisors
 * @param counters    connection, request and failure counters ({@link OvsdbCounters.Counter})
 */
public record OvsdbStatus(List<String> listening, int connections, List<DeviceId> hypervisors,
                          Map<String, Long> counters) {
    public OvsdbStatus {
        listening = ImmutableList.copyOf(listening);
        hypervisors = ImmutableList.copyOf(hypervisors);
        counters = ImmutableSortedMap.copyOf(counters);
    }
}
