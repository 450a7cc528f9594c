#!/usr/bin/python3
"""Stand-in for the controller's 'no member up' answer. Reads `ovs-ofctl -m monitor BRIDGE` output on
stdin; for each packet-in of a TCP SYN (UDP datagram) to the VIP it sends a TCP RST+ACK (ICMP port
unreachable) from the VIP back, as a PACKET_OUT with in_port=CONTROLLER and output:TABLE (so the
answer enters the tenant tables at table 0 -> 6 deliver -> 7/8 the client's ingress ACL -> 9).
usage: ovs-ofctl -O OpenFlow13 -m monitor BR 65534 | refuse.py BR ROUTER_MAC"""
import struct, subprocess, sys
br, rmac = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", ""))
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return (~s) & 0xffff
def ip4(src, dst, proto, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0, src, dst)
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload
def answer(frame):
    eth_src = frame[6:12]; ip = frame[14:]; ihl = (ip[0] & 15) * 4; proto = ip[9]; src, dst = ip[12:16], ip[16:20]
    l4 = ip[ihl:]
    if proto == 6:
        sp, dp, seq = struct.unpack("!HHI", l4[:8]); flags = l4[13]
        if not flags & 0x02: return None                        # only SYNs get a RST here
        tcp = struct.pack("!HHIIBBHHH", dp, sp, 0, (seq + 1) & 0xffffffff, 5 << 4, 0x14, 0, 0, 0)
        ph = struct.pack("!4s4sBBH", dst, src, 0, 6, len(tcp))
        tcp = tcp[:16] + struct.pack("!H", csum(ph + tcp)) + tcp[18:]
        pkt = ip4(dst, src, 6, tcp); what = "TCP RST"
    elif proto == 17:
        icmp = struct.pack("!BBHI", 3, 3, 0, 0) + ip[:ihl + 8]
        icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
        pkt = ip4(dst, src, 1, icmp); what = "ICMP port unreachable"
    else:
        return None
    return eth_src + rmac + b"\x08\x00" + pkt, what
import re
hexbuf, want = b"", 0
for line in sys.stdin:
    m = re.match(r"(NXT_PACKET_IN2?|OFPT_PACKET_IN).* total_len=(\d+)", line)
    if m:
        hexbuf, want = b"", int(m.group(2)); continue
    if want and re.match(r"[0-9a-f]{8}  ", line):
        hexbuf += bytes.fromhex(line[10:59].replace("-", " ").replace(" ", ""))
    if want and len(hexbuf) >= want:
        want = 0; r = answer(hexbuf[:len(hexbuf)])
        if r:
            pkt, what = r
            subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "packet-out", br,
                            "in_port=controller packet=%s actions=output:table" % pkt.hex()], check=False)
            print("answered with", what, flush=True)
