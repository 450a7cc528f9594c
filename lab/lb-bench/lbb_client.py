#!/usr/bin/python3
"""Connection-rate client for lab/lb-bench: WORKERS processes, each opening a TCP connection to one
of the targets (in turn), reading the answer until the server closes, closing, as fast as it can,
for SECONDS. Every connection is one line in OUT: 'start end answer' (times: time.time(), the
system clock the other hosts share), answer = the first word the server sent, or FAIL:<reason>.
Prints one summary line: 'ok N fail F seconds S rate R'.

    lbb_client.py OUT SECONDS WORKERS TIMEOUT [SPORT_FIRST-SPORT_LAST] HOST:PORT [HOST:PORT ...]

With a source port range, the connections take their source ports from it in turn (else the kernel
chooses). LBB_PACE in the environment: at most that many connections per second per worker.
"""
import multiprocessing
import os
import socket
import sys
import time


def worker(index, out, seconds, timeout, targets, start_at, sports):
    while time.time() < start_at:
        time.sleep(0.001)
    end_at = start_at + seconds
    pace = float(os.environ.get("LBB_PACE", "0"))
    lines = []
    i = index
    while True:
        t0 = time.time()
        if t0 >= end_at:
            break
        if pace:
            due = start_at + (i - index) / pace
            if due > t0:
                time.sleep(due - t0)
                t0 = time.time()
        host, port = targets[i % len(targets)]
        i += 1
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(timeout)
        try:
            if sports:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("0.0.0.0", sports[(i - index) % len(sports)]))
            s.connect((host, port))
            data = b""
            while True:
                c = s.recv(64)
                if not c:
                    break
                data += c
            answer = data.split()[0].decode() if data.strip() else "FAIL:empty"
        except socket.timeout:
            answer = "FAIL:timeout"
        except OSError as e:
            answer = "FAIL:" + (os.strerror(e.errno).replace(" ", "_") if e.errno else type(e).__name__)
        finally:
            s.close()
        lines.append("%.6f %.6f %s\n" % (t0, time.time(), answer))
    with open("%s.%d" % (out, index), "w") as f:
        f.writelines(lines)


def main():
    out, seconds, workers, timeout = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    rest = sys.argv[5:]
    ports = []
    if "-" in rest[0]:
        a, b = rest.pop(0).split("-")
        ports = list(range(int(a), int(b) + 1))
    targets = []
    for t in rest:
        h, p = t.rsplit(":", 1)
        targets.append((h, int(p)))
    start_at = time.time() + 0.2
    procs = [multiprocessing.Process(target=worker, args=(i, out, seconds, timeout, targets, start_at, ports[i::workers]))
             for i in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    ok = fail = 0
    with open(out, "w") as merged:
        for i in range(workers):
            part = "%s.%d" % (out, i)
            with open(part) as f:
                for line in f:
                    merged.write(line)
                    if " FAIL:" in line:
                        fail += 1
                    else:
                        ok += 1
            os.remove(part)
    print("ok %d fail %d seconds %.1f rate %.1f" % (ok, fail, seconds, ok / seconds), flush=True)


if __name__ == "__main__":
    main()
