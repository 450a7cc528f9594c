#!/usr/bin/python3
"""The load balancer's Mininet measurements (docs/benchmarks.md, "Load balancer in Mininet").

Run by lb-bench.sh, which starts the controller; as root, under /usr/bin/python3 (Mininet's API):

    lb_bench.py API_URL OPENFLOW_PORT OUT_DIR [--seconds S] [--workers W] [--rounds R] [--failovers F]

Two switches (lbb1 - lbb2, fabric ports 10), a client lbc1 on lbb1, members lbm1..lbm3 on lbb2,
all in one tenant's VPC (10.30.0.0/24), created through the REST API; a load balancer (VIP
10.30.0.100, TCP listener 80, SOURCE_IP_PORT pool, members :8080, TCP monitor delay 1, timeout 1,
max_retries 2, max_retries_down 2). Then:
  rate:     new connections per second (lbb_client.py, W processes, S seconds) to the VIP, and without
            a VIP to lbm1 alone and to lbm1..3 in turn, R rounds interleaved; plus each server on its
            own loopback (client in the member's host) to show the server's capacity;
  failover: a client on the VIP while lbm2's server is killed; tcpdump on lbm2 times the last
            client SYN that reaches it; F times.
Every output goes to OUT_DIR; the summary to stdout (and OUT_DIR/summary.txt).
The admin token comes from SKYLANE_ADMIN_TOKEN.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from functools import partial

sys.dont_write_bytecode = True

from mininet.log import setLogLevel  # noqa: E402
from mininet.net import Mininet  # noqa: E402
from mininet.node import OVSSwitch, RemoteController  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SWITCHES = {"lbb1": "0000000000000b01", "lbb2": "0000000000000b02"}
HOSTS = {  # name: (address, MAC, switch, switch port)
    "lbc1": ("10.30.0.11", "02:00:00:30:00:11", "lbb1", 1),
    "lbm1": ("10.30.0.21", "02:00:00:30:00:21", "lbb2", 1),
    "lbm2": ("10.30.0.22", "02:00:00:30:00:22", "lbb2", 2),
    "lbm3": ("10.30.0.23", "02:00:00:30:00:23", "lbb2", 3),
}
MEMBERS = ["lbm1", "lbm2", "lbm3"]
VIP = "10.30.0.100"
MEMBER_PORT = 8080
# The client's source ports per kind of connection, so that no 5-tuple of a VIP connection is reused
# by a direct one (see direct_check): through the VIP, directly, the direct checks before the LB.
VIP_SPORTS, DIRECT_SPORTS, BEFORE_SPORTS = "10000-29999", "30000-49999", "50000-51999"
DIRECT_PORT = 8081  # the same servers, a port no load-balancer rule matches (see direct_check)
DELAY, TIMEOUT, RETRIES, RETRIES_DOWN = 1, 1, 2, 2

summary_lines = []


def say(msg):
    line = "[lb-bench %s] %s" % (time.strftime("%H:%M:%S"), msg)
    print(line, flush=True)
    summary_lines.append(line)


class QuietRemoteController(RemoteController):
    def checkListening(self):  # its telnet probe would be an unexpected client of the controller
        pass


class Rest:
    def __init__(self, url, token):
        self.url, self.token = url.rstrip("/"), token

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + self.token,
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise RuntimeError("%s %s: %d %s" % (method, path, e.code, e.read().decode()))

    def post(self, path, body):
        return self.call("POST", path, body)

    def get(self, path):
        return self.call("GET", path)


def wait(what, predicate, timeout=60, every=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = predicate()
        if v:
            return v
        time.sleep(every)
    raise RuntimeError("timed out waiting for " + what)


def count(answer, key):
    """Items in a list answer (a bare list or an envelope)."""
    return len(answer) if isinstance(answer, list) else len(answer.get(key, []))


def sweep():
    """Remove leftovers of a killed earlier run that carry this script's names (nothing else)."""
    subprocess.run(["ovs-vsctl", "--timeout=10"] + sum([["--", "--if-exists", "del-br", b] for b in SWITCHES], []),
                   check=False)
    out = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        name = line.split(":", 2)[1].strip().split("@")[0]
        if name.split("-eth")[0] in list(SWITCHES) + list(HOSTS):
            subprocess.run(["ip", "link", "del", name], check=False)


