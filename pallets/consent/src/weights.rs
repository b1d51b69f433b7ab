//! Weights for `pallet_consent`
//!
//! NOT YET GENERATED: ESTIMATES UNTIL `ivf-node benchmark pallet` RUNS.
//!
//! The numbers below are conservative hand estimates in the shape that
//! `frame-benchmarking-cli benchmark pallet` generates (two sr25519 verifications for a
//! co-signed consent, the storage reads and writes each call makes, proof sizes from the
//! `MaxEncodedLen` of the items it touches), so that the file can be replaced as a whole.
//! Regenerate it with a `runtime-benchmarks` build of the node:
//!
//! ```text
//! ivf-node benchmark pallet --runtime <ivf_runtime.wasm> --genesis-builder-preset development \
//!     --pallet pallet_consent --extrinsic '*' --steps 50 --repeat 20 \
//!     --output pallets/consent/src/weights.rs --template <frame-weight-template.hbs>
//! ```

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_consent`.
pub trait WeightInfo {
	fn record_consent(p: u32, ) -> Weight;
	fn withdraw_consent() -> Weight;
	fn mark_entered_in_error() -> Weight;
	fn allow_reliance(r: u32, ) -> Weight;
	fn revoke_reliance(r: u32, ) -> Weight;
}

/// Weights for `pallet_consent` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(200), added: 2675, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Consent::CoSignedPayloads` (r:1 w:1)
	/// Proof: `Consent::CoSignedPayloads` (`max_values`: None, `max_size`: Some(40), added: 2515, mode: `MaxEncodedLen`)
	/// Storage: `Consent::NextConsentId` (r:1 w:1)
	/// Proof: `Consent::NextConsentId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consent::ConsentsByPatient` (r:1 w:1)
	/// Proof: `Consent::ConsentsByPatient` (`max_values`: None, `max_size`: Some(561), added: 3036, mode: `MaxEncodedLen`)
	/// Storage: `Consent::Consents` (r:0 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(486), added: 2961, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[0, 63]`.
	fn record_consent(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `300 + p * (8 ±0)`
		//  Estimated: `4026`
		// Minimum execution time: 150_000_000 picoseconds.
		Weight::from_parts(160_000_000, 4026)
			// Standard Error: 0
			.saturating_add(Weight::from_parts(100_000, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(486), added: 2961, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(200), added: 2675, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn withdraw_consent() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `3951`
		// Minimum execution time: 30_000_000 picoseconds.
		Weight::from_parts(35_000_000, 3951)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(200), added: 2675, mode: `MaxEncodedLen`)
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(486), added: 2961, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn mark_entered_in_error() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `3951`
		// Minimum execution time: 30_000_000 picoseconds.
		Weight::from_parts(35_000_000, 3951)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(486), added: 2961, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(200), added: 2675, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[0, 7]`.
	fn allow_reliance(r: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600 + r * (32 ±0)`
		//  Estimated: `6340`
		// Minimum execution time: 35_000_000 picoseconds.
		Weight::from_parts(40_000_000, 6340)
			// Standard Error: 0
			.saturating_add(Weight::from_parts(200_000, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(486), added: 2961, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(200), added: 2675, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[1, 8]`.
	fn revoke_reliance(r: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600 + r * (32 ±0)`
		//  Estimated: `3951`
		// Minimum execution time: 30_000_000 picoseconds.
		Weight::from_parts(35_000_000, 3951)
			// Standard Error: 0
			.saturating_add(Weight::from_parts(200_000, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(200), added: 2675, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Consent::CoSignedPayloads` (r:1 w:1)
	/// Proof: `Consent::CoSignedPayloads` (`max_values`: None, `max_size`: Some(40), added: 2515, mode: `MaxEncodedLen`)
	/// Storage: `Consent::NextConsentId` (r:1 w:1)
	/// Proof: `Consent::NextConsentId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consent::ConsentsByPatient` (r:1 w:1)
	/// Proof: `Consent::ConsentsByPatient` (`max_values`: None, `max_size`: Some(561), added: 3036, mode: `MaxEncodedLen`)
	/// Storage: `Consent::Consents` (r:0 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(486), added: 2961, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[0, 63]`.
	fn record_consent(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `300 + p * (8 ±0)`
		//  Estimated: `4026`
		// Minimum execution time: 150_000_000 picoseconds.
		Weight::from_parts(160_000_000, 4026)
			// Standard Error: 0
			.saturating_add(Weight::from_parts(100_000, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(486), added: 2961, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(200), added: 2675, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn withdraw_consent() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `3951`
		// Minimum execution time: 30_000_000 picoseconds.
		Weight::from_parts(35_000_000, 3951)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(200), added: 2675, mode: `MaxEncodedLen`)
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(486), added: 2961, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn mark_entered_in_error() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `3951`
		// Minimum execution time: 30_000_000 picoseconds.
		Weight::from_parts(35_000_000, 3951)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(486), added: 2961, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(200), added: 2675, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[0, 7]`.
	fn allow_reliance(r: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600 + r * (32 ±0)`
		//  Estimated: `6340`
		// Minimum execution time: 35_000_000 picoseconds.
		Weight::from_parts(40_000_000, 6340)
			// Standard Error: 0
			.saturating_add(Weight::from_parts(200_000, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Consent::Consents` (r:1 w:1)
	/// Proof: `Consent::Consents` (`max_values`: None, `max_size`: Some(486), added: 2961, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(200), added: 2675, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[1, 8]`.
	fn revoke_reliance(r: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600 + r * (32 ±0)`
		//  Estimated: `3951`
		// Minimum execution time: 30_000_000 picoseconds.
		Weight::from_parts(35_000_000, 3951)
			// Standard Error: 0
			.saturating_add(Weight::from_parts(200_000, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
