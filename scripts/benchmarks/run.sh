#!/usr/bin/env bash
# Measures the weights of the consortium's pallets and rewrites their `weights.rs`.
#
# Builds ivf-node with `--features runtime-benchmarks` (which brings in frame-benchmarking-cli
# and is therefore not part of the default build), then runs `ivf-node benchmark pallet` for
# each pallet against the development chain spec. Run it on the reference machine whenever a
# pallet or its benchmarks change, and commit the regenerated files.
#
#   scripts/benchmarks/run.sh [pallet_name ...]   # default: every pallet of this repository
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
[ -f scripts/env.sh ] || bash scripts/setup.sh
source scripts/env.sh

# frame-benchmarking-cli's storage test runtime is for `benchmark storage`, which is not used
# here, and its Wasm build cannot find its package through our workspace hint: skip it.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
cargo build --release -p ivf-node --features runtime-benchmarks --locked
# Keep the benchmarking binary apart: the default build writes the same path.
BENCH_BIN="$CARGO_TARGET_DIR/release/ivf-node-benchmarks"
cp "$CARGO_TARGET_DIR/release/ivf-node" "$BENCH_BIN"

# `--output-analysis max`: each term is the larger of the least-squares and the median-slopes
# fit, so that weights stay upper bounds where a cost is a product of two components (closing
# a round costs participants x parameters, which the additive least-squares model under-fits).
PALLETS=("$@")
[ ${#PALLETS[@]} -gt 0 ] || PALLETS=(pallet_consortium pallet_consent pallet_data_access pallet_donor_matching pallet_federated_learning pallet_custody pallet_supplies)
for pallet in "${PALLETS[@]}"; do
	dir="pallets/$(echo "${pallet#pallet_}" | tr _ -)"
	echo "==> $pallet -> $dir/src/weights.rs"
	"$BENCH_BIN" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps 20 \
		--repeat 5 \
		--wasm-execution compiled \
		--output-analysis max \
		--template scripts/benchmarks/weight-template.hbs \
		--output "$dir/src/weights.rs"
done
