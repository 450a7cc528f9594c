#!/usr/bin/python3
"""Tiny TCP/UDP server for the LB spike. 'q\n' -> '<name> <peer>\n' then close;
'h\n' -> greeting, then '<name>\n' per line received (long-lived connection)."""
import socket, socketserver, sys, threading
name, port = sys.argv[1], int(sys.argv[2])
class H(socketserver.StreamRequestHandler):
    def handle(self):
        peer = "%s:%d" % self.client_address
        sys.stdout.write("conn from %s\n" % peer); sys.stdout.flush()
        first = self.rfile.readline()
        self.wfile.write(("%s %s\n" % (name, peer)).encode())
        if first.strip() != b"h":
            return
        for line in self.rfile:
            self.wfile.write((name + "\n").encode())
class S(socketserver.ThreadingTCPServer):
    allow_reuse_address = True; daemon_threads = True; request_queue_size = 256
def udp():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", port))
    while True:
        d, a = u.recvfrom(2048); u.sendto(("%s %s:%d\n" % (name, a[0], a[1])).encode(), a)
threading.Thread(target=udp, daemon=True).start()
S(("0.0.0.0", port), H).serve_forever()
