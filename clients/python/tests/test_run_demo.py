"""`scripts/run.sh` shows the main job by itself: rounds aggregate within a minute of the start."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

from conftest import free_ports, node_bin

ROOT = Path(__file__).resolve().parents[3]
#: What a newcomer should see within a minute of the node's start.
WITHIN_SECONDS = 60


def test_run_sh_shows_rounds_committing_revealing_and_aggregating_within_a_minute():
    rpc, p2p = free_ports(2)
    env = {**os.environ, "IVF_NODE_BIN": str(node_bin()), "IVF_RPC_PORT": str(rpc), "IVF_P2P_PORT": str(p2p)}
    process = subprocess.Popen(["bash", str(ROOT / "scripts/run.sh")], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[tuple[float, str]] = []

    def read():
        for line in process.stdout:
            lines.append((time.monotonic(), line.rstrip("\n")))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    node_started = None
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and process.poll() is None:
            if node_started is None:
                node_started = next((t for t, l in lines if "IVF Consortium Node" in l), None)
            if any(re.search(r"demo: task 0 round 2: Aggregated", l) for _, l in lines):
                break
            time.sleep(0.5)
        text = "\n".join(l for _, l in lines)
        assert node_started is not None, text[-3000:]
        assert f"RPC (WebSocket and HTTP): ws://127.0.0.1:{rpc}" in text
        assert "demo: task 0 created" in text, text[-3000:]
        assert re.search(r"task 0 round 1 dataset \d: commitment sent", text), text[-3000:]
        assert re.search(r"task 0 round 1 dataset \d: reveal sent", text), text[-3000:]
        aggregated = next((t for t, l in lines if re.search(r"demo: task 0 round 1: Aggregated, model v1", l)), None)
        assert aggregated is not None, text[-3000:]
        print(f"round 1 aggregated {aggregated - node_started:.1f} s after the node started")
        timeline = "\n".join(f"{t - node_started:6.1f} s  {l}" for t, l in lines if "demo:" in l or "sent" in l)
        assert aggregated - node_started <= WITHIN_SECONDS, timeline
        # The demo's node serves safe RPC only, to local pages and polkadot-js apps.
        assert "--rpc-methods safe" in (ROOT / "scripts/run.sh").read_text()
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    work = next((m.group(1) for _, l in lines for m in [re.search(r"synthetic patients .* in (\S+)/data", l)] if m), None)
    assert work is not None and not Path(work).exists(), "run.sh removes its temporary chain and data"
