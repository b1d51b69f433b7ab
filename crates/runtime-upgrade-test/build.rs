//! Builds the IVF runtime to Wasm once more, with `--cfg ivf_upgrade_test`, which raises its
//! `spec_version` by one (see `VERSION` in `runtime/src/lib.rs`). Only this Wasm build sees the
//! flag: the node's own runtime, built natively and to Wasm by `ivf-runtime`, never does.

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::new()
		.with_current_project()
		.import_memory()
		.export_heap_base()
		.append_to_rust_flags("--cfg ivf_upgrade_test")
		.build();
}
