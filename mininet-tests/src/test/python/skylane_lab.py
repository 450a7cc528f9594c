#!/usr/bin/python3
"""Skylane lab driver: drives one Mininet network through JSON lines.

Run under /usr/bin/python3 (Mininet's Python API lives there), as root:

    /usr/bin/python3 skylane_lab.py [--work-dir DIR] [--log-file FILE]

Reads one JSON object per line on stdin, answers exactly one JSON object per line on stdout.
Everything else (Mininet's own output, logs, tracebacks) goes to stderr, or to --log-file.

Request:  {"id": 1, "op": "start", "topo": "linear", "params": {"k": 3}, "controller_port": 6653}
Reply:    {"id": 1, "ok": true, "result": {...}, "elapsed_ms": 812}
          {"id": 1, "ok": false, "error": "...", "elapsed_ms": 3}

Operations ("op"): start, hosts, switches, links, ping, pingall, cmd, bg_start, bg_status, bg_wait,
bg_stop, link, switch_controller, dump_flows, ofctl, ovs_connected, stop, info.
See docs/lab.md for the arguments of each.

Clean-up: the network is stopped (net.stop(), then a targeted sweep of this network's own
bridges and veths) on `stop`, on stdin EOF, on SIGTERM/SIGINT/SIGHUP and on errors during start.
Before `start`, leftovers of an earlier killed run that carry the names this topology is about
to create are removed (and nothing else). Never `mn -c`.
"""

import argparse
import ctypes
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import traceback

# The protocol owns the real stdout; anything else that prints (Mininet, child processes that
# inherit fd 1) lands on stderr. This must happen before Mininet is imported.
_PROTO = os.fdopen(os.dup(1), 'w', buffering=1, encoding='utf-8')
os.dup2(2, 1)
sys.stdout = sys.stderr

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from functools import partial  # noqa: E402

from mininet.log import setLogLevel  # noqa: E402
from mininet.net import Mininet  # noqa: E402
from mininet.node import Host, OVSSwitch, RemoteController  # noqa: E402
from mininet.link import Link  # noqa: E402
from skylane_topos import build_topo  # noqa: E402 (next to this file)

PROTOCOLS = ('OpenFlow10', 'OpenFlow13')
STAT_KEYS = {'cookie', 'duration', 'table', 'n_packets', 'n_bytes', 'idle_timeout',
             'hard_timeout', 'idle_age', 'hard_age', 'priority', 'importance'}
FLAG_WORDS = {'send_flow_rem', 'check_overlap', 'reset_counts', 'no_packet_counts',
              'no_byte_counts'}


def log(msg):
    try:
        sys.stderr.write('[skylane_lab %s] %s\n' % (time.strftime('%H:%M:%S'), msg))
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # a log that cannot be written must not stop a clean-up


class LabError(Exception):
    """A command failed in a way the caller should see (bad argument, failed action)."""


class CommandTimeout(Exception):
    """A command overran its time limit."""


def run(args, timeout=15, check=True):
    """Run a root-namespace command (never through a Mininet node shell); return stdout."""
    try:
        proc = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise LabError('timed out after %ss: %s' % (timeout, ' '.join(args)))
    if check and proc.returncode != 0:
        raise LabError('%s failed (%d): %s' % (' '.join(args), proc.returncode,
                                              (proc.stderr or proc.stdout).strip()))
    return proc.stdout


# --- leftovers and clean-up -------------------------------------------------------------------

def root_links():
    """Names of the network interfaces in the root namespace."""
    out = run(['ip', '-o', 'link', 'show'], check=False)
    names = []
    for line in out.splitlines():
        parts = line.split(':', 2)
        if len(parts) >= 2:
            names.append(parts[1].strip().split('@')[0])
    return names


