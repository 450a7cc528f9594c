package io.skylane.core.net;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A switch port as the switch reports it.
 *
 * @param number      the port number
 * @param name        the interface name ({@code s1-eth1})
 * @param hwAddress   the port's MAC address
 * @param adminUp     false when the port is administratively down (OFPPC_PORT_DOWN)
 * @param linkUp      false when there is no link (OFPPS_LINK_DOWN)
 * @param speedKbps   current speed, 0 if unknown
 */
public record Port(PortNumber number, String name, MacAddress hwAddress, boolean adminUp, boolean linkUp,
                   long speedKbps) {

    public Port {
        checkNotNull(number, "number");
        checkNotNull(name, "name");
        checkNotNull(hwAddress, "hwAddress");
    }

    /** A port forwards traffic only when it is administratively up and has a link. */
    public boolean isEnabled() {
        return adminUp && linkUp;
    }
}
