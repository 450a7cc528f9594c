#!/usr/bin/python3
"""Small L4 servers and clients for the load-balancer scenarios (LoadBalancerIT), run inside
Mininet host namespaces. Standard library only.

Servers (each runs until killed, one line of output per connection or datagram):

    skylane_l4.py tcp-server NAME PORT
        Every connection gets NAME. The first line the client sends decides what follows:
        "q TAG"  -> "NAME\\n", then close;
        "h TAG"  -> "NAME\\n", then "NAME\\n" for every further line, until the client closes.
        Logs "tcp PEER_IP:PEER_PORT TAG" once the first line is read (TAG "-" if none came).
    skylane_l4.py udp-server NAME PORT
        Answers every datagram with "NAME\\n"; logs "udp PEER_IP:PEER_PORT TEXT".

Clients (print one JSON object on the last line):

    skylane_l4.py burst DST PORT COUNT [--parallel P] [--timeout S] [--tag TAG]
        COUNT new connections ("q TAG"), P at a time: {"count", "answers": {NAME: n},
        "failures": {KIND: n}, "max_ms", "elapsed_ms"}. A failure KIND is the exception's name
        (ConnectionRefusedError, timeout, ...), or "empty" when the server closed without a name.
    skylane_l4.py hold DST PORT --until FILE [--interval S] [--max S] [--tag TAG]
        One long connection ("h TAG"); prints "first NAME" at once, then sends a line every
        interval until FILE exists (or max seconds passed), printing "round N NAME" for each
        answer, and at the end {"first", "rounds",
        "answers": {NAME: n}, "failures": [..], "seconds"}. It stops at the first failed round.
    skylane_l4.py udp DST PORT COUNT [--timeout S]
        COUNT datagrams, each from a new socket (a new source port): {"count", "answers": {NAME: n},
        "failures": {KIND: n}, "sources": [IP:PORT the answers came from]}.
"""

import argparse
import json
import os
import socket
import socketserver
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def log(line):
    sys.stdout.write(line + '\n')
    sys.stdout.flush()


# -- servers ---------------------------------------------------------------------------------

def tcp_server(name, port):
    answer = (name + '\n').encode()

    class Handler(socketserver.StreamRequestHandler):
        timeout = 30

        def handle(self):
            peer = '%s:%d' % self.client_address[:2]
            try:
                first = self.rfile.readline().decode('ascii', 'replace').split()
            except OSError:
                first = []
            log('tcp %s %s' % (peer, first[1] if len(first) > 1 else '-'))
            if not first:
                return
            self.wfile.write(answer)
            if first[0] != 'h':
                return
            for _line in self.rfile:
                self.wfile.write(answer)

    class Server(socketserver.ThreadingTCPServer):
        allow_reuse_address = True
        daemon_threads = True
        request_queue_size = 256

    with Server(('0.0.0.0', port), Handler) as server:
        log('listening tcp %d' % port)
        server.serve_forever()


def udp_server(name, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(('0.0.0.0', port))
    log('listening udp %d' % port)
    while True:
        data, peer = sock.recvfrom(2048)
        log('udp %s:%d %s' % (peer[0], peer[1], data.decode('ascii', 'replace').strip() or '-'))
        sock.sendto((name + '\n').encode(), peer)


# -- clients ---------------------------------------------------------------------------------

def kind(error):
    return 'timeout' if isinstance(error, socket.timeout) else type(error).__name__


def read_line(sock_file):
    line = sock_file.readline().decode('ascii', 'replace').strip()
    if not line:
        raise EOFError('closed without an answer')
    return line


def one_connection(dst, port, timeout, tag):
    """(name or None, failure kind or None, milliseconds)."""
    started = time.monotonic()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect((dst, port))
        sock.sendall(('q %s\n' % tag).encode())
        with sock.makefile('rb') as f:
            return read_line(f), None, (time.monotonic() - started) * 1000
    except EOFError:
        return None, 'empty', (time.monotonic() - started) * 1000
    except OSError as e:
        return None, kind(e), (time.monotonic() - started) * 1000
    finally:
        sock.close()


def count(values):
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return dict(sorted(counts.items()))


def burst(args):
    started = time.monotonic()
    with ThreadPoolExecutor(args.parallel) as pool:
        results = list(pool.map(lambda _i: one_connection(args.dst, args.port, args.timeout, args.tag),
                                range(args.count)))
    log(json.dumps({'count': args.count,
                    'answers': count(r[0] for r in results if r[0]),
                    'failures': count(r[1] for r in results if r[1]),
                    'max_ms': round(max((r[2] for r in results), default=0), 1),
                    'elapsed_ms': round((time.monotonic() - started) * 1000, 1)}))


def hold(args):
    started = time.monotonic()
    answers, failures, rounds, first = [], [], 0, None
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(args.timeout)
    try:
        sock.connect((args.dst, args.port))
        sock.sendall(('h %s\n' % args.tag).encode())
        f = sock.makefile('rb')
        first = read_line(f)
        log('first %s' % first)
        while not os.path.exists(args.until) and time.monotonic() - started < args.max:
            time.sleep(args.interval)
            rounds += 1
            sock.sendall(b'x\n')
            answers.append(read_line(f))
            log('round %d %s' % (rounds, answers[-1]))
    except (OSError, EOFError) as e:
        failures.append('round %d: %s %s' % (rounds, kind(e), e))
    finally:
        sock.close()
    log(json.dumps({'first': first, 'rounds': rounds, 'answers': count(answers), 'failures': failures,
                    'seconds': round(time.monotonic() - started, 1)}))


def udp(args):
    names, failures, sources = [], [], set()
    for i in range(args.count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.settimeout(args.timeout)
        try:
            sock.sendto(('d%d\n' % i).encode(), (args.dst, args.port))
            data, peer = sock.recvfrom(2048)
            names.append(data.decode('ascii', 'replace').strip())
            sources.add('%s:%d' % peer[:2])
        except OSError as e:
            failures.append(kind(e))
        finally:
            sock.close()
    log(json.dumps({'count': args.count, 'answers': count(names), 'failures': count(failures),
                    'sources': sorted(sources)}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    sub = parser.add_subparsers(dest='mode', required=True)
    for server in ('tcp-server', 'udp-server'):
        p = sub.add_parser(server)
        p.add_argument('name')
        p.add_argument('port', type=int)
    p = sub.add_parser('burst')
    p.add_argument('dst')
    p.add_argument('port', type=int)
    p.add_argument('count', type=int)
    p.add_argument('--parallel', type=int, default=8)
    p.add_argument('--timeout', type=float, default=3.0)
    p.add_argument('--tag', default='-')
    p = sub.add_parser('hold')
    p.add_argument('dst')
    p.add_argument('port', type=int)
    p.add_argument('--until', required=True)
    p.add_argument('--interval', type=float, default=0.5)
    p.add_argument('--max', type=float, default=120.0)
    p.add_argument('--timeout', type=float, default=3.0)
    p.add_argument('--tag', default='-')
    p = sub.add_parser('udp')
    p.add_argument('dst')
    p.add_argument('port', type=int)
    p.add_argument('count', type=int)
    p.add_argument('--timeout', type=float, default=2.0)
    args = parser.parse_args()
    if args.mode == 'tcp-server':
        tcp_server(args.name, args.port)
    elif args.mode == 'udp-server':
        udp_server(args.name, args.port)
    elif args.mode == 'burst':
        burst(args)
    elif args.mode == 'hold':
        hold(args)
    else:
        udp(args)


if __name__ == '__main__':
    sys.dont_write_bytecode = True
    main()
