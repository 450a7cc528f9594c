#!/usr/bin/python3
"""Fast TCP answer server for lab/lb-bench: on every connection, writes '<name>\n' and closes
(the server closes first). asyncio Protocol level, no per-connection task or stream.

    lbb_server.py NAME PORT [PORT ...]
"""
import asyncio
import socket
import sys

name, ports = sys.argv[1], [int(p) for p in sys.argv[2:]]
answer = (name + "\n").encode()


class Answer(asyncio.Protocol):
    def connection_made(self, transport):
        transport.write(answer)
        transport.close()


async def main():
    loop = asyncio.get_running_loop()
    servers = []
    for port in ports:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("0.0.0.0", port))
        servers.append(await loop.create_server(Answer, sock=sock, backlog=4096))
    print("listening", name, *ports, flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


asyncio.run(main())
