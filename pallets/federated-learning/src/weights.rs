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
	/// Storage: `Consortium::Members` (r:17 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:16 w:0)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::SecureAggregationRequired` (r:16 w:0)
	/// Proof: `DataAccess::SecureAggregationRequired` (`max_values`: None, `max_size`: Some(13), added: 2488, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::DatasetSchemas` (r:16 w:0)
	/// Proof: `DataAccess::DatasetSchemas` (`max_values`: None, `max_size`: Some(16400), added: 18875, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::GrantsByUse` (r:16 w:0)
	/// Proof: `DataAccess::GrantsByUse` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:16 w:0)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::NextTaskId` (r:1 w:1)
	/// Proof: `FederatedLearning::NextTaskId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:0 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(2670), added: 5145, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Models` (r:0 w:1)
	/// Proof: `FederatedLearning::Models` (`max_values`: None, `max_size`: Some(16450), added: 18925, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:0 w:1)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4997), added: 7472, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	/// Component `n` ranges over `[2, 4096]`.
	fn create_task(p: u32, n: u32, ) -> Weight {
		// Proof size: measured `832 + p * 425`, estimated `3647 + p * 18875` bytes.
		// Minimum execution time: 212_778_000 picoseconds.
		Weight::from_parts(38_617_719, 3647)
			.saturating_add(Weight::from_parts(28_077_259, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(34_137, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((6_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 18875).saturating_mul(p.into()))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4997), added: 7472, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(367), added: 2842, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::SecureAggregationRequired` (r:1 w:0)
	/// Proof: `DataAccess::SecureAggregationRequired` (`max_values`: None, `max_size`: Some(13), added: 2488, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(2670), added: 5145, mode: `MaxEncodedLen`)
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
	/// Component `p` ranges over `[2, 16]`.
	fn commit_update(p: u32, ) -> Weight {
		// Proof size: measured `1710 + p * 281`, estimated `8462` bytes.
		// Minimum execution time: 61_903_000 picoseconds.
		Weight::from_parts(66_248_060, 8462)
			.saturating_add(Weight::from_parts(860_905, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4997), added: 7472, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(2670), added: 5145, mode: `MaxEncodedLen`)
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
	/// Storage: `FederatedLearning::RevealedUpdates` (r:0 w:1)
	/// Proof: `FederatedLearning::RevealedUpdates` (`max_values`: None, `max_size`: Some(16426), added: 18901, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	/// Component `n` ranges over `[2, 4096]`.
	fn reveal_update(p: u32, n: u32, ) -> Weight {
		// Proof size: measured `1867 + p * 285`, estimated `8462` bytes.
		// Minimum execution time: 79_829_000 picoseconds.
		Weight::from_parts(61_784_663, 8462)
			.saturating_add(Weight::from_parts(1_948_936, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(15_854, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `FederatedLearning::Tasks` (r:1 w:1)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4997), added: 7472, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:2)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(2670), added: 5145, mode: `MaxEncodedLen`)
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
	/// Proof: `FederatedLearning::Models` (`max_values`: None, `max_size`: Some(16450), added: 18925, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::RevealedUpdates` (r:16 w:16)
	/// Proof: `FederatedLearning::RevealedUpdates` (`max_values`: None, `max_size`: Some(16426), added: 18901, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::TaskOptimisers` (r:1 w:0)
	/// Proof: `FederatedLearning::TaskOptimisers` (`max_values`: None, `max_size`: Some(33), added: 2508, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::AccessLog` (r:0 w:16)
	/// Proof: `DataAccess::AccessLog` (`max_values`: None, `max_size`: Some(149), added: 2624, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[3, 16]`.
	/// Component `n` ranges over `[2, 4096]`.
	fn close_round(p: u32, n: u32, ) -> Weight {
		// Proof size: measured `0 + n * 67 + p * 17035`, estimated `19915 + p * 18901` bytes.
		// Minimum execution time: 390_873_000 picoseconds.
		Weight::from_parts(409_600_000, 19915)
			.saturating_add(Weight::from_parts(119_926_090, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(256_912, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 18901).saturating_mul(p.into()))
	}
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:0)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Component `t` ranges over `[0, 16]`.
	fn scan_open_rounds(t: u32, ) -> Weight {
		// Proof size: measured `70 + t * 28`, estimated `1934` bytes.
		// Minimum execution time: 3_605_000 picoseconds.
		Weight::from_parts(4_341_545, 1934)
			.saturating_add(Weight::from_parts(17_203, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:16 w:16)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4997), added: 7472, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:16 w:16)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(2670), added: 5145, mode: `MaxEncodedLen`)
	/// Component `t` ranges over `[1, 16]`.
	fn withdraw_departed_clinic(t: u32, ) -> Weight {
		// Proof size: measured `852 + t * 1275`, estimated `3647 + t * 7472` bytes.
		// Minimum execution time: 37_446_000 picoseconds.
		Weight::from_parts(20_293_443, 3647)
			.saturating_add(Weight::from_parts(23_584_886, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(t.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(t.into())))
			.saturating_add(Weight::from_parts(0, 7472).saturating_mul(t.into()))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4997), added: 7472, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::SecureRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::SecureRounds` (`max_values`: None, `max_size`: Some(1259), added: 3734, mode: `MaxEncodedLen`)
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
		// Proof size: measured `1777 + p * 188`, estimated `8462` bytes.
		// Minimum execution time: 214_871_000 picoseconds.
		Weight::from_parts(220_869_400, 8462)
			.saturating_add(Weight::from_parts(1_541_629, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4997), added: 7472, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::SecureRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::SecureRounds` (`max_values`: None, `max_size`: Some(1259), added: 3734, mode: `MaxEncodedLen`)
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
	/// Proof: `FederatedLearning::DealtShares` (`max_values`: None, `max_size`: Some(2153), added: 4628, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	fn deal_mask_shares(p: u32, ) -> Weight {
		// Proof size: measured `1853 + p * 192`, estimated `8462` bytes.
		// Minimum execution time: 58_918_000 picoseconds.
		Weight::from_parts(60_959_955, 8462)
			.saturating_add(Weight::from_parts(2_381_833, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4997), added: 7472, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::SecureRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::SecureRounds` (`max_values`: None, `max_size`: Some(1259), added: 3734, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:0)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(2670), added: 5145, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::DealtShares` (r:16 w:0)
	/// Proof: `FederatedLearning::DealtShares` (`max_values`: None, `max_size`: Some(2153), added: 4628, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::UnmaskingShares` (r:0 w:1)
	/// Proof: `FederatedLearning::UnmaskingShares` (`max_values`: None, `max_size`: Some(569), added: 3044, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	fn reveal_unmasking_shares(p: u32, ) -> Weight {
		// Proof size: measured `0 + p * 2538`, estimated `8462 + p * 4628` bytes.
		// Minimum execution time: 50_205_000 picoseconds.
		Weight::from_parts(38_857_111, 8462)
			.saturating_add(Weight::from_parts(10_798_266, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 4628).saturating_mul(p.into()))
	}
	/// Storage: `Consortium::WorkerClinics` (r:1 w:0)
	/// Proof: `Consortium::WorkerClinics` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:1 w:1)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4997), added: 7472, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::SecureRounds` (r:1 w:2)
	/// Proof: `FederatedLearning::SecureRounds` (`max_values`: None, `max_size`: Some(1259), added: 3734, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:2)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(2670), added: 5145, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::DealtShares` (r:16 w:0)
	/// Proof: `FederatedLearning::DealtShares` (`max_values`: None, `max_size`: Some(2153), added: 4628, mode: `MaxEncodedLen`)
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
	/// Proof: `FederatedLearning::Models` (`max_values`: None, `max_size`: Some(16450), added: 18925, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::MaskedUpdates` (r:9 w:0)
	/// Proof: `FederatedLearning::MaskedUpdates` (`max_values`: None, `max_size`: Some(32810), added: 35285, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::UnmaskingShares` (r:15 w:1)
	/// Proof: `FederatedLearning::UnmaskingShares` (`max_values`: None, `max_size`: Some(569), added: 3044, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::TaskOptimisers` (r:1 w:0)
	/// Proof: `FederatedLearning::TaskOptimisers` (`max_values`: None, `max_size`: Some(33), added: 2508, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::AccessLog` (r:0 w:9)
	/// Proof: `DataAccess::AccessLog` (`max_values`: None, `max_size`: Some(149), added: 2624, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	/// Component `n` ranges over `[2, 4096]`.
	fn unmask_round(p: u32, n: u32, ) -> Weight {
		// Proof size: measured `0 + n * 75 + p * 19845`, estimated `36275 + p * 17880` bytes.
		// Minimum execution time: 519_054_000 picoseconds.
		Weight::from_parts(519_605_000, 36275)
			.saturating_add(Weight::from_parts(805_467_785, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(1_352_007, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(11_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 17880).saturating_mul(p.into()))
	}
	fn close_settle(b: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 30_000)
			.saturating_add(Weight::from_parts(60_000_000, 6_000).saturating_mul(b.into()))
	}
	fn close_record(b: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 30_000)
			.saturating_add(Weight::from_parts(60_000_000, 9_000).saturating_mul(b.into()))
	}
	fn close_chunk(p: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 50_000)
			.saturating_add(Weight::from_parts(300_000_000, 4_600).saturating_mul(p.into()))
	}
	fn close_conclude(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 30_000)
			.saturating_add(Weight::from_parts(300_000, 8).saturating_mul(n.into()))
	}
	fn close_advance() -> Weight {
		Weight::from_parts(100_000_000, 30_000)
	}
}

