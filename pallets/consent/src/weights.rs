//! Weights of `pallet_consent`, measured by `ivf-node benchmark pallet` (frame-benchmarking-cli 64.0.0).
//!
//! Generated on 2026-12-06 on `vm` (AMD EPYC): 20 steps, 5 repeats,
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
//!   pallet_consent
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
//!   pallets/consent/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call of `pallet_consent`.
pub trait WeightInfo {
	fn record_consent(p: u32, ) -> Weight;
	fn record_co_signed_consent(p: u32, ) -> Weight;
	fn record_consents(n: u32, ) -> Weight;
	fn withdraw_consent() -> Weight;
	fn mark_entered_in_error() -> Weight;
	fn allow_reliance(r: u32, ) -> Weight;
	fn revoke_reliance(r: u32, ) -> Weight;
	fn close_consents_of_departed_clinic(n: u32, ) -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consent::NextConsentId` (r:1 w:1)
	/// Proof: `Consent::NextConsentId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consent::ConsentsByPatient` (r:1 w:1)
	/// Proof: `Consent::ConsentsByPatient` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Consent::Consents` (r:0 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(484), added: 2959, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[0, 63]`.
	fn record_consent(p: u32, ) -> Weight {
		// Proof size: measured `663 + p * 8`, estimated `4027` bytes.
		// Minimum execution time: 18_338_000 picoseconds.
		Weight::from_parts(21_980_000, 4027)
			.saturating_add(Weight::from_parts(40_591, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Consent::CoSignedPayloads` (r:1 w:1)
	/// Proof: `Consent::CoSignedPayloads` (`max_values`: None, `max_size`: Some(40), added: 2515, mode: `MaxEncodedLen`)
	/// Storage: `Consent::NextConsentId` (r:1 w:1)
	/// Proof: `Consent::NextConsentId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consent::ConsentsByPatient` (r:1 w:1)
	/// Proof: `Consent::ConsentsByPatient` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Consent::Consents` (r:0 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(484), added: 2959, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[0, 63]`.
	fn record_co_signed_consent(p: u32, ) -> Weight {
		// Proof size: measured `717 + p * 8`, estimated `4027` bytes.
		// Minimum execution time: 90_956_000 picoseconds.
		Weight::from_parts(101_311_968, 4027)
			.saturating_add(Weight::from_parts(78_254, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consent::NextConsentId` (r:1 w:1)
	/// Proof: `Consent::NextConsentId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consent::ConsentsByPatient` (r:100 w:100)
	/// Proof: `Consent::ConsentsByPatient` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `Consent::Consents` (r:0 w:100)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(484), added: 2959, mode: `MaxEncodedLen`)
	/// Component `n` ranges over `[1, 100]`.
	fn record_consents(n: u32, ) -> Weight {
		// Proof size: measured `618 + n * 561`, estimated `3647 + n * 3037` bytes.
		// Minimum execution time: 23_515_000 picoseconds.
		Weight::from_parts(25_622_333, 3647)
			.saturating_add(Weight::from_parts(11_917_339, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 3037).saturating_mul(n.into()))
	}
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(484), added: 2959, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn withdraw_consent() -> Weight {
		// Proof size: measured `769`, estimated `3949` bytes.
		// Minimum execution time: 17_586_000 picoseconds.
		Weight::from_parts(19_078_000, 3949)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(484), added: 2959, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn mark_entered_in_error() -> Weight {
		// Proof size: measured `769`, estimated `3949` bytes.
		// Minimum execution time: 17_636_000 picoseconds.
		Weight::from_parts(19_058_000, 3949)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(484), added: 2959, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Component `r` ranges over `[0, 7]`.
	fn allow_reliance(r: u32, ) -> Weight {
		// Proof size: measured `841 + r * 66`, estimated `6304` bytes.
		// Minimum execution time: 19_299_000 picoseconds.
		Weight::from_parts(22_459_116, 6304)
			.saturating_add(Weight::from_parts(227_231, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(484), added: 2959, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Component `r` ranges over `[1, 8]`.
	fn revoke_reliance(r: u32, ) -> Weight {
		// Proof size: measured `764 + r * 65`, estimated `3949` bytes.
		// Minimum execution time: 16_866_000 picoseconds.
		Weight::from_parts(18_142_618, 3949)
			.saturating_add(Weight::from_parts(151_660, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Consent::DepartedClinicCursor` (r:1 w:1)
	/// Proof: `Consent::DepartedClinicCursor` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Consent::NextConsentId` (r:1 w:0)
	/// Proof: `Consent::NextConsentId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consent::Consents` (r:500 w:500)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(484), added: 2959, mode: `MaxEncodedLen`)
	/// Component `n` ranges over `[1, 500]`.
	fn close_consents_of_departed_clinic(n: u32, ) -> Weight {
		// Proof size: measured `540 + n * 419`, estimated `3647 + n * 2959` bytes.
		// Minimum execution time: 19_990_000 picoseconds.
		Weight::from_parts(21_642_000, 3647)
			.saturating_add(Weight::from_parts(5_010_923, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2959).saturating_mul(n.into()))
	}
}

/// The same measurements with ParityDB's weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn record_consent(p: u32, ) -> Weight {
		Weight::from_parts(21_980_000, 4027)
			.saturating_add(Weight::from_parts(40_591, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn record_co_signed_consent(p: u32, ) -> Weight {
		Weight::from_parts(101_311_968, 4027)
			.saturating_add(Weight::from_parts(78_254, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn record_consents(n: u32, ) -> Weight {
		Weight::from_parts(25_622_333, 3647)
			.saturating_add(Weight::from_parts(11_917_339, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 3037).saturating_mul(n.into()))
	}
	fn withdraw_consent() -> Weight {
		Weight::from_parts(19_078_000, 3949)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn mark_entered_in_error() -> Weight {
		Weight::from_parts(19_058_000, 3949)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn allow_reliance(r: u32, ) -> Weight {
		Weight::from_parts(22_459_116, 6304)
			.saturating_add(Weight::from_parts(227_231, 0).saturating_mul(r.into()))
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn revoke_reliance(r: u32, ) -> Weight {
		Weight::from_parts(18_142_618, 3949)
			.saturating_add(Weight::from_parts(151_660, 0).saturating_mul(r.into()))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn close_consents_of_departed_clinic(n: u32, ) -> Weight {
		Weight::from_parts(21_642_000, 3647)
			.saturating_add(Weight::from_parts(5_010_923, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2959).saturating_mul(n.into()))
	}
}
