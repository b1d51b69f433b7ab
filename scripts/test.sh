#!/usr/bin/env bash
# Runs every test of the IVF consortium chain: Rust unit tests (pallets with mock runtimes,
# the runtime, shared crates), then, side by side, the Python client's tests against a real
# development node and the end-to-end tests that start real `ivf-node` processes and drive them
# with @polkadot/api. Their chains run one-second blocks (a chain spec's `blockTime`).
#
# The release profile is used throughout so that the test build and the node build share
# their artifacts in one target directory ($CARGO_TARGET_DIR, default
# ~/.cache/ivf-chain/target, outside the clone so that it survives fresh clones).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
source scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

step "style: cargo fmt --check (.rustfmt.toml)"
cargo fmt --all --check

# The Wasm runtime is not needed to lint or document the code (SKIP_WASM_BUILD); the workspace
# lints are in Cargo.toml, so a clippy warning, a rustdoc warning or a broken intra-doc link
# fails the run.
step "lints: cargo clippy --all-targets -D warnings ([workspace.lints] in Cargo.toml)"
SKIP_WASM_BUILD=1 cargo clippy --release --workspace --all-targets --locked -- -D warnings

# The pallets' benchmarks only compile with `runtime-benchmarks`, which no other step turns on:
# lint them with it (a check, not a build), so that a change cannot break them unseen.
step "benchmarks: cargo clippy --features runtime-benchmarks on every pallet"
SKIP_WASM_BUILD=1 cargo clippy --release --locked --all-targets \
	-p pallet-consortium -p pallet-consent -p pallet-data-access -p pallet-federated-learning \
	-p pallet-donor-matching -p pallet-custody -p pallet-supplies \
	--features pallet-consortium/runtime-benchmarks,pallet-consent/runtime-benchmarks \
	--features pallet-data-access/runtime-benchmarks,pallet-federated-learning/runtime-benchmarks \
	--features pallet-donor-matching/runtime-benchmarks,pallet-custody/runtime-benchmarks \
	--features pallet-supplies/runtime-benchmarks \
	-- -D warnings

step "docs: cargo doc --no-deps, every rustdoc warning and broken link an error"
SKIP_WASM_BUILD=1 RUSTDOCFLAGS="-D warnings" cargo doc --release --workspace --no-deps --locked

step "build (release): node, runtime and every workspace crate"
cargo build --release --workspace --locked

step "Rust unit tests (every pallet's ends with its try_state invariants)"
cargo test --release --workspace --locked -- --skip fuzz_

# The fuzzers are tests named `fuzz_*` in the same test binaries (nothing new to build): random
# call sequences over pallet-federated-learning's mock, random argument bytes behind every call
# of the runtime, damaged dataset files. Each prints its seed and case count; IVF_FUZZ_SEED and
# IVF_FUZZ_CASES run them longer (README, "Fuzzing").
step "fuzzing: call sequences, call decoding, dataset files (seed and cases printed)"
cargo test --release --workspace --locked --tests fuzz_ -- --nocapture

step "try-runtime checks: storage versions and every pallet's try_state (ivf-runtime --features try-runtime)"
SKIP_WASM_BUILD=1 cargo test --release --locked -p ivf-runtime --features try-runtime --lib try_runtime

# The Python client's tests and the end-to-end tests each start their own nodes on free
# loopback ports, and mostly wait for blocks: they run side by side, pytest's report printed
# when both are done.
step "Python client tests (clients/python, pytest) against a real ivf-node, beside the end-to-end tests"
export IVF_NODE_BIN="$CARGO_TARGET_DIR/release/ivf-node"
pytest_log="$(mktemp)"
trap 'rm -f "$pytest_log"' EXIT
"$IVF_VENV/bin/python" -m pytest -p no:cacheprovider -v clients/python/tests >"$pytest_log" 2>&1 &
pytest_pid=$!

step "end-to-end tests against $IVF_NODE_BIN"
e2e=0
(cd tests && npm ci --no-audit --no-fund --loglevel=error && npm test) || e2e=$?

step "Python client tests: their report"
pytest=0
wait "$pytest_pid" || pytest=$?
cat "$pytest_log"
if [ "$e2e" -ne 0 ] || [ "$pytest" -ne 0 ]; then
	echo "FAILED: end-to-end tests exit $e2e, Python client tests exit $pytest" >&2
	exit 1
fi
