//! Weights of `pallet_custody`.
//!
//! NOT YET MEASURED ON THIS MACHINE: these are estimates, modelled on the measured weights of
//! `pallet_consent` and `pallet_donor_matching` (same reference machine, same database
//! weights), with the storage reads and writes each call makes counted by hand. Regenerate
//! them with `scripts/benchmarks/run.sh pallet_custody` once the pallet is in the runtime;
//! the file will then be rewritten from `scripts/benchmarks/weight-template.hbs`.
//!
//! Components: `n` is the number of specimens in a shipment (`MaxSpecimensPerShipment` at most).

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// The weight of each call of `pallet_custody`.
pub trait WeightInfo {
	fn register_witness() -> Weight;
	fn remove_witness() -> Weight;
	fn set_policy() -> Weight;
	fn freeze() -> Weight;
	fn move_specimen() -> Weight;
	fn thaw() -> Weight;
	fn donate() -> Weight;
	fn discard() -> Weight;
	fn report_loss() -> Weight;
	fn dispatch(n: u32, ) -> Weight;
	fn receive(n: u32, ) -> Weight;
	fn renew_consent() -> Weight;
	fn set_storage_rules() -> Weight;
}

/// Estimated weights (see the module docs), with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_witness() -> Weight {
		Weight::from_parts(21_500_000, 3593)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn remove_witness() -> Weight {
		Weight::from_parts(22_100_000, 3593)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_policy() -> Weight {
		Weight::from_parts(18_300_000, 3657)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn freeze() -> Weight {
		Weight::from_parts(78_400_000, 11352)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn move_specimen() -> Weight {
		Weight::from_parts(61_200_000, 11352)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn thaw() -> Weight {
		Weight::from_parts(63_900_000, 11352)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn donate() -> Weight {
		Weight::from_parts(84_700_000, 12917)
			.saturating_add(T::DbWeight::get().reads(14_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn discard() -> Weight {
		Weight::from_parts(64_300_000, 11352)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn report_loss() -> Weight {
		Weight::from_parts(41_800_000, 6196)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn dispatch(n: u32, ) -> Weight {
		Weight::from_parts(52_600_000, 6196)
			.saturating_add(Weight::from_parts(27_400_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2959).saturating_mul(n.into()))
	}
	fn receive(n: u32, ) -> Weight {
		Weight::from_parts(39_100_000, 4843)
			.saturating_add(Weight::from_parts(14_800_000, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2840).saturating_mul(n.into()))
	}
	fn renew_consent() -> Weight {
		Weight::from_parts(57_500_000, 11352)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn set_storage_rules() -> Weight {
		Weight::from_parts(9_200_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

/// The same estimates with ParityDB's weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn register_witness() -> Weight {
		Weight::from_parts(21_500_000, 3593)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn remove_witness() -> Weight {
		Weight::from_parts(22_100_000, 3593)
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn set_policy() -> Weight {
		Weight::from_parts(18_300_000, 3657)
			.saturating_add(ParityDbWeight::get().reads(1_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn freeze() -> Weight {
		Weight::from_parts(78_400_000, 11352)
			.saturating_add(ParityDbWeight::get().reads(10_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn move_specimen() -> Weight {
		Weight::from_parts(61_200_000, 11352)
			.saturating_add(ParityDbWeight::get().reads(10_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn thaw() -> Weight {
		Weight::from_parts(63_900_000, 11352)
			.saturating_add(ParityDbWeight::get().reads(10_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn donate() -> Weight {
		Weight::from_parts(84_700_000, 12917)
			.saturating_add(ParityDbWeight::get().reads(14_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn discard() -> Weight {
		Weight::from_parts(64_300_000, 11352)
			.saturating_add(ParityDbWeight::get().reads(10_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn report_loss() -> Weight {
		Weight::from_parts(41_800_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn dispatch(n: u32, ) -> Weight {
		Weight::from_parts(52_600_000, 6196)
			.saturating_add(Weight::from_parts(27_400_000, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
			.saturating_add(ParityDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2959).saturating_mul(n.into()))
	}
	fn receive(n: u32, ) -> Weight {
		Weight::from_parts(39_100_000, 4843)
			.saturating_add(Weight::from_parts(14_800_000, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
			.saturating_add(ParityDbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2840).saturating_mul(n.into()))
	}
	fn renew_consent() -> Weight {
		Weight::from_parts(57_500_000, 11352)
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn set_storage_rules() -> Weight {
		Weight::from_parts(9_200_000, 0)
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
}
