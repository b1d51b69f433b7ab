//! Benchmarks of `pallet-supplies`, each call in its worst case.

use super::*;
use crate::Pallet as Supplies;
use frame_benchmarking::v2::*;
use frame_support::{assert_ok, traits::Get, BoundedVec};
use frame_system::RawOrigin;
use ivf_primitives::{ConsortiumMembership, Jurisdiction, RoleKind};

/// An active clinic.
fn clinic<T: Config>(index: u32) -> T::AccountId {
	let clinic: T::AccountId = account("clinic", index, 0);
	T::Membership::admit_for_benchmarks(&clinic, RoleKind::Clinic, Jurisdiction(*b"GB"));
	clinic
}

/// A lot with the longest lot number, of a valid GTIN.
fn product_lot() -> ProductLot {
	ProductLot {
		gtin: Gtin(*b"04006381333931"),
		lot: BoundedVec::truncate_from(alloc::vec![b'7'; MAX_LOT_NUMBER_LEN as usize]),
	}
}

/// A lot of [`product_lot`] that expires in 2099, far after the benchmarks' clock.
fn new_lot() -> NewLot {
	NewLot {
		product: product_lot(),
		expiry: ExpiryDate { year: 2099, month: 12, day: 31 },
		supplier: BoundedVec::truncate_from(alloc::vec![b'5'; MAX_SUPPLIER_CODE_LEN as usize]),
		quantity: 100,
		cold_chain: true,
	}
}

/// `clinic` records the arrival of a lot of [`product_lot`]; returns the record.
fn arrived<T: Config>(clinic: &T::AccountId) -> LotId {
	let id = NextLotId::<T>::get();
	assert_ok!(Supplies::<T>::record_arrival(RawOrigin::Signed(clinic.clone()).into(), new_lot()));
	id
}

/// `count` specimens in the custody of `clinic`.
fn specimens<T: Config>(
	clinic: &T::AccountId,
	count: u32,
) -> Result<alloc::vec::Vec<SpecimenId>, BenchmarkError> {
	(0..count)
		.map(|_| {
			T::Specimens::register_for_benchmarks(clinic)
				.ok_or(BenchmarkError::Stop("cannot register a specimen"))
		})
		.collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The arrival of a lot that `MaxRecordsPerLot - 1` records list already.
	#[benchmark]
	fn record_arrival() {
		for index in 1..T::MaxRecordsPerLot::get() {
			arrived::<T>(&clinic::<T>(index));
		}
		let clinic = clinic::<T>(0);
		let id = NextLotId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), new_lot());

		assert!(Lots::<T>::contains_key(id));
	}

	/// A use on `n` specimens of the clinic, each checked with the custody ledger.
	#[benchmark]
	fn record_use(n: Linear<1, { T::MaxSpecimensPerUse::get() }>) -> Result<(), BenchmarkError> {
		let clinic = clinic::<T>(0);
		let lot = arrived::<T>(&clinic);
		let specimens = specimens::<T>(&clinic, n)?;

		#[extrinsic_call]
		_(
			RawOrigin::Signed(clinic),
			lot,
			ProcedureKind::Culture,
			BoundedVec::truncate_from(specimens),
		);

		assert_eq!(UseCount::<T>::get(product_lot()), n);
		Ok(())
	}

	#[benchmark]
	fn record_departure() {
		let clinic = clinic::<T>(0);
		let lot = arrived::<T>(&clinic);

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), lot, DepartureReason::UsedUp);

		assert!(Lots::<T>::get(lot).is_some_and(|lot| lot.departure.is_some()));
	}

	/// A recall by a clinic (the membership read and the holders' scan) of a lot with `u` uses,
	/// each on a different specimen, all flagged.
	#[benchmark]
	fn declare_recall(u: Linear<0, { T::MaxUsesPerLot::get() }>) -> Result<(), BenchmarkError> {
		let clinic = clinic::<T>(0);
		let lot = arrived::<T>(&clinic);
		let per_use = T::MaxSpecimensPerUse::get().max(1);
		let mut left = u;
		while left > 0 {
			let batch = left.min(per_use);
			let specimens = specimens::<T>(&clinic, batch)?;
			assert_ok!(Supplies::<T>::record_use(
				RawOrigin::Signed(clinic.clone()).into(),
				lot,
				ProcedureKind::Culture,
				BoundedVec::truncate_from(specimens)
			));
			left = left.saturating_sub(batch);
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), product_lot(), [0x5e; 32]);

		assert_eq!(Recalls::<T>::get(product_lot()).map(|r| r.specimens_flagged), Some(u));
		Ok(())
	}

	impl_benchmark_test_suite!(Supplies, crate::mock::new_test_ext(), crate::mock::Test);
}
