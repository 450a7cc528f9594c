"""Topologies for the Skylane lab driver (skylane_lab.py), as Mininet Topo objects.

Names and datapath ids are predictable: switches <prefix>s1..sN have datapath id N (custom
switches take the number in their name, or an explicit dpid), hosts <prefix>h1..hM are numbered
in build order, so Mininet gives hM the IP 10.0.0.M and (autoSetMacs) the MAC 00:00:00:00:00:0M.
Bad input raises ValueError with a message naming the parameter.
"""

import re

from mininet.topo import Topo

NAME_RE = re.compile(r'^[a-z][a-z0-9]{0,7}$')


class LabTopo(Topo):
    """A Mininet Topo with explicit names, datapath ids and roles."""

    def build(self, **_opts):
        self.roles = {}

    def switch(self, name, dpid, role=None):
        check_name(name)
        self.addSwitch(name, dpid='%016x' % dpid)
        if role:
            self.roles[name] = role
        return name

    def host(self, name, **params):
        check_name(name)
        self.addHost(name, **params)
        return name


def check_name(name):
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ValueError('bad node name %r: lower-case letter then up to 7 letters/digits' % name)


def int_param(params, key, default, low, high):
    value = params.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError('params.%s must be an integer in [%d, %d], got %r' % (key, low, high, value))
    return value


def build_topo(kind, params, prefix):
    """Switches are <prefix>s1..sN with dpid N, hosts <prefix>h1..hM, numbered in build order."""
    topo = LabTopo()
    hosts = [0]

    def new_host(switch):
        hosts[0] += 1
        name = topo.host('%sh%d' % (prefix, hosts[0]))
        topo.addLink(name, switch)
        return name

    def new_switch(n, role=None):
        return topo.switch('%ss%d' % (prefix, n), n, role)

    if kind == 'linear':
        k = int_param(params, 'k', 3, 1, 128)
        n = int_param(params, 'n', 1, 0, 16)
        previous = None
        for i in range(1, k + 1):
            sw = new_switch(i)
            for _ in range(n):
                new_host(sw)
            if previous:
                topo.addLink(previous, sw)
            previous = sw
    elif kind == 'ring':
        k = int_param(params, 'k', 3, 3, 128)
        per = int_param(params, 'hosts', 1, 0, 16)
        switches = [new_switch(i) for i in range(1, k + 1)]
        for sw in switches:
            for _ in range(per):
                new_host(sw)
        for i, sw in enumerate(switches):
            topo.addLink(sw, switches[(i + 1) % k])
    elif kind == 'tree':
        depth = int_param(params, 'depth', 2, 1, 6)
        fanout = int_param(params, 'fanout', 2, 1, 16)
        counter = [0]

        def grow(level):
            # same shape and numbering as Mininet's TreeTopo (pre-order)
            if level == 0:
                return new_host_only()
            counter[0] += 1
            sw = new_switch(counter[0], 'root' if level == depth else None)
            for _ in range(fanout):
                child = grow(level - 1)
                topo.addLink(sw, child)
            return sw

        def new_host_only():
            hosts[0] += 1
            return topo.host('%sh%d' % (prefix, hosts[0]))

        grow(depth)
    elif kind == 'fattree':
        k = int_param(params, 'k', 4, 2, 16)
        if k % 2:
            raise ValueError('params.k must be even for a fat tree')
        half = k // 2
        n = 0
        core = []
        for _ in range(half * half):
            n += 1
            core.append(new_switch(n, 'core'))
        for pod in range(k):
            aggs, edges = [], []
            for _ in range(half):
                n += 1
                aggs.append(new_switch(n, 'aggregation'))
            for _ in range(half):
                n += 1
                edges.append(new_switch(n, 'edge'))
            for i, agg in enumerate(aggs):
                for j in range(half):
                    topo.addLink(agg, core[i * half + j])
                for edge in edges:
                    topo.addLink(agg, edge)
            for edge in edges:
                for _ in range(half):
                    new_host(edge)
    elif kind == 'custom':
        build_custom(topo, params)
    else:
        raise ValueError('unknown topo %r (linear, tree, ring, fattree, custom)' % kind)
    return topo


def build_custom(topo, params):
    """params: {switches: ["s1", {"name": "s2", "dpid": 2}], hosts: ["h1", {"name": "h2",
    "ip": "10.0.0.2/8", "mac": "00:00:00:00:00:02"}], links: [["h1", "s1"], ["s1", "s2"]]}
    A host with "ip": null gets no address (Mininet configures none; e.g. for DHCP)."""
    switches = params.get('switches') or []
    hosts = params.get('hosts') or []
    links = params.get('links') or []
    if not switches:
        raise ValueError('custom topo needs params.switches')
    for entry in switches:
        spec = {'name': entry} if isinstance(entry, str) else dict(entry)
        name = spec.get('name')
        check_name(name)
        dpid = spec.get('dpid')
        if dpid is None:
            digits = re.findall(r'\d+', name)
            if not digits:
                raise ValueError('switch %r needs a dpid (no digits in its name)' % name)
            dpid = int(digits[-1])
        elif isinstance(dpid, str):
            dpid = int(dpid, 16)
        topo.switch(name, dpid, spec.get('role'))
    for entry in hosts:
        spec = {'name': entry} if isinstance(entry, str) else dict(entry)
        name = spec.pop('name', None)
        extra = {k: v for k, v in spec.items() if k in ('ip', 'mac', 'defaultRoute')}
        unknown = set(spec) - set(extra)
        if unknown:
            raise ValueError('unknown host keys for %s: %s' % (name, sorted(unknown)))
        topo.host(name, **extra)
    nodes = set(topo.nodes())
    for entry in links:
        if not (isinstance(entry, list) and len(entry) == 2):
            raise ValueError('a link is [a, b], got %r' % (entry,))
        a, b = entry
        if a not in nodes or b not in nodes:
            raise ValueError('link %r names an unknown node' % (entry,))
        topo.addLink(a, b)
