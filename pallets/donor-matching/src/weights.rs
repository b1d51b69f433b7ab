//! Weights of `pallet_donor_matching`, measured by `ivf-node benchmark pallet` (frame-benchmarking-cli 64.0.0).
//!
//! Generated on 2026-11-24 on `vm` (AMD EPYC): 20 steps, 5 repeats,
//! Wasm execution `Compiled`, chain `Some("dev")`. Do not edit by hand: rerun
//! `scripts/benchmarks/run.sh` after changing the pallet or its benchmarks.
//!
//! Command:
//!   /root/.cache/ivf-chain/target/release/ivf-node-benchmarks
//!   benchmark
//!   pallet
//!   --chain
//!   dev
//!   --pallet
//!   pallet_donor_matching
//!   --extrinsic
//!   *
//!   --steps
//!   20
//!   --repeat
//!   5
//!   --wasm-execution
//!   compiled
//!   --output-analysis
//!   max
//!   --template
//!   scripts/benchmarks/weight-template.hbs
//!   --output
//!   pallets/donor-matching/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call of `pallet_donor_matching`.
pub trait WeightInfo {
	fn register_donor() -> Weight;
	fn reserve(c: u32, ) -> Weight;
	fn release(c: u32, ) -> Weight;
	fn record_birth() -> Weight;
	fn flag_donor(c: u32, ) -> Weight;
	fn set_family_limit() -> Weight;
	fn retire_donors_of_departed_clinic(n: u32, ) -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::Donors` (r:1 w:1)
	/// Proof: `DonorMatching::Donors` (`max_values`: None, `max_size`: Some(261), added: 2736, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::CounterForDonors` (r:1 w:1)
	/// Proof: `DonorMatching::CounterForDonors` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consent::ConsentsByPatient` (r:1 w:0)
	/// Proof: `Consent::ConsentsByPatient` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Consent::Consents` (r:1 w:0)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(484), added: 2959, mode: `MaxEncodedLen`)
	fn register_donor() -> Weight {
		// Proof size: measured `793`, estimated `4027` bytes.
		// Minimum execution time: 35_432_000 picoseconds.
		Weight::from_parts(38_137_000, 4027)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::Donors` (r:1 w:1)
	/// Proof: `DonorMatching::Donors` (`max_values`: None, `max_size`: Some(261), added: 2736, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consent::ConsentsByPatient` (r:1 w:0)
	/// Proof: `Consent::ConsentsByPatient` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Consent::Consents` (r:1 w:0)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(484), added: 2959, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::Allocations` (r:1 w:1)
	/// Proof: `DonorMatching::Allocations` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::DonorClinics` (r:1 w:1)
	/// Proof: `DonorMatching::DonorClinics` (`max_values`: None, `max_size`: Some(2482), added: 4957, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::FamilyLimits` (r:65 w:0)
	/// Proof: `DonorMatching::FamilyLimits` (`max_values`: None, `max_size`: Some(15), added: 2490, mode: `MaxEncodedLen`)
	/// Component `c` ranges over `[0, 63]`.
	/// Plus one read of `DonorMatching::RetiredDonors` (r:1 w:0), not measured yet, added by
	/// hand (in the reads below) until `scripts/benchmarks/run.sh` is rerun.
	fn reserve(c: u32, ) -> Weight {
		// Proof size: measured `1717 + c * 69`, estimated `5970 + c * 2490` bytes.
		// Minimum execution time: 59_718_000 picoseconds.
		Weight::from_parts(68_009_400, 5970)
			.saturating_add(Weight::from_parts(3_645_189, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(c.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 2490).saturating_mul(c.into()))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::Allocations` (r:1 w:1)
	/// Proof: `DonorMatching::Allocations` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::Donors` (r:1 w:1)
	/// Proof: `DonorMatching::Donors` (`max_values`: None, `max_size`: Some(261), added: 2736, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::DonorClinics` (r:1 w:1)
	/// Proof: `DonorMatching::DonorClinics` (`max_values`: None, `max_size`: Some(2482), added: 4957, mode: `MaxEncodedLen`)
	/// Component `c` ranges over `[1, 64]`.
	fn release(c: u32, ) -> Weight {
		// Proof size: measured `1244 + c * 52`, estimated `5947` bytes.
		// Minimum execution time: 38_207_000 picoseconds.
		Weight::from_parts(42_834_107, 5947)
			.saturating_add(Weight::from_parts(414_586, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::Allocations` (r:1 w:1)
	/// Proof: `DonorMatching::Allocations` (`max_values`: None, `max_size`: Some(146), added: 2621, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::Donors` (r:1 w:1)
	/// Proof: `DonorMatching::Donors` (`max_values`: None, `max_size`: Some(261), added: 2736, mode: `MaxEncodedLen`)
	fn record_birth() -> Weight {
		// Proof size: measured `938`, estimated `3726` bytes.
		// Minimum execution time: 31_407_000 picoseconds.
		Weight::from_parts(33_479_000, 3726)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::Donors` (r:1 w:1)
	/// Proof: `DonorMatching::Donors` (`max_values`: None, `max_size`: Some(261), added: 2736, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::DonorClinics` (r:1 w:0)
	/// Proof: `DonorMatching::DonorClinics` (`max_values`: None, `max_size`: Some(2482), added: 4957, mode: `MaxEncodedLen`)
	/// Component `c` ranges over `[0, 64]`.
	fn flag_donor(c: u32, ) -> Weight {
		// Proof size: measured `971 + c * 45`, estimated `5947` bytes.
		// Minimum execution time: 28_692_000 picoseconds.
		Weight::from_parts(32_784_250, 5947)
			.saturating_add(Weight::from_parts(299_745, 0).saturating_mul(c.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `DonorMatching::FamilyLimits` (r:0 w:1)
	/// Proof: `DonorMatching::FamilyLimits` (`max_values`: None, `max_size`: Some(15), added: 2490, mode: `MaxEncodedLen`)
	fn set_family_limit() -> Weight {
		// Proof size: measured `0`, estimated `0` bytes.
		// Minimum execution time: 7_040_000 picoseconds.
		Weight::from_parts(8_082_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::RetirementCursor` (r:1 w:1)
	/// Proof: `DonorMatching::RetirementCursor` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::Donors` (r:501 w:0)
	/// Proof: `DonorMatching::Donors` (`max_values`: None, `max_size`: Some(261), added: 2736, mode: `MaxEncodedLen`)
	/// Storage: `DonorMatching::RetiredDonors` (r:500 w:500)
	/// Proof: `DonorMatching::RetiredDonors` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Component `n` ranges over `[1, 500]`.
	/// Not measured yet: estimated by hand (per donor examined: a read of `Donors` and a read
	/// and write of `RetiredDonors`) until `scripts/benchmarks/run.sh` is rerun.
	fn retire_donors_of_departed_clinic(n: u32, ) -> Weight {
		// Proof size: estimated `5000 + n * 5267` bytes.
		Weight::from_parts(25_000_000, 5000)
			.saturating_add(Weight::from_parts(15_000_000, 5267).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
}

/// The same measurements with ParityDB's weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn register_donor() -> Weight {
		Weight::from_parts(38_137_000, 4027)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn reserve(c: u32, ) -> Weight {
		Weight::from_parts(68_009_400, 5970)
			.saturating_add(Weight::from_parts(3_645_189, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(10_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(c.into())))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 2490).saturating_mul(c.into()))
	}
	fn release(c: u32, ) -> Weight {
		Weight::from_parts(42_834_107, 5947)
			.saturating_add(Weight::from_parts(414_586, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn record_birth() -> Weight {
		Weight::from_parts(33_479_000, 3726)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn flag_donor(c: u32, ) -> Weight {
		Weight::from_parts(32_784_250, 5947)
			.saturating_add(Weight::from_parts(299_745, 0).saturating_mul(c.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_family_limit() -> Weight {
		Weight::from_parts(8_082_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn retire_donors_of_departed_clinic(n: u32, ) -> Weight {
		Weight::from_parts(25_000_000, 5000)
			.saturating_add(Weight::from_parts(15_000_000, 5267).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(n.into())))
	}
}
