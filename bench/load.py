"""A small HTTP/1.1 load generator (keep-alive connections, asyncio streams): requests per
second of a mixed query set against a running gateway. Run as its own process."""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def client(
    host: str, port: int, requests: list[bytes], stop: float, counts: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = 0
    try:
        while time.monotonic() < stop:
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
            ok = head.startswith(b"HTTP/1.1 200") and b'"errors"' not in body
            counts[0 if ok else 1] += 1
            i += 1
    finally:
        writer.close()


async def main(
    port: int, token: str, seconds: float, connections: int, customer: str, queries: list[str]
) -> None:
    requests = []
    for query in queries:
        body = json.dumps({"query": query}).encode()
        requests.append(
            b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + f"X-Client-Authorization: {token}\r\nX-Customer: {customer}\r\n".encode()
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
    counts = [0, 0]
    stop = time.monotonic() + seconds
    await asyncio.gather(
        *(
            client("127.0.0.1", port, requests[i:] + requests[:i], stop, counts)
            for i in range(connections)
        )
    )
    print(json.dumps({"ok": counts[0], "failed": counts[1], "per_second": counts[0] / seconds}))


if __name__ == "__main__":
    port, token, seconds, connections, customer = sys.argv[1:6]
    queries = json.loads(sys.stdin.read())
    asyncio.run(main(int(port), token, float(seconds), int(connections), customer, queries))
