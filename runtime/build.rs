//! Builds the runtime's Wasm blob for `wasm32v1-none` (see `scripts/setup.sh` for the toolchain).

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
