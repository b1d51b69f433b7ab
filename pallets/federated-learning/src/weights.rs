//! Weights of `pallet_federated_learning`, measured by `ivf-node benchmark pallet` (frame-benchmarking-cli 64.0.0).
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
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:17 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:16 w:0)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(346), added: 2821, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:0)
	/// Proof: `DataAccess::ResearcherGrants` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:16 w:0)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::NextTaskId` (r:1 w:1)
	/// Proof: `FederatedLearning::NextTaskId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:0 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(1630), added: 4105, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Models` (r:0 w:1)
	/// Proof: `FederatedLearning::Models` (`max_values`: None, `max_size`: Some(16450), added: 18925, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:0 w:1)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4813), added: 7288, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	/// Component `n` ranges over `[2, 4096]`.
	fn create_task(p: u32, n: u32, ) -> Weight {
		// Proof size: measured `679 + p * 354`, estimated `4027 + p * 2876` bytes.
		// Minimum execution time: 330_129_000 picoseconds.
		Weight::from_parts(1_089_032, 4027)
			.saturating_add(Weight::from_parts(42_894_302, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(59_020, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 2876).saturating_mul(p.into()))
	}
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4813), added: 7288, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(1630), added: 4105, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:0)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(346), added: 2821, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:0)
	/// Proof: `DataAccess::ResearcherGrants` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:16 w:0)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	fn commit_update(p: u32, ) -> Weight {
		// Proof size: measured `1195 + p * 322`, estimated `8278 + p * 2876` bytes.
		// Minimum execution time: 66_869_000 picoseconds.
		Weight::from_parts(63_605_632, 8278)
			.saturating_add(Weight::from_parts(4_476_555, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(Weight::from_parts(0, 2876).saturating_mul(p.into()))
	}
	/// Storage: `FederatedLearning::Tasks` (r:1 w:0)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4813), added: 7288, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:1)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(1630), added: 4105, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:2 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:1 w:1)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(346), added: 2821, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:0)
	/// Proof: `DataAccess::ResearcherGrants` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:16 w:0)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::RevealedUpdates` (r:0 w:1)
	/// Proof: `FederatedLearning::RevealedUpdates` (`max_values`: None, `max_size`: Some(16426), added: 18901, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	/// Component `n` ranges over `[2, 4096]`.
	fn reveal_update(p: u32, n: u32, ) -> Weight {
		// Proof size: measured `1299 + p * 321`, estimated `8278 + p * 2876` bytes.
		// Minimum execution time: 132_727_000 picoseconds.
		Weight::from_parts(67_195_730, 8278)
			.saturating_add(Weight::from_parts(5_274_154, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(16_844, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(Weight::from_parts(0, 2876).saturating_mul(p.into()))
	}
	/// Storage: `FederatedLearning::Tasks` (r:1 w:1)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4813), added: 7288, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:1 w:2)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(1630), added: 4105, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::Members` (r:17 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Datasets` (r:16 w:16)
	/// Proof: `DataAccess::Datasets` (`max_values`: None, `max_size`: Some(346), added: 2821, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::ResearcherGrants` (r:1 w:0)
	/// Proof: `DataAccess::ResearcherGrants` (`max_values`: None, `max_size`: Some(562), added: 3037, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::Grants` (r:16 w:16)
	/// Proof: `DataAccess::Grants` (`max_values`: None, `max_size`: Some(401), added: 2876, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Models` (r:1 w:2)
	/// Proof: `FederatedLearning::Models` (`max_values`: None, `max_size`: Some(16450), added: 18925, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::RevealedUpdates` (r:16 w:16)
	/// Proof: `FederatedLearning::RevealedUpdates` (`max_values`: None, `max_size`: Some(16426), added: 18901, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:1)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `DataAccess::AccessLog` (r:0 w:16)
	/// Proof: `DataAccess::AccessLog` (`max_values`: None, `max_size`: Some(149), added: 2624, mode: `MaxEncodedLen`)
	/// Component `p` ranges over `[2, 16]`.
	/// Component `n` ranges over `[2, 4096]`.
	fn close_round(p: u32, n: u32, ) -> Weight {
		// Proof size: measured `1233 + n * 8 + p * 533`, estimated `19915 + p * 18901` bytes.
		// Minimum execution time: 336_579_000 picoseconds.
		Weight::from_parts(340_065_000, 19915)
			.saturating_add(Weight::from_parts(100_577_071, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(93_216, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 18901).saturating_mul(p.into()))
	}
	/// Storage: `FederatedLearning::OpenRounds` (r:1 w:0)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Component `t` ranges over `[0, 16]`.
	fn scan_open_rounds(t: u32, ) -> Weight {
		// Proof size: measured `70 + t * 28`, estimated `1934` bytes.
		// Minimum execution time: 4_396_000 picoseconds.
		Weight::from_parts(5_394_140, 1934)
			.saturating_add(Weight::from_parts(33_228, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:0)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::OpenRounds` (r:17 w:16)
	/// Proof: `FederatedLearning::OpenRounds` (`max_values`: Some(1), `max_size`: Some(449), added: 944, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Tasks` (r:16 w:16)
	/// Proof: `FederatedLearning::Tasks` (`max_values`: None, `max_size`: Some(4813), added: 7288, mode: `MaxEncodedLen`)
	/// Storage: `FederatedLearning::Rounds` (r:16 w:16)
	/// Proof: `FederatedLearning::Rounds` (`max_values`: None, `max_size`: Some(1630), added: 4105, mode: `MaxEncodedLen`)
	/// Component `t` ranges over `[1, 16]`.
	/// Not measured yet: estimated by hand (per running task: a read and write of its task and
	/// open round and of `OpenRounds`, at `MaxParticipants` participants) until
	/// `scripts/benchmarks/run.sh` is rerun.
	fn withdraw_departed_clinic(t: u32, ) -> Weight {
		// Proof size: estimated `1934 + t * 11393` bytes.
		Weight::from_parts(20_000_000, 1934)
			.saturating_add(Weight::from_parts(40_000_000, 11393).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(t.into())))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(t.into())))
	}
	/// Not measured yet: estimated by hand until `scripts/benchmarks/run.sh` is rerun with the
	/// secure-aggregation benchmarks. A commitment's reads (task, round, grant, membership) plus the secure round's record and two X25519 low-order checks (about 60 µs each in Wasm).
	fn publish_mask_keys(p: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 8278)
			.saturating_add(Weight::from_parts(5_000_000, 200).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Not measured yet: estimated by hand until `scripts/benchmarks/run.sh` is rerun with the
	/// secure-aggregation benchmarks. As a commitment, plus writing one dealer's `p` encrypted share pairs (132 bytes each).
	fn deal_mask_shares(p: u32, ) -> Weight {
		Weight::from_parts(120_000_000, 8278)
			.saturating_add(Weight::from_parts(8_000_000, 2876).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Not measured yet: estimated by hand until `scripts/benchmarks/run.sh` is rerun with the
	/// secure-aggregation benchmarks. Per dealer: its dealt shares read (8.5 kB at 64 participants) and one blake2 commitment check.
	fn reveal_unmasking_shares(p: u32, ) -> Weight {
		Weight::from_parts(120_000_000, 8278)
			.saturating_add(Weight::from_parts(30_000_000, 8500).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Not measured yet: estimated by hand until `scripts/benchmarks/run.sh` is rerun with the
	/// secure-aggregation benchmarks. A secure round's close: `close_round`'s work plus, per participant, its masked input and revealed shares read and one Shamir reconstruction (p² field products over 32 bytes), and per participant pair at most one ChaCha20 keystream of `n` words (8 bytes each, about 40 ns a word in Wasm).
	fn unmask_round(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(340_065_000, 19915)
			.saturating_add(Weight::from_parts(160_000_000, 35327).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(93_216, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(p.saturating_mul(p).into()))
			.saturating_add(Weight::from_parts(40_000, 0).saturating_mul(p.saturating_mul(p).saturating_mul(n).into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().reads((7_u64).saturating_mul(p.into())))
	}
}

/// The same measurements with ParityDB's weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn create_task(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(1_089_032, 4027)
			.saturating_add(Weight::from_parts(42_894_302, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(59_020, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 2876).saturating_mul(p.into()))
	}
	fn commit_update(p: u32, ) -> Weight {
		Weight::from_parts(63_605_632, 8278)
			.saturating_add(Weight::from_parts(4_476_555, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
			.saturating_add(Weight::from_parts(0, 2876).saturating_mul(p.into()))
	}
	fn reveal_update(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(67_195_730, 8278)
			.saturating_add(Weight::from_parts(5_274_154, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(16_844, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
			.saturating_add(Weight::from_parts(0, 2876).saturating_mul(p.into()))
	}
	fn close_round(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(340_065_000, 19915)
			.saturating_add(Weight::from_parts(100_577_071, 0).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(93_216, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 18901).saturating_mul(p.into()))
	}
	fn scan_open_rounds(t: u32, ) -> Weight {
		Weight::from_parts(5_394_140, 1934)
			.saturating_add(Weight::from_parts(33_228, 0).saturating_mul(t.into()))
			.saturating_add(ParityDbWeight::get().reads(1_u64))
	}
	fn withdraw_departed_clinic(t: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 1934)
			.saturating_add(Weight::from_parts(40_000_000, 11393).saturating_mul(t.into()))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(t.into())))
			.saturating_add(ParityDbWeight::get().writes((3_u64).saturating_mul(t.into())))
	}
	fn publish_mask_keys(p: u32, ) -> Weight {
		Weight::from_parts(200_000_000, 8278)
			.saturating_add(Weight::from_parts(5_000_000, 200).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn deal_mask_shares(p: u32, ) -> Weight {
		Weight::from_parts(120_000_000, 8278)
			.saturating_add(Weight::from_parts(8_000_000, 2876).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn reveal_unmasking_shares(p: u32, ) -> Weight {
		Weight::from_parts(120_000_000, 8278)
			.saturating_add(Weight::from_parts(30_000_000, 8500).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn unmask_round(p: u32, n: u32, ) -> Weight {
		Weight::from_parts(340_065_000, 19915)
			.saturating_add(Weight::from_parts(160_000_000, 35327).saturating_mul(p.into()))
			.saturating_add(Weight::from_parts(93_216, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(1_000_000, 0).saturating_mul(p.saturating_mul(p).into()))
			.saturating_add(Weight::from_parts(40_000, 0).saturating_mul(p.saturating_mul(p).saturating_mul(n).into()))
			.saturating_add(ParityDbWeight::get().reads(9_u64))
			.saturating_add(ParityDbWeight::get().reads((7_u64).saturating_mul(p.into())))
	}
}
