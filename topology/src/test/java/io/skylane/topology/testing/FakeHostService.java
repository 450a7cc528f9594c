package io.skylane.topology.testing;

import com.google.common.collect.ImmutableSet;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.topology.Host;
import io.skylane.topology.HostListener;
import io.skylane.topology.HostService;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** A host service over a fixed list of hosts; listeners are accepted and never called. */
public final class FakeHostService implements HostService {

    private final List<Host> hosts;

    public FakeHostService(Collection<Host> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    @Override
    public Collection<Host> hosts() {
        return hosts;
    }

    @Override
    public Optional<Host> host(Host.HostId id) {
        return hosts.stream().filter(h -> h.id().equals(id)).findFirst();
    }

    @Override
    public Set<Host> hostsByMac(MacAddress mac) {
        return where(h -> h.mac().equals(mac));
    }

    @Override
    public Set<Host> hostsByIp(Ip4Address ip) {
        return where(h -> h.ips().contains(ip));
    }

    @Override
    public Set<Host> hostsAt(ConnectPoint location) {
        return where(h -> h.location().equals(location));
    }

    private Set<Host> where(Predicate<Host> p) {
        return hosts.stream().filter(p).collect(ImmutableSet.toImmutableSet());
    }

    @Override
    public void addListener(HostListener listener) {
    }

    @Override
    public void removeListener(HostListener listener) {
    }
}
