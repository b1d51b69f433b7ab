// This file is part of the IVF consortium chain.

//! Weights for `pallet_federated_learning`
//!
//! NOT YET GENERATED: ESTIMATES UNTIL `ivf-node benchmark pallet` RUNS.
//!
//! The numbers below are conservative hand estimates in the shape that
//! `frame-benchmarking-cli benchmark pallet` generates (storage reads and writes counted from
//! the code, worst cases as in `benchmarking.rs`). The per-`p × n` term of `close_round` is
//! 50 ns, about eight times `fl-core`'s native trimmed-mean throughput (6.1 ns per
//! parameter × client, docs/fl-core.md), to cover Wasm. Regenerate them on reference hardware
//! with a `runtime-benchmarks` node build:
//!
//! ```text
//! cargo build --release -p ivf-node --features runtime-benchmarks
//! ivf-node benchmark pallet --chain dev --pallet pallet_federated_learning --extrinsic '*' \
//!     --steps 50 --repeat 20 --output pallets/federated-learning/src/weights.rs
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

/// Weight functions needed for `pallet_federated_learning`.
pub trait WeightInfo {
	fn create_task(p: u32, n: u32, ) -> Weight;
	fn commit_update(p: u32, ) -> Weight;
	fn reveal_update(p: u32, n: u32, ) -> Weight;
	fn close_round(p: u32, n: u32, ) -> Weight;
	fn scan_open_rounds(t: u32, ) -> Weight;
}

/// Weights for `pallet_federated_learning` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Config::Membership` (the consortium pallet) (r:1 w:0)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Storage: `Config::DataAccess` (the data-access pallet) (r:4 per dataset)
	/// Storage: `FederatedLearning::NextTaskId` (r:1 w:1)
	/// Storage: `FederatedLearning::Models` (r:0 w:1)
	/// Storage: `FederatedLearning::Rounds` (r:0 w:1)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Storage: `FederatedLearning::Tasks` (r:0 w:1)
	/// The range of component `p` is `[2, 16]`.
	/// The range of component `n` is `[2, 4096]`.
	fn create_task(p: u32, n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `19000`
		// Minimum execution time: 90_000_000 picoseconds (estimate).
		Weight::from_parts(90_000_000, 19000)
			.saturating_add(Weight::from_parts(2_000_000, 2600).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(40_000, 4).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:1)
	/// Storage: `Config::DataAccess` (the data-access pallet) (r:4 w:0)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// The range of component `p` is `[2, 16]`.
	fn commit_update(p: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `12000`
		// Minimum execution time: 60_000_000 picoseconds (estimate).
		Weight::from_parts(60_000_000, 12000)
			.saturating_add(Weight::from_parts(500_000, 300).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:1)
	/// Storage: `Config::DataAccess` (the data-access pallet) (r:5 w:1)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Storage: `FederatedLearning::RevealedUpdates` (r:0 w:1)
	/// The range of component `p` is `[2, 16]`.
	/// The range of component `n` is `[2, 4096]`.
	fn reveal_update(p: u32, n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `14000`
		// Minimum execution time: 80_000_000 picoseconds (estimate).
		Weight::from_parts(80_000_000, 14000)
			.saturating_add(Weight::from_parts(500_000, 300).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(30_000, 4).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `FederatedLearning::Tasks` (r:1 w:1)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:2)
	/// Storage: `FederatedLearning::Models` (r:2 w:2)
	/// Storage: `FederatedLearning::RevealedUpdates` (r:1 per participant, w:1 per participant)
	/// Storage: `FederatedLearning::MissedReveals` (r:0 w:0 at worst-case aggregation)
	/// Storage: `Config::DataAccess` (the data-access pallet) (r:6 w:2 per participant)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// The range of component `p` is `[2, 16]`.
	/// The range of component `n` is `[2, 4096]`.
	fn close_round(p: u32, n: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `30000`
		// Minimum execution time: 120_000_000 picoseconds (estimate).
		Weight::from_parts(120_000_000, 30000)
			.saturating_add(Weight::from_parts(3_000_000, 3000).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(60_000, 12).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(50_000, 4).saturating_mul(p.saturating_mul(n).into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().reads((7_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(8_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(p.into())))
	}
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:0)
	/// The range of component `t` is `[0, 16]`.
	fn scan_open_rounds(t: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `1500`
		// Minimum execution time: 4_000_000 picoseconds (estimate).
		Weight::from_parts(4_000_000, 1500)
			.saturating_add(Weight::from_parts(200_000, 40).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn create_task(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(90_000_000, 19000)
			.saturating_add(Weight::from_parts(2_000_000, 2600).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(40_000, 4).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn commit_update(p: u32, ) -> Weight {
		Weight::from_parts(60_000_000, 12000)
			.saturating_add(Weight::from_parts(500_000, 300).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn reveal_update(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(80_000_000, 14000)
			.saturating_add(Weight::from_parts(500_000, 300).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(30_000, 4).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn close_round(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(120_000_000, 30000)
			.saturating_add(Weight::from_parts(3_000_000, 3000).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(60_000, 12).saturating_mul(n.into()))
			.saturating_add(Weight::from_parts(50_000, 4).saturating_mul(p.saturating_mul(n).into()))
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().reads((7_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(p.into())))
	}
	fn scan_open_rounds(t: u32, ) -> Weight {
		Weight::from_parts(4_000_000, 1500)
			.saturating_add(Weight::from_parts(200_000, 40).saturating_mul(t.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
	}
}
