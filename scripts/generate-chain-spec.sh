#!/usr/bin/env bash
# Regenerates chain-specs/consortium-local.json, the raw chain spec of the four-clinic local
# consortium, from the `consortium_local` preset of the runtime built into ivf-node.
#
# Run it whenever the runtime changes, commit the result, and give every node the same file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f scripts/env.sh ] || bash scripts/setup.sh
source scripts/env.sh
cargo build --release --workspace --locked
"$CARGO_TARGET_DIR/release/ivf-node" export-chain-spec --chain consortium-local --raw \
	--output chain-specs/consortium-local.json
echo "wrote chain-specs/consortium-local.json"
