#!/usr/bin/python3
"""Raw OVSDB (RFC 7047) JSON-RPC, standard library only, as a controller would speak it.
  ovsdb.py ENDPOINT list_dbs
  ovsdb.py ENDPOINT add-tunnel BRIDGE PORT TYPE LOCAL_IP OFPORT   one transact: Interface + Port
                                                 rows and the Bridge's ports mutated
  ovsdb.py ENDPOINT get-ofport PORT
  ovsdb.py ENDPOINT del-port BRIDGE PORT          one transact: the Bridge's ports mutated
ENDPOINT: tcp:HOST:PORT or unix:PATH. Prints each request and reply (JSON)."""
import json, socket, sys

def connect(ep):
    kind, rest = ep.split(":", 1)
    if kind == "unix":
        s = socket.socket(socket.AF_UNIX); s.connect(rest)
    else:
        host, port = rest.rsplit(":", 1); s = socket.create_connection((host, int(port)))
    return s

class Rpc:
    def __init__(self, sock):
        self.sock, self.buf, self.id = sock, b"", 0
    def call(self, method, params):
        self.id += 1
        req = {"method": method, "params": params, "id": self.id}
        print(">>", json.dumps(req))
        self.sock.sendall(json.dumps(req).encode())
        dec = json.JSONDecoder()
        while True:
            try:
                msg, end = dec.raw_decode(self.buf.decode())
            except ValueError:
                self.buf += self.sock.recv(65536); continue
            self.buf = self.buf[len(self.buf.decode()[:end].encode()):]
            if msg.get("method") == "echo":          # the server's keepalive: answer it
                self.sock.sendall(json.dumps({"id": msg["id"], "result": msg["params"], "error": None}).encode()); continue
            if msg.get("id") == self.id:
                print("<<", json.dumps(msg)[:600]); return msg

rpc = Rpc(connect(sys.argv[1]))
op = sys.argv[2]
if op == "list_dbs":
    rpc.call("list_dbs", [])
elif op == "add-tunnel":
    br, port, typ, local_ip, ofport = sys.argv[3:8]
    opts = ["map", [["remote_ip", "flow"], ["key", "flow"], ["local_ip", local_ip]]]
    rpc.call("transact", ["Open_vSwitch",
        {"op": "insert", "table": "Interface", "uuid-name": "iface",
         "row": {"name": port, "type": typ, "options": opts, "ofport_request": int(ofport)}},
        {"op": "insert", "table": "Port", "uuid-name": "port",
         "row": {"name": port, "interfaces": ["named-uuid", "iface"]}},
        {"op": "mutate", "table": "Bridge", "where": [["name", "==", br]],
         "mutations": [["ports", "insert", ["set", [["named-uuid", "port"]]]]]},
        {"op": "comment", "comment": "skylane overlay spike: add %s to %s" % (port, br)}])
elif op == "get-ofport":
    rpc.call("transact", ["Open_vSwitch", {"op": "select", "table": "Interface",
        "where": [["name", "==", sys.argv[3]]], "columns": ["name", "type", "ofport", "options", "error"]}])
elif op == "del-port":
    br, port = sys.argv[3:5]
    r = rpc.call("transact", ["Open_vSwitch", {"op": "select", "table": "Port",
        "where": [["name", "==", port]], "columns": ["_uuid"]}])
    uuid = r["result"][0]["rows"][0]["_uuid"]
    rpc.call("transact", ["Open_vSwitch", {"op": "mutate", "table": "Bridge", "where": [["name", "==", br]],
        "mutations": [["ports", "delete", ["set", [uuid]]]]}])
