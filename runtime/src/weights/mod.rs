//! The runtime's own weights, measured on this repository's reference machine (2 cores, see
//! the README's "Throughput") with `ivf-node benchmark` (`--features runtime-benchmarks`):
//!
//! - [`paritydb_weights`]: what reading and writing one storage item costs in ParityDB, the
//!   node's only database (`benchmark storage`, run by `scripts/benchmarks/run.sh runtime`
//!   against a development chain that has carried the load tests: 96,123 keys when last
//!   measured; writes in commits of 10 keys, twice the measured average, a margin for a state
//!   grown over years). Every pallet's `SubstrateWeight` prices its storage access with it.
//!   The generated file's own comments are the CLI's; this is the place for ours.
//! - [`block_weights`], [`extrinsic_weights`]: the cost of an empty block and of the cheapest
//!   signed transaction (`benchmark overhead`).
//! - [`frame_system_extensions`]: the cost of each of `frame_system`'s transaction extensions
//!   (`benchmark pallet --pallet frame_system_extensions`).
//!
//! `scripts/benchmarks/run.sh` regenerates them with the pallets' `weights.rs`.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
// The generated file documents each field of a struct expression, which rustc does not keep.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;
