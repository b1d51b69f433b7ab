//! Weights of `pallet_consortium`, measured by `ivf-node benchmark pallet` (frame-benchmarking-cli 64.0.0).
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
//!   pallet_consortium
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
//!   pallets/consortium/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call of `pallet_consortium`.
pub trait WeightInfo {
	fn admit(n: u32, ) -> Weight;
	fn admit_clinic_researcher() -> Weight;
	fn remove() -> Weight;
	fn suspend() -> Weight;
	fn reinstate() -> Weight;
	fn set_clinic_name(n: u32, ) -> Weight;
	fn set_worker() -> Weight;
	fn suspend_for_emergency() -> Weight;
	fn authorize_upgrade() -> Weight;
	fn set_node() -> Weight;
	fn set_session_length() -> Weight;
}

/// Weights measured on the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Component `n` ranges over `[1, 128]`.
	fn admit(n: u32, ) -> Weight {
		// Proof size: measured `323`, estimated `3647` bytes.
		// Minimum execution time: 17_656_000 picoseconds.
		Weight::from_parts(20_049_789, 3647)
			.saturating_add(Weight::from_parts(500, 0).saturating_mul(n.into()))
			// + `WorkerClinics` r:1 (an account that is a worker is refused), by hand.
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:2 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn admit_clinic_researcher() -> Weight {
		// Proof size: measured `513`, estimated `6304` bytes.
		// Minimum execution time: 20_781_000 picoseconds.
		Weight::from_parts(22_964_000, 6304)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Storage: `Consortium::CounterForMembers` (r:1 w:1)
	/// Proof: `Consortium::CounterForMembers` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn remove() -> Weight {
		// Proof size: measured `513`, estimated `3647` bytes.
		// Minimum execution time: 18_077_000 picoseconds.
		// Measured before removal cleared the worker maps; their accesses (`Workers` r:1 w:1,
		// `WorkerClinics` w:1) are added by hand until the next `scripts/benchmarks/run.sh`.
		Weight::from_parts(19_779_000, 3647)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	fn suspend() -> Weight {
		// Proof size: measured `513`, estimated `3647` bytes.
		// Minimum execution time: 16_855_000 picoseconds.
		Weight::from_parts(18_518_000, 3647)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	fn reinstate() -> Weight {
		// Proof size: measured `513`, estimated `3647` bytes.
		// Minimum execution time: 16_835_000 picoseconds.
		Weight::from_parts(18_337_000, 3647)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Consortium::Members` (r:1 w:1)
	/// Proof: `Consortium::Members` (`max_values`: None, `max_size`: Some(182), added: 2657, mode: `MaxEncodedLen`)
	/// Component `n` ranges over `[1, 128]`.
	fn set_clinic_name(n: u32, ) -> Weight {
		// Proof size: measured `513`, estimated `3647` bytes.
		// Minimum execution time: 17_756_000 picoseconds.
		Weight::from_parts(19_551_152, 3647)
			.saturating_add(Weight::from_parts(2_313, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Not measured yet: estimated from `set_clinic_name` with its storage accesses
	/// (`Consortium::Members` r:1, `Consortium::WorkerClinics` r:1 w:2, `Consortium::Workers`
	/// r:1 w:1); `scripts/benchmarks/run.sh` replaces it with a measurement.
	fn set_worker() -> Weight {
		Weight::from_parts(25_000_000, 3647)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Not measured yet: `suspend` and the read and write of `Consortium::EmergencySuspensions`
	/// (16 entries of 36 bytes); `scripts/benchmarks/run.sh` replaces it with a measurement.
	fn suspend_for_emergency() -> Weight {
		Weight::from_parts(26_000_000, 4300)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Not measured yet: one write of `System::AuthorizedUpgrade`.
	fn authorize_upgrade() -> Weight {
		Weight::from_parts(12_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Not measured yet: `Consortium::Members` (r:1), `Consortium::NodeMembers` (r:2 w:2),
	/// `Consortium::MemberNodes` (r:1 w:1), like `set_worker`.
	fn set_node() -> Weight {
		Weight::from_parts(25_000_000, 3647)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Not measured yet: one write of `Consortium::SessionLength`.
	fn set_session_length() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

/// The same measurements with ParityDB's weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn admit(n: u32, ) -> Weight {
		Weight::from_parts(20_049_789, 3647)
			.saturating_add(Weight::from_parts(500, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn admit_clinic_researcher() -> Weight {
		Weight::from_parts(22_964_000, 6304)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn remove() -> Weight {
		Weight::from_parts(19_779_000, 3647)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn suspend() -> Weight {
		Weight::from_parts(18_518_000, 3647)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn reinstate() -> Weight {
		Weight::from_parts(18_337_000, 3647)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_clinic_name(n: u32, ) -> Weight {
		Weight::from_parts(19_551_152, 3647)
			.saturating_add(Weight::from_parts(2_313, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_worker() -> Weight {
		Weight::from_parts(25_000_000, 3647)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	/// Not measured yet: `suspend` and the read and write of `Consortium::EmergencySuspensions`
	/// (16 entries of 36 bytes); `scripts/benchmarks/run.sh` replaces it with a measurement.
	fn suspend_for_emergency() -> Weight {
		Weight::from_parts(26_000_000, 4300)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	/// Not measured yet: one write of `System::AuthorizedUpgrade`.
	fn authorize_upgrade() -> Weight {
		Weight::from_parts(12_000_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_node() -> Weight {
		Weight::from_parts(25_000_000, 3647)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn set_session_length() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
}
