//! Weights for `pallet_consortium`
//!
//! NOT YET GENERATED: ESTIMATES UNTIL `ivf-node benchmark pallet` RUNS.
//!
//! This file has the shape that `frame-benchmarking-cli benchmark pallet` writes with the
//! polkadot-sdk pallet template (`.maintain/frame-weight-template.hbs`), but its numbers are
//! conservative estimates (about twice what similar FRAME calls measure: one or two reads and
//! writes of a map value of at most 182 bytes), not measurements. Regenerate it on reference
//! hardware with a node built with `--features runtime-benchmarks`:
//!
//! ```text
//! ivf-node benchmark pallet --runtime <ivf_runtime.compact.compressed.wasm> \
//!     --genesis-builder-policy=none --pallet pallet_consortium --extrinsic '*' \
//!     --steps 50 --repeat 20 --template frame-weight-template.hbs \
//!     --output pallets/consortium/src/weights.rs
//! ```
//!
//! Storage sizes below assume the runtime's `MaxNameLength` of 128 bytes.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_consortium`.
pub trait WeightInfo {
	fn admit(n: u32, ) -> Weight;
	fn admit_clinic_researcher() -> Weight;
	fn remove() -> Weight;
	fn suspend() -> Weight;
	fn reinstate() -> Weight;
	fn set_clinic_name(n: u32, ) -> Weight;
}

/// Weights for `pallet_consortium` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 128]`.
	fn admit(n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `120`
		//  Estimated: `3647`
		// Minimum execution time: 15_000_000 picoseconds.
		Weight::from_parts(30_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3647))
			// Standard Error: 0
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:2 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn admit_clinic_researcher() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `280`
		//  Estimated: `6304`
		// Minimum execution time: 20_000_000 picoseconds.
		Weight::from_parts(40_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6304))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn remove() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `280`
		//  Estimated: `3647`
		// Minimum execution time: 18_000_000 picoseconds.
		Weight::from_parts(36_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3647))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	fn suspend() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `280`
		//  Estimated: `3647`
		// Minimum execution time: 12_000_000 picoseconds.
		Weight::from_parts(24_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3647))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	fn reinstate() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `280`
		//  Estimated: `3647`
		// Minimum execution time: 12_000_000 picoseconds.
		Weight::from_parts(24_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3647))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 128]`.
	fn set_clinic_name(n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `280`
		//  Estimated: `3647`
		// Minimum execution time: 13_000_000 picoseconds.
		Weight::from_parts(26_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3647))
			// Standard Error: 0
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 128]`.
	fn admit(n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `120`
		//  Estimated: `3647`
		// Minimum execution time: 15_000_000 picoseconds.
		Weight::from_parts(30_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3647))
			// Standard Error: 0
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:2 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn admit_clinic_researcher() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `280`
		//  Estimated: `6304`
		// Minimum execution time: 20_000_000 picoseconds.
		Weight::from_parts(40_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6304))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn remove() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `280`
		//  Estimated: `3647`
		// Minimum execution time: 18_000_000 picoseconds.
		Weight::from_parts(36_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3647))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	fn suspend() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `280`
		//  Estimated: `3647`
		// Minimum execution time: 12_000_000 picoseconds.
		Weight::from_parts(24_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3647))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	fn reinstate() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `280`
		//  Estimated: `3647`
		// Minimum execution time: 12_000_000 picoseconds.
		Weight::from_parts(24_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3647))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 128]`.
	fn set_clinic_name(n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `280`
		//  Estimated: `3647`
		// Minimum execution time: 13_000_000 picoseconds.
		Weight::from_parts(26_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3647))
			// Standard Error: 0
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
