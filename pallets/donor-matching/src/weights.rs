//! Weights for `pallet_donor_matching`
//!
//! NOT YET GENERATED: estimates until `ivf-node benchmark pallet` runs.
//!
//! This file has the shape that `frame-benchmarking-cli benchmark pallet` generates, with
//! conservative estimates: 50 µs base per call, 25 µs per clinic of the component, and the
//! storage reads and writes each call makes, counted from the code. Regenerate it from a
//! `runtime-benchmarks` build of the node:
//!
//! ```text
//! ivf-node benchmark pallet --runtime <wasm> --pallet pallet_donor_matching --extrinsic '*' \
//!     --steps 50 --repeat 20 --output pallets/donor-matching/src/weights.rs
//! ```
//!
//! DATE: not run, STEPS: `-`, REPEAT: `-`, LOW RANGE: `[]`, HIGH RANGE: `[]`
//! WORST CASE MAP SIZE: `-`
//! HOSTNAME: `-`, CPU: `-`
//! WASM-EXECUTION: `-`, CHAIN: `-`, DB CACHE: `-`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_donor_matching`.
pub trait WeightInfo {
	fn register_donor() -> Weight;
	fn reserve(c: u32, ) -> Weight;
	fn release(c: u32, ) -> Weight;
	fn record_birth() -> Weight;
	fn flag_donor(c: u32, ) -> Weight;
	fn set_family_limit() -> Weight;
}

/// Weights for `pallet_donor_matching` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium` membership (r:1 w:0)
	/// Storage: `DonorMatching::Donors` (r:1 w:1)
	/// Proof: `DonorMatching::Donors` (`max_values`: None, `max_size`: Some(263), added: 2738, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::CounterForDonors` (r:1 w:1)
	/// Proof: `DonorMatching::CounterForDonors` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Storage: `Consent` records (r:2 w:0)
	fn register_donor() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `400`
		//  Estimated: `8000`
		// Minimum execution time: 50_000_000 picoseconds.
		Weight::from_parts(50_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium` membership (r:1 w:0)
	/// Storage: `DonorMatching::Donors` (r:1 w:1)
	/// Proof: `DonorMatching::Donors` (`max_values`: None, `max_size`: Some(263), added: 2738, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Storage: `Consent` records (r:2 w:0)
	/// Storage: `DonorMatching::Allocations` (r:1 w:1)
	/// Proof: `DonorMatching::Allocations` (`max_values`: None, `max_size`: Some(150), added: 2625, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::DonorClinics` (r:1 w:1)
	/// Proof: `DonorMatching::DonorClinics` (`max_values`: None, `max_size`: Some(2484), added: 4959, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::FamilyLimits` (r:66 w:0)
	/// Proof: `DonorMatching::FamilyLimits` (`max_values`: None, `max_size`: Some(15), added: 2490, mode: `MaxEncodedLen`)
	/// The range of component `c` is `[0, 63]`.
	fn reserve(c: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600 + c * (60 ±0)`
		//  Estimated: `12000 + c * (2490 ±0)`
		// Minimum execution time: 60_000_000 picoseconds.
		Weight::from_parts(60_000_000, 12000)
			// Standard Error: -
			.saturating_add(Weight::from_parts(25_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(c.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 2490).saturating_mul(c.into()))
	}
	/// Storage: `Consortium` membership (r:1 w:0)
	/// Storage: `DonorMatching::Allocations` (r:1 w:1)
	/// Proof: `DonorMatching::Allocations` (`max_values`: None, `max_size`: Some(150), added: 2625, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::Donors` (r:1 w:1)
	/// Proof: `DonorMatching::Donors` (`max_values`: None, `max_size`: Some(263), added: 2738, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::DonorClinics` (r:1 w:1)
	/// Proof: `DonorMatching::DonorClinics` (`max_values`: None, `max_size`: Some(2484), added: 4959, mode: `MaxEncodedLen`)
	/// The range of component `c` is `[1, 64]`.
	fn release(c: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600 + c * (60 ±0)`
		//  Estimated: `12000`
		// Minimum execution time: 50_000_000 picoseconds.
		Weight::from_parts(50_000_000, 12000)
			// Standard Error: -
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Consortium` membership (r:1 w:0)
	/// Storage: `DonorMatching::Allocations` (r:1 w:1)
	/// Proof: `DonorMatching::Allocations` (`max_values`: None, `max_size`: Some(150), added: 2625, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::Donors` (r:1 w:1)
	/// Proof: `DonorMatching::Donors` (`max_values`: None, `max_size`: Some(263), added: 2738, mode: `MaxEncodedLen`)
	fn record_birth() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `500`
		//  Estimated: `8000`
		// Minimum execution time: 50_000_000 picoseconds.
		Weight::from_parts(50_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium` membership (r:1 w:0)
	/// Storage: `DonorMatching::Donors` (r:1 w:1)
	/// Proof: `DonorMatching::Donors` (`max_values`: None, `max_size`: Some(263), added: 2738, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Storage: `DonorMatching::DonorClinics` (r:1 w:0)
	/// Proof: `DonorMatching::DonorClinics` (`max_values`: None, `max_size`: Some(2484), added: 4959, mode: `MaxEncodedLen`)
	/// The range of component `c` is `[0, 64]`.
	fn flag_donor(c: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `500 + c * (60 ±0)`
		//  Estimated: `10000`
		// Minimum execution time: 50_000_000 picoseconds.
		Weight::from_parts(50_000_000, 10000)
			// Standard Error: -
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DonorMatching::FamilyLimits` (r:0 w:1)
	/// Proof: `DonorMatching::FamilyLimits` (`max_values`: None, `max_size`: Some(15), added: 2490, mode: `MaxEncodedLen`)
	fn set_family_limit() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		// Minimum execution time: 25_000_000 picoseconds.
		Weight::from_parts(25_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: `DonorMatching::Donors` (r:1 w:1)
	/// Storage: `DonorMatching::CounterForDonors` (r:1 w:1)
	fn register_donor() -> Weight {
		Weight::from_parts(50_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `DonorMatching::FamilyLimits` (r:66 w:0)
	/// The range of component `c` is `[0, 63]`.
	fn reserve(c: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 12000)
			.saturating_add(Weight::from_parts(25_000_000, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(c.into())))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 2490).saturating_mul(c.into()))
	}
	/// The range of component `c` is `[1, 64]`.
	fn release(c: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 12000)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn record_birth() -> Weight {
		Weight::from_parts(50_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// The range of component `c` is `[0, 64]`.
	fn flag_donor(c: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 10000)
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(c.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_family_limit() -> Weight {
		Weight::from_parts(25_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
