#!/usr/bin/python3
"""TCP helper for the overlay spike.
  tcpname.py serve NAME PORT        answers every connection with 'NAME got N bytes' once the client
                                    has shut down its sending side
  tcpname.py ask IP PORT NBYTES     sends NBYTES, prints the answer or FAIL (3 s timeout)"""
import socket, socketserver, sys
if sys.argv[1] == "serve":
    name, port = sys.argv[2], int(sys.argv[3])
    class H(socketserver.StreamRequestHandler):
        def handle(self):
            n = 0
            while True:
                d = self.request.recv(65536)
                if not d:
                    break
                n += len(d)
            self.wfile.write(("%s got %d bytes\n" % (name, n)).encode())
    class S(socketserver.ThreadingTCPServer):
        allow_reuse_address = True; daemon_threads = True
    S(("0.0.0.0", port), H).serve_forever()
else:
    ip, port, nbytes = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    try:
        s = socket.create_connection((ip, port), timeout=3)
        s.sendall(b"x" * nbytes)
        s.shutdown(socket.SHUT_WR)
        print(s.makefile().readline().strip() or "FAIL (no answer)")
    except OSError as e:
        print("FAIL (%s)" % e)