def sweep(switch_names, host_names):
    """Delete this topology's own bridges and veths if they exist (and nothing else)."""
    removed = []
    if switch_names:
        args = ['ovs-vsctl', '--timeout=10']
        for sw in switch_names:
            args += ['--', '--if-exists', 'del-br', sw]
        existing = set(run(['ovs-vsctl', '--timeout=10', 'list-br'], check=False).split())
        gone = sorted(existing & set(switch_names))
        run(args, check=False)
        removed += ['bridge ' + b for b in gone]
    own = set(switch_names)  # the tap device of a netdev bridge carries the bridge's name
    for name in root_links():
        node, sep, port = name.partition('-eth')
        if name in own or (sep and port.isdigit()
                           and (node in own or node in host_names)):
            run(['ip', 'link', 'del', name], check=False)
            removed.append('link ' + name)
    return removed


# --- the driver -------------------------------------------------------------------------------

class QuietRemoteController(RemoteController):
    """Mininet's RemoteController probes the port with telnet at start; the probe is an
    unexpected client for the controller under test, so it is skipped."""

    def checkListening(self):
        pass


OWNER_ENV = 'SKYLANE_LAB_OWNER'


def is_driver(pid):
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            return b'skylane_lab.py' in f.read()
    except OSError:
        return False


def reap_background(only_owner=None):
    """Kill background commands (and anything they started) that carry our owner mark: those of
    `only_owner`, or else those whose driver is gone (killed with SIGKILL, so no clean-up ran).
    Targeted by a mark in the environment, never by name."""
    marker = OWNER_ENV.encode() + b'='
    killed = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open('/proc/%s/environ' % entry, 'rb') as f:
                env = f.read().split(b'\0')
        except OSError:
            continue
        owners = [e[len(marker):] for e in env if e.startswith(marker)]
        if not owners or not owners[0].isdigit():
            continue
        owner = int(owners[0])
        if (only_owner is not None and owner == only_owner) or \
                (only_owner is None and owner != os.getpid() and not is_driver(owner)):
            try:
                os.kill(int(entry), signal.SIGKILL)
                killed.append(int(entry))
            except OSError:
                pass
    return killed


