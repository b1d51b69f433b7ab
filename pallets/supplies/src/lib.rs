//! The clinic supplies ledger: lots of culture media, cryoprotectants, drugs and consumables,
//! their use on specimens, and recalls traced to every specimen they touched.
//!
//! ## Overview
//!
//! In December 2023 a supplier recalled three lots of an embryo culture medium after clinics
//! saw embryos stop developing, and clinics had to find every embryo cultured in those lots
//! (docs/domain.md, "Supplies and recalls"). A ledger of which lot touched which specimen
//! answers that in one query, across every clinic of the consortium:
//!
//! - a **clinic** records a lot's arrival as GS1 identifies it (GTIN, lot number, expiry date)
//!   with its supplier, quantity and cold-chain flag; its **use** in a procedure on specimens
//!   it holds (the culture medium an embryo was cultured in, the cryoprotectant it was frozen
//!   with); and its **departure** (used up, returned, discarded, expired);
//! - using an expired, departed or recalled lot is refused ([`Error::LotExpired`],
//!   [`Error::LotNotInStock`], [`Error::LotRecalled`]);
//! - a **recall** of a lot (its GTIN and lot number) is declared by a clinic that holds it or
//!   by governance: it reaches every use at every member clinic that recorded the lot, flags
//!   each specimen touched in the custody ledger, and stops further use;
//! - the [`runtime_api::SuppliesApi`] traces a lot to its specimens and procedures, and lists
//!   a clinic's lots expiring within N days.
//!
//! ## Pallet API
//!
//! Calls (see [`Call`] for each one's origin, details and errors):
//! - [`Pallet::record_arrival`]: a lot arrives at a clinic;
//! - [`Pallet::record_use`]: a clinic uses a lot in a procedure on specimens;
//! - [`Pallet::record_departure`]: a lot leaves the clinic's stock;
//! - [`Pallet::declare_recall`]: a clinic holding a lot, or governance, recalls it.
//!
//! Storage: [`Lots`], [`LotsOfProduct`], [`LotUses`], [`UseCount`], [`StockOfClinic`],
//! [`Recalls`], [`NextLotId`]. Events are in [`Event`], errors in [`Error`], configuration in
//! [`Config`], the records in [`types`]. Runtime API: [`runtime_api::SuppliesApi`], answered by
//! [`Pallet::trace`], [`Pallet::expiring_lots`] and [`Recalls`].
//!
//! ## Design
//!
//! - **GS1 identifiers.** A product is its GTIN (14 digits, check digit verified), a lot its
//!   GTIN and lot number ([`ProductLot`], up to 20 characters of the GS1 set), an expiry date
//!   the GS1 date (day 0 for the end of the month), which the chain turns into the instant the
//!   lot is expired (midnight UTC after the date). These are product codes and stay in clear;
//!   no person or place is named: specimens are custody ids, the supplier a short code.
//! - **Records and lots.** Each arrival is one clinic's record ([`Lot`], by [`LotId`]); the
//!   records of the same lot at every clinic are listed under its [`ProductLot`] in
//!   [`LotsOfProduct`] (at most `MaxRecordsPerLot`), which is how a recall reaches them all.
//! - **Uses.** Each use on a specimen is a [`LotUse`] (clinic, specimen, procedure, time) in
//!   [`LotUses`] under the product lot and an index: at most `MaxUsesPerLot` per product lot
//!   across clinics, and `MaxSpecimensPerUse` per call. A clinic uses only its own record of a
//!   lot, on specimens it holds ([`SpecimenRegistry::custodian`]). A use before freezing (the
//!   culture of an embryo) is recorded once the specimen is registered in custody.
//! - **Recall.** [`Pallet::declare_recall`] reads the lot's uses once, flags each distinct
//!   specimen through [`SpecimenRegistry::flag_recalled`] (custody emits one event per
//!   specimen, under the clinic that holds it now), and records the [`Recall`]. Its weight is
//!   priced for `MaxUsesPerLot` uses and refunded to the uses it found.
//! - **Worklist.** [`StockOfClinic`] lists each clinic's lots in stock, so the lots expiring
//!   within N days are found without reading other clinics' lots.
//! - **Ids** are a `u64` counter in arrival order, checked for overflow.

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod impls;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use ivf_primitives::{SpecimenId, SpecimenRegistry};
pub use types::*;
pub use weights::WeightInfo;

