#!/usr/bin/python3
"""Controller side of the slot table: slot -> member, a pure function of (members, weights).
usage: slots.py NSLOTS m1:w1 m2:w2 ...   env ALG=maglev (default) | hrw (weighted rendezvous)
Prints 'slot member' lines."""
import hashlib, math, os, sys
def h64(*parts):
    return int.from_bytes(hashlib.sha256("/".join(map(str, parts)).encode()).digest()[:8], "big")
def hrw(n, members):
    out = []
    for s in range(n):
        best, bs = None, -1.0
        for m, w in members:
            if w <= 0: continue
            u = (h64("hrw", s, m) + 0.5) / 2**64
            sc = -w / math.log(u)
            if sc > bs: best, bs = m, sc
        out.append(best)
    return out
def maglev(n, members):
    # Maglev (NSDI'16) with weights: a member takes a turn each time its credit reaches 1.
    # n should be prime so that every skip is a permutation.
    ms = [(m, w) for m, w in members if w > 0]
    if not ms: return [None] * n
    perm = {m: (h64("off", m) % n, h64("skip", m) % (n - 1) + 1) for m, _ in ms}
    nxt = {m: 0 for m, _ in ms}; credit = {m: 0.0 for m, _ in ms}
    table = [None] * n; filled = 0; wmax = max(w for _, w in ms)
    while True:
        for m, w in ms:
            credit[m] += w / wmax
            while credit[m] >= 1:
                credit[m] -= 1
                off, skip = perm[m]
                while True:
                    c = (off + nxt[m] * skip) % n; nxt[m] += 1
                    if table[c] is None: break
                table[c] = m; filled += 1
                if filled == n: return table
members = [(a.split(":")[0], int(a.split(":")[1])) for a in sys.argv[2:]]
n = int(sys.argv[1])
t = (hrw if os.environ.get("ALG", "maglev") == "hrw" else maglev)(n, members)
for s, m in enumerate(t):
    if m: print(s, m)
