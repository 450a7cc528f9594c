#!/usr/bin/python3
"""Stand-in for the controller's TCP health monitor: PACKET_OUT a SYN from VIP:<probe port> to the
member at the member's switch (in_port=CONTROLLER, output:TABLE -> table 0 rule -> 6 deliver -> member's
ingress ACL -> member), read the answer from packet-ins (SYN/ACK: up; RST: down; nothing: down), then
RST the member's half-open connection.
usage: probe.py BRIDGE ROUTER_MAC VIP MEMBER_IP MEMBER_PORT PROBE_SPORT"""
import re, select, struct, subprocess, sys, time
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from importlib.machinery import SourceFileLoader
br, rmac, vip, mip, mport, sport = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return (~s) & 0xffff
def tcp_pkt(src, dst, sp, dp, seq, ack, flags):
    s4, d4 = bytes(map(int, src.split("."))), bytes(map(int, dst.split(".")))
    tcp = struct.pack("!HHIIBBHHH", sp, dp, seq, ack, 5 << 4, flags, 64240, 0, 0)
    tcp = tcp[:16] + struct.pack("!H", csum(struct.pack("!4s4sBBH", s4, d4, 0, 6, len(tcp)) + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 0, 0x4000, 64, 6, 0, s4, d4)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    m = bytes.fromhex(rmac.replace(":", ""))
    return (b"\xff" * 6 if False else m) + m + b"\x08\x00" + ip + tcp      # eth_dst is rewritten by table 6
def out(pkt):
    subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "packet-out", br,
                    "in_port=controller packet=%s actions=output:table" % pkt.hex()], check=True)
mon = subprocess.Popen(["ovs-ofctl", "-O", "OpenFlow13", "-m", "monitor", br, "65534"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
time.sleep(1.5)   # let the monitor connection settle (a real controller is always connected)
isn = 0x12345678
t0 = time.time(); out(tcp_pkt(vip, mip, sport, mport, isn, 0, 0x02))
result, deadline = "down (no answer)", time.time() + 2
while time.time() < deadline:
    r, _, _ = select.select([mon.stdout], [], [], 0.2)
    if not r: continue
    line = mon.stdout.readline()
    m = re.search(r"table_id=(\d+).*", line) if "PACKET_IN" in line else None
    if m: hdr = line.strip()
    if line.startswith("tcp,") and "nw_src=%s," % mip in line and "tp_dst=%d," % sport in line:
        flags = re.search(r"tcp_flags=(\S+)", line).group(1)
        ms = (time.time() - t0) * 1000
        result = ("up (%s in %.1f ms)" % (flags, ms)) if "syn" in flags and "ack" in flags else "down (%s)" % flags
        print("packet-in:", hdr[:160]); print("           ", line.strip()[:200])
        if "syn" in flags:   # abort the member's half-open connection: RST with seq = our ISN + 1
            out(tcp_pkt(vip, mip, sport, mport, isn + 1, 0, 0x04))
        break
mon.terminate()
print("probe %s:%d from %s:%d -> %s" % (mip, mport, vip, sport, result))
