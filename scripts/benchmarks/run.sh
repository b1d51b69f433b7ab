#!/usr/bin/env bash
# Measures the weights of the consortium's pallets and rewrites their `weights.rs`.
#
# Builds ivf-node with `--features runtime-benchmarks` (which brings in frame-benchmarking-cli
# and is therefore not part of the default build), then runs `ivf-node benchmark pallet` for
# each pallet against the development chain spec. Run it on the reference machine whenever a
# pallet or its benchmarks change, and commit the regenerated files.
#
#   scripts/benchmarks/run.sh [pallet_name ...]   # default: every pallet of this repository
#   IVF_BENCH_STATE=DIR scripts/benchmarks/run.sh runtime
#       # the runtime's own weights (`runtime/src/weights/`): ParityDB's read and write against
#       # the chain state at DIR (a `--base-path` of a development node that has carried load,
#       # e.g. `tests/load/load.mjs`: an empty chain reads faster than a used one), an empty
#       # block and the cheapest transaction, and frame_system's transaction extensions
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
[ -f scripts/env.sh ] || bash scripts/setup.sh
source scripts/env.sh

# frame-benchmarking-cli's storage test runtime is for `benchmark storage --mode
# validate-block` (a parachain's), which is not used here, and its Wasm build cannot find its
# package through our workspace hint: skip it.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
cargo build --release -p ivf-node --features runtime-benchmarks --locked
# Keep the benchmarking binary apart: the default build writes the same path.
BENCH_BIN="$CARGO_TARGET_DIR/release/ivf-node-benchmarks"
cp "$CARGO_TARGET_DIR/release/ivf-node" "$BENCH_BIN"

# `--output-analysis max`: each term is the larger of the least-squares and the median-slopes
# fit, so that weights stay upper bounds where a cost is a product of two components (closing
# a round costs participants x parameters, which the additive least-squares model under-fits).
if [ "${1:-}" = runtime ]; then
	state="${IVF_BENCH_STATE:?set IVF_BENCH_STATE to the --base-path of a development node that has carried load}"
	copy="$(mktemp -d)"
	trap 'rm -rf "$copy"' EXIT
	cp -r "$state/." "$copy/"
	# Writes in commits of 10 keys, twice the average: a margin for a state grown over years.
	"$BENCH_BIN" benchmark storage --chain dev --base-path "$copy" --database paritydb \
		--state-version 1 --warmups 2 --batch-size 10 --mul 2 --weight-path runtime/src/weights/
	"$BENCH_BIN" benchmark overhead --chain dev --base-path "$copy/overhead" --warmup 3 --repeat 20 \
		--weight-path runtime/src/weights/
	"$BENCH_BIN" benchmark pallet --chain dev --pallet frame_system_extensions --extrinsic '*' \
		--steps 20 --repeat 10 --wasm-execution compiled \
		--output runtime/src/weights/frame_system_extensions.rs
	sed -i 's/use sp_weights::/use frame_support::weights::/' runtime/src/weights/*.rs
	exit 0
fi

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
