//! The pallet's workings behind its calls: the checks and records of lots, uses and recalls,
//! the recall's walk to the specimens a lot touched, and the views the runtime API answers
//! with. `lib.rs` holds the FRAME items (config, storage, events, errors, calls, hooks) and
//! their docs.

use crate::*;
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Time};
use frame_system::pallet_prelude::*;
use ivf_primitives::ConsortiumMembership;

impl<T: Config> Pallet<T> {
	/// Every use of a lot on a specimen at every clinic, in recording order: the answer of
	/// [`runtime_api::SuppliesApi::trace`]. A record names its lot; an unknown record or
	/// lot has no uses. At most `MaxUsesPerLot` entries.
	pub fn trace(lot: LotRef) -> Vec<LotUse<T::AccountId>> {
		let product = match lot {
			LotRef::Product(product) => product,
			LotRef::Record(id) => match Lots::<T>::get(id) {
				Some(record) => record.product,
				None => return Vec::new(),
			},
		};
		let count = UseCount::<T>::get(&product);
		(0..count).filter_map(|index| LotUses::<T>::get(&product, index)).collect()
	}

	/// The lots in `clinic`'s stock whose expiry falls within `within_days` days from now
	/// (those already expired included), soonest first.
	pub fn expiring_lots(
		clinic: &T::AccountId,
		within_days: u32,
	) -> Vec<(LotId, Lot<T::AccountId>)> {
		let horizon = T::Time::now().saturating_add(u64::from(within_days).saturating_mul(DAY_MS));
		let mut lots: Vec<(LotId, Lot<T::AccountId>)> = StockOfClinic::<T>::iter_key_prefix(clinic)
			.filter_map(|id| Lots::<T>::get(id).map(|lot| (id, lot)))
			.filter(|(_, lot)| lot.expires_at <= horizon)
			.collect();
		lots.sort_by_key(|(id, lot)| (lot.expires_at, *id));
		lots
	}

	/// The caller, if it is an active clinic.
	pub(crate) fn ensure_clinic(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
		let clinic = ensure_signed(origin)?;
		ensure!(T::Membership::is_clinic(&clinic), Error::<T>::NotAnActiveClinic);
		Ok(clinic)
	}

	/// The lot record `lot`, if it exists, is `clinic`'s and is in stock.
	pub(crate) fn held_lot(
		clinic: &T::AccountId,
		lot: LotId,
	) -> Result<Lot<T::AccountId>, DispatchError> {
		let record = Lots::<T>::get(lot).ok_or(Error::<T>::UnknownLot)?;
		ensure!(&record.clinic == clinic, Error::<T>::NotLotHolder);
		ensure!(record.departure.is_none(), Error::<T>::LotNotInStock);
		Ok(record)
	}

	/// Checks the invariants of the crate docs' "Design": every record listed under its lot
	/// and (exactly while in stock) under its clinic, and every lot's uses complete and
	/// within their bound.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let next_id = NextLotId::<T>::get();
		for (id, lot) in Lots::<T>::iter() {
			ensure!(id < next_id, "a lot id is not below NextLotId");
			let listed = LotsOfProduct::<T>::get(&lot.product)
				.iter()
				.any(|holder| holder.lot == id && holder.clinic == lot.clinic);
			ensure!(listed, "a lot record is not listed under its lot");
			ensure!(
				StockOfClinic::<T>::contains_key(&lot.clinic, id) == lot.departure.is_none(),
				"a lot is in a clinic's stock unless departed, or the reverse"
			);
		}
		for (product, count) in UseCount::<T>::iter() {
			ensure!(count <= T::MaxUsesPerLot::get(), "more uses than MaxUsesPerLot");
			ensure!(
				(0..count).all(|index| LotUses::<T>::contains_key(&product, index)),
				"a lot's uses have a gap"
			);
		}
		Ok(())
	}
}
