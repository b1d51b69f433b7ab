#!/usr/bin/env bash
# Installs what building and testing the IVF consortium chain needs, and nothing twice.
#
# - apt: clang and protoc (for the node's native crates), Node.js and npm (end-to-end tests);
# - a Rust toolchain able to build the Wasm runtime for `wasm32v1-none`:
#     * where rustup can add targets, it adds `wasm32v1-none` and `rust-src`;
#     * where it cannot (no network but package registries), it installs Debian's
#       `rustc-web`/`cargo-web`/`rust-web-src`/`lld-22` (Rust 1.96), builds a `core`/`alloc`
#       sysroot for `wasm32v1-none` once with that compiler, and links `/usr` into rustup
#       as the toolchain `ivf-wasm`;
# - Python 3 with venv, and the Python client `clients/python` with its test tools in a virtual
#   environment (`$IVF_VENV`, by default ~/.cache/ivf-chain/venv).
#
# Other scripts source `scripts/env.sh`, which this script writes, to get
# `WASM_BUILD_TOOLCHAIN` and `CARGO_TARGET_DIR`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

log() { printf '[setup] %s\n' "$*"; }

apt_install() {
	local missing=()
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "apt-get install ${missing[*]}"
	if [ ! -f /tmp/.ivf-apt-updated ]; then
		$SUDO apt-get update -qq && touch /tmp/.ivf-apt-updated
	fi
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

apt_install clang protobuf-compiler make git curl ca-certificates
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm

if ! command -v cargo >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo" ]; then
	apt_install rustup || true
	rustup default stable
fi
export PATH="$HOME/.cargo/bin:$PATH"

# scripts/test.sh checks formatting and lints: rustfmt and clippy come with rustup's default
# profile; add them where a minimal profile left them out.
for component in rustfmt clippy; do
	if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
		log "rustup component add $component"
		timeout 120 rustup component add "$component" >/dev/null 2>&1 || true
	fi
done

WASM_TOOLCHAIN=""
rustup_has_wasm() {
	# IVF_WASM_ROUTE=debian forces the Debian route, to test it where rustup could do without.
	[ "${IVF_WASM_ROUTE:-}" != debian ] || return 1
	if rustup target list --installed 2>/dev/null | grep -qx wasm32v1-none \
		&& rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
		return 0
	fi
	timeout 120 rustup target add wasm32v1-none >/dev/null 2>&1 \
		&& timeout 120 rustup component add rust-src >/dev/null 2>&1
}
if rustup_has_wasm; then
	log "rustup has wasm32v1-none and rust-src"
else
	log "rustup cannot add targets here: using Debian's Rust 1.96 for the Wasm runtime"
	apt_install rustc-web cargo-web rust-web-src lld-22
	SYSROOT_LIB=/usr/lib/rustlib/wasm32v1-none/lib
	if ! ls "$SYSROOT_LIB"/libcore-*.rlib >/dev/null 2>&1; then
		log "building the wasm32v1-none core/alloc sysroot (once)"
		work="$(mktemp -d)"
		mkdir -p "$work/src"
		cat >"$work/Cargo.toml" <<'TOML'
[package]
name = "sysroot-seed"
version = "0.0.0"
edition = "2021"
[lib]
crate-type = ["cdylib"]
path = "src/lib.rs"
[profile.release]
panic = "abort"
TOML
		cat >"$work/src/lib.rs" <<'RS'
#![no_std]
extern crate alloc;
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! { loop {} }
RS
		(cd "$work" && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS=-Cembed-bitcode=yes \
			CARGO_TARGET_DIR="$work/target" \
			/usr/bin/cargo build --release --target wasm32v1-none -Z build-std=core,alloc -q)
		$SUDO mkdir -p "$SYSROOT_LIB"
		deps="$work/target/wasm32v1-none/release/deps"
		$SUDO cp "$deps"/libcore-*.rlib "$deps"/liballoc-*.rlib "$deps"/libcompiler_builtins-*.rlib "$SYSROOT_LIB"/
		rm -rf "$work"
		# A new sysroot invalidates earlier Wasm builds.
		rm -rf "${CARGO_TARGET_DIR:-$HOME/.cache/ivf-chain/target}"/*/wbuild
	fi
	rustup toolchain list | grep -q '^ivf-wasm' || rustup toolchain link ivf-wasm /usr
	WASM_TOOLCHAIN=ivf-wasm
fi

# The Python client (clients/python, `ivf_consortium`) in a virtual environment outside the
# clone, for scripts/run.sh's demo and the client's pytest tests. Installed in editable mode, so
# again only when the clone or its pyproject.toml changed.
VENV="${IVF_VENV:-$HOME/.cache/ivf-chain/venv}"
python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3 python3-venv python3-pip
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
stamp="$ROOT $(sha256sum "$ROOT/clients/python/pyproject.toml" | cut -d' ' -f1)"
if [ "$(cat "$VENV/.ivf-client" 2>/dev/null)" != "$stamp" ]; then
	log "pip install -e clients/python[test] into $VENV"
	"$VENV/bin/pip" install -q --disable-pip-version-check -e "$ROOT/clients/python[test]"
	printf '%s' "$stamp" >"$VENV/.ivf-client"
fi

cat >"$ROOT/scripts/env.sh" <<ENV
# Written by scripts/setup.sh; sourced by the other scripts.
export PATH="\$HOME/.cargo/bin:\$PATH"
export CARGO_TARGET_DIR="\${CARGO_TARGET_DIR:-\$HOME/.cache/ivf-chain/target}"
# The target dir is outside the clone: tell the Wasm builder where the workspace's Cargo.lock is.
export WASM_BUILD_WORKSPACE_HINT="$ROOT"
${WASM_TOOLCHAIN:+export WASM_BUILD_TOOLCHAIN=$WASM_TOOLCHAIN}
# The Python client's virtual environment (ivf-consortium, pytest).
export IVF_VENV="$VENV"
ENV
log "ready (wasm toolchain: ${WASM_TOOLCHAIN:-rustup default})"
