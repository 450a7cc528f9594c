package io.skylane.topology;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** The end hosts the controller has seen at edge ports. */
public interface HostService {

    Collection<Host> hosts();

    Optional<Host> host(Host.HostId id);

    /** Hosts with this MAC (on any VLAN). */
    Set<Host> hostsByMac(MacAddress mac);

    /** Hosts that used this IPv4 address. */
    Set<Host> hostsByIp(Ip4Address ip);

    /** Hosts located at this port. */
    Set<Host> hostsAt(ConnectPoint location);

    void addListener(HostListener listener);

    void removeListener(HostListener listener);
}
