#!/usr/bin/env bash
# Launches the four-clinic local consortium on this machine, from chain-specs/consortium-local.json:
# one node per clinic (GB //Alice, FR //Bob, NL //Charlie, ES //Dave), each with its own base
# path and its Aura, GRANDPA and federated-learning (ivfl) keys inserted by `ivf-node key insert`, on loopback ports.
#
#   scripts/consortium-local.sh start   # start the four nodes (RPC on 9944..9947)
#   scripts/consortium-local.sh status  # best and finalised block of each node
#   scripts/consortium-local.sh stop    # stop them
#
# State lives in $IVF_CONSORTIUM_DIR (default /tmp/ivf-consortium-local); `purge` removes it.
# IVF_NODE_BIN picks the binary (default: the release build, built if missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIR="${IVF_CONSORTIUM_DIR:-/tmp/ivf-consortium-local}"
SPEC="$ROOT/chain-specs/consortium-local.json"
CLINICS=(clinic-gb:Alice clinic-fr:Bob clinic-nl:Charlie clinic-es:Dave)

node_bin() {
	# IVF_NODE_BIN overrides the binary, e.g. one built elsewhere.
	if [ -n "${IVF_NODE_BIN:-}" ]; then echo "$IVF_NODE_BIN"; return; fi
	[ -f scripts/env.sh ] || bash scripts/setup.sh >/dev/null
	source scripts/env.sh
	[ -x "$CARGO_TARGET_DIR/release/ivf-node" ] || cargo build --release --workspace --locked
	echo "$CARGO_TARGET_DIR/release/ivf-node"
}

# Browsers may call the clinic nodes only from local pages and polkadot-js apps (never `all`),
# and only safe methods are served: a browser's WebSocket connections bypass CORS, and the RPC
# server does not check their origin.
RPC_CORS="http://localhost:*,http://127.0.0.1:*,https://polkadot.js.org${IVF_RPC_CORS:+,$IVF_RPC_CORS}"

rpc() { # rpc PORT METHOD [PARAMS-JSON]
	curl -s -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":${3:-[]}}" "http://127.0.0.1:$1"
}

start() {
	local bin; bin="$(node_bin)"
	mkdir -p "$DIR"
	local i=0 bootnode=""
	for entry in "${CLINICS[@]}"; do
		local name="${entry%%:*}" seed="${entry##*:}"
		local base="$DIR/$name" p2p=$((30333 + i)) rpc_port=$((9944 + i))
		"$bin" key insert --base-path "$base" --chain "$SPEC" --scheme Sr25519 --suri "//$seed" --key-type aura
		"$bin" key insert --base-path "$base" --chain "$SPEC" --scheme Ed25519 --suri "//$seed" --key-type gran
		# The key the federated-learning off-chain worker signs with. This local demo uses the
		# clinic account's own key; a real clinic registers a worker account of its own
		# (`consortium.setWorker`, README "Take part in federated training") and inserts that.
		"$bin" key insert --base-path "$base" --chain "$SPEC" --scheme Sr25519 --suri "//$seed" --key-type ivfl
		# The chain spec lists each clinic's node by the peer id of its development network key
		# (31 zero bytes, then the clinic's number): only listed nodes sync. A real clinic
		# generates its own (`ivf-node key generate-node-key`) and lists it (`consortium.setNode`).
		mkdir -p "$base"
		printf '%064x' $((i + 1)) >"$base/node-key"
		local boot_args=()
		[ $i -eq 0 ] || boot_args=(--bootnodes "$bootnode")
		nohup "$bin" --chain "$SPEC" --base-path "$base" --name "$name" --validator --node-key-file "$base/node-key" \
			--listen-addr "/ip4/127.0.0.1/tcp/$p2p" --rpc-port "$rpc_port" --rpc-cors "$RPC_CORS" --rpc-methods safe \
			--no-mdns --no-telemetry --no-prometheus --allow-private-ip \
			"${boot_args[@]}" >"$DIR/$name.log" 2>&1 &
		echo $! >"$DIR/$name.pid"
		if [ $i -eq 0 ]; then
			for _ in $(seq 1 60); do rpc "$rpc_port" system_health >/dev/null 2>&1 && break; sleep 1; done
			local peer; peer="$(rpc "$rpc_port" system_localPeerId | sed -E 's/.*"result":"([^"]+)".*/\1/')"
			bootnode="/ip4/127.0.0.1/tcp/$p2p/p2p/$peer"
		fi
		echo "$name (//$seed): RPC ws://127.0.0.1:$rpc_port, log $DIR/$name.log"
		i=$((i + 1))
	done
}

status() {
	local i=0
	for entry in "${CLINICS[@]}"; do
		local name="${entry%%:*}" port=$((9944 + i))
		local best finalized_hash finalized
		best="$(rpc "$port" chain_getHeader | sed -E 's/.*"number":"(0x[0-9a-f]+)".*/\1/')"
		finalized_hash="$(rpc "$port" chain_getFinalizedHead | sed -E 's/.*"result":"([^"]+)".*/\1/')"
		finalized="$(rpc "$port" chain_getHeader "[\"$finalized_hash\"]" | sed -E 's/.*"number":"(0x[0-9a-f]+)".*/\1/')"
		if [[ "$best" == 0x* ]]; then
			printf '%s: best #%d, finalised #%d\n' "$name" "$best" "$finalized"
		else
			printf '%s: not running\n' "$name"
		fi
		i=$((i + 1))
	done
}

stop() {
	for entry in "${CLINICS[@]}"; do
		local pidfile="$DIR/${entry%%:*}.pid"
		[ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
		rm -f "$pidfile"
	done
	echo "stopped"
}

case "${1:-}" in
	start) start ;;
	status) status ;;
	stop) stop ;;
	purge) stop; rm -rf "$DIR" ;;
	*) echo "usage: $0 start|status|stop|purge" >&2; exit 2 ;;
esac