def _pdeathsig():
    """Child set-up: own session, and SIGKILL when the driver dies (even by SIGKILL)."""
    os.setsid()
    try:
        ctypes.CDLL('libc.so.6', use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Driver:

    def __init__(self, work_dir):
        self.work_dir = work_dir
        self.net = None
        self.protocols = None
        self.roles = {}
        self.names = ([], [])
        self.bg = {}
        self.bg_counter = 0

    # -- helpers --

    def node(self, name):
        self.need_net()
        if name not in self.net.nameToNode:
            raise LabError('no node %r' % name)
        return self.net.nameToNode[name]

    def need_net(self):
        if self.net is None:
            raise LabError('no network: send start first')

    def ip_of(self, target):
        if re.match(r'^\d+\.\d+\.\d+\.\d+$', str(target)):
            return target
        node = self.node(target)
        ip = node.IP()
        if not ip:
            raise LabError('%s has no IP' % target)
        return ip

    def node_cmd(self, node, command, timeout):
        """Run a shell command in a node, bounded by coreutils timeout; (output, rc)."""
        wrapped = 'timeout -k 2 %s sh -c %s; echo "__rc=$?"' % (
            _secs(timeout), shlex.quote(command))
        out = node.cmd(wrapped)
        match = re.search(r'__rc=(\d+)\s*$', out)
        rc = int(match.group(1)) if match else -1
        if match:
            out = out[:match.start()]
        return out.replace('\r\n', '\n'), rc

    # -- commands --

    def op_info(self, _req):
        return {'pid': os.getpid(), 'running': self.net is not None,
                'python': sys.version.split()[0], 'work_dir': self.work_dir}

    def op_start(self, req):
        if self.net is not None:
            raise LabError('a network is already running: send stop first')
        kind = req.get('topo', 'linear')
        params = req.get('params') or {}
        prefix = req.get('prefix', '')
        if prefix and not re.match(r'^[a-z]{1,3}$', prefix):
            raise LabError('prefix must be 1-3 lower-case letters')
        port = req.get('controller_port')
        if not isinstance(port, int) or not 0 < port < 65536:
            raise LabError('controller_port must be a TCP port, got %r' % (port,))
        ip = req.get('controller_ip', '127.0.0.1')
        protocols = req.get('protocols', 'OpenFlow13')
        for proto in protocols.split(','):
            if proto not in PROTOCOLS:
                raise LabError('protocols must be among %s, got %r' % (PROTOCOLS, protocols))
        ipv6 = bool(req.get('ipv6', True))

        topo = build_topo(kind, params, prefix)
        switch_names = sorted(topo.switches())
        host_names = sorted(topo.hosts())
        run(['ovs-vsctl', '--timeout=5', 'show'])  # clear error when OVS is not running
        removed = sweep(switch_names, host_names)
        if removed:
            log('removed leftovers of an earlier run: %s' % ', '.join(removed))

        self.names = (switch_names, host_names)
        self.protocols = protocols
        self.roles = dict(topo.roles)
        switch = partial(OVSSwitch, datapath='user', protocols=protocols, failMode='secure',
                         reconnectms=1000)
        net = Mininet(topo=topo, switch=switch, host=Host, link=Link, controller=None,
                      build=False, autoSetMacs=True, autoStaticArp=False, waitConnected=False,
                      listenPort=None, ipBase=req.get('ip_base', '10.0.0.0/8'))
        self.net = net  # set first so that stop_network() can undo a half-built network
        try:
            net.addController(QuietRemoteController('c0', ip=ip, port=port))
            net.build()
            net.start()
            for host in net.hosts:
                for intf in host.intfList():
                    out, rc = self.node_cmd(host, 'ethtool -K %s tx off' % intf.name, 10)
                    if rc != 0:
                        raise LabError('ethtool -K %s tx off in %s: %s' % (intf, host, out))
                if not ipv6:
                    self.node_cmd(host, 'sysctl -qw net.ipv6.conf.all.disable_ipv6=1', 5)
        except BaseException:
            log('start failed: stopping the half-built network')
            self.stop_network()
            raise
        return {'switches': self.switches_info(), 'hosts': self.hosts_info(),
                'links': self.links_info(), 'removed_leftovers': removed}

    def switches_info(self):
        result = []
        for sw in self.net.switches:
            ports = []
            for intf in sw.intfList():
                port = sw.ports[intf]
                if port == 0 and intf.name == 'lo':
                    continue
                peer = intf.link and (intf.link.intf2 if intf.link.intf1 is intf
                                      else intf.link.intf1)
                ports.append({'port': port, 'intf': intf.name, 'mac': intf.MAC(),
                              'peer': peer.node.name if peer else None,
                              'peer_port': peer.node.ports[peer] if peer else None})
            result.append({'name': sw.name, 'dpid': sw.dpid, 'role': self.roles.get(sw.name),
                           'protocols': self.protocols, 'ports': ports})
        return result

    def hosts_info(self):
        result = []
        for host in self.net.hosts:
            intf = host.defaultIntf()
            peer = None
            if intf is not None and intf.link:
                peer = intf.link.intf2 if intf.link.intf1 is intf else intf.link.intf1
            result.append({'name': host.name, 'ip': host.IP(), 'mac': host.MAC(),
                           'intf': intf.name if intf else None,
                           'switch': peer.node.name if peer else None,
                           'dpid': getattr(peer.node, 'dpid', None) if peer else None,
                           'switch_port': peer.node.ports[peer] if peer else None})
        return result

    def links_info(self):
        result = []
        for link in self.net.links:
            a, b = link.intf1, link.intf2
            kind = 'switch' if (isinstance(a.node, OVSSwitch)
                                and isinstance(b.node, OVSSwitch)) else 'host'
            result.append({'a': a.node.name, 'a_intf': a.name, 'a_port': a.node.ports[a],
                           'b': b.node.name, 'b_intf': b.name, 'b_port': b.node.ports[b],
                           'kind': kind})
        return result

    def op_hosts(self, _req):
        self.need_net()
        return self.hosts_info()

    def op_switches(self, _req):
        self.need_net()
        return self.switches_info()

    def op_links(self, _req):
        self.need_net()
        return self.links_info()

    def op_ping(self, req):
        src = self.node(req['src'])
        dst_ip = self.ip_of(req['dst'])
        count = int(req.get('count', 1))
        wait = float(req.get('timeout', 1))
        interval = float(req.get('interval', 0.2))
        limit = count * interval + wait + 3
        out, _rc = self.node_cmd(
            src, 'ping -n -c %d -i %s -W %s %s' % (count, interval, _secs(wait), dst_ip), limit)
        result = parse_ping(out)
        result.update({'src': src.name, 'dst': req['dst'], 'dst_ip': dst_ip})
        return result

    def op_pingall(self, req):
        self.need_net()
        wait = float(req.get('timeout', 1))
        names = req.get('hosts') or [h.name for h in self.net.hosts]
        hosts = [self.node(n) for n in names]
        pairs, failures, sent, received = [], [], 0, 0
        for src in hosts:
            for dst in hosts:
                if src is dst:
                    continue
                out, _rc = self.node_cmd(
                    src, 'ping -n -c 1 -W %s %s' % (_secs(wait), dst.IP()), wait + 3)
                stats = parse_ping(out)
                ok = stats['received'] > 0
                sent += 1
                received += 1 if ok else 0
                pairs.append({'src': src.name, 'dst': dst.name, 'ok': ok})
                if not ok:
                    failures.append('%s->%s' % (src.name, dst.name))
        loss = 0.0 if sent == 0 else round(100.0 * (sent - received) / sent, 2)
        return {'sent': sent, 'received': received, 'loss_percent': loss,
                'failures': failures, 'pairs': pairs}

    def op_cmd(self, req):
        node = self.node(req['node'])
        timeout = float(req.get('timeout', 10))
        out, rc = self.node_cmd(node, req['cmd'], timeout)
        return {'output': out, 'rc': rc, 'timed_out': rc in (124, 137)}

    def op_bg_start(self, req):
        node = self.node(req['node'])
        self.bg_counter += 1
        bg_id = req.get('name') or 'bg%d' % self.bg_counter
        if bg_id in self.bg and self.bg[bg_id]['proc'].poll() is None:
            raise LabError('background command %r is still running' % bg_id)
        path = os.path.join(self.work_dir, 'bg-%d-%s.out' % (os.getpid(), bg_id))
        out = open(path, 'wb')
        env = dict(os.environ, **{OWNER_ENV: str(os.getpid())})
        proc = subprocess.Popen(['mnexec', '-a', str(node.pid), 'sh', '-c', req['cmd']],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                preexec_fn=_pdeathsig, close_fds=True, env=env)
        out.close()
        self.bg[bg_id] = {'proc': proc, 'path': path, 'node': node.name, 'cmd': req['cmd']}
        return {'name': bg_id, 'pid': proc.pid, 'output_file': path}

    def bg_entry(self, req):
        bg_id = req.get('name')
        if bg_id not in self.bg:
            raise LabError('no background command %r' % bg_id)
        return bg_id, self.bg[bg_id]

    def bg_result(self, bg_id, entry):
        with open(entry['path'], 'rb') as f:
            output = f.read().decode('utf-8', 'replace')
        rc = entry['proc'].poll()
        result = {'name': bg_id, 'running': rc is None, 'rc': rc, 'output': output}
        if 'packets transmitted' in output:
            result['ping'] = parse_ping(output)
        return result

    def op_bg_status(self, req):
        return self.bg_result(*self.bg_entry(req))

    def op_bg_wait(self, req):
        bg_id, entry = self.bg_entry(req)
        try:
            entry['proc'].wait(timeout=float(req.get('timeout', 10)))
        except subprocess.TimeoutExpired:
            pass
        return self.bg_result(bg_id, entry)

    def op_bg_stop(self, req):
        bg_id, entry = self.bg_entry(req)
        sig = getattr(signal, 'SIG' + req.get('signal', 'TERM').upper())
        stop_process(entry['proc'], sig, float(req.get('timeout', 5)))
        return self.bg_result(bg_id, entry)

    def op_link(self, req):
        a, b = self.node(req['a']), self.node(req['b'])
        state = req.get('state')
        if state not in ('up', 'down'):
            raise LabError('state must be up or down')
        connections = a.connectionsTo(b)
        if not connections:
            raise LabError('%s and %s are not linked' % (a, b))
        changed = []
        for ia, ib in connections:
            for intf in (ia, ib):
                out = intf.ifconfig(state)
                if out.strip():
                    raise LabError('ifconfig %s %s: %s' % (intf, state, out.strip()))
                changed.append(intf.name)
        return {'intfs': changed, 'state': state}

    def op_move_host(self, req):
        """Moves a host to another switch: its link is deleted and a new one made to the new
        switch, keeping the host's MAC and IP (a VM migrating between hypervisors)."""
        self.need_net()
        host, switch = self.node(req['host']), self.node(req['switch'])
        if not isinstance(switch, OVSSwitch) or isinstance(host, OVSSwitch):
            raise LabError('move_host takes a host and a switch')
        ip, mac = host.IP(), host.MAC()
        prefix_len = host.defaultIntf().prefixLen if host.defaultIntf() else 8
        for old in list(host.intfList()):
            if old.link:
                old_peer = old.link.intf2 if old.link.intf1 is old else old.link.intf1
                if isinstance(old_peer.node, OVSSwitch):
                    old_peer.node.detach(old_peer)
                self.net.delLink(old.link)
        link = self.net.addLink(host, switch)
        intf = link.intf1 if link.intf1.node is host else link.intf2
        peer = link.intf2 if intf is link.intf1 else link.intf1
        switch.attach(peer)
        host.setMAC(mac, intf=intf)
        host.setIP(ip, prefixLen=prefix_len, intf=intf)
        host.cmd('ethtool -K %s tx off' % intf.name)
        return {'host': host.name, 'switch': switch.name, 'switch_port': switch.ports[peer],
                'intf': intf.name, 'ip': ip, 'mac': mac}

    def op_switch_controller(self, req):
        sw = self.node(req['switch'])
        action = req.get('action')
        if action == 'del':
            run(['ovs-vsctl', '--timeout=10', 'del-controller', sw.name])
            return {'switch': sw.name, 'controller': None}
        if action == 'set':
            target = 'tcp:%s:%d' % (req.get('ip', '127.0.0.1'), int(req['port']))
            run(['ovs-vsctl', '--timeout=10', '--', '--id=@c', 'create', 'Controller',
                 'target="%s"' % target, 'max_backoff=1000', '--', 'set', 'bridge', sw.name,
                 'controller=[@c]'])
            return {'switch': sw.name, 'controller': target}
        raise LabError('action must be del or set')

    def op_dump_flows(self, req):
        sw = self.node(req['switch'])
        args = ['ovs-ofctl', '-O', req.get('protocols', self.protocols), '--no-names',
                'dump-flows', sw.name]
        if req.get('table') is not None:
            args.append('table=%d' % int(req['table']))
        out = run(args, timeout=10)
        return [parse_flow(line) for line in out.splitlines()
                if line.strip() and 'NXST_FLOW' not in line and 'OFPST_FLOW' not in line]

    def op_ofctl(self, req):
        sw = self.node(req['switch'])
        args = req.get('args') or []
        if not args or not all(isinstance(a, str) for a in args):
            raise LabError('args must be a non-empty list of strings, e.g. ["dump-groups"]')
        out = run(['ovs-ofctl', '-O', req.get('protocols', self.protocols), '--no-names',
                   args[0], sw.name] + args[1:], timeout=10)
        return {'lines': out.splitlines()}

    def op_ovs_connected(self, _req):
        """OVSDB's view (lags the real connection by seconds; for manual runs)."""
        self.need_net()
        result = {}
        for sw in self.net.switches:
            uuids = run(['ovs-vsctl', '--timeout=5', 'get', 'Bridge', sw.name, 'controller'],
                        check=False).strip().strip('[]')
            connected = False
            for uuid in filter(None, (u.strip() for u in uuids.split(','))):
                value = run(['ovs-vsctl', '--timeout=5', 'get', 'Controller', uuid,
                             'is_connected'], check=False)
                connected = connected or value.strip() == 'true'
            result[sw.name] = connected
        return result

    def op_stop(self, _req):
        return self.stop_network()

    def stop_network(self):
        stopped_bg = []
        for bg_id, entry in list(self.bg.items()):
            if entry['proc'].poll() is None:
                stop_process(entry['proc'], signal.SIGTERM, 3)
                stopped_bg.append(bg_id)
        self.bg.clear()
        strays = reap_background(only_owner=os.getpid())
        if strays:
            log('killed processes left by background commands: %s' % strays)
        if self.net is None:
            return {'stopped': False, 'background_stopped': stopped_bg}
        try:
            self.net.stop()
        except Exception:  # noqa: BLE001 - the sweep below still runs
            log('net.stop() failed:\n' + traceback.format_exc())
        self.net = None
        leftovers = sweep(*self.names)
        if leftovers:
            log('swept after net.stop(): %s' % ', '.join(leftovers))
        return {'stopped': True, 'background_stopped': stopped_bg, 'swept': leftovers}

    def emergency_sweep(self):
        """Last resort when net.stop() hangs: only subprocesses, no Mininet node shells."""
        for entry in self.bg.values():
            try:
                os.killpg(entry['proc'].pid, signal.SIGKILL)
            except OSError:
                pass
        reap_background(only_owner=os.getpid())
        if self.net is not None:
            for node in self.net.hosts + self.net.switches + self.net.controllers:
                try:
                    if node.shell and node.shell.poll() is None:
                        os.killpg(node.shell.pid, signal.SIGKILL)
                except (OSError, AttributeError):
                    pass
        sweep(*self.names)


def _secs(value):
    value = float(value)
    return str(int(value)) if value == int(value) else '%.3f' % value


def stop_process(proc, sig, timeout):
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except OSError:
        proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        proc.wait(timeout=5)


def parse_ping(output):
    sent = received = 0
    match = re.search(r'(\d+) packets transmitted, (\d+) (?:packets )?received', output)
    if match:
        sent, received = int(match.group(1)), int(match.group(2))
    rtts = [float(x) for x in re.findall(r'time=([\d.]+) ms', output)]
    return {'sent': sent, 'received': received, 'rtts': rtts}


def parse_flow(line):
    """One dump-flows line -> dict; the match keeps ovs-ofctl's own text, in its order."""
    line = line.strip()
    head, _sep, actions = line.partition(' actions=')
    fields, match = {}, []
    for token in (t.strip() for t in head.split(',')):
        if not token:
            continue
        key, eq, value = token.partition('=')
        if eq and key in STAT_KEYS:
            fields[key] = value
        elif not eq and token in FLAG_WORDS:
            fields[token] = True
        else:
            match.append(token)
    return {
        'table': int(fields.get('table', 0)),
        'priority': int(fields.get('priority', 32768)),
        'cookie': fields.get('cookie', '0x0'),
        'match': ','.join(match),
        'actions': actions,
        'n_packets': int(fields.get('n_packets', 0)),
        'n_bytes': int(fields.get('n_bytes', 0)),
        'idle_timeout': int(fields.get('idle_timeout', 0)),
        'hard_timeout': int(fields.get('hard_timeout', 0)),
        'raw': line,
    }


# --- main loop --------------------------------------------------------------------------------

DEFAULT_LIMITS = {'start': 120, 'stop': 60, 'pingall': 300}


def reply(obj):
    _PROTO.write(json.dumps(obj, separators=(',', ':')) + '\n')
    _PROTO.flush()


def _on_alarm(_signum, _frame):
    raise CommandTimeout()


def _on_term(signum, _frame):
    raise SystemExit(128 + signum)


def children_of(pid):
    kids = []
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open('/proc/%s/stat' % entry) as f:
                    stat = f.read()
            except OSError:
                continue
            # the command name may contain spaces: the fields after it follow the last ')'
            if int(stat.rsplit(')', 1)[1].split()[1]) == pid:
                kids.append(int(entry))
    return kids


def recover_shells(driver):
    """After a command overran inside a node shell, kill what the shell is running (Ctrl-C does
    not reach it: the pty is not its controlling terminal) so that the node can be used again."""
    if driver.net is None:
        return
    for node in driver.net.hosts + driver.net.switches:
        if getattr(node, 'waiting', False) and node.shell:
            for kid in children_of(node.shell.pid):
                try:
                    if os.getpgid(kid) == kid:
                        os.killpg(kid, signal.SIGKILL)  # coreutils timeout leads its own group
                    else:
                        os.kill(kid, signal.SIGKILL)
                except OSError:
                    pass
            try:
                signal.setitimer(signal.ITIMER_REAL, 5)
                node.waitOutput()
            except CommandTimeout:
                log('%s is stuck after an interrupted command' % node.name)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)


