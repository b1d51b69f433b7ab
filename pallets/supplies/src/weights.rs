//! Weights of `pallet_supplies`.
//!
//! NOT YET MEASURED ON THIS MACHINE: these are estimates, modelled on the measured weights of
//! `pallet_consent` and `pallet_donor_matching` (same reference machine, same database
//! weights), with the storage reads and writes each call makes counted by hand (the custody
//! ledger's reads and writes included). Regenerate them with
//! `scripts/benchmarks/run.sh pallet_supplies` once the pallet is in the runtime; the file will
//! then be rewritten from `scripts/benchmarks/weight-template.hbs`.
//!
//! Components: `n` is the number of specimens in a use (`MaxSpecimensPerUse` at most); `u` the
//! number of uses a recall reads (`MaxUsesPerLot` at most), each flagging one specimen.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call of `pallet_supplies`.
pub trait WeightInfo {
	fn record_arrival() -> Weight;
	fn record_use(n: u32, ) -> Weight;
	fn record_departure() -> Weight;
	fn declare_recall(u: u32, ) -> Weight;
}

/// Estimated weights (see the module docs), with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn record_arrival() -> Weight {
		Weight::from_parts(31_700_000, 4032)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn record_use(n: u32, ) -> Weight {
		Weight::from_parts(36_900_000, 3985)
			.saturating_add(Weight::from_parts(9_600_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2875).saturating_mul(n.into()))
	}
	fn record_departure() -> Weight {
		Weight::from_parts(27_400_000, 3985)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn declare_recall(u: u32, ) -> Weight {
		Weight::from_parts(33_200_000, 6830)
			.saturating_add(Weight::from_parts(19_700_000, 0).saturating_mul(u.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(u.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(u.into())))
			.saturating_add(Weight::from_parts(0, 3012).saturating_mul(u.into()))
	}
}

/// The same estimates with ParityDB's weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn record_arrival() -> Weight {
		Weight::from_parts(31_700_000, 4032)
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn record_use(n: u32, ) -> Weight {
		Weight::from_parts(36_900_000, 3985)
			.saturating_add(Weight::from_parts(9_600_000, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2875).saturating_mul(n.into()))
	}
	fn record_departure() -> Weight {
		Weight::from_parts(27_400_000, 3985)
			.saturating_add(ParityDbWeight::get().reads(3_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn declare_recall(u: u32, ) -> Weight {
		Weight::from_parts(33_200_000, 6830)
			.saturating_add(Weight::from_parts(19_700_000, 0).saturating_mul(u.into()))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().reads((2_u64).saturating_mul(u.into())))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
			.saturating_add(ParityDbWeight::get().writes((1_u64).saturating_mul(u.into())))
			.saturating_add(Weight::from_parts(0, 3012).saturating_mul(u.into()))
	}
}
