//! Weights of `pallet_data_access`, measured by `ivf-node benchmark pallet` (frame-benchmarking-cli 64.0.0).
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
//!   pallet_data_access
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
//!   pallets/data-access/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call of `pallet_data_access`.
pub trait WeightInfo {
	fn register_dataset(m: u32, ) -> Weight;
	fn update_terms(m: u32, ) -> Weight;
	fn retire_dataset() -> Weight;
	fn update_privacy_policy() -> Weight;
	fn request_access_pending() -> Weight;
	fn request_access_granted() -> Weight;
	fn withdraw_request() -> Weight;
	fn grant_access() -> Weight;
	fn reject_request() -> Weight;
	fn revoke_grant() -> Weight;
	fn record_use() -> Weight;
	fn prune_grant() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::NextDatasetId` (r:1 w:1)
	/// Proof: `DataAccess::NextDatasetId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:0 w:1)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Component `m` ranges over `[0, 24]`.
	fn register_dataset(m: u32, ) -> Weight {
		// Proof size: measured `562`, estimated `3647` bytes.
		// Minimum execution time: 16_414_000 picoseconds.
		Weight::from_parts(18_683_961, 3647)
			.saturating_add(Weight::from_parts(32_344, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Component `m` ranges over `[0, 24]`.
	fn update_terms(m: u32, ) -> Weight {
		// Proof size: measured `787`, estimated `3832` bytes.
		// Minimum execution time: 16_565_000 picoseconds.
		Weight::from_parts(18_132_569, 3832)
			.saturating_add(Weight::from_parts(33_862, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn retire_dataset() -> Weight {
		// Proof size: measured `829`, estimated `3832` bytes.
		// Minimum execution time: 17_616_000 picoseconds.
		Weight::from_parts(19_599_000, 3832)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	fn update_privacy_policy() -> Weight {
		// Proof size: measured `787`, estimated `3832` bytes.
		// Minimum execution time: 16_294_000 picoseconds.
		Weight::from_parts(17_967_000, 3832)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::NextRequestId` (r:1 w:1)
	/// Proof: `DataAccess::NextRequestId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (`max_values`: None, `max_size`: Some(270), added: 2745, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:0 w:1)
	/// Proof: `DataAccess::Requests` (`max_values`: None, `max_size`: Some(169), added: 2644, mode: `MaxEncodedLen`)
	fn request_access_pending() -> Weight {
		// Proof size: measured `1194`, estimated `6304` bytes.
		// Minimum execution time: 28_262_000 picoseconds.
		Weight::from_parts(31_717_000, 6304)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::NextRequestId` (r:1 w:1)
	/// Proof: `DataAccess::NextRequestId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:1)
	/// Proof: `DataAccess::ResearcherGrants` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::DatasetGrants` (r:1 w:1)
	/// Proof: `DataAccess::DatasetGrants` (`max_values`: None, `max_size`: Some(1038), added: 3513, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:1 w:1)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:0 w:1)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	fn request_access_granted() -> Weight {
		// Proof size: measured `2671`, estimated `6304` bytes.
		// Minimum execution time: 45_037_000 picoseconds.
		Weight::from_parts(49_183_000, 6304)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:1 w:1)
	/// Proof: `DataAccess::Requests` (`max_values`: None, `max_size`: Some(169), added: 2644, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (`max_values`: None, `max_size`: Some(270), added: 2745, mode: `MaxEncodedLen`)
	fn withdraw_request() -> Weight {
		// Proof size: measured `1120`, estimated `3735` bytes.
		// Minimum execution time: 20_270_000 picoseconds.
		Weight::from_parts(22_324_000, 3735)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:1 w:1)
	/// Proof: `DataAccess::Requests` (`max_values`: None, `max_size`: Some(169), added: 2644, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:1)
	/// Proof: `DataAccess::ResearcherGrants` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::DatasetGrants` (r:1 w:1)
	/// Proof: `DataAccess::DatasetGrants` (`max_values`: None, `max_size`: Some(1038), added: 3513, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:1 w:1)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (`max_values`: None, `max_size`: Some(270), added: 2745, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:0 w:1)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	fn grant_access() -> Weight {
		// Proof size: measured `3178`, estimated `6304` bytes.
		// Minimum execution time: 48_502_000 picoseconds.
		Weight::from_parts(52_889_000, 6304)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:1 w:1)
	/// Proof: `DataAccess::Requests` (`max_values`: None, `max_size`: Some(169), added: 2644, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (`max_values`: None, `max_size`: Some(270), added: 2745, mode: `MaxEncodedLen`)
	fn reject_request() -> Weight {
		// Proof size: measured `1121`, estimated `3735` bytes.
		// Minimum execution time: 20_180_000 picoseconds.
		Weight::from_parts(22_033_000, 3735)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:1)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn revoke_grant() -> Weight {
		// Proof size: measured `1055`, estimated `3866` bytes.
		// Minimum execution time: 19_529_000 picoseconds.
		Weight::from_parts(21_613_000, 3866)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:1)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::AccessLog` (r:0 w:2)
	/// Proof: `DataAccess::AccessLog` (`max_values`: None, `max_size`: Some(149), added: 2624, mode: `MaxEncodedLen`)
	fn record_use() -> Weight {
		// Proof size: measured `1335`, estimated `6304` bytes.
		// Minimum execution time: 33_190_000 picoseconds.
		Weight::from_parts(36_204_000, 6304)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `DataAccess::Grants` (r:1 w:1)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:1)
	/// Proof: `DataAccess::ResearcherGrants` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::DatasetGrants` (r:1 w:1)
	/// Proof: `DataAccess::DatasetGrants` (`max_values`: None, `max_size`: Some(1038), added: 3513, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:1 w:1)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	fn prune_grant() -> Weight {
		// Proof size: measured `2744`, estimated `4503` bytes.
		// Minimum execution time: 33_610_000 picoseconds.
		Weight::from_parts(36_495_000, 4503)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

/// The same measurements with ParityDB's weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn register_dataset(m: u32, ) -> Weight {
		Weight::from_parts(18_683_961, 3647)
			.saturating_add(Weight::from_parts(32_344, 0).saturating_mul(m.into()))
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn update_terms(m: u32, ) -> Weight {
		Weight::from_parts(18_132_569, 3832)
			.saturating_add(Weight::from_parts(33_862, 0).saturating_mul(m.into()))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn retire_dataset() -> Weight {
		Weight::from_parts(19_599_000, 3832)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn update_privacy_policy() -> Weight {
		Weight::from_parts(17_967_000, 3832)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn request_access_pending() -> Weight {
		Weight::from_parts(31_717_000, 6304)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn request_access_granted() -> Weight {
		Weight::from_parts(49_183_000, 6304)
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
	fn withdraw_request() -> Weight {
		Weight::from_parts(22_324_000, 3735)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn grant_access() -> Weight {
		Weight::from_parts(52_889_000, 6304)
			.saturating_add(ParityDbWeight::get().reads(9_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn reject_request() -> Weight {
		Weight::from_parts(22_033_000, 3735)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn revoke_grant() -> Weight {
		Weight::from_parts(21_613_000, 3866)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn record_use() -> Weight {
		Weight::from_parts(36_204_000, 6304)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn prune_grant() -> Weight {
		Weight::from_parts(36_495_000, 4503)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
}
