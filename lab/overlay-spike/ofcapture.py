#!/usr/bin/python3
"""Prints, as hex, the FLOW_MODs and GROUP_MODs that `ovs-ofctl -O OpenFlow13 CMD BRIDGE ARG` sends:
relays ovs-ofctl's connection to the bridge's .mgmt socket (as southbound/src/test/ovs/ovs_of13.py
capture does, for any ovs-ofctl command).  Usage: ofcapture.py BRIDGE CMD ARG..."""
import os, select, socket, struct, subprocess, sys, tempfile
FLOW_MOD, GROUP_MOD = 14, 15

def recv_msg(sock):
    head = b""
    while len(head) < 8:
        c = sock.recv(8 - len(head))
        if not c:
            return None
        head += c
    length = struct.unpack("!H", head[2:4])[0]
    body = b""
    while len(body) < length - 8:
        c = sock.recv(length - 8 - len(body))
        if not c:
            return None
        body += c
    return head + body

bridge, cmd, args = sys.argv[1], sys.argv[2], sys.argv[3:]
path = os.path.join(tempfile.mkdtemp(prefix="ovlcap"), "relay.sock")
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(1)
proc = subprocess.Popen(["ovs-ofctl", "-O", "OpenFlow13", "--no-names", cmd, "unix:" + path] + args)
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
        if s is client and m[1] in (FLOW_MOD, GROUP_MOD):
            print(m.hex())
        if s is upstream and m[1] == 1:
            print("ERROR " + m.hex())
        peers[s].sendall(m)
client.close(); upstream.close(); proc.wait(); server.close(); os.unlink(path)
