"""The explorer's own modules under node's test runner: what the chart pane draws from an
answer (clients/explorer/test/*.test.mjs), without a browser."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_or_skip

ROOT = Path(__file__).parents[2]


def test_the_chart_pane_finds_what_to_draw() -> None:
    node = shutil.which("node")
    if node is None:
        require_or_skip("node is not installed: the explorer's module tests cannot run")
        return
    run = subprocess.run(  # noqa: S603 - our own test files
        [node, "--test", str(ROOT / "clients" / "explorer" / "test")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout
