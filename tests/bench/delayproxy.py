#!/usr/bin/env python3
"""make bench: slow hosts. A TCP forwarder on loopback that adds latency.

    delayproxy.py ONE_WAY_MS READY-FILE LISTEN:TARGET [LISTEN:TARGET...]

Listens on 127.0.0.1:LISTEN for each pair and forwards every connection to
127.0.0.1:TARGET (a lab host's port). Every chunk of data, in each
direction, is delivered ONE_WAY_MS after it arrived, in order, without
limiting bandwidth: a round trip costs 2 x ONE_WAY_MS more, as on a long
link. (The lab's kernel has no netem qdisc, so the delay is made here, on
the host side of the lab's port forwarding.) READY-FILE is written once
every port listens. Runs until killed.
"""
import asyncio
import collections
import sys
import time


class Pipe:
    """One direction of a connection: read, hold ONE_WAY seconds, write."""

    def __init__(self, reader, writer, delay):
        self.reader, self.writer, self.delay = reader, writer, delay
        self.queue = collections.deque()
        self.more = asyncio.Event()

    async def pump_in(self):
        try:
            while True:
                data = await self.reader.read(65536)
                self.queue.append((time.monotonic() + self.delay, data))
                self.more.set()
                if not data:
                    return
        except (ConnectionError, OSError):
            self.queue.append((time.monotonic(), b""))
            self.more.set()

    async def pump_out(self):
        try:
            while True:
                while not self.queue:
                    self.more.clear()
                    await self.more.wait()
                due, data = self.queue.popleft()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:
                    if self.writer.can_write_eof():
                        self.writer.write_eof()
                    return
                self.writer.write(data)
                await self.writer.drain()
        except (ConnectionError, OSError):
            pass


async def handle(target, delay, creader, cwriter):
    try:
        ureader, uwriter = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        cwriter.close()
        return
    up, down = Pipe(creader, uwriter, delay), Pipe(ureader, cwriter, delay)
    await asyncio.gather(up.pump_in(), up.pump_out(), down.pump_in(), down.pump_out())
    for w in (uwriter, cwriter):
        w.close()


async def main():
    delay = float(sys.argv[1]) / 1000.0
    ready = sys.argv[2]
    servers = []
    for pair in sys.argv[3:]:
        listen, target = (int(x) for x in pair.split(":"))
        servers.append(await asyncio.start_server(
            lambda r, w, t=target: handle(t, delay, r, w), "127.0.0.1", listen,
            reuse_address=True, backlog=512))
    with open(ready, "w") as f:
        f.write("ready\n")
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(main())
