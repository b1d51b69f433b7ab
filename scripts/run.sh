#!/usr/bin/env bash
# Builds ivf-node and runs a single-node development chain (`--dev`: one clinic authority,
# Alice, whose blocks are produced every 3 s and finalised by GRANDPA), with RPC on 9944, and
# shows the main job on it: federated training across four clinics.
#
# The demo (the default) is made of demo data only, on a chain that lives in a temporary
# directory and is gone when the node stops:
#   - `ivf-synth` writes four clinics' synthetic patients (invented people, no real data);
#   - the node's keystore gets the four development clinics' federated-learning keys
#     (//Alice London, //Bob Paris, //Charlie Amsterdam, //Dave Madrid), and the node reads each
#     clinic's file as its dataset (`--dataset ID=FILE`), so its off-chain worker trains for all
#     four, as each clinic's own node would in a real consortium;
#   - `ivf-consortium demo` (the Python client, clients/python) registers the datasets, records
#     the synthetic patients' consents, gets the researcher //Eve her grants and creates a
#     DP task; `ivf-consortium follow` then prints each round as it closes.
#
#   scripts/run.sh            # the demo
#   scripts/run.sh --empty    # an empty development chain, as before: no data, no task
#
# Extra arguments go to ivf-node. IVF_RPC_PORT and IVF_P2P_PORT change the ports;
# IVF_NODE_BIN runs that binary and skips setup and build (the end-to-end test does so).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DEMO=1
if [ "${1:-}" = "--empty" ]; then
	DEMO=0
	shift
fi

if [ -z "${IVF_NODE_BIN:-}" ]; then
	bash scripts/setup.sh
	source scripts/env.sh
	# The same invocation as scripts/test.sh: `-p ivf-node` would unify features differently and
	# rebuild what the test build just built (and the next test run would rebuild it back).
	cargo build --release --workspace --locked
	NODE_BIN="$CARGO_TARGET_DIR/release/ivf-node"
else
	NODE_BIN="$IVF_NODE_BIN"
	source scripts/env.sh
fi
RPC_PORT="${IVF_RPC_PORT:-9944}"
P2P_PORT="${IVF_P2P_PORT:-30333}"

# Browsers may call the node only from these origins: local pages and polkadot-js apps. Add
# another with IVF_RPC_CORS="<origin>,...". Never `all`. And only safe methods: a browser opens
# WebSocket connections without CORS, and the RPC server does not check their origin, so any
# page the operator opens could otherwise reach the unsafe ones on loopback. (Keys go in with
# `ivf-node key insert`; nothing here needs an unsafe method.)
RPC_CORS="http://localhost:*,http://127.0.0.1:*,https://localhost:*,https://127.0.0.1:*,https://polkadot.js.org${IVF_RPC_CORS:+,$IVF_RPC_CORS}"
NODE_ARGS=(--dev --rpc-port "$RPC_PORT" --rpc-cors "$RPC_CORS" --rpc-methods safe
	--listen-addr "/ip4/127.0.0.1/tcp/$P2P_PORT" --no-mdns --no-telemetry --no-prometheus)

cat <<MSG

IVF consortium development chain
  RPC (WebSocket and HTTP): ws://127.0.0.1:$RPC_PORT
  polkadot-js apps:         https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT
                            (or any local build of polkadot-js apps, pointed at ws://127.0.0.1:$RPC_PORT)
  @polkadot/api:            await ApiPromise.create({ provider: new WsProvider('ws://127.0.0.1:$RPC_PORT') })
  Python:                   $IVF_VENV/bin/ivf-consortium --url ws://127.0.0.1:$RPC_PORT tasks
  Funded dev accounts:      //Alice (sudo, the authority), //Bob, //Charlie, //Dave, //Eve, //Ferdie
Stop with Ctrl-C.

MSG

if [ "$DEMO" = 0 ]; then
	exec "$NODE_BIN" "${NODE_ARGS[@]}" "$@"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ivf-demo.XXXXXX")"
NODE_PID=""
FOLLOW_PID=""
cleanup() {
	[ -z "$FOLLOW_PID" ] || kill "$FOLLOW_PID" 2>/dev/null || true
	if [ -n "$NODE_PID" ]; then
		kill "$NODE_PID" 2>/dev/null || true
		wait "$NODE_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "demo: four clinics' synthetic patients (ivf-synth, invented) in $WORK/data"
"$(dirname "$NODE_BIN")/ivf-synth" --clinics 4 --rows 200 --test-rows 0 --seed 2026 --out "$WORK/data" >/dev/null
DATASETS=()
FILES=()
for i in 0 1 2 3; do
	FILES+=("$WORK/data/clinic-$((i + 1)).csv")
	DATASETS+=(--dataset "$i=$WORK/data/clinic-$((i + 1)).csv")
done
for suri in //Alice //Bob //Charlie //Dave; do
	"$NODE_BIN" key insert --base-path "$WORK/node" --chain dev --scheme Sr25519 --suri "$suri" --key-type ivfl
done
echo "demo: the node holds the four clinics' federated-learning keys and reads their files"

"$NODE_BIN" "${NODE_ARGS[@]}" --base-path "$WORK/node" --offchain-worker always "${DATASETS[@]}" "$@" &
NODE_PID=$!

export PYTHONUNBUFFERED=1
CLIENT="$IVF_VENV/bin/ivf-consortium"
URL="ws://127.0.0.1:$RPC_PORT"
"$IVF_VENV/bin/python" - "$URL" <<'PY'
import sys
from ivf_consortium.demo import wait_for_node
wait_for_node(sys.argv[1]).close()
PY
"$CLIENT" --url "$URL" demo "${FILES[@]}" | sed -u 's/^/demo: /'
"$CLIENT" --url "$URL" follow 0 --quiet | sed -u 's/^/demo: /' &
FOLLOW_PID=$!
wait "$NODE_PID"
