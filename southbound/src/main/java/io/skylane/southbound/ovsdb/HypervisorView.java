package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.net.DeviceId;
import java.util.Map;
import java.util.Optional;

/**
 * One hypervisor bridge as its OVSDB connection shows it: the bridge, its ports and their
 * interfaces, by name. Two views are equal when everything Skylane reads of them is; a change
 * of any port's ofport or error makes a different view.
 *
 * @param datapathId the bridge's datapath id, by which Skylane knows the hypervisor
 * @param systemId   {@code Open_vSwitch.external_ids:system-id} of its machine, if set
 * @param bridge     the Bridge row
 * @param ports      its Port rows by name
 * @param interfaces the Interface rows of those ports by name
 */
public record HypervisorView(DeviceId datapathId, Optional<String> systemId, OvsdbBridge bridge,
                             Map<String, OvsdbPort> ports, Map<String, OvsdbInterface> interfaces) {

    public HypervisorView {
        checkNotNull(datapathId, "datapathId");
        checkNotNull(systemId, "systemId");
        checkNotNull(bridge, "bridge");
        ports = ImmutableSortedMap.copyOf(ports);
        interfaces = ImmutableSortedMap.copyOf(interfaces);
    }

    /** The interface of this name on the bridge. */
    public Optional<OvsdbInterface> interfaceNamed(String name) {
        return Optional.ofNullable(interfaces.get(name));
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("datapathId", datapathId).add("bridge", bridge.name())
                .add("systemId", systemId.orElse(null)).add("ports", ports.keySet()).toString();
    }
}