def cpu_seconds(pid):
    """User + system CPU of a process so far, in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pid_of(name):
    out = subprocess.run(["pidof", name], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else None


class Bench:
    def __init__(self, args):
        self.args = args
        self.out = args.out_dir
        self.rest = Rest(args.api_url, os.environ["SKYLANE_ADMIN_TOKEN"])
        self.net = None
        self.servers = {}
        self.ids = {}

    # --- set-up ---

    def start_network(self):
        sweep()
        net = Mininet(topo=None, switch=partial(OVSSwitch, datapath="user", protocols="OpenFlow13"),
                      controller=None, autoSetMacs=False, waitConnected=False, build=False)
        for name, dpid in SWITCHES.items():
            net.addSwitch(name, dpid=dpid)
        for name, (ip, mac, sw, port) in HOSTS.items():
            h = net.addHost(name, ip=ip + "/24", mac=mac)
            net.addLink(h, net.get(sw), port2=port)
        net.addLink(net.get("lbb1"), net.get("lbb2"), port1=10, port2=10)
        net.addController(QuietRemoteController("c0", ip="127.0.0.1", port=self.args.openflow_port))
        self.net = net
        net.build()
        net.start()
        for h in net.hosts:
            for intf in h.intfNames():
                h.cmd("ethtool -K %s tx off" % intf)
            h.cmd("sysctl -qw net.ipv4.ip_local_port_range='10000 60999' net.core.somaxconn=4096 "
                  "net.ipv4.tcp_max_syn_backlog=4096")
        wait("2 switches in /v1/devices", lambda: count(self.rest.get("/v1/devices"), "devices") >= 2)
        wait("the fabric link in /v1/links", lambda: count(self.rest.get("/v1/links"), "links") >= 2)
        say("network up: 2 switches connected, fabric link discovered")

    def create_intent(self):
        t = self.rest.post("/v1/tenants", {"tenant": {"name": "lbbench"}})["tenant"]["id"]
        vpc = self.rest.post("/v1/vpcs", {"vpc": {"tenant_id": t}})["vpc"]["id"]
        subnet = self.rest.post("/v1/subnets", {"subnet": {"tenant_id": t, "vpc_id": vpc,
                                                           "cidr": "10.30.0.0/24"}})["subnet"]["id"]
        for name, (ip, mac, sw, port) in HOSTS.items():
            self.rest.post("/v1/ports", {"port": {
                "tenant_id": t, "vpc_id": vpc, "mac_address": mac,
                "fixed_ips": [{"subnet_id": subnet, "ip_address": ip}],
                "binding": {"dpid": SWITCHES[sw], "port": port}}})
        wait("4 ports ACTIVE", lambda: all(p["status"] == "ACTIVE" for p in self.rest.get("/v1/ports")["ports"]))
        self.tenant, self.subnet = t, subnet
        say("tenant, VPC, 4 ports created and ACTIVE")

    def create_lb(self):
        t, subnet = self.tenant, self.subnet
        lb = self.rest.post("/v1/load-balancers", {"load_balancer": {
            "tenant_id": t, "vip_subnet_id": subnet, "vip_address": VIP}})["load_balancer"]["id"]
        listener = self.rest.post("/v1/listeners", {"listener": {
            "tenant_id": t, "loadbalancer_id": lb, "protocol": "TCP", "protocol_port": 80}})["listener"]["id"]
        pool = self.rest.post("/v1/pools", {"pool": {
            "tenant_id": t, "listener_id": listener, "protocol": "TCP",
            "lb_algorithm": "SOURCE_IP_PORT"}})["pool"]["id"]
        for name in MEMBERS:
            m = self.rest.post("/v1/pools/%s/members" % pool, {"member": {
                "tenant_id": t, "address": HOSTS[name][0], "protocol_port": MEMBER_PORT}})["member"]
            self.ids[name] = m["id"]
        self.rest.post("/v1/health-monitors", {"healthmonitor": {
            "tenant_id": t, "pool_id": pool, "type": "TCP", "delay": DELAY, "timeout": TIMEOUT,
            "max_retries": RETRIES, "max_retries_down": RETRIES_DOWN}})
        self.lb, self.pool = lb, pool
        say("load balancer %s (VIP %s:80), listener, pool, 3 members, TCP monitor created"
            % (lb, VIP))

    def member_status(self, name):
        return self.rest.get("/v1/pools/%s/members/%s" % (self.pool, self.ids[name]))["member"]["operating_status"]

    def start_server(self, name):
        h = self.net.get(name)
        path = os.path.join(self.out, "server-%s.log" % name)
        log = open(path, "a")
        offset = log.tell()
        p = h.popen([sys.executable, os.path.join(HERE, "lbb_server.py"), name, str(MEMBER_PORT), str(DIRECT_PORT)],
                    stdout=log, stderr=subprocess.STDOUT)
        self.servers[name] = p

        def listening():
            with open(path) as f:
                f.seek(offset)
                return "listening" in f.read() or p.poll() is not None
        wait(name + "'s server listening", listening)
        if p.poll() is not None:
            raise RuntimeError(name + "'s server exited")

    def stop_servers(self):
        for p in self.servers.values():
            if p.poll() is None:
                p.kill()
                p.wait()

    def client(self, host, tag, seconds, workers, timeout, targets, sports="", pace=0):
        """Runs lbb_client.py in the host (source ports from `sports`, "A-B", if given; at most `pace`
        connections per second per worker if given); returns (summary dict, lines path)."""
        path = os.path.join(self.out, "conns-%s.txt" % tag)
        out = self.net.get(host).cmd("LBB_PACE=%s %s %s %s %s %d %s %s %s" % (
            pace, sys.executable, os.path.join(HERE, "lbb_client.py"), path, seconds, workers, timeout, sports,
            " ".join(targets)))
        words = out.split()
        if not words or words[0] != "ok":
            raise RuntimeError("client %s: %s" % (tag, out))
        return {"ok": int(words[1]), "fail": int(words[3]), "rate": float(words[7])}, path

    # --- measurements ---

    def check_vip(self):
        wait("every member ONLINE", lambda: all(self.member_status(m) == "ONLINE" for m in MEMBERS), timeout=30)
        wait("the load balancer ACTIVE", lambda: self.rest.get("/v1/load-balancers/" + self.lb)["load_balancer"][
            "provisioning_status"] == "ACTIVE", timeout=30)
        r, path = self.client("lbc1", "check", 2, 1, 2, ["%s:80" % VIP], VIP_SPORTS, pace=100)
        seen = {}
        for line in open(path):
            a = line.split()[2]
            seen[a] = seen.get(a, 0) + 1
        say("VIP check: %d connections in 2 s (100/s), answers %s" % (r["ok"] + r["fail"], seen))
        if r["fail"] or set(seen) != set(MEMBERS):
            raise RuntimeError("the VIP does not reach every member: %s" % seen)

    def direct_check(self, when):
        """Connections from the client to lbm1's server directly; the switches' flows with counters after."""
        tag = "direct-check-" + when.split()[0]
        cap_path = os.path.join(self.out, "synack-%s.txt" % tag)
        cap = self.net.get("lbc1").popen(["tcpdump", "-tt", "-n", "-l", "-i", "lbc1-eth0",
                                          "tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack)"],
                                         stdout=open(cap_path, "w"), stderr=subprocess.DEVNULL)
        time.sleep(1)
        # before the LB: ports no connection used; with it: the ports the VIP check just used
        sports = BEFORE_SPORTS if when.startswith("before") else VIP_SPORTS
        r, path = self.client("lbc1", tag, 2, 1, 1, ["%s:%d" % (HOSTS["lbm1"][0], MEMBER_PORT)], sports, pace=100)
        time.sleep(0.3)
        cap.send_signal(signal.SIGINT)
        cap.wait()
        from_vip = [l for l in open(cap_path) if " %s.80 > " % VIP in l]
        say("direct check %s (client -> lbm1:%d, the pool's port): %d answered, %d failed in 2 s; "
            "SYN/ACKs the client got from the VIP meanwhile: %d" % (when, MEMBER_PORT, r["ok"], r["fail"],
                                                                  len(from_vip)))
        for sw in SWITCHES:
            with open(os.path.join(self.out, "flows-%s-%s.txt" % (tag, sw)), "w") as f:
                f.write(subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "dump-flows", sw],
                                       capture_output=True, text=True).stdout)

    def rate(self):
        a = self.args
        procs = {m: self.servers[m].pid for m in MEMBERS}
        ovs = pid_of("ovs-vswitchd")
        java = self.args.controller_pid
        modes = [
            ("vip", "lbc1", ["%s:80" % VIP], VIP_SPORTS),
            ("direct-lbm1", "lbc1", ["%s:%d" % (HOSTS["lbm1"][0], DIRECT_PORT)], DIRECT_SPORTS),
            ("direct-3", "lbc1", ["%s:%d" % (HOSTS[m][0], DIRECT_PORT) for m in MEMBERS], DIRECT_SPORTS),
            ("loopback-lbm1", "lbm1", ["127.0.0.1:%d" % DIRECT_PORT], ""),
        ]
        results = {m[0]: [] for m in modes}
        modes = [m for m in modes if m[0] in a.modes.split(",")]
        for r in range(a.rounds):
            for tag, host, targets, sports in modes:
                before = {m: cpu_seconds(p) for m, p in procs.items()}
                ovs0 = cpu_seconds(ovs) if ovs else 0
                java0 = cpu_seconds(java) if java else 0
                t0 = time.time()
                res, _ = self.client(host, "%s-%d" % (tag, r + 1), a.seconds, a.workers, 2, targets, sports)
                wall = time.time() - t0
                server_cpu = {m: (cpu_seconds(p) - before[m]) / a.seconds for m, p in procs.items()}
                res["server_cpu"] = max(server_cpu.values())
                res["ovs_cpu"] = (cpu_seconds(ovs) - ovs0) / wall if ovs else -1
                res["controller_cpu"] = (cpu_seconds(java) - java0) / wall if java else -1
                results[tag].append(res)
                say("rate %-13s round %d: %7.0f conn/s, %d failed; busiest server %.0f%% of a core, "
                    "ovs-vswitchd %.0f%%, controller %.0f%% (%s)" % (
                        tag, r + 1, res["rate"], res["fail"], 100 * res["server_cpu"], 100 * res["ovs_cpu"],
                        100 * res["controller_cpu"], os.getloadavg()[0]))
        for tag, rs in results.items():
            if not rs:
                continue
            rates = sorted(x["rate"] for x in rs)
            say("RATE %-13s median %.0f conn/s (range %.0f-%.0f, %d rounds of %ss, %d workers), failed %d, "
                "busiest server at most %.0f%% of a core" % (
                    tag, statistics.median(rates), rates[0], rates[-1], len(rates), a.seconds, a.workers,
                    sum(x["fail"] for x in rs), 100 * max(x["server_cpu"] for x in rs)))

    def failover(self):
        a = self.args
        victim = "lbm2"
        client_ip = HOSTS["lbc1"][0]
        window = DELAY * RETRIES_DOWN + TIMEOUT
        rows = []
        for n in range(1, a.failovers + 1):
            wait("every member ONLINE", lambda: all(self.member_status(m) == "ONLINE" for m in MEMBERS), timeout=30)
            cap_path = os.path.join(self.out, "syn-%s-%d.txt" % (victim, n))
            cap = self.net.get(victim).popen(
                ["tcpdump", "-tt", "-n", "-l", "-i", victim + "-eth0",
                 "tcp dst port %d and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn" % MEMBER_PORT],
                stdout=open(cap_path, "w"), stderr=subprocess.PIPE, text=True)
            ready = ""
            while "listening" not in ready:  # "listening on ...", after a line about verbosity
                line = cap.stderr.readline()
                if not line:
                    raise RuntimeError("tcpdump: " + ready)
                ready += line
            seconds = 4 + window + 3
            tag = "failover-%d" % n
            client = self.net.get("lbc1").popen(
                [sys.executable, os.path.join(HERE, "lbb_client.py"), os.path.join(self.out, "conns-%s.txt" % tag),
                 str(seconds), str(a.workers), "1", VIP_SPORTS, "%s:80" % VIP], stdout=subprocess.PIPE, text=True,
                env=dict(os.environ, LBB_PACE=str(a.failover_pace)))
            time.sleep(4)
            t_kill = time.time()
            self.servers[victim].kill()
            self.servers[victim].wait()
            went_down = None
            deadline = time.time() + window + 5
            while time.time() < deadline and went_down is None:
                if self.member_status(victim) != "ONLINE":
                    went_down = time.time()
                time.sleep(0.05)
            client_summary = client.communicate()[0].strip()
            time.sleep(0.5)
            cap.send_signal(signal.SIGINT)
            cap.wait()
            syns = []
            probes = []
            for line in open(cap_path):
                w = line.split()
                if len(w) > 3 and w[1] == "IP":
                    (probes if w[2].startswith(VIP + ".") else syns).append(float(w[0]))
            last_syn = max([t for t in syns if t >= t_kill], default=None)
            conns = [l.split() for l in open(os.path.join(self.out, "conns-%s.txt" % tag))]
            end = (last_syn or t_kill) + 0.1
            failed = [c for c in conns if c[2].startswith("FAIL") and t_kill - 0.1 <= float(c[0]) <= end]
            after = [c for c in conns if t_kill <= float(c[0]) <= end]
            others = [c for c in conns if c[2].startswith("FAIL") and not t_kill - 0.1 <= float(c[0]) <= end]
            last_fail_end = max([float(c[1]) for c in failed], default=None)
            row = {"n": n, "last_syn": None if last_syn is None else last_syn - t_kill,
                   "status": None if went_down is None else went_down - t_kill,
                   "failed": len(failed), "after": len(after),
                   "last_fail": None if last_fail_end is None else last_fail_end - t_kill,
                   "probes_after": len([t for t in probes if t >= t_kill]),
                   "kinds": sorted({c[2] for c in failed}),
                   "others": len(others), "other_kinds": sorted({c[2] for c in others})}
            rows.append(row)
            say("failover %d: last client SYN at %s %.3f s after the kill; member not ONLINE in REST after %s s; "
                "%d of %d connections started from the kill to that SYN failed (%s); elsewhere in the %d s run "
                "%d failed (%s); client: %s" % (
                    n, victim, row["last_syn"] if last_syn else -1, "%.2f" % row["status"] if went_down else "?",
                    row["failed"], row["after"], ",".join(row["kinds"]), seconds, row["others"],
                    ",".join(row["other_kinds"]), client_summary))
            self.start_server(victim)
            wait(victim + " ONLINE again", lambda: self.member_status(victim) == "ONLINE", timeout=30)
        ls = sorted(r["last_syn"] for r in rows if r["last_syn"] is not None)
        fs = sorted(r["failed"] for r in rows)
        say("FAILOVER last connection sent to the killed member: median %.2f s after the kill (range %.2f-%.2f, "
            "%d runs); failed connections median %d (range %d-%d); monitor window delay*max_retries_down+timeout "
            "= %d s" % (statistics.median(ls), ls[0], ls[-1], len(ls), statistics.median(fs), fs[0], fs[-1], window))

    def run(self):
        try:
            self.start_network()
            self.create_intent()
            for m in MEMBERS:
                self.start_server(m)
            self.direct_check("before the load balancer")
            self.create_lb()
            self.check_vip()
            self.direct_check("with the load balancer")
            if "rate" in self.args.what:
                self.rate()
            if "failover" in self.args.what:
                self.failover()
        finally:
            self.stop_servers()
            if self.net is not None:
                self.net.stop()
            sweep()
            with open(os.path.join(self.out, "summary.txt"), "a") as f:
                f.write("\n".join(summary_lines) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("api_url")
    p.add_argument("openflow_port", type=int)
    p.add_argument("out_dir")
    p.add_argument("--controller-pid", type=int, default=0)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--failovers", type=int, default=5)
    p.add_argument("--what", default="rate,failover")
    p.add_argument("--failover-pace", type=float, default=100,
                   help="connections per second per worker during the failovers (0: as fast as it can)")
    p.add_argument("--modes", default="vip,direct-lbm1,direct-3,loopback-lbm1")
    p.add_argument("--vip-sports", help="the client's source ports to the VIP (A-B; default %s)" % VIP_SPORTS)
    args = p.parse_args()
    if args.vip_sports:
        globals()["VIP_SPORTS"] = args.vip_sports
    setLogLevel("warning")
    Bench(args).run()


if __name__ == "__main__":
    main()