def handle(driver, req):
    op = req.get('op')
    method = getattr(driver, 'op_%s' % op, None) if isinstance(op, str) else None
    if method is None:
        raise LabError('unknown op %r' % (op,))
    return method(req)


def serve(driver):
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        started = time.monotonic()
        req_id = req = None
        limit = 0
        try:
            req = json.loads(line)
            if not isinstance(req, dict):
                raise LabError('a request is a JSON object')
            req_id = req.get('id')
            limit = float(req.get('limit', DEFAULT_LIMITS.get(req.get('op'), 60)))
            log('-> %s' % line[:300])
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                result = handle(driver, req)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            response = {'id': req_id, 'ok': True, 'result': result}
        except CommandTimeout:
            recover_shells(driver)
            response = {'id': req_id, 'ok': False,
                        'error': 'command overran its limit of %ss' % limit}
        except (LabError, KeyError, ValueError, TypeError) as e:
            detail = 'missing argument %s' % e if isinstance(e, KeyError) else str(e)
            log('error: %s' % detail)
            if isinstance(e, (KeyError, TypeError)):
                log(traceback.format_exc())
            response = {'id': req_id, 'ok': False, 'error': detail}
        except Exception as e:  # noqa: BLE001 - every failure becomes one reply
            log(traceback.format_exc())
            response = {'id': req_id, 'ok': False, 'error': '%s: %s' % (type(e).__name__, e)}
        response['elapsed_ms'] = int((time.monotonic() - started) * 1000)
        log('<- %s %s %dms' % (req.get('op') if isinstance(req, dict) else '?',
                                'ok' if response['ok'] else 'FAILED', response['elapsed_ms']))
        reply(response)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--work-dir', default='/tmp/skylane-lab')
    parser.add_argument('--log-level', default='info')
    parser.add_argument('--log-file', help='append logs here instead of stderr (they then survive '
                        'the death of whoever reads stderr)')
    args = parser.parse_args()
    if args.log_file:
        fd = os.open(args.log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 2)
        os.dup2(fd, 1)
        os.close(fd)
    if os.geteuid() != 0:
        reply({'id': None, 'ok': False, 'error': 'skylane_lab.py must run as root'})
        return 2
    os.makedirs(args.work_dir, exist_ok=True)
    setLogLevel(args.log_level)
    orphans = reap_background()
    if orphans:
        log('killed background processes of an earlier driver that was killed: %s' % orphans)
    driver = Driver(args.work_dir)
    signal.signal(signal.SIGALRM, _on_alarm)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _on_term)
    code = 0
    try:
        reply({'id': None, 'ok': True, 'result': {'ready': True, 'pid': os.getpid()}})
        serve(driver)
        log('stdin closed')
    except SystemExit as e:
        log('signal: exiting (%s)' % e.code)
        code = e.code if isinstance(e.code, int) else 1
    except BaseException:  # noqa: BLE001
        log(traceback.format_exc())
        code = 1
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        signal.setitimer(signal.ITIMER_REAL, 0)
        watchdog = threading.Timer(45, _give_up, args=(driver,))
        watchdog.daemon = True
        watchdog.start()
        try:
            driver.stop_network()
        except BaseException:  # noqa: BLE001
            log('clean-up failed:\n' + traceback.format_exc())
            driver.emergency_sweep()
        watchdog.cancel()
    return code


def _give_up(driver):
    log('clean-up overran 45s: emergency sweep')
    try:
        driver.emergency_sweep()
    finally:
        os._exit(3)


if __name__ == '__main__':
    sys.exit(main())
