"""A small HTTP/1.1 load generator (keep-alive connections, asyncio streams), for machines
without wrk: requests per second and median latency over a set of request bodies. Run as its
own process: `python -m bench.load PORT SECONDS CONNECTIONS` with {"bodies", "headers"} on
stdin."""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time


async def client(
    port: int, requests: list[bytes], stop: float, counts: list[int], latencies: list[float]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = 0
    try:
        while time.monotonic() < stop:
            started = time.perf_counter()
            writer.write(requests[i % len(requests)])
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(
                next(
                    line.split(b":")[1]
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
            )
            body = await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            ok = head.startswith(b"HTTP/1.1 200") and b'"errors"' not in body
            counts[0 if ok else 1] += 1
            i += 1
    finally:
        writer.close()


async def main(
    port: int, seconds: float, connections: int, bodies: list[str], headers: dict[str, str]
) -> None:
    head = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    requests = [
        f"{head}Content-Length: {len(data)}\r\n\r\n".encode() + data
        for data in (body.encode() for body in bodies)
    ]
    counts, latencies = [0, 0], list[float]()
    stop = time.monotonic() + seconds
    await asyncio.gather(
        *(
            client(port, requests[i:] + requests[:i], stop, counts, latencies)
            for i in range(connections)
        )
    )
    print(
        json.dumps(
            {
                "ok": counts[0],
                "failed": counts[1],
                "per_second": sum(counts) / seconds,
                "median_ms": statistics.median(latencies) if latencies else 0.0,
            }
        )
    )


if __name__ == "__main__":
    port, seconds, connections = sys.argv[1:4]
    given = json.loads(sys.stdin.read())
    asyncio.run(
        main(int(port), float(seconds), int(connections), given["bodies"], given["headers"])
    )
