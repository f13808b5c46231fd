"""Load over real sockets from another process: wrk (Debian's package, installed here when it
is missing and apt-get can), or else `bench/load.py` in a process of its own. Requests cycle
through many bodies (query texts and variables), so no single cached text is measured."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.environment import log


@dataclass(frozen=True)
class Load:
    requests: int
    failed: int  # non-200 answers and answers with GraphQL errors
    per_second: float
    median_ms: float
    tool: str


def ensure_wrk() -> str | None:
    """The wrk binary; installed from Debian's packages on first use where that is possible."""
    found = shutil.which("wrk")
    if found or shutil.which("apt-get") is None or os.geteuid() != 0:
        return found
    log("installing wrk (Debian package) …")
    if _apt("install", "-y", "-q", "wrk") != 0:
        _apt("update", "-q")
        _apt("install", "-y", "-q", "wrk")
    return shutil.which("wrk")


def _apt(*arguments: str) -> int:
    return subprocess.run(  # noqa: S603 - fixed arguments
        ["apt-get", *arguments],  # noqa: S607 - Debian's own tool, from PATH
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    ).returncode


def _lua(bodies: list[str], headers: dict[str, str]) -> str:
    def text(value: str) -> str:
        assert "]==]" not in value
        return f"[==[{value}]==]"

    items = ",\n".join(text(body) for body in bodies)
    header_items = ", ".join(f"[ {text(k)} ] = {text(v)}" for k, v in headers.items())
    return f"""
local bodies = {{ {items} }}
local headers = {{ {header_items} }}
local threads = {{}}
local i = 0
bad = 0
setup = function(thread) table.insert(threads, thread) end
request = function()
  i = i + 1
  return wrk.format("POST", "/graphql", headers, bodies[(i % #bodies) + 1])
end
response = function(status, _, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then bad = bad + 1 end
end
done = function(summary, latency, _)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("bad") end
  io.write(string.format("RESULT %d %d %f %f\\n", summary.requests, failed,
    latency:percentile(50) / 1000, summary.duration / 1e6))
end
"""


async def load(
    base: str,
    bodies: list[str],
    headers: dict[str, str],
    *,
    connections: int,
    seconds: float,
    workdir: Path,
) -> Load:
    headers = {"Content-Type": "application/json", **headers}
    wrk = ensure_wrk()
    if wrk is None:
        return await _python_load(base, bodies, headers, connections, seconds)
    script = workdir / "wrk-requests.lua"
    script.write_text(_lua(bodies, headers))
    process = await asyncio.create_subprocess_exec(
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "-s",
        str(script),
        f"{base}/graphql",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    line = next((x for x in out.decode().splitlines() if x.startswith("RESULT ")), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed: {err.decode()[-500:]} {out.decode()[-500:]}")
    requests, failed, median, duration = line.split()[1:]
    return Load(int(requests), int(failed), int(requests) / float(duration), float(median), "wrk")


async def _python_load(
    base: str, bodies: list[str], headers: dict[str, str], connections: int, seconds: float
) -> Load:
    port = base.rsplit(":", 1)[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.load",
        port,
        str(seconds),
        str(connections),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate(json.dumps({"bodies": bodies, "headers": headers}).encode())
    found = json.loads(out)
    return Load(
        found["ok"] + found["failed"],
        found["failed"],
        found["per_second"],
        found["median_ms"],
        "bench/load.py (wrk is not installed)",
    )
