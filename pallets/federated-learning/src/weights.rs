//! Weights of `pallet_federated_learning`, measured by `ivf-node benchmark pallet` (frame-benchmarking-cli 64.0.0).
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
//!   pallet_federated_learning
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
//!   pallets/federated-learning/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call of `pallet_federated_learning`.
pub trait WeightInfo {
	fn create_task(p: u32, n: u32, ) -> Weight;
	fn commit_update(p: u32, ) -> Weight;
	fn reveal_update(p: u32, n: u32, ) -> Weight;
	fn close_round(p: u32, n: u32, ) -> Weight;
	fn scan_open_rounds(t: u32, ) -> Weight;
	fn withdraw_departed_clinic(t: u32, ) -> Weight;
	fn publish_mask_keys(p: u32, ) -> Weight;
	fn deal_mask_shares(p: u32, ) -> Weight;
	fn reveal_unmasking_shares(p: u32, ) -> Weight;
	fn unmask_round(p: u32, n: u32, ) -> Weight;
	fn close_settle(b: u32, ) -> Weight;
	fn close_record(b: u32, ) -> Weight;
	fn close_chunk(p: u32, ) -> Weight;
	fn close_conclude(n: u32, ) -> Weight;
	fn close_advance() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:101 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:100 w:0)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::SecureAggregationRequired` (r:100 w:0)
	/// Proof: `DataAccess::SecureAggregationRequired` (`max_values`: None, `max_size`: Some(13), added: 2488, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::DatasetSchemas` (r:100 w:0)
	/// Proof: `DataAccess::DatasetSchemas` (`max_values`: None, `max_size`: Some(16400), added: 18875, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:100 w:0)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:100 w:0)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::NextTaskId` (r:1 w:1)
	/// Proof: `FederatedLearning::NextTaskId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:0 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Models` (r:0 w:1)
	/// Proof: `FederatedLearning::Models` (`max_values`: None, `max_size`: Some(40066), added: 42541, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:0 w:1)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 100]`.
	/// Component `n` ranges over `[2, 5000]`.
	fn create_task(p: u32, n: u32, ) -> Weight {
		// Proof size: measured `876 + p * 424`, estimated `3647 + p * 18875` bytes.
		// Minimum execution time: 244_174_000 picoseconds.
		Weight::from_parts(247_339_000, 3647)
			.saturating_add(Weight::from_parts(28_313_283, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(35_535, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((6_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 18875).saturating_mul(p.into()))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::SecureAggregationRequired` (r:1 w:0)
	/// Proof: `DataAccess::SecureAggregationRequired` (`max_values`: None, `max_size`: Some(13), added: 2488, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:1 w:0)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:0)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 100]`.
	fn commit_update(p: u32, ) -> Weight {
		// Proof size: measured `2848 + p * 220`, estimated `19660` bytes.
		// Minimum execution time: 63_905_000 picoseconds.
		Weight::from_parts(72_136_865, 19660)
			.saturating_add(Weight::from_parts(344_256, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:1 w:0)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:0)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::RevealedUpdates` (r:0 w:10)
	/// Proof: `FederatedLearning::RevealedUpdates` (`max_values`: None, `max_size`: Some(2102), added: 4577, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 100]`.
	/// Component `n` ranges over `[2, 5000]`.
	fn reveal_update(p: u32, n: u32, ) -> Weight {
		// Proof size: measured `2974 + p * 219`, estimated `19660` bytes.
		// Minimum execution time: 105_688_000 picoseconds.
		Weight::from_parts(34_537_944, 19660)
			.saturating_add(Weight::from_parts(830_673, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(32_504, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `FederatedLearning::Tasks` (r:1 w:1)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:2)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:17 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:16 w:16)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:16 w:0)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:16 w:16)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Models` (r:1 w:2)
	/// Proof: `FederatedLearning::Models` (`max_values`: None, `max_size`: Some(40066), added: 42541, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::RevealedUpdates` (r:32 w:16)
	/// Proof: `FederatedLearning::RevealedUpdates` (`max_values`: None, `max_size`: Some(2102), added: 4577, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::TaskOptimisers` (r:1 w:0)
	/// Proof: `FederatedLearning::TaskOptimisers` (`max_values`: None, `max_size`: Some(33), added: 2508, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::AccessLog` (r:0 w:16)
	/// Proof: `DataAccess::AccessLog` (`max_values`: None, `max_size`: Some(149), added: 2624, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[3, 16]`.
	/// Component `n` ranges over `[2, 512]`.
	fn close_round(p: u32, n: u32, ) -> Weight {
		// Proof size: measured `0 + n * 68 + p * 2681`, estimated `43531 + p * 9154` bytes.
		// Minimum execution time: 232_787_000 picoseconds.
		Weight::from_parts(239_918_000, 43531)
			.saturating_add(Weight::from_parts(63_359_500, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(272_896, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().reads((6_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 9154).saturating_mul(p.into()))
	}
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:0)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Closing` (r:1 w:0)
	/// Proof: `FederatedLearning::Closing` (`max_values`: None, `max_size`: Some(1240), added: 3715, mode: `MaxEncodedLen`)
	/// Component `t` ranges over `[0, 16]`.
	fn scan_open_rounds(t: u32, ) -> Weight {
		// Proof size: measured `112 + t * 28`, estimated `4705` bytes.
		// Minimum execution time: 5_749_000 picoseconds.
		Weight::from_parts(6_642_215, 4705)
			.saturating_add(Weight::from_parts(20_399, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:16 w:16)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:16 w:16)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Closing` (r:16 w:0)
	/// Proof: `FederatedLearning::Closing` (`max_values`: None, `max_size`: Some(1240), added: 3715, mode: `MaxEncodedLen`)
	/// Component `t` ranges over `[1, 16]`.
	fn withdraw_departed_clinic(t: u32, ) -> Weight {
		// Proof size: measured `1075 + t * 4718`, estimated `3647 + t * 18670` bytes.
		// Minimum execution time: 59_429_000 picoseconds.
		Weight::from_parts(20_963_000, 3647)
			.saturating_add(Weight::from_parts(34_427_184, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(t.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(t.into())))
			.saturating_add(Weight::from_parts(0, 18670).saturating_mul(t.into()))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::SecureRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::SecureRounds` (`max_values`: None, `max_size`: Some(7646), added: 10121, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:1 w:0)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:0)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	fn publish_mask_keys(p: u32, ) -> Weight {
		// Proof size: measured `1777 + p * 188`, estimated `12243` bytes.
		// Minimum execution time: 207_038_000 picoseconds.
		Weight::from_parts(217_017_314, 12243)
			.saturating_add(Weight::from_parts(821_078, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::SecureRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::SecureRounds` (`max_values`: None, `max_size`: Some(7646), added: 10121, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:1 w:0)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:1 w:0)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::DealtShares` (r:0 w:1)
	/// Proof: `FederatedLearning::DealtShares` (`max_values`: None, `max_size`: Some(13242), added: 15717, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	fn deal_mask_shares(p: u32, ) -> Weight {
		// Proof size: measured `1853 + p * 192`, estimated `12243` bytes.
		// Minimum execution time: 54_822_000 picoseconds.
		Weight::from_parts(59_497_218, 12243)
			.saturating_add(Weight::from_parts(1_991_258, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::SecureRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::SecureRounds` (`max_values`: None, `max_size`: Some(7646), added: 10121, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:0)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::DealtShares` (r:16 w:0)
	/// Proof: `FederatedLearning::DealtShares` (`max_values`: None, `max_size`: Some(13242), added: 15717, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::UnmaskingShares` (r:0 w:1)
	/// Proof: `FederatedLearning::UnmaskingShares` (`max_values`: None, `max_size`: Some(3342), added: 5817, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	fn reveal_unmasking_shares(p: u32, ) -> Weight {
		// Proof size: measured `0 + p * 2538`, estimated `19660 + p * 15717` bytes.
		// Minimum execution time: 46_129_000 picoseconds.
		Weight::from_parts(31_536_250, 19660)
			.saturating_add(Weight::from_parts(10_284_117, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 15717).saturating_mul(p.into()))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:1)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::SecureRounds` (r:1 w:2)
	/// Proof: `FederatedLearning::SecureRounds` (`max_values`: None, `max_size`: Some(7646), added: 10121, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:2)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::DealtShares` (r:16 w:0)
	/// Proof: `FederatedLearning::DealtShares` (`max_values`: None, `max_size`: Some(13242), added: 15717, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:10 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:9 w:9)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:9 w:0)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:9 w:9)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Models` (r:1 w:1)
	/// Proof: `FederatedLearning::Models` (`max_values`: None, `max_size`: Some(40066), added: 42541, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::MaskedUpdates` (r:9 w:0)
	/// Proof: `FederatedLearning::MaskedUpdates` (`max_values`: None, `max_size`: Some(4138), added: 6613, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::UnmaskingShares` (r:15 w:1)
	/// Proof: `FederatedLearning::UnmaskingShares` (`max_values`: None, `max_size`: Some(3342), added: 5817, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::TaskOptimisers` (r:1 w:0)
	/// Proof: `FederatedLearning::TaskOptimisers` (`max_values`: None, `max_size`: Some(33), added: 2508, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::AccessLog` (r:0 w:9)
	/// Proof: `DataAccess::AccessLog` (`max_values`: None, `max_size`: Some(149), added: 2624, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	/// Component `n` ranges over `[2, 512]`.
	fn unmask_round(p: u32, n: u32, ) -> Weight {
		// Proof size: measured `0 + n * 76 + p * 5481`, estimated `43531 + p * 15717` bytes.
		// Minimum execution time: 222_802_000 picoseconds.
		Weight::from_parts(224_014_000, 43531)
			.saturating_add(Weight::from_parts(489_873_500, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(997_466, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(11_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 15717).saturating_mul(p.into()))
	}
	/// Storage: `FederatedLearning::Closing` (r:1 w:1)
	/// Proof: `FederatedLearning::Closing` (`max_values`: None, `max_size`: Some(1240), added: 3715, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:1)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:26 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:25 w:0)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:25 w:0)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:25 w:0)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Component `b` ranges over `[2, 25]`.
	fn close_settle(b: u32, ) -> Weight {
		// Proof size: measured `1435 + b * 630`, estimated `19660 + b * 2876` bytes.
		// Minimum execution time: 73_390_000 picoseconds.
		Weight::from_parts(34_631_909, 19660)
			.saturating_add(Weight::from_parts(22_187_464, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(b.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 2876).saturating_mul(b.into()))
	}
	/// Storage: `FederatedLearning::Closing` (r:1 w:1)
	/// Proof: `FederatedLearning::Closing` (`max_values`: None, `max_size`: Some(1240), added: 3715, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:26 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:25 w:25)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:25 w:0)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:25 w:25)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::AccessLog` (r:0 w:25)
	/// Proof: `DataAccess::AccessLog` (`max_values`: None, `max_size`: Some(149), added: 2624, mode: `MaxEncodedLen`)
	/// Component `b` ranges over `[2, 25]`.
	fn close_record(b: u32, ) -> Weight {
		// Proof size: measured `1436 + b * 638`, estimated `19660 + b * 2876` bytes.
		// Minimum execution time: 84_536_000 picoseconds.
		Weight::from_parts(33_376_222, 19660)
			.saturating_add(Weight::from_parts(28_594_405, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(b.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(b.into())))
			.saturating_add(Weight::from_parts(0, 2876).saturating_mul(b.into()))
	}
	/// Storage: `FederatedLearning::Closing` (r:1 w:1)
	/// Proof: `FederatedLearning::Closing` (`max_values`: None, `max_size`: Some(1240), added: 3715, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:0)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Models` (r:1 w:0)
	/// Proof: `FederatedLearning::Models` (`max_values`: None, `max_size`: Some(40066), added: 42541, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::RevealedUpdates` (r:100 w:0)
	/// Proof: `FederatedLearning::RevealedUpdates` (`max_values`: None, `max_size`: Some(2102), added: 4577, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::AggregateChunks` (r:0 w:1)
	/// Proof: `FederatedLearning::AggregateChunks` (`max_values`: None, `max_size`: Some(2078), added: 4553, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[3, 100]`.
	fn close_chunk(p: u32, ) -> Weight {
		// Proof size: measured `2791 + p * 2263`, estimated `43531 + p * 4577` bytes.
		// Minimum execution time: 64_266_000 picoseconds.
		Weight::from_parts(54_425_666, 43531)
			.saturating_add(Weight::from_parts(10_049_953, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(Weight::from_parts(0, 4577).saturating_mul(p.into()))
	}
	/// Storage: `FederatedLearning::Closing` (r:1 w:1)
	/// Proof: `FederatedLearning::Closing` (`max_values`: None, `max_size`: Some(1240), added: 3715, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:1)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::AggregateChunks` (r:10 w:10)
	/// Proof: `FederatedLearning::AggregateChunks` (`max_values`: None, `max_size`: Some(2078), added: 4553, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::TaskOptimisers` (r:1 w:0)
	/// Proof: `FederatedLearning::TaskOptimisers` (`max_values`: None, `max_size`: Some(33), added: 2508, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Models` (r:0 w:1)
	/// Proof: `FederatedLearning::Models` (`max_values`: None, `max_size`: Some(40066), added: 42541, mode: `MaxEncodedLen`)
	/// Component `n` ranges over `[2, 5000]`.
	fn close_conclude(n: u32, ) -> Weight {
		// Proof size: measured `1135 + n * 4`, estimated `19660 + n * 9` bytes.
		// Minimum execution time: 28_362_000 picoseconds.
		Weight::from_parts(31_528_660, 19660)
			.saturating_add(Weight::from_parts(14_926, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 9).saturating_mul(n.into()))
	}
	/// Storage: `FederatedLearning::Closing` (r:1 w:1)
	/// Proof: `FederatedLearning::Closing` (`max_values`: None, `max_size`: Some(1240), added: 3715, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:1)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(8778), added: 11253, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:2)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(16195), added: 18670, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	fn close_advance() -> Weight {
		// Proof size: measured `1136`, estimated `19660` bytes.
		// Minimum execution time: 21_922_000 picoseconds.
		Weight::from_parts(24_266_000, 19660)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
}

/// The same measurements with ParityDB's weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn create_task(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(247_339_000, 3647)
			.saturating_add(Weight::from_parts(28_313_283, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(35_535, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().reads((6_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 18875).saturating_mul(p.into()))
	}
	fn commit_update(p: u32, ) -> Weight {
		Weight::from_parts(72_136_865, 19660)
			.saturating_add(Weight::from_parts(344_256, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(11_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn reveal_update(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(34_537_944, 19660)
			.saturating_add(Weight::from_parts(830_673, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(32_504, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(11_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn close_round(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(239_918_000, 43531)
			.saturating_add(Weight::from_parts(63_359_500, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(272_896, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().reads((6_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 9154).saturating_mul(p.into()))
	}
	fn scan_open_rounds(t: u32, ) -> Weight {
		Weight::from_parts(6_642_215, 4705)
			.saturating_add(Weight::from_parts(20_399, 0).saturating_mul(t.into()))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
	}
	fn withdraw_departed_clinic(t: u32, ) -> Weight {
		Weight::from_parts(20_963_000, 3647)
			.saturating_add(Weight::from_parts(34_427_184, 0).saturating_mul(t.into()))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(t.into())))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(t.into())))
			.saturating_add(Weight::from_parts(0, 18670).saturating_mul(t.into()))
	}
	fn publish_mask_keys(p: u32, ) -> Weight {
		Weight::from_parts(217_017_314, 12243)
			.saturating_add(Weight::from_parts(821_078, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(9_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn deal_mask_shares(p: u32, ) -> Weight {
		Weight::from_parts(59_497_218, 12243)
			.saturating_add(Weight::from_parts(1_991_258, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(9_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn reveal_unmasking_shares(p: u32, ) -> Weight {
		Weight::from_parts(31_536_250, 19660)
			.saturating_add(Weight::from_parts(10_284_117, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 15717).saturating_mul(p.into()))
	}
	fn unmask_round(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(224_014_000, 43531)
			.saturating_add(Weight::from_parts(489_873_500, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(997_466, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(13_u64))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(11_u64))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 15717).saturating_mul(p.into()))
	}
	fn close_settle(b: u32, ) -> Weight {
		Weight::from_parts(34_631_909, 19660)
			.saturating_add(Weight::from_parts(22_187_464, 0).saturating_mul(b.into()))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(b.into())))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 2876).saturating_mul(b.into()))
	}
	fn close_record(b: u32, ) -> Weight {
		Weight::from_parts(33_376_222, 19660)
			.saturating_add(Weight::from_parts(28_594_405, 0).saturating_mul(b.into()))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(b.into())))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(b.into())))
			.saturating_add(Weight::from_parts(0, 2876).saturating_mul(b.into()))
	}
	fn close_chunk(p: u32, ) -> Weight {
		Weight::from_parts(54_425_666, 43531)
			.saturating_add(Weight::from_parts(10_049_953, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
			.saturating_add(Weight::from_parts(0, 4577).saturating_mul(p.into()))
	}
	fn close_conclude(n: u32, ) -> Weight {
		Weight::from_parts(31_528_660, 19660)
			.saturating_add(Weight::from_parts(14_926, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 9).saturating_mul(n.into()))
	}
	fn close_advance() -> Weight {
		Weight::from_parts(24_266_000, 19660)
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
	}
}