use alloc::collections::BTreeSet;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{EnsureOrigin, Time},
	};
	use frame_system::pallet_prelude::*;
	use ivf_primitives::{ConsortiumMembership, DocumentHash};

	/// The version of this pallet's storage layout. Bump it with a migration whenever a stored
	/// type or key changes, so that a runtime upgrade (`try-runtime on-runtime-upgrade`) shows
	/// which pallets need one.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who is an active clinic. Asked on every clinic action.
		type Membership: ConsortiumMembership<Self::AccountId>;

		/// The custody ledger (`pallet-custody`): who holds a specimen, and the flag a recall
		/// puts on it.
		type Specimens: SpecimenRegistry<Self::AccountId>;

		/// The chain's clock: milliseconds since the Unix epoch (`pallet-timestamp`).
		type Time: Time<Moment = u64>;

		/// Declares a recall of any lot (governance; a clinic holding the lot may too).
		type RecallOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most records (arrivals, at all clinics) of one lot.
		#[pallet::constant]
		type MaxRecordsPerLot: Get<u32>;

		/// The most uses on specimens of one lot, at all clinics; a recall reads them all.
		#[pallet::constant]
		type MaxUsesPerLot: Get<u32>;

		/// The most specimens one use names.
		#[pallet::constant]
		type MaxSpecimensPerUse: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Every lot record, by id. Never removed: a departed lot keeps its departure.
	// Twox64Concat: ids are handed out by the chain in sequence; no caller can choose one.
	#[pallet::storage]
	pub type Lots<T: Config> = StorageMap<_, Twox64Concat, LotId, Lot<T::AccountId>>;

	/// The records of each lot at every clinic, in arrival order.
	// Blake2_128Concat: clinics choose the GTIN and lot number.
	#[pallet::storage]
	pub type LotsOfProduct<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		ProductLot,
		BoundedVec<LotHolder<T::AccountId>, T::MaxRecordsPerLot>,
		ValueQuery,
	>;

	/// Every use of each lot on a specimen, at every clinic, by (lot, index from 0).
	// Blake2_128Concat on the lot: clinics choose it; Twox64Concat on the chain-given index.
	#[pallet::storage]
	pub type LotUses<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, ProductLot, Twox64Concat, u32, LotUse<T::AccountId>>;

	/// How many uses each lot has in [`LotUses`].
	// Blake2_128Concat: clinics choose the key.
	#[pallet::storage]
	pub type UseCount<T: Config> = StorageMap<_, Blake2_128Concat, ProductLot, u32, ValueQuery>;

	/// Each clinic's lot records in stock (arrived, not departed), for its expiry worklist.
	// Blake2_128Concat on the clinic: accounts come from outside; Twox64Concat on the chain-given
	// lot id.
	#[pallet::storage]
	pub type StockOfClinic<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, LotId, ()>;

	/// Every recall declared, by lot.
	// Blake2_128Concat: the key comes from the caller.
	#[pallet::storage]
	pub type Recalls<T: Config> = StorageMap<_, Blake2_128Concat, ProductLot, Recall<T::AccountId>>;

	/// The id the next lot record gets.
	#[pallet::storage]
	pub type NextLotId<T: Config> = StorageValue<_, LotId, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A lot arrived at a clinic.
		LotArrived {
			/// The new record's id.
			lot: LotId,
			/// The clinic.
			clinic: T::AccountId,
			/// Its GTIN and lot number.
			product: ProductLot,
			/// When it is expired.
			expires_at: u64,
			/// How many units.
			quantity: u32,
			/// Whether it is kept in the cold chain.
			cold_chain: bool,
		},
		/// A clinic used a lot in a procedure on specimens.
		LotUsed {
			/// The clinic's record.
			lot: LotId,
			/// The clinic.
			clinic: T::AccountId,
			/// The procedure.
			procedure: ProcedureKind,
			/// The specimens it touched.
			specimens: BoundedVec<SpecimenId, T::MaxSpecimensPerUse>,
		},
		/// A lot left a clinic's stock.
		LotDeparted {
			/// The clinic's record.
			lot: LotId,
			/// The clinic.
			clinic: T::AccountId,
			/// Why.
			reason: DepartureReason,
		},
		/// A lot was recalled; the custody ledger flagged each specimen it touched.
		RecallDeclared {
			/// Its GTIN and lot number.
			product: ProductLot,
			/// The clinic that declared it, or `None` for governance.
			declared_by: Option<T::AccountId>,
			/// Hash of the recall notice.
			notice: DocumentHash,
			/// How many uses it found, at every clinic.
			uses: u32,
			/// How many distinct specimens it flagged.
			specimens_flagged: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not an active clinic of the consortium. Ask the consortium's
		/// governance about the clinic's membership.
		NotAnActiveClinic,
		/// The GTIN is not 14 digits with a valid GS1 check digit. Read it from the barcode's
		/// (01) field, padded with leading zeros to 14 digits.
		InvalidGtin,
		/// The lot number is empty, or has characters outside the GS1 set. Read it from the
		/// barcode's (10) field.
		InvalidLotNumber,
		/// The expiry date does not exist (year outside 2000 to 2099, month or day out of
		/// range). Read it from the barcode's (17) field; day 0 means the end of the month.
		InvalidExpiryDate,
		/// A lot arrives with at least one unit. Give the quantity received.
		ZeroQuantity,
		/// The lot has `MaxRecordsPerLot` records at the consortium's clinics already.
		/// Governance must raise the bound.
		TooManyRecordsOfLot,
		/// The ledger has handed out every lot id.
		LotIdsExhausted,
		/// No lot record has this id. Check the id in the `LotArrived` event.
		UnknownLot,
		/// The lot record is another clinic's. A clinic records the use and departure of its
		/// own lots only.
		NotLotHolder,
		/// The lot left the clinic's stock already (used up, returned, discarded, expired).
		LotNotInStock,
		/// The lot's expiry date has passed: it must not be used. Use another lot, and record
		/// this one's departure as expired.
		LotExpired,
		/// The lot was recalled: it must not be used. Use another lot, and return or discard
		/// this one.
		LotRecalled,
		/// A use names at least one specimen.
		NoSpecimens,
		/// The same specimen is named twice. Name each specimen once.
		DuplicateSpecimen,
		/// No specimen has this id in the custody ledger. Register the specimen in custody
		/// first (e.g. when it is frozen), then record the use.
		UnknownSpecimen,
		/// The clinic does not hold the specimen. A clinic records uses on specimens in its
		/// custody only.
		NotSpecimenCustodian,
		/// The lot has `MaxUsesPerLot` uses recorded already. Governance must raise the bound.
		TooManyUses,
		/// A departure as expired before the expiry date has passed. Give the actual reason,
		/// or wait until the lot is expired.
		LotNotExpired,
		/// No clinic has recorded this lot: there is nothing to recall. Check the GTIN and lot
		/// number.
		UnknownProductLot,
		/// The lot is recalled already.
		AlreadyRecalled,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxSpecimensPerUse::get() > 0, "a use must name a specimen");
			assert!(
				T::MaxUsesPerLot::get() >= T::MaxSpecimensPerUse::get(),
				"a lot must take at least one full use"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Record a lot's arrival at the clinic.
		///
		/// ## Origin
		///
		/// Signed by an active clinic.
		///
		/// ## Details
		///
		/// `lot` gives the GTIN and lot number, the GS1 expiry date, the supplier's code, the
		/// quantity and whether it is kept in the cold chain. The record is listed under the
		/// lot's GTIN and lot number with every other clinic's, and in the clinic's stock.
		/// A lot that arrives expired is recorded too (it shows on the worklist). Emits
		/// [`Event::LotArrived`] with the new record's id.
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::InvalidGtin`], [`Error::InvalidLotNumber`], [`Error::InvalidExpiryDate`],
		///   [`Error::ZeroQuantity`]: the lot is malformed.
		/// - [`Error::TooManyRecordsOfLot`], [`Error::LotIdsExhausted`]: no room.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::record_arrival())]
		pub fn record_arrival(origin: OriginFor<T>, lot: NewLot) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			let NewLot { product, expiry, supplier, quantity, cold_chain } = lot;
			ensure!(product.gtin.is_valid(), Error::<T>::InvalidGtin);
			ensure!(product.lot_number_is_valid(), Error::<T>::InvalidLotNumber);
			let expires_at = expiry.expires_at().ok_or(Error::<T>::InvalidExpiryDate)?;
			ensure!(quantity > 0, Error::<T>::ZeroQuantity);
			let id = NextLotId::<T>::get();
			let next_id = id.checked_add(1).ok_or(Error::<T>::LotIdsExhausted)?;
			let mut holders = LotsOfProduct::<T>::get(&product);
			holders
				.try_push(LotHolder { lot: id, clinic: clinic.clone() })
				.map_err(|_| Error::<T>::TooManyRecordsOfLot)?;

			NextLotId::<T>::put(next_id);
			LotsOfProduct::<T>::insert(&product, holders);
			StockOfClinic::<T>::insert(&clinic, id, ());
			Lots::<T>::insert(
				id,
				Lot {
					clinic: clinic.clone(),
					product: product.clone(),
					expiry,
					expires_at,
					supplier,
					quantity,
					cold_chain,
					arrived_at: T::Time::now(),
					departure: None,
				},
			);
			Self::deposit_event(Event::LotArrived {
				lot: id,
				clinic,
				product,
				expires_at,
				quantity,
				cold_chain,
			});
			Ok(())
		}

		/// Record the use of a lot in a procedure on specimens.
		///
		/// ## Origin
		///
		/// Signed by the active clinic that holds the lot record.
		///
		/// ## Details
		///
		/// One use per specimen is recorded under the lot (GTIN and lot number) with the
		/// clinic, the procedure and the chain's time, so that a recall finds it. The lot must
		/// be in the clinic's stock, not expired and not recalled; the specimens must be in the
		/// clinic's custody. Emits [`Event::LotUsed`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownLot`], [`Error::NotLotHolder`]: no such record of the clinic's.
		/// - [`Error::LotNotInStock`], [`Error::LotExpired`], [`Error::LotRecalled`]: the lot
		///   must not be used.
		/// - [`Error::NoSpecimens`], [`Error::DuplicateSpecimen`]: bad list.
		/// - [`Error::UnknownSpecimen`], [`Error::NotSpecimenCustodian`]: a specimen is unknown
		///   or another clinic's.
		/// - [`Error::TooManyUses`]: the lot's uses are at their bound.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::record_use(specimens.len() as u32))]
		pub fn record_use(
			origin: OriginFor<T>,
			lot: LotId,
			procedure: ProcedureKind,
			specimens: BoundedVec<SpecimenId, T::MaxSpecimensPerUse>,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			let record = Self::held_lot(&clinic, lot)?;
			let now = T::Time::now();
			ensure!(now < record.expires_at, Error::<T>::LotExpired);
			ensure!(!Recalls::<T>::contains_key(&record.product), Error::<T>::LotRecalled);
			ensure!(!specimens.is_empty(), Error::<T>::NoSpecimens);
			let distinct: BTreeSet<SpecimenId> = specimens.iter().copied().collect();
			ensure!(distinct.len() == specimens.len(), Error::<T>::DuplicateSpecimen);
			for specimen in specimens.iter() {
				let custodian =
					T::Specimens::custodian(*specimen).ok_or(Error::<T>::UnknownSpecimen)?;
				ensure!(custodian == clinic, Error::<T>::NotSpecimenCustodian);
			}
			let first = UseCount::<T>::get(&record.product);
			let count = u32::try_from(specimens.len())
				.ok()
				.and_then(|n| first.checked_add(n))
				.filter(|count| *count <= T::MaxUsesPerLot::get())
				.ok_or(Error::<T>::TooManyUses)?;

			for (index, specimen) in (first..count).zip(specimens.iter().copied()) {
				let entry = LotUse { lot, clinic: clinic.clone(), specimen, procedure, at: now };
				LotUses::<T>::insert(&record.product, index, entry);
			}
			UseCount::<T>::insert(&record.product, count);
			Self::deposit_event(Event::LotUsed { lot, clinic, procedure, specimens });
			Ok(())
		}

		/// Record a lot's departure from the clinic's stock.
		///
		/// ## Origin
		///
		/// Signed by the active clinic that holds the lot record.
		///
		/// ## Details
		///
		/// The lot leaves the stock for good: used up, returned, discarded, or expired (only
		/// once its expiry date has passed). Its record and uses stay. Emits
		/// [`Event::LotDeparted`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownLot`], [`Error::NotLotHolder`]: no such record of the clinic's.
		/// - [`Error::LotNotInStock`]: it departed already.
		/// - [`Error::LotNotExpired`]: `Expired` before the expiry date has passed.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::record_departure())]
		pub fn record_departure(
			origin: OriginFor<T>,
			lot: LotId,
			reason: DepartureReason,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			let mut record = Self::held_lot(&clinic, lot)?;
			let now = T::Time::now();
			if reason == DepartureReason::Expired {
				ensure!(now >= record.expires_at, Error::<T>::LotNotExpired);
			}

			record.departure = Some(Departure { reason, at: now });
			Lots::<T>::insert(lot, record);
			StockOfClinic::<T>::remove(&clinic, lot);
			Self::deposit_event(Event::LotDeparted { lot, clinic, reason });
			Ok(())
		}

		/// Declare a recall of a lot, reaching every specimen it touched at every clinic.
		///
		/// ## Origin
		///
		/// `RecallOrigin`, or signed by an active clinic that holds a record of the lot.
		///
		/// ## Details
		///
		/// `product` is the lot's GTIN and lot number; `notice` the hash of the recall notice.
		/// Every use of the lot at every clinic is read, and each specimen it touched is
		/// flagged once in the custody ledger (which emits an event for each, under the clinic
		/// that holds it). No clinic may use the lot from now on. Emits
		/// [`Event::RecallDeclared`]. Weighs as `MaxUsesPerLot` uses, refunded to those found.
		///
		/// ## Errors
		///
		/// - `BadOrigin`: neither `RecallOrigin` nor signed.
		/// - [`Error::NotAnActiveClinic`]: signed by an account that is not an active clinic.
		/// - [`Error::UnknownProductLot`]: no clinic recorded the lot.
		/// - [`Error::NotLotHolder`]: the clinic holds no record of the lot.
		/// - [`Error::AlreadyRecalled`]: the lot is recalled already.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::declare_recall(T::MaxUsesPerLot::get()))]
		pub fn declare_recall(
			origin: OriginFor<T>,
			product: ProductLot,
			notice: DocumentHash,
		) -> DispatchResultWithPostInfo {
			let declared_by = match T::RecallOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(Self::ensure_clinic(origin)?),
			};
			let holders = LotsOfProduct::<T>::get(&product);
			ensure!(!holders.is_empty(), Error::<T>::UnknownProductLot);
			if let Some(clinic) = &declared_by {
				ensure!(holders.iter().any(|h| &h.clinic == clinic), Error::<T>::NotLotHolder);
			}
			ensure!(!Recalls::<T>::contains_key(&product), Error::<T>::AlreadyRecalled);

			let uses = UseCount::<T>::get(&product);
			let specimens: BTreeSet<SpecimenId> =
				LotUses::<T>::iter_prefix_values(&product).map(|entry| entry.specimen).collect();
			for specimen in &specimens {
				T::Specimens::flag_recalled(*specimen, notice);
			}
			let specimens_flagged = u32::try_from(specimens.len()).unwrap_or(u32::MAX);
			let at = T::Time::now();
			Recalls::<T>::insert(
				&product,
				Recall { declared_by: declared_by.clone(), notice, at, specimens_flagged },
			);
			Self::deposit_event(Event::RecallDeclared {
				product,
				declared_by,
				notice,
				uses,
				specimens_flagged,
			});
			Ok(Some(T::WeightInfo::declare_recall(uses)).into())
		}
	}
}
