#!/usr/bin/env bash
# Builds ivf-node and runs a single-node development chain (`--dev`: one clinic authority,
# Alice, whose blocks are produced every 3 s and finalised by GRANDPA), with RPC on 9944.
# The chain lives in a temporary directory and is gone when the node stops.
# Extra arguments go to ivf-node, e.g. `scripts/run.sh --base-path /tmp/ivf-dev` to keep it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh
source scripts/env.sh
# The same invocation as scripts/test.sh: `-p ivf-node` would unify features differently and
# rebuild what the test build just built (and the next test run would rebuild it back).
cargo build --release --workspace --locked

# Browsers may call the node only from these origins: local pages and polkadot-js apps. Add
# another with IVF_RPC_CORS="<origin>,...". Never `all`. And only safe methods: a browser opens
# WebSocket connections without CORS, and the RPC server does not check their origin, so any
# page the operator opens could otherwise reach the unsafe ones on loopback. (Keys go in with
# `ivf-node key insert`; nothing here needs an unsafe method.)
RPC_CORS="http://localhost:*,http://127.0.0.1:*,https://localhost:*,https://127.0.0.1:*,https://polkadot.js.org${IVF_RPC_CORS:+,$IVF_RPC_CORS}"

cat <<'MSG'

IVF consortium development chain
  RPC (WebSocket and HTTP): ws://127.0.0.1:9944
  polkadot-js apps:         https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944
                            (or any local build of polkadot-js apps, pointed at ws://127.0.0.1:9944)
  @polkadot/api:            await ApiPromise.create({ provider: new WsProvider('ws://127.0.0.1:9944') })
  Funded dev accounts:      //Alice (sudo, the authority), //Bob, //Charlie, //Dave, //Eve, //Ferdie
Stop with Ctrl-C.

MSG
exec "$CARGO_TARGET_DIR/release/ivf-node" --dev --rpc-port 9944 --rpc-cors "$RPC_CORS" --rpc-methods safe --no-mdns --no-telemetry "$@"
