"""Fixtures: a real `ivf-node --dev` with four clinics' synthetic datasets, and the demo study.

The node binary is `$IVF_NODE_BIN` (scripts/test.sh sets it), or the release build in
`$CARGO_TARGET_DIR`. Nothing of the chain is mocked: the node produces blocks, its off-chain
worker trains for the four development clinics, and the tests talk to it over WebSocket RPC.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import xxhash

from ivf_consortium import Client
from ivf_consortium.demo import DEMO_SPEC, DemoStudy, set_up, wait_for_node

ROWS = 200
TEST_ROWS = 400
ROUNDS = 4


def node_bin() -> Path:
    explicit = os.environ.get("IVF_NODE_BIN")
    if explicit:
        return Path(explicit)
    target = os.environ.get("CARGO_TARGET_DIR", str(Path.home() / ".cache/ivf-chain/target"))
    return Path(target) / "release" / "ivf-node"


def tool(name: str) -> Path:
    """A native tool built next to the node (`ivf-synth`, `fl-predict`)."""
    return node_bin().parent / name


def free_ports(count: int) -> list[int]:
    """`count` different TCP ports free on 127.0.0.1 now, held open together while chosen:
    ports chosen one after the other can be the same one twice."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


@dataclass
class DevChain:
    url: str
    work: Path
    data: list[Path]
    test_csv: Path
    log: Path
    process: subprocess.Popen

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def twox128(data: bytes) -> bytes:
    """Substrate's `twox_128`: two xxHash64 digests (seeds 0 and 1), little-endian."""
    return b"".join(xxhash.xxh64(data, seed=seed).intdigest().to_bytes(8, "little") for seed in (0, 1))


#: The block time of the test chain, in milliseconds: the runtime's shortest, as in the
#: end-to-end tests (`IVF_TEST_BLOCK_TIME`, `tests/lib/node.mjs`). The tests wait for blocks.
TEST_BLOCK_TIME = int(os.environ.get("IVF_TEST_BLOCK_TIME", "1000"))


def test_chain_spec(binary: Path, file: Path) -> Path:
    """The development chain's raw spec, written to `file` with its genesis block time
    (`consortium.blockTime`) set to `TEST_BLOCK_TIME`; its id stays `ivf_dev`, so the keystore
    made with `--chain dev` serves it."""
    subprocess.run([binary, "export-chain-spec", "--chain", "dev", "--raw", "--output", file],
                   check=True, capture_output=True)
    spec = json.loads(file.read_text())
    key = "0x" + (twox128(b"Consortium") + twox128(b"BlockTime")).hex()
    spec["genesis"]["raw"]["top"][key] = "0x" + TEST_BLOCK_TIME.to_bytes(8, "little").hex()
    file.write_text(json.dumps(spec))
    return file


@pytest.fixture(scope="session")
def dev_chain():
    binary = node_bin()
    if not binary.exists():
        pytest.fail(f"no ivf-node at {binary}: build it (cargo build --release --workspace) or set IVF_NODE_BIN")
    work = Path(tempfile.mkdtemp(prefix="ivf-pytest-"))
    data_dir = work / "data"
    subprocess.run([tool("ivf-synth"), "--clinics", "4", "--rows", str(ROWS), "--test-rows", str(TEST_ROWS),
                    "--seed", "2027", "--out", data_dir], check=True, capture_output=True)
    files = [data_dir / f"clinic-{i + 1}.csv" for i in range(4)]
    base = work / "node"
    for suri in ("//Alice", "//Bob", "//Charlie", "//Dave"):
        subprocess.run([binary, "key", "insert", "--base-path", base, "--chain", "dev", "--scheme", "Sr25519",
                        "--suri", suri, "--key-type", "ivfl"], check=True, capture_output=True)
    spec = test_chain_spec(binary, work / "dev.raw.json")
    rpc, p2p = free_ports(2)
    log = work / "node.log"
    datasets = [arg for i, f in enumerate(files) for arg in ("--dataset", f"{i}={f}")]
    process = subprocess.Popen(
        [binary, "--dev", "--chain", spec, "--base-path", base, "--rpc-port", str(rpc), "--listen-addr", f"/ip4/127.0.0.1/tcp/{p2p}",
         "--no-mdns", "--no-telemetry", "--no-prometheus", "--offchain-worker", "always", *datasets],
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    chain = DevChain(f"ws://127.0.0.1:{rpc}", work, files, data_dir / "test.csv", log, process)
    try:
        wait_for_node(chain.url, timeout=120).close()
        yield chain
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        if os.environ.get("IVF_E2E_KEEP"):
            print(f"node log and data kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def client(dev_chain):
    with Client(dev_chain.url) as c:
        yield c


@pytest.fixture(scope="session")
def study(dev_chain, client) -> DemoStudy:
    """The demo study set up through the client: datasets, consents, grants, a task."""
    return set_up(client, dev_chain.data, rounds=ROUNDS, say=lambda line: print(line))


@pytest.fixture(scope="session")
def finished(client, study):
    """Every round of the study's task, followed to its end."""
    started = time.monotonic()
    reports = list(client.follow(study.task, timeout=600))
    return {"reports": reports, "seconds": time.monotonic() - started}


__all__ = ["DEMO_SPEC", "ROUNDS", "ROWS", "tool"]
