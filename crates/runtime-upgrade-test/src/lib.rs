//! The IVF runtime with its `spec_version` one higher, for the end-to-end test of a runtime
//! upgrade enacted by the council (`tests/e2e/consortium.test.mjs`).
//!
//! The crate re-exports `ivf-runtime` unchanged; its build script builds that runtime to Wasm
//! with `--cfg ivf_upgrade_test`, under `wbuild/ivf-runtime-upgrade-test/` in the target
//! directory. Upgrading a chain to it changes nothing but the version, so the test checks that
//! an upgrade by vote keeps every state and the chain's finality.

#![cfg_attr(not(feature = "std"), no_std)]

pub use ivf_runtime::*;

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
