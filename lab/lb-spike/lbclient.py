#!/usr/bin/python3
"""LB spike client.
burst DST PORT SRCIPS SPORTS   : one short connection per (src ip, src port); SRCIPS like 10.0.1.1-200,
                                  SPORTS like 40000-40004 (ports per ip). Prints 'srcip sport member' lines.
hold DST PORT SRCIP SPORT0 N ROUNDS INTERVAL : N long connections, one echo round per INTERVAL s.
udp DST PORT SRCIP SPORT0 N    : N UDP requests from distinct source ports."""
import socket, sys, time
from concurrent.futures import ThreadPoolExecutor
def rng(s):
    if "-" not in s.split(".")[-1]:
        return [s]
    base, last = s.rsplit(".", 1) if "." in s else ("", s)
    a, b = last.split("-")
    return [(base + "." if base else "") + str(i) for i in range(int(a), int(b) + 1)]
def one(dst, port, src, sport):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.settimeout(3)
    try:
        s.bind((src, sport)); s.connect((dst, port)); s.sendall(b"q\n")
        data = b""
        while not data.endswith(b"\n"):
            c = s.recv(100)
            if not c: break
            data += c
        return data.decode().split()[0] if data else "EMPTY"
    except Exception as e:
        return "FAIL:" + type(e).__name__ + (":" + str(e.errno) if getattr(e, "errno", None) else "")
    finally:
        s.close()
mode = sys.argv[1]
if mode == "burst":
    dst, port, ips, sports = sys.argv[2], int(sys.argv[3]), rng(sys.argv[4]), [int(p) for p in rng(sys.argv[5])]
    jobs = [(ip, sp) for ip in ips for sp in sports]
    with ThreadPoolExecutor(16) as ex:
        res = list(ex.map(lambda j: one(dst, port, j[0], j[1]), jobs))
    for (ip, sp), m in zip(jobs, res):
        print(ip, sp, m)
elif mode == "hold":
    dst, port, src, sp0, n, rounds, iv = sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), float(sys.argv[8])
    socks, first = [], []
    for i in range(n):
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.settimeout(3)
        s.bind((src, sp0 + i)); s.connect((dst, port)); s.sendall(b"h\n")
        f = s.makefile("rb"); first.append(f.readline().decode().split()[0]); socks.append((s, f))
    print("round 0", " ".join(first), flush=True)
    for r in range(1, rounds + 1):
        time.sleep(iv); out = []
        for s, f in socks:
            try:
                s.sendall(b"x\n"); out.append(f.readline().decode().strip() or "EOF")
            except Exception as e:
                out.append("FAIL:" + type(e).__name__)
        same = sum(1 for a, b in zip(first, out) if a == b)
        print("round %d %s same=%d/%d" % (r, " ".join(out), same, n), flush=True)
elif mode == "udp":
    dst, port, src, sp0, n = sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
    for i in range(n):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(2); u.bind((src, sp0 + i))
        try:
            u.sendto(b"hi", (dst, port)); d, a = u.recvfrom(200); print(src, sp0 + i, d.decode().split()[0], "from=%s:%d" % a)
        except Exception as e:
            print(src, sp0 + i, "FAIL:" + type(e).__name__ + (":" + str(e.errno) if getattr(e, "errno", None) else ""))
        u.close()
