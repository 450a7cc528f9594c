#!/usr/bin/python3
"""Talks raw OpenFlow 1.3 with Open vSwitch to produce and check the conntrack golden files.

  ovs_of13.py capture BRIDGE FLOW...  what `ovs-ofctl -O OpenFlow13 add-flow` sends, as hex: one
                                   FLOW_MOD per line (relays ovs-ofctl to the bridge's .mgmt socket)
  ovs_of13.py send BRIDGE HEX...   sends each hex message to the bridge (its .mgmt socket), then a
                                   barrier; prints every reply as hex (an ERROR means it was refused)
  ovs_of13.py dump BRIDGE          a flow stats request for every flow; prints the replies as hex
  ovs_of13.py packet-in BRIDGE N   asks for packet-ins (SET_CONFIG miss_send_len 0xffff), prints the
                                   next N PACKET_INs as hex (send the packets meanwhile)

Decode the hex with `ovs-ofctl ofp-print HEX`. OF_DEBUG=1 traces the relayed messages on stderr.
Only the Python standard library is used; run it with /usr/bin/python3.
"""
import os
import select
import socket
import struct
import subprocess
import sys
import tempfile

OFP13 = 4
HELLO, ECHO_REQUEST, ECHO_REPLY = 0, 2, 3
FLOW_MOD = 14
MULTIPART_REQUEST, BARRIER_REQUEST, BARRIER_REPLY = 18, 20, 21
SET_CONFIG, PACKET_IN = 9, 10


def header(mtype, length, xid):
    return struct.pack("!BBHI", OFP13, mtype, length, xid)


def recv_msg(sock):
    head = b""
    while len(head) < 8:
        chunk = sock.recv(8 - len(head))
        if not chunk:
            return None
        head += chunk
    length = struct.unpack("!H", head[2:4])[0]
    body = b""
    while len(body) < length - 8:
        chunk = sock.recv(length - 8 - len(body))
        if not chunk:
            return None
        body += chunk
    return head + body


def capture(bridge, flows):
    """Relays ovs-ofctl's connection to the bridge and prints the FLOW_MODs passing through."""
    path = os.path.join(tempfile.mkdtemp(prefix="skyct"), "relay.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    for flow in flows:
        proc = subprocess.Popen(["ovs-ofctl", "-O", "OpenFlow13", "--no-names", "add-flow", "unix:" + path, flow])
        client, _ = server.accept()
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        upstream.connect("/var/run/openvswitch/%s.mgmt" % bridge)
        peers = {client: upstream, upstream: client}
        open_ = True
        while open_:
            for s in select.select(list(peers), [], [])[0]:
                m = recv_msg(s)
                if m is None:
                    open_ = False
                    break
                if os.environ.get("OF_DEBUG"):
                    print("client" if s is client else "switch", m[:16].hex(), len(m), file=sys.stderr)
                if s is client and m[1] == FLOW_MOD:
                    print(m.hex())
                peers[s].sendall(m)
        client.close()
        upstream.close()
        proc.wait()
    server.close()
    os.unlink(path)


def connect(bridge):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect("/var/run/openvswitch/%s.mgmt" % bridge)
    sock.sendall(header(HELLO, 8, 1))
    m = recv_msg(sock)
    assert m[1] == HELLO, m.hex()
    return sock


def until_barrier(sock, xid):
    while True:
        m = recv_msg(sock)
        if m[1] == BARRIER_REPLY and struct.unpack("!I", m[4:8])[0] == xid:
            return
        if m[1] == ECHO_REQUEST:
            sock.sendall(header(ECHO_REPLY, len(m), struct.unpack("!I", m[4:8])[0]) + m[8:])
            continue
        print(m.hex())


def send(bridge, messages):
    sock = connect(bridge)
    for h in messages:
        sock.sendall(bytes.fromhex(h))
    sock.sendall(header(BARRIER_REQUEST, 8, 0x7fff))
    until_barrier(sock, 0x7fff)
    sock.close()


def dump(bridge):
    sock = connect(bridge)
    # OFPMP_FLOW, all tables, any port/group, no cookie filter, empty match
    body = struct.pack("!HH4xB3xII4xQQ", 1, 0, 0xff, 0xffffffff, 0xffffffff, 0, 0) + struct.pack("!HH4x", 1, 4)
    sock.sendall(header(MULTIPART_REQUEST, 8 + len(body), 0x10) + body)
    sock.sendall(header(BARRIER_REQUEST, 8, 0x7fff))
    until_barrier(sock, 0x7fff)
    sock.close()


def packet_ins(bridge, count):
    """A service connection gets asynchronous messages only once it has set a miss_send_len."""
    sock = connect(bridge)
    sock.sendall(header(SET_CONFIG, 12, 2) + struct.pack("!HH", 0, 0xffff))
    print("listening", file=sys.stderr, flush=True)
    while count > 0:
        m = recv_msg(sock)
        if m[1] == ECHO_REQUEST:
            sock.sendall(header(ECHO_REPLY, len(m), struct.unpack("!I", m[4:8])[0]) + m[8:])
        elif m[1] == PACKET_IN:
            print(m.hex(), flush=True)
            count -= 1
    sock.close()


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "capture":
        capture(sys.argv[2], sys.argv[3:])
    elif cmd == "send":
        send(sys.argv[2], sys.argv[3:])
    elif cmd == "dump":
        dump(sys.argv[2])
    elif cmd == "packet-in":
        packet_ins(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(__doc__)