/// The same measurements with ParityDB's weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn create_task(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(38_617_719, 3647)
			.saturating_add(Weight::from_parts(28_077_259, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(34_137, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().reads((6_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 18875).saturating_mul(p.into()))
	}
	fn commit_update(p: u32, ) -> Weight {
		Weight::from_parts(66_248_060, 8462)
			.saturating_add(Weight::from_parts(860_905, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(11_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn reveal_update(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(61_784_663, 8462)
			.saturating_add(Weight::from_parts(1_948_936, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(15_854, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(11_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn close_round(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(409_600_000, 19915)
			.saturating_add(Weight::from_parts(119_926_090, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(256_912, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 18901).saturating_mul(p.into()))
	}
	fn scan_open_rounds(t: u32, ) -> Weight {
		Weight::from_parts(4_341_545, 1934)
			.saturating_add(Weight::from_parts(17_203, 0).saturating_mul(t.into()))
			.saturating_add(ParityDbWeight::get().reads(1_u64))
	}
	fn withdraw_departed_clinic(t: u32, ) -> Weight {
		Weight::from_parts(20_293_443, 3647)
			.saturating_add(Weight::from_parts(23_584_886, 0).saturating_mul(t.into()))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(t.into())))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(t.into())))
			.saturating_add(Weight::from_parts(0, 7472).saturating_mul(t.into()))
	}
	fn publish_mask_keys(p: u32, ) -> Weight {
		Weight::from_parts(220_869_400, 8462)
			.saturating_add(Weight::from_parts(1_541_629, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(9_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn deal_mask_shares(p: u32, ) -> Weight {
		Weight::from_parts(60_959_955, 8462)
			.saturating_add(Weight::from_parts(2_381_833, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(9_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn reveal_unmasking_shares(p: u32, ) -> Weight {
		Weight::from_parts(38_857_111, 8462)
			.saturating_add(Weight::from_parts(10_798_266, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
			.saturating_add(Weight::from_parts(0, 4628).saturating_mul(p.into()))
	}
	fn unmask_round(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(519_605_000, 36275)
			.saturating_add(Weight::from_parts(805_467_785, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(1_352_007, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(13_u64))
			.saturating_add(ParityDbWeight::get().reads((5_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(11_u64))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 17880).saturating_mul(p.into()))
	}
	fn close_settle(b: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 30_000)
			.saturating_add(Weight::from_parts(60_000_000, 6_000).saturating_mul(b.into()))
	}
	fn close_record(b: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 30_000)
			.saturating_add(Weight::from_parts(60_000_000, 9_000).saturating_mul(b.into()))
	}
	fn close_chunk(p: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 50_000)
			.saturating_add(Weight::from_parts(300_000_000, 4_600).saturating_mul(p.into()))
	}
	fn close_conclude(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 30_000)
			.saturating_add(Weight::from_parts(300_000, 8).saturating_mul(n.into()))
	}
	fn close_advance() -> Weight {
		Weight::from_parts(100_000_000, 30_000)
	}
}
