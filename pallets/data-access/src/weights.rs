// This file is part of the IVF consortium chain.

//! Weights for `pallet_data_access`
//!
//! NOT YET GENERATED: ESTIMATES UNTIL `ivf-node benchmark pallet` RUNS.
//!
//! The numbers below are conservative hand estimates in the shape that
//! `frame-benchmarking-cli benchmark pallet` generates (storage reads and writes counted from
//! the code, worst cases as in `benchmarking.rs`). Regenerate them on reference hardware with a
//! `runtime-benchmarks` node build:
//!
//! ```text
//! cargo build --release -p ivf-node --features runtime-benchmarks
//! ivf-node benchmark pallet --chain dev --pallet pallet_data_access --extrinsic '*' \
//!     --steps 50 --repeat 20 --output pallets/data-access/src/weights.rs
//! ```

// Executed Command:
// (not yet run; see above)

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_data_access`.
pub trait WeightInfo {
	fn register_dataset(m: u32, ) -> Weight;
	fn update_terms(m: u32, ) -> Weight;
	fn retire_dataset() -> Weight;
	fn request_access_pending() -> Weight;
	fn request_access_granted() -> Weight;
	fn withdraw_request() -> Weight;
	fn grant_access() -> Weight;
	fn reject_request() -> Weight;
	fn revoke_grant() -> Weight;
	fn record_use() -> Weight;
	fn prune_grant() -> Weight;
}

/// Weights for `pallet_data_access` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::NextDatasetId` (r:1 w:1)
	/// Proof: `DataAccess::NextDatasetId` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:0 w:1)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// The range of component `m` is `[0, 24]`.
	fn register_dataset(m: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3521`
		// Minimum execution time: 38_000_000 picoseconds (estimate).
		Weight::from_parts(38_000_000, 3521)
			.saturating_add(Weight::from_parts(120_000, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// The range of component `m` is `[0, 24]`.
	fn update_terms(m: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4310`
		// Minimum execution time: 36_000_000 picoseconds (estimate).
		Weight::from_parts(36_000_000, 4310)
			.saturating_add(Weight::from_parts(120_000, 0).saturating_mul(m.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	fn retire_dataset() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4310`
		// Minimum execution time: 34_000_000 picoseconds (estimate).
		Weight::from_parts(34_000_000, 4310)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:2 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::NextRequestId` (r:1 w:1)
	/// Proof: `DataAccess::NextRequestId` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:0 w:1)
	/// Proof: `DataAccess::Requests` (estimated from `MaxEncodedLen`)
	fn request_access_pending() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `6240`
		// Minimum execution time: 60_000_000 picoseconds (estimate).
		Weight::from_parts(60_000_000, 6240)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:2 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::NextRequestId` (r:1 w:1)
	/// Proof: `DataAccess::NextRequestId` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:1)
	/// Proof: `DataAccess::ResearcherGrants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::DatasetGrants` (r:1 w:1)
	/// Proof: `DataAccess::DatasetGrants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:0 w:1)
	/// Proof: `DataAccess::Grants` (estimated from `MaxEncodedLen`)
	fn request_access_granted() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `8120`
		// Minimum execution time: 72_000_000 picoseconds (estimate).
		Weight::from_parts(72_000_000, 8120)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:1 w:1)
	/// Proof: `DataAccess::Requests` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (estimated from `MaxEncodedLen`)
	fn withdraw_request() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `5040`
		// Minimum execution time: 40_000_000 picoseconds (estimate).
		Weight::from_parts(40_000_000, 5040)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:2 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:1 w:1)
	/// Proof: `DataAccess::Requests` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:1)
	/// Proof: `DataAccess::ResearcherGrants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::DatasetGrants` (r:1 w:1)
	/// Proof: `DataAccess::DatasetGrants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:0 w:1)
	/// Proof: `DataAccess::Grants` (estimated from `MaxEncodedLen`)
	fn grant_access() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `9180`
		// Minimum execution time: 85_000_000 picoseconds (estimate).
		Weight::from_parts(85_000_000, 9180)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:1 w:1)
	/// Proof: `DataAccess::Requests` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (estimated from `MaxEncodedLen`)
	fn reject_request() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `5040`
		// Minimum execution time: 40_000_000 picoseconds (estimate).
		Weight::from_parts(40_000_000, 5040)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:1)
	/// Proof: `DataAccess::Grants` (estimated from `MaxEncodedLen`)
	fn revoke_grant() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4150`
		// Minimum execution time: 34_000_000 picoseconds (estimate).
		Weight::from_parts(34_000_000, 4150)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:2 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:1)
	/// Proof: `DataAccess::Grants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::AccessLog` (r:0 w:2)
	/// Proof: `DataAccess::AccessLog` (estimated from `MaxEncodedLen`)
	fn record_use() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `6420`
		// Minimum execution time: 62_000_000 picoseconds (estimate).
		Weight::from_parts(62_000_000, 6420)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:1)
	/// Proof: `DataAccess::Grants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:1)
	/// Proof: `DataAccess::ResearcherGrants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::DatasetGrants` (r:1 w:1)
	/// Proof: `DataAccess::DatasetGrants` (estimated from `MaxEncodedLen`)
	fn prune_grant() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `6890`
		// Minimum execution time: 52_000_000 picoseconds (estimate).
		Weight::from_parts(52_000_000, 6890)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::NextDatasetId` (r:1 w:1)
	/// Proof: `DataAccess::NextDatasetId` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:0 w:1)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// The range of component `m` is `[0, 24]`.
	fn register_dataset(m: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `3521`
		// Minimum execution time: 38_000_000 picoseconds (estimate).
		Weight::from_parts(38_000_000, 3521)
			.saturating_add(Weight::from_parts(120_000, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// The range of component `m` is `[0, 24]`.
	fn update_terms(m: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4310`
		// Minimum execution time: 36_000_000 picoseconds (estimate).
		Weight::from_parts(36_000_000, 4310)
			.saturating_add(Weight::from_parts(120_000, 0).saturating_mul(m.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	fn retire_dataset() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4310`
		// Minimum execution time: 34_000_000 picoseconds (estimate).
		Weight::from_parts(34_000_000, 4310)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:2 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::NextRequestId` (r:1 w:1)
	/// Proof: `DataAccess::NextRequestId` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:0 w:1)
	/// Proof: `DataAccess::Requests` (estimated from `MaxEncodedLen`)
	fn request_access_pending() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `6240`
		// Minimum execution time: 60_000_000 picoseconds (estimate).
		Weight::from_parts(60_000_000, 6240)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:2 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::NextRequestId` (r:1 w:1)
	/// Proof: `DataAccess::NextRequestId` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:1)
	/// Proof: `DataAccess::ResearcherGrants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::DatasetGrants` (r:1 w:1)
	/// Proof: `DataAccess::DatasetGrants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:0 w:1)
	/// Proof: `DataAccess::Grants` (estimated from `MaxEncodedLen`)
	fn request_access_granted() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `8120`
		// Minimum execution time: 72_000_000 picoseconds (estimate).
		Weight::from_parts(72_000_000, 8120)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:1 w:1)
	/// Proof: `DataAccess::Requests` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (estimated from `MaxEncodedLen`)
	fn withdraw_request() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `5040`
		// Minimum execution time: 40_000_000 picoseconds (estimate).
		Weight::from_parts(40_000_000, 5040)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:2 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:1 w:1)
	/// Proof: `DataAccess::Requests` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:1)
	/// Proof: `DataAccess::ResearcherGrants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::DatasetGrants` (r:1 w:1)
	/// Proof: `DataAccess::DatasetGrants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:0 w:1)
	/// Proof: `DataAccess::Grants` (estimated from `MaxEncodedLen`)
	fn grant_access() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `9180`
		// Minimum execution time: 85_000_000 picoseconds (estimate).
		Weight::from_parts(85_000_000, 9180)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Requests` (r:1 w:1)
	/// Proof: `DataAccess::Requests` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::PendingRequests` (r:1 w:1)
	/// Proof: `DataAccess::PendingRequests` (estimated from `MaxEncodedLen`)
	fn reject_request() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `5040`
		// Minimum execution time: 40_000_000 picoseconds (estimate).
		Weight::from_parts(40_000_000, 5040)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:1)
	/// Proof: `DataAccess::Grants` (estimated from `MaxEncodedLen`)
	fn revoke_grant() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `4150`
		// Minimum execution time: 34_000_000 picoseconds (estimate).
		Weight::from_parts(34_000_000, 4150)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:2 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:1)
	/// Proof: `DataAccess::Grants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::AccessLog` (r:0 w:2)
	/// Proof: `DataAccess::AccessLog` (estimated from `MaxEncodedLen`)
	fn record_use() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `6420`
		// Minimum execution time: 62_000_000 picoseconds (estimate).
		Weight::from_parts(62_000_000, 6420)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Proof: `Config::Membership` (the consortium pallet) (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:1)
	/// Proof: `DataAccess::Grants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:1)
	/// Proof: `DataAccess::ResearcherGrants` (estimated from `MaxEncodedLen`)
	/// Storage: `DataAccess::DatasetGrants` (r:1 w:1)
	/// Proof: `DataAccess::DatasetGrants` (estimated from `MaxEncodedLen`)
	fn prune_grant() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `6890`
		// Minimum execution time: 52_000_000 picoseconds (estimate).
		Weight::from_parts(52_000_000, 6890)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
}
