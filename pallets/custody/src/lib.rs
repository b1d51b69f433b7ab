//! Custody of gametes and embryos: every specimen's chain of custody through cryostorage and
//! cryotransport, every step witnessed, and its storage consent obeyed.
//!
//! ## Overview
//!
//! Mix-ups of gametes are among the most serious incidents clinics report, and tank failures
//! have destroyed thousands of eggs and embryos in one weekend; what regulators and audits ask
//! for is traceability of every specimen to its consent, its tank and its position, and a
//! witness to every critical step (docs/domain.md, "Storage of gametes and embryos, custody and
//! witnessing"). This pallet is that ledger:
//!
//! - a **clinic** registers each specimen (a straw or vial of oocytes, sperm, or embryos with
//!   their day and stage) when it is frozen, with its providers' pseudonyms, the storage
//!   consents it is kept under and its location code;
//! - every later step is recorded, witnessed, as an event and in the specimen's **history**:
//!   moving within the clinic, thawing for use, donation, discarding, loss;
//! - the clinic registers the **witnesses** (staff, electronic witnessing systems) who may
//!   witness its steps, and sets its **custody policy**: witnesses per step, the temperature
//!   limit of a shipment and how long a shipment may take;
//! - **cryotransport**: a clinic dispatches specimens to another member clinic; the destination
//!   records the receipt with the data logger's readings, and custody passes only then. A
//!   reading above the temperature limit flags the specimens; a shipment not received in its
//!   window shows as overdue;
//! - **storage consent is obeyed**: no step but discarding (or a loss report) is accepted for a
//!   specimen whose storage consent has expired or been withdrawn until it is put under renewed
//!   consents, and a withdrawn consent starts the jurisdiction's cooling-off period;
//! - other pallets (the supplies ledger) ask who holds a specimen and flag the specimens a
//!   recalled lot touched, through [`SpecimenRegistry`].
//!
//! ## Pallet API
//!
//! Calls (see [`Call`] for each one's origin, details and errors):
//! - [`Pallet::register_witness`], [`Pallet::remove_witness`]: a clinic's witnesses;
//! - [`Pallet::set_policy`]: a clinic's custody policy;
//! - [`Pallet::freeze`]: a specimen is frozen and registered;
//! - [`Pallet::move_specimen`], [`Pallet::thaw`], [`Pallet::donate`], [`Pallet::discard`],
//!   [`Pallet::report_loss`]: the steps of its custody at the clinic;
//! - [`Pallet::dispatch`], [`Pallet::receive`]: cryotransport between clinics;
//! - [`Pallet::renew_consent`]: the specimen is put under renewed storage consents;
//! - [`Pallet::set_storage_rules`]: governance sets a jurisdiction's storage rules.
//!
//! Storage: [`Specimens`], [`History`], [`SpecimensOfClinic`], [`ClinicWitnesses`],
//! [`Policies`], [`Shipments`], [`OpenShipments`], [`JurisdictionRules`], [`NextSpecimenId`],
//! [`NextShipmentId`]. Events are in [`Event`], errors in [`Error`], configuration in
//! [`Config`], the records in [`types`].
//!
//! Queries: [`SpecimenRegistry`] for other pallets, implemented by [`Pallet`]; the runtime API
//! [`runtime_api::CustodyApi`], answered by [`Pallet::specimen_view`], [`Pallet::history`],
//! [`Pallet::storage_worklist`], [`Pallet::shipment_view`] and [`Pallet::open_shipments`].
//!
//! ## Design
//!
//! - **No plaintext identifier of a person or a place.** Providers are [`Pseudonym`]s (salted
//!   hashes made at the clinic); a location is a [`LocationCode`], the clinic's 32-byte hash of
//!   its tank, canister and position code; carrier, dry shipper and data logger are short opaque
//!   codes ([`OpaqueCode`]); an incident report and a logger's data file are document hashes.
//!   Witnesses are accounts, as clinics are.
//! - **The clinic submits, the witnesses witness.** Every step is an extrinsic of the clinic
//!   account that has custody, naming one or two witnesses: accounts the clinic registered as
//!   its witnesses, all different, never the clinic itself. The clinic's [`CustodyPolicy`] says
//!   how many each step needs; by default two for every step (HFEA Code of Practice, guidance
//!   note 18: every critical step witnessed by a second person or an electronic witnessing
//!   system). A clinic whose electronic witnessing system reads every container may set one.
//! - **Storage consent.** A specimen is kept under one storage consent of each provider who
//!   must consent (the patient; for embryos the partner too), read through
//!   [`StorageConsentProvider`] for the clinic that has custody. Its [`StorageStanding`] is
//!   derived from time, never stored: in effect until the earliest storage end (and the
//!   jurisdiction's longest storage from freezing, 55 years in the UK); expired after it; or
//!   withdrawn, with discard allowed after the jurisdiction's cooling-off (the HFE Act's 12
//!   months for embryos when one provider withdraws; none for gametes). No sweep runs: queries
//!   and calls compute the standing when asked.
//! - **What a lapsed consent allows.** Moving, thawing, donating and dispatching need every
//!   storage consent in effect ([`Error::StorageConsentExpired`],
//!   [`Error::StorageConsentWithdrawn`], [`Error::StorageConsentNotInEffect`]). Discarding is
//!   always possible, and a discard for an expired or withdrawn consent is accepted only once
//!   the period or the cooling-off is over. [`Pallet::renew_consent`] puts the specimen under
//!   consents in effect again (the transfer to a renewed consent). Two steps ignore the consent
//!   on purpose: a loss is an incident to record, never to refuse, and a receipt records that
//!   a shipment physically arrived.
//! - **Cryotransport.** Custody passes on receipt only: until then the sender has custody and
//!   may report a specimen lost in transit. Dispatch needs the destination to hold every storage
//!   consent (it recorded or relies on it), so that it may store what it receives. The limit
//!   at receipt is the stricter of the sender's at dispatch and the receiver's; a reading above
//!   it flags every received specimen ([`SpecimenFlags`]). A shipment is overdue once its window
//!   (the sender's policy) passed without a receipt; a late receipt is still recorded.
//! - **History.** Each step is a [`StepRecord`] in [`History`] under (specimen, index): what,
//!   who (the clinic and its witnesses), when, where and under which consents. A specimen has at
//!   most `MaxStepsPerSpecimen` steps, and every step keeps room for those that must follow it
//!   ([`Step::room_after`]): a dispatched specimen can always be received, and any specimen can
//!   always be discarded or reported lost.
//! - **Bounds and weights.** A specimen has at most three consents and a step two witnesses; a
//!   shipment at most `MaxSpecimensPerShipment` specimens, the one loop of a call, priced per
//!   specimen in [`WeightInfo::dispatch`] and [`WeightInfo::receive`].
//! - **Ids** are `u64` counters in registration and dispatch order, checked for overflow.

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

pub use ivf_primitives::{
	ConsentId, DonorRegistry, DonorStanding, Pseudonym, SpecimenId, SpecimenRegistry,
	StorageConsentProvider, StorageConsentStatus,
};
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::{EnsureOrigin, Time},
	};
	use frame_system::pallet_prelude::*;
	use ivf_primitives::{ConsentProvider, ConsortiumMembership, DocumentHash, Jurisdiction};

	/// The version of this pallet's storage layout. Bump it with a migration whenever a stored
	/// type or key changes, so that a runtime upgrade (`try-runtime on-runtime-upgrade`) shows
	/// which pallets need one.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who is an active clinic, and in which jurisdiction. Asked on every clinic action.
		type Membership: ConsortiumMembership<Self::AccountId>;

		/// The consent ledger (`pallet-consent`): the terms of storage consents, and whether a
		/// provider's donation consent is active.
		type Consent: ConsentProvider<Self::AccountId, u64>
			+ StorageConsentProvider<Self::AccountId, u64>;

		/// The donor registry (`pallet-donor-matching`), which a donation links to.
		type DonorRegistry: DonorRegistry<Self::AccountId>;

		/// The chain's clock: milliseconds since the Unix epoch (`pallet-timestamp`). Every
		/// time the ledger records comes from it.
		type Time: Time<Moment = u64>;

		/// Sets the storage rules of a jurisdiction.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most steps one specimen's history holds.
		#[pallet::constant]
		type MaxStepsPerSpecimen: Get<u32>;

		/// The most specimens one shipment carries.
		#[pallet::constant]
		type MaxSpecimensPerShipment: Get<u32>;

		/// The longest shipment window a clinic's policy may set, in milliseconds.
		#[pallet::constant]
		type MaxShipmentWindow: Get<u64>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Every specimen ever registered, by id. Never removed: a specimen that left custody keeps
	/// its final status.
	// Twox64Concat: ids are handed out by the chain in sequence; no caller can choose one.
	#[pallet::storage]
	pub type Specimens<T: Config> = StorageMap<_, Twox64Concat, SpecimenId, Specimen<T::AccountId>>;

	/// Each specimen's history, by (specimen, step index from 0).
	// Twox64Concat on both: chain-given ids and indices.
	#[pallet::storage]
	pub type History<T: Config> =
		StorageDoubleMap<_, Twox64Concat, SpecimenId, Twox64Concat, u32, StepRecord<T::AccountId>>;

	/// The specimens each clinic has custody of (stored or in transit), for its worklist.
	// Blake2_128Concat on the clinic: accounts come from outside the chain; Twox64Concat on
	// the chain-given specimen id.
	#[pallet::storage]
	pub type SpecimensOfClinic<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, SpecimenId, ()>;

	/// The witnesses each clinic registered, with what they are.
	// Blake2_128Concat on both: a clinic chooses the witness accounts.
	#[pallet::storage]
	pub type ClinicWitnesses<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		WitnessKind,
	>;

	/// Each clinic's custody policy; the default (two witnesses for every step) until it sets
	/// one.
	// Blake2_128Concat: accounts come from outside the chain.
	#[pallet::storage]
	pub type Policies<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, CustodyPolicy, ValueQuery>;

	/// Every shipment ever dispatched, by id. Never removed.
	// Twox64Concat: chain-given ids.
	#[pallet::storage]
	pub type Shipments<T: Config> = StorageMap<_, Twox64Concat, ShipmentId, Shipment<T>>;

	/// The shipments not yet received, under both the sending and the destination clinic.
	// Blake2_128Concat on the clinic: accounts come from outside the chain; Twox64Concat on
	// the chain-given shipment id.
	#[pallet::storage]
	pub type OpenShipments<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ShipmentId, ()>;

	/// The storage rules of each jurisdiction that governance set; any other jurisdiction
	/// follows the UK's ([`StorageRules::default`]).
	// Twox64Concat: only governance writes keys.
	#[pallet::storage]
	pub type JurisdictionRules<T: Config> =
		StorageMap<_, Twox64Concat, Jurisdiction, StorageRules, ValueQuery>;

	/// The id the next specimen gets.
	#[pallet::storage]
	pub type NextSpecimenId<T: Config> = StorageValue<_, SpecimenId, ValueQuery>;

	/// The id the next shipment gets.
	#[pallet::storage]
	pub type NextShipmentId<T: Config> = StorageValue<_, ShipmentId, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A clinic registered a witness of its steps.
		WitnessRegistered {
			/// The clinic.
			clinic: T::AccountId,
			/// The witness's account.
			witness: T::AccountId,
			/// Staff or an electronic witnessing system.
			kind: WitnessKind,
		},
		/// A clinic removed a witness; steps already witnessed keep it.
		WitnessRemoved {
			/// The clinic.
			clinic: T::AccountId,
			/// The witness's account.
			witness: T::AccountId,
		},
		/// A clinic set its custody policy.
		PolicySet {
			/// The clinic.
			clinic: T::AccountId,
			/// The new policy.
			policy: CustodyPolicy,
		},
		/// Governance set a jurisdiction's storage rules.
		StorageRulesSet {
			/// The jurisdiction.
			jurisdiction: Jurisdiction,
			/// The new rules.
			rules: StorageRules,
		},
		/// A specimen was frozen and registered.
		SpecimenFrozen {
			/// The new specimen's id.
			specimen: SpecimenId,
			/// The clinic that has custody of it.
			clinic: T::AccountId,
			/// What it holds.
			kind: SpecimenKind,
			/// How many.
			count: u16,
			/// The storage consents it is kept under.
			consents: SpecimenConsents,
			/// Where it is stored.
			location: LocationCode,
			/// Who witnessed the freezing.
			witnesses: Witnesses<T::AccountId>,
		},
		/// A specimen was moved within its clinic.
		SpecimenMoved {
			/// The specimen.
			specimen: SpecimenId,
			/// Its clinic.
			clinic: T::AccountId,
			/// Where it was.
			from: LocationCode,
			/// Where it is now.
			to: LocationCode,
			/// Who witnessed the move.
			witnesses: Witnesses<T::AccountId>,
		},
		/// A specimen was thawed for use in treatment.
		SpecimenThawed {
			/// The specimen.
			specimen: SpecimenId,
			/// Its clinic.
			clinic: T::AccountId,
			/// Who witnessed the thawing.
			witnesses: Witnesses<T::AccountId>,
		},
		/// A specimen was donated.
		SpecimenDonated {
			/// The specimen.
			specimen: SpecimenId,
			/// Its clinic.
			clinic: T::AccountId,
			/// The donor's pseudonym in the donor registry, where the donation is registered.
			registry_donor: Option<Pseudonym>,
			/// Who witnessed the donation.
			witnesses: Witnesses<T::AccountId>,
		},
		/// A specimen was discarded.
		SpecimenDiscarded {
			/// The specimen.
			specimen: SpecimenId,
			/// Its clinic.
			clinic: T::AccountId,
			/// Why.
			reason: DiscardReason,
			/// Who witnessed the discarding.
			witnesses: Witnesses<T::AccountId>,
		},
		/// A specimen was reported lost.
		SpecimenLost {
			/// The specimen.
			specimen: SpecimenId,
			/// The clinic that had custody of it.
			clinic: T::AccountId,
			/// Hash of the clinic's incident report.
			incident: DocumentHash,
			/// Who witnessed the report.
			witnesses: Witnesses<T::AccountId>,
		},
		/// A clinic put a specimen under renewed storage consents.
		StorageConsentRenewed {
			/// The specimen.
			specimen: SpecimenId,
			/// Its clinic.
			clinic: T::AccountId,
			/// The storage consents it is now kept under.
			consents: SpecimenConsents,
		},
		/// A clinic dispatched specimens to another clinic; it keeps custody until receipt.
		ShipmentDispatched {
			/// The new shipment's id.
			shipment: ShipmentId,
			/// The sending clinic.
			from: T::AccountId,
			/// The destination clinic.
			to: T::AccountId,
			/// The specimens.
			specimens: BoundedVec<SpecimenId, T::MaxSpecimensPerShipment>,
			/// When it shows as overdue if not received.
			due_by: u64,
			/// Who witnessed the dispatch.
			witnesses: Witnesses<T::AccountId>,
		},
		/// The destination received a shipment: custody of its specimens passed to it.
		ShipmentReceived {
			/// The shipment.
			shipment: ShipmentId,
			/// The receiving clinic.
			clinic: T::AccountId,
			/// The specimens whose custody passed (those not reported lost in transit).
			received: u32,
			/// The condition found, the logger's data file and readings, whether they exceeded
			/// the limit.
			receipt: Receipt,
			/// Whether the receipt came after the shipment's window.
			late: bool,
			/// Who witnessed the receipt.
			witnesses: Witnesses<T::AccountId>,
		},
		/// A specimen was flagged: a temperature excursion in transit, or a recalled lot.
		SpecimenFlagged {
			/// The specimen.
			specimen: SpecimenId,
			/// The clinic that has custody of it.
			clinic: T::AccountId,
			/// Why.
			reason: FlagReason,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not an active clinic of the consortium (never admitted, removed or
		/// suspended). Ask the consortium's governance about the clinic's membership.
		NotAnActiveClinic,
		/// A clinic cannot witness its own steps: a witness is a person or a witnessing system.
		/// Register the staff's or the system's own account.
		WitnessIsClinic,
		/// The account is already a witness of this clinic. Nothing to do.
		WitnessAlreadyRegistered,
		/// The account is not a registered witness of this clinic: it cannot be removed, and
		/// cannot witness the clinic's steps. Register it with `register_witness` first.
		UnknownWitness,
		/// The step names fewer witnesses than the clinic's policy requires for it. Name as
		/// many registered witnesses as the policy says (see `Policies`).
		TooFewWitnesses,
		/// The step names the same witness twice. Two witnesses must be two people (or a
		/// person and a witnessing system).
		DuplicateWitness,
		/// The policy's temperature limit is above the −130 °C glass transition, where
		/// vitrified material may devitrify. Choose a limit of −130 °C or lower.
		TemperatureLimitTooHigh,
		/// The policy's shipment window is zero or longer than `MaxShipmentWindow`. Choose a
		/// window within the bound.
		InvalidShipmentWindow,
		/// The jurisdiction code is not two upper-case letters (ISO 3166-1 alpha-2).
		MalformedJurisdiction,
		/// A specimen must hold at least one oocyte, embryo or straw. Give its count.
		ZeroCount,
		/// An embryo's day is after day 7, the latest an embryo is kept in culture. Give the
		/// day of development at freezing.
		InvalidEmbryoDay,
		/// The same pseudonym is given for two providers. Each provider has their own.
		DuplicateProvider,
		/// The specimen names no storage consent. Name the storage consent of each provider
		/// who must consent to storage.
		NoStorageConsent,
		/// A consent named is not a storage consent that this clinic holds: unknown, not for
		/// storage, or recorded by another clinic that did not let this one rely on it. Record
		/// the consent, or have the recording clinic allow reliance.
		UnknownStorageConsent,
		/// A storage consent named is of someone who is not a provider of the specimen. Name
		/// the consents of the specimen's own providers.
		ConsentOfAnotherPerson,
		/// Two storage consents named are of the same person. Name one consent per provider.
		DuplicateConsentHolder,
		/// A provider who must consent to storage (the patient; for embryos the partner too,
		/// HFE Act Schedule 3) has no storage consent among those named. Add theirs.
		ProviderWithoutStorageConsent,
		/// The specimen's storage period is over (a storage consent expired, or the
		/// jurisdiction's longest storage passed). Only discarding is possible, or renewing
		/// the consent with `renew_consent`.
		StorageConsentExpired,
		/// A storage consent of the specimen was withdrawn. Only discarding is possible (after
		/// the cooling-off period), or renewing the consent with `renew_consent`.
		StorageConsentWithdrawn,
		/// A storage consent of the specimen is not in effect for its clinic: entered in
		/// error, not yet started, or no longer held. Put the specimen under consents in
		/// effect with `renew_consent`.
		StorageConsentNotInEffect,
		/// The ledger has handed out every specimen id.
		SpecimenIdsExhausted,
		/// The ledger has handed out every shipment id.
		ShipmentIdsExhausted,
		/// No specimen has this id. Check the id in the `SpecimenFrozen` event.
		UnknownSpecimen,
		/// The caller does not have custody of the specimen. Only the clinic that holds it
		/// records its steps (in transit: the sending clinic, until receipt).
		NotCustodian,
		/// The specimen is not stored at its clinic (in transit, used, donated, discarded or
		/// lost), so this step does not apply. See its status and history.
		SpecimenNotStored,
		/// The specimen's history has no room for this step and those that must be able to
		/// follow it (`MaxStepsPerSpecimen`). It can still be discarded or reported lost.
		HistoryFull,
		/// The new location is the specimen's location already. Give where it was moved to.
		SameLocation,
		/// A provider (the patient, or the partner where there is one) has no active donation
		/// consent (gamete or embryo donation) recorded or relied on by this clinic. Record
		/// their consent to donation first.
		DonationNotConsented,
		/// The donor registry has no donor under this pseudonym. Register the donation in the
		/// donor registry first, or give no registry donor where none applies.
		NotARegisteredDonor,
		/// The donor registry flagged this donor: no new allocation anywhere. The specimen
		/// cannot be donated under it.
		DonorFlagged,
		/// Discarding for an expired consent, but the storage period is not over. Discard only
		/// once it is (see the worklist), or for another reason.
		StorageConsentNotExpired,
		/// Discarding for a withdrawn consent, but no storage consent of the specimen is
		/// withdrawn (if the storage period is over too, discard for an expired consent).
		StorageConsentNotWithdrawn,
		/// Discarding for a withdrawn consent before the jurisdiction's cooling-off period is
		/// over (12 months for embryos under the HFE Act). Wait until `discard_from` (see the
		/// worklist), or discard at the providers' request if the other person agrees sooner.
		CoolingOffNotOver,
		/// A shipment must carry at least one specimen.
		NoSpecimens,
		/// The same specimen is listed twice. List each specimen once.
		DuplicateSpecimen,
		/// The destination is not an active clinic of the consortium.
		DestinationNotAClinic,
		/// A clinic cannot ship to itself. Record a move within the clinic instead.
		ShipmentToSelf,
		/// The destination does not hold a storage consent of a specimen, so it could not
		/// store it. Have the recording clinic (or the patient) let the destination rely on
		/// the consent first.
		DestinationLacksConsent,
		/// No shipment has this id. Check the id in the `ShipmentDispatched` event.
		UnknownShipment,
		/// Only the shipment's destination records its receipt.
		NotDestination,
		/// The shipment's receipt is recorded already.
		AlreadyReceived,
		/// The locations do not match the shipment's specimens one to one. Give one location
		/// per specimen, in the order of the shipment.
		LocationsMismatch,
		/// The logger's readings are impossible: the lowest above the highest, or below
		/// absolute zero. Give the readings in milli-degrees Celsius.
		InvalidTemperatureRange,
		/// The donor registry retired this donor (by their registering clinic, or because it
		/// left the consortium): no new allocation anywhere. The specimen cannot be donated
		/// under it.
		DonorRetired,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxStepsPerSpecimen::get() >= 4,
				"a specimen must have room to be frozen, dispatched, received and discarded"
			);
			assert!(T::MaxSpecimensPerShipment::get() > 0, "a shipment must carry a specimen");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register an account as a witness of the clinic's steps.
		///
		/// ## Origin
		///
		/// Signed by an active clinic.
		///
		/// ## Details
		///
		/// `witness` is a member of the clinic's staff or an electronic witnessing system; it
		/// may then witness the clinic's steps. Emits [`Event::WitnessRegistered`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::WitnessIsClinic`]: `witness` is the clinic itself.
		/// - [`Error::WitnessAlreadyRegistered`]: `witness` is registered already.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_witness())]
		pub fn register_witness(
			origin: OriginFor<T>,
			witness: T::AccountId,
			kind: WitnessKind,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			ensure!(witness != clinic, Error::<T>::WitnessIsClinic);
			ensure!(
				!ClinicWitnesses::<T>::contains_key(&clinic, &witness),
				Error::<T>::WitnessAlreadyRegistered
			);

			ClinicWitnesses::<T>::insert(&clinic, &witness, kind);
			Self::deposit_event(Event::WitnessRegistered { clinic, witness, kind });
			Ok(())
		}

		/// Remove a witness of the clinic.
		///
		/// ## Origin
		///
		/// Signed by an active clinic.
		///
		/// ## Details
		///
		/// `witness` can witness no more steps of the clinic; the steps it witnessed keep it
		/// in their history. Emits [`Event::WitnessRemoved`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownWitness`]: `witness` is not a witness of the clinic.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_witness())]
		pub fn remove_witness(origin: OriginFor<T>, witness: T::AccountId) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			ensure!(
				ClinicWitnesses::<T>::contains_key(&clinic, &witness),
				Error::<T>::UnknownWitness
			);

			ClinicWitnesses::<T>::remove(&clinic, &witness);
			Self::deposit_event(Event::WitnessRemoved { clinic, witness });
			Ok(())
		}

		/// Set the clinic's custody policy.
		///
		/// ## Origin
		///
		/// Signed by an active clinic.
		///
		/// ## Details
		///
		/// The policy applies to the clinic's later steps and to the shipments it dispatches
		/// or receives from now on. Emits [`Event::PolicySet`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::TemperatureLimitTooHigh`]: the limit is above −130 °C.
		/// - [`Error::InvalidShipmentWindow`]: the window is zero or above `MaxShipmentWindow`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_policy())]
		pub fn set_policy(origin: OriginFor<T>, policy: CustodyPolicy) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			ensure!(
				policy.max_shipment_temperature_mc <= GLASS_TRANSITION_MC,
				Error::<T>::TemperatureLimitTooHigh
			);
			ensure!(
				(1..=T::MaxShipmentWindow::get()).contains(&policy.shipment_window_ms),
				Error::<T>::InvalidShipmentWindow
			);

			Policies::<T>::insert(&clinic, policy);
			Self::deposit_event(Event::PolicySet { clinic, policy });
			Ok(())
		}

		/// Register a specimen as it is frozen.
		///
		/// ## Origin
		///
		/// Signed by an active clinic, which takes custody of the specimen.
		///
		/// ## Details
		///
		/// `specimen` gives what it holds (for embryos, the day and stage), how many, its
		/// providers' pseudonyms, the storage consents it is kept under and its location code.
		/// The consents are storage consents the clinic holds, in effect now, each of a
		/// different provider, covering the patient and (for embryos) the partner. The freezing
		/// is the specimen's first step, witnessed as the clinic's policy requires. Emits
		/// [`Event::SpecimenFrozen`] with the new specimen's id.
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::ZeroCount`], [`Error::InvalidEmbryoDay`], [`Error::DuplicateProvider`]: the
		///   specimen is malformed.
		/// - [`Error::TooFewWitnesses`], [`Error::DuplicateWitness`], [`Error::UnknownWitness`]:
		///   the witnesses do not meet the policy.
		/// - [`Error::NoStorageConsent`], [`Error::UnknownStorageConsent`],
		///   [`Error::ConsentOfAnotherPerson`], [`Error::DuplicateConsentHolder`],
		///   [`Error::ProviderWithoutStorageConsent`]: the consents do not cover the providers.
		/// - [`Error::StorageConsentExpired`], [`Error::StorageConsentWithdrawn`],
		///   [`Error::StorageConsentNotInEffect`]: a consent is not in effect now.
		/// - [`Error::SpecimenIdsExhausted`]: no id left.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::freeze())]
		pub fn freeze(
			origin: OriginFor<T>,
			specimen: NewSpecimen,
			witnesses: Witnesses<T::AccountId>,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			let NewSpecimen { kind, count, providers, consents, location } = specimen;
			ensure!(count > 0, Error::<T>::ZeroCount);
			if let SpecimenKind::Embryo { day, .. } = kind {
				ensure!(day <= MAX_EMBRYO_DAY, Error::<T>::InvalidEmbryoDay);
			}
			ensure!(providers.are_distinct(), Error::<T>::DuplicateProvider);
			Self::ensure_witnessed(&clinic, &Step::Frozen, &witnesses)?;
			let now = T::Time::now();
			let mut record = Specimen {
				clinic: clinic.clone(),
				kind,
				count,
				providers,
				consents,
				location,
				status: SpecimenStatus::Stored,
				frozen_at: now,
				steps: 0,
				flags: SpecimenFlags::default(),
			};
			Self::ensure_storage_consents(&record, now)?;
			let id = NextSpecimenId::<T>::get();
			let next_id = id.checked_add(1).ok_or(Error::<T>::SpecimenIdsExhausted)?;

			NextSpecimenId::<T>::put(next_id);
			SpecimensOfClinic::<T>::insert(&clinic, id, ());
			let consents = record.consents.clone();
			Self::append_step(id, &mut record, Step::Frozen, witnesses.clone(), now);
			Specimens::<T>::insert(id, record);
			Self::deposit_event(Event::SpecimenFrozen {
				specimen: id,
				clinic,
				kind,
				count,
				consents,
				location,
				witnesses,
			});
			Ok(())
		}

		/// Record that a specimen was moved within its clinic.
		///
		/// ## Origin
		///
		/// Signed by the active clinic that has custody of the specimen.
		///
		/// ## Details
		///
		/// The specimen is stored at `to` from now on (another tank, canister or position).
		/// Needs its storage consents in effect. Emits [`Event::SpecimenMoved`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`], [`Error::UnknownSpecimen`], [`Error::NotCustodian`],
		///   [`Error::SpecimenNotStored`], [`Error::HistoryFull`]: see [`Pallet::thaw`].
		/// - [`Error::SameLocation`]: `to` is where it is already.
		/// - [`Error::TooFewWitnesses`], [`Error::DuplicateWitness`], [`Error::UnknownWitness`].
		/// - [`Error::StorageConsentExpired`], [`Error::StorageConsentWithdrawn`],
		///   [`Error::StorageConsentNotInEffect`]: storage is no longer consented.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::move_specimen())]
		pub fn move_specimen(
			origin: OriginFor<T>,
			specimen: SpecimenId,
			to: LocationCode,
			witnesses: Witnesses<T::AccountId>,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			let mut record = Self::prepare_step(&clinic, specimen, &Step::Moved)?;
			Self::ensure_witnessed(&clinic, &Step::Moved, &witnesses)?;
			ensure!(record.location != to, Error::<T>::SameLocation);
			let now = T::Time::now();
			Self::ensure_storage_in_effect(&record, now)?;

			let from = core::mem::replace(&mut record.location, to);
			Self::commit_step(specimen, record, Step::Moved, witnesses.clone(), now);
			Self::deposit_event(Event::SpecimenMoved { specimen, clinic, from, to, witnesses });
			Ok(())
		}

		/// Record that a specimen was thawed for use in treatment.
		///
		/// ## Origin
		///
		/// Signed by the active clinic that has custody of the specimen.
		///
		/// ## Details
		///
		/// The specimen leaves storage for good (status `Used`). Needs its storage consents in
		/// effect. Emits [`Event::SpecimenThawed`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownSpecimen`]: no specimen has this id.
		/// - [`Error::NotCustodian`]: the caller does not have custody of it.
		/// - [`Error::SpecimenNotStored`]: it is in transit or no longer stored.
		/// - [`Error::HistoryFull`]: its history has no room left.
		/// - [`Error::TooFewWitnesses`], [`Error::DuplicateWitness`], [`Error::UnknownWitness`]:
		///   the witnesses do not meet the clinic's policy.
		/// - [`Error::StorageConsentExpired`], [`Error::StorageConsentWithdrawn`],
		///   [`Error::StorageConsentNotInEffect`]: storage is no longer consented.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::thaw())]
		pub fn thaw(
			origin: OriginFor<T>,
			specimen: SpecimenId,
			witnesses: Witnesses<T::AccountId>,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			let mut record = Self::prepare_step(&clinic, specimen, &Step::Thawed)?;
			Self::ensure_witnessed(&clinic, &Step::Thawed, &witnesses)?;
			let now = T::Time::now();
			Self::ensure_storage_in_effect(&record, now)?;

			record.status = SpecimenStatus::Used;
			Self::commit_step(specimen, record, Step::Thawed, witnesses.clone(), now);
			Self::deposit_event(Event::SpecimenThawed { specimen, clinic, witnesses });
			Ok(())
		}

		/// Record that a specimen was donated.
		///
		/// ## Origin
		///
		/// Signed by the active clinic that has custody of the specimen.
		///
		/// ## Details
		///
		/// The specimen leaves the clinic's storage for good (status `Donated`). Needs its
		/// storage consents in effect, and an active donation consent (gamete donation for
		/// oocytes and sperm, embryo donation for embryos) of the patient and of the partner
		/// where there is one, recorded or relied on by the clinic. Where the donation goes
		/// through the consortium's donor registry, `registry_donor` is the donor's id there (the
		/// linkage id): it must be registered, neither flagged nor retired, and links the
		/// specimen to it. To
		/// donate to another clinic's patient, dispatch the specimen there first.
		/// Emits [`Event::SpecimenDonated`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`], [`Error::UnknownSpecimen`], [`Error::NotCustodian`],
		///   [`Error::SpecimenNotStored`], [`Error::HistoryFull`]: see [`Pallet::thaw`].
		/// - [`Error::TooFewWitnesses`], [`Error::DuplicateWitness`], [`Error::UnknownWitness`].
		/// - [`Error::StorageConsentExpired`], [`Error::StorageConsentWithdrawn`],
		///   [`Error::StorageConsentNotInEffect`]: storage is no longer consented.
		/// - [`Error::DonationNotConsented`]: a provider's donation consent is not active.
		/// - [`Error::NotARegisteredDonor`], [`Error::DonorFlagged`], [`Error::DonorRetired`]: the
		///   registry donor is unknown, flagged or retired.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::donate())]
		pub fn donate(
			origin: OriginFor<T>,
			specimen: SpecimenId,
			registry_donor: Option<Pseudonym>,
			witnesses: Witnesses<T::AccountId>,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			let step = Step::Donated { registry_donor };
			let mut record = Self::prepare_step(&clinic, specimen, &step)?;
			Self::ensure_witnessed(&clinic, &step, &witnesses)?;
			let now = T::Time::now();
			Self::ensure_storage_in_effect(&record, now)?;
			let purpose = record.kind.donation_purpose();
			let consented = record
				.providers
				.needing_donation_consent()
				.all(|provider| T::Consent::is_consented(provider, purpose, &clinic, now));
			ensure!(consented, Error::<T>::DonationNotConsented);
			if let Some(donor) = &registry_donor {
				match T::DonorRegistry::registered_donor(donor) {
					Some(DonorStanding::Available) => {},
					Some(DonorStanding::Flagged) => return Err(Error::<T>::DonorFlagged.into()),
					Some(DonorStanding::Retired) => return Err(Error::<T>::DonorRetired.into()),
					None => return Err(Error::<T>::NotARegisteredDonor.into()),
				}
			}

			record.status = SpecimenStatus::Donated;
			Self::commit_step(specimen, record, step, witnesses.clone(), now);
			Self::deposit_event(Event::SpecimenDonated {
				specimen,
				clinic,
				registry_donor,
				witnesses,
			});
			Ok(())
		}

		/// Record that a specimen was discarded (allowed to perish).
		///
		/// ## Origin
		///
		/// Signed by the active clinic that has custody of the specimen.
		///
		/// ## Details
		///
		/// Possible whatever the storage consents, with a reason: `ConsentExpired` once the
		/// storage period is over; `ConsentWithdrawn` once a consent was withdrawn and the
		/// jurisdiction's cooling-off (12 months for embryos under the HFE Act) is over;
		/// `PatientRequest` (which, for an embryo in its cooling-off, stands for the other
		/// person agreeing sooner) and `NotViable` at any time. The specimen leaves storage for
		/// good (status `Discarded`). Emits [`Event::SpecimenDiscarded`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`], [`Error::UnknownSpecimen`], [`Error::NotCustodian`],
		///   [`Error::SpecimenNotStored`]: see [`Pallet::thaw`].
		/// - [`Error::TooFewWitnesses`], [`Error::DuplicateWitness`], [`Error::UnknownWitness`].
		/// - [`Error::StorageConsentNotExpired`]: `ConsentExpired` before the period is over.
		/// - [`Error::StorageConsentNotWithdrawn`], [`Error::CoolingOffNotOver`]:
		///   `ConsentWithdrawn` without a withdrawal, or before the cooling-off is over.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::discard())]
		pub fn discard(
			origin: OriginFor<T>,
			specimen: SpecimenId,
			reason: DiscardReason,
			witnesses: Witnesses<T::AccountId>,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			let step = Step::Discarded { reason };
			let mut record = Self::prepare_step(&clinic, specimen, &step)?;
			Self::ensure_witnessed(&clinic, &step, &witnesses)?;
			let now = T::Time::now();
			let standing = Self::storage_standing(&record, now);
			match reason {
				DiscardReason::ConsentExpired => ensure!(
					matches!(standing, StorageStanding::Expired { .. }),
					Error::<T>::StorageConsentNotExpired
				),
				DiscardReason::ConsentWithdrawn => match standing {
					StorageStanding::Withdrawn { discard_from, .. } => {
						ensure!(discard_from <= now, Error::<T>::CoolingOffNotOver)
					},
					_ => return Err(Error::<T>::StorageConsentNotWithdrawn.into()),
				},
				DiscardReason::PatientRequest | DiscardReason::NotViable => {},
			}

			record.status = SpecimenStatus::Discarded;
			Self::commit_step(specimen, record, step, witnesses.clone(), now);
			Self::deposit_event(Event::SpecimenDiscarded { specimen, clinic, reason, witnesses });
			Ok(())
		}

		/// Report a specimen lost.
		///
		/// ## Origin
		///
		/// Signed by the active clinic that has custody of the specimen (for a specimen in
		/// transit, the sending clinic).
		///
		/// ## Details
		///
		/// For a tank failure, a mix-up, a damaged container, or a specimen missing from a
		/// shipment; `incident` is the hash of the clinic's incident report. Accepted whatever
		/// the storage consents: an incident is recorded, never refused. The specimen leaves
		/// custody for good (status `Lost`); a shipment it was in no longer passes it on.
		/// Emits [`Event::SpecimenLost`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`], [`Error::UnknownSpecimen`], [`Error::NotCustodian`]:
		///   see [`Pallet::thaw`].
		/// - [`Error::SpecimenNotStored`]: it already left custody.
		/// - [`Error::TooFewWitnesses`], [`Error::DuplicateWitness`], [`Error::UnknownWitness`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::report_loss())]
		pub fn report_loss(
			origin: OriginFor<T>,
			specimen: SpecimenId,
			incident: DocumentHash,
			witnesses: Witnesses<T::AccountId>,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			let step = Step::Lost { incident };
			let mut record = Self::prepare_step(&clinic, specimen, &step)?;
			Self::ensure_witnessed(&clinic, &step, &witnesses)?;
			let now = T::Time::now();

			record.status = SpecimenStatus::Lost;
			Self::commit_step(specimen, record, step, witnesses.clone(), now);
			Self::deposit_event(Event::SpecimenLost { specimen, clinic, incident, witnesses });
			Ok(())
		}

		/// Dispatch specimens to another member clinic.
		///
		/// ## Origin
		///
		/// Signed by the active clinic that has custody of every specimen.
		///
		/// ## Details
		///
		/// One shipment (one dry shipper with its data logger) carries the specimens, each
		/// stored at the clinic under storage consents in effect that the destination holds
		/// too. They are in transit from now on; the sender keeps custody until the destination
		/// records the receipt. The shipment shows as overdue after the sender's shipment
		/// window. One set of witnesses witnesses the whole dispatch. Emits
		/// [`Event::ShipmentDispatched`] with the new shipment's id.
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::DestinationNotAClinic`], [`Error::ShipmentToSelf`]: bad destination.
		/// - [`Error::NoSpecimens`], [`Error::DuplicateSpecimen`]: bad list.
		/// - [`Error::TooFewWitnesses`], [`Error::DuplicateWitness`], [`Error::UnknownWitness`].
		/// - [`Error::UnknownSpecimen`], [`Error::NotCustodian`], [`Error::SpecimenNotStored`],
		///   [`Error::HistoryFull`]: a specimen cannot be dispatched.
		/// - [`Error::StorageConsentExpired`], [`Error::StorageConsentWithdrawn`],
		///   [`Error::StorageConsentNotInEffect`]: a specimen's storage is no longer consented.
		/// - [`Error::DestinationLacksConsent`]: the destination does not hold a consent.
		/// - [`Error::ShipmentIdsExhausted`]: no id left.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::dispatch(specimens.len() as u32))]
		pub fn dispatch(
			origin: OriginFor<T>,
			specimens: BoundedVec<SpecimenId, T::MaxSpecimensPerShipment>,
			to: T::AccountId,
			transport: Transport,
			witnesses: Witnesses<T::AccountId>,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			ensure!(T::Membership::is_clinic(&to), Error::<T>::DestinationNotAClinic);
			ensure!(to != clinic, Error::<T>::ShipmentToSelf);
			ensure!(!specimens.is_empty(), Error::<T>::NoSpecimens);
			let mut sorted = specimens.to_vec();
			sorted.sort_unstable();
			ensure!(
				sorted.windows(2).all(|pair| pair[0] != pair[1]),
				Error::<T>::DuplicateSpecimen
			);
			let id = NextShipmentId::<T>::get();
			let next_id = id.checked_add(1).ok_or(Error::<T>::ShipmentIdsExhausted)?;
			let step = Step::Dispatched { shipment: id };
			Self::ensure_witnessed(&clinic, &step, &witnesses)?;
			let now = T::Time::now();
			let mut records = Vec::with_capacity(specimens.len());
			for specimen in specimens.iter().copied() {
				let record = Self::prepare_step(&clinic, specimen, &step)?;
				Self::ensure_storage_in_effect(&record, now)?;
				let held_by_destination = record
					.consents
					.iter()
					.all(|consent| T::Consent::storage_consent(*consent, &to).is_some());
				ensure!(held_by_destination, Error::<T>::DestinationLacksConsent);
				records.push((specimen, record));
			}

			let policy = Policies::<T>::get(&clinic);
			let due_by = now.saturating_add(policy.shipment_window_ms);
			NextShipmentId::<T>::put(next_id);
			for (specimen, mut record) in records {
				record.status = SpecimenStatus::InTransit { shipment: id };
				Self::commit_step(specimen, record, step, witnesses.clone(), now);
			}
			Shipments::<T>::insert(
				id,
				Shipment {
					from: clinic.clone(),
					to: to.clone(),
					specimens: specimens.clone(),
					transport,
					dispatched_at: now,
					due_by,
					temperature_limit_mc: policy.max_shipment_temperature_mc,
					receipt: None,
				},
			);
			OpenShipments::<T>::insert(&clinic, id, ());
			OpenShipments::<T>::insert(&to, id, ());
			Self::deposit_event(Event::ShipmentDispatched {
				shipment: id,
				from: clinic,
				to,
				specimens,
				due_by,
				witnesses,
			});
			Ok(())
		}

		/// Record the receipt of a shipment: custody of its specimens passes to the caller.
		///
		/// ## Origin
		///
		/// Signed by the active clinic the shipment was dispatched to.
		///
		/// ## Details
		///
		/// `report` gives the condition found, the hash of the data logger's data file, and its
		/// lowest and highest readings (milli-degrees Celsius). `locations` gives where each of
		/// the shipment's specimens is stored now, in the shipment's order. Every specimen still
		/// in transit in this shipment passes to the caller's custody, stored at its location;
		/// one reported lost in transit stays lost. If the highest reading is above the
		/// stricter of the sender's limit at dispatch and the caller's, every received specimen
		/// is flagged. A late receipt is recorded like any other. The storage consents are not
		/// checked: the receipt records what physically arrived. Emits
		/// [`Event::ShipmentReceived`], and [`Event::SpecimenFlagged`] for each flagged
		/// specimen. Weighs as many specimens as `locations` names, which is checked to be the
		/// shipment's count.
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownShipment`]: no shipment has this id.
		/// - [`Error::NotDestination`]: the caller is not the shipment's destination.
		/// - [`Error::AlreadyReceived`]: the receipt is recorded already.
		/// - [`Error::LocationsMismatch`]: not one location per specimen.
		/// - [`Error::InvalidTemperatureRange`]: impossible readings.
		/// - [`Error::TooFewWitnesses`], [`Error::DuplicateWitness`], [`Error::UnknownWitness`]:
		///   the witnesses do not meet the caller's policy.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::receive(locations.len() as u32))]
		pub fn receive(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			report: ArrivalReport,
			locations: BoundedVec<LocationCode, T::MaxSpecimensPerShipment>,
			witnesses: Witnesses<T::AccountId>,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			let mut record = Shipments::<T>::get(shipment).ok_or(Error::<T>::UnknownShipment)?;
			ensure!(record.to == clinic, Error::<T>::NotDestination);
			ensure!(record.receipt.is_none(), Error::<T>::AlreadyReceived);
			ensure!(locations.len() == record.specimens.len(), Error::<T>::LocationsMismatch);
			let ArrivalReport { condition, logger_data, lowest_mc, highest_mc } = report;
			ensure!(
				ABSOLUTE_ZERO_MC <= lowest_mc && lowest_mc <= highest_mc,
				Error::<T>::InvalidTemperatureRange
			);
			let step = Step::Received { shipment };
			Self::ensure_witnessed(&clinic, &step, &witnesses)?;

			let now = T::Time::now();
			let limit = record
				.temperature_limit_mc
				.min(Policies::<T>::get(&clinic).max_shipment_temperature_mc);
			let excursion = highest_mc > limit;
			let mut received: u32 = 0;
			for (specimen, location) in record.specimens.iter().copied().zip(locations) {
				let Some(mut held) = Specimens::<T>::get(specimen) else { continue };
				if held.status != (SpecimenStatus::InTransit { shipment }) {
					continue;
				}
				SpecimensOfClinic::<T>::remove(&held.clinic, specimen);
				SpecimensOfClinic::<T>::insert(&clinic, specimen, ());
				held.clinic = clinic.clone();
				held.location = location;
				held.status = SpecimenStatus::Stored;
				if excursion {
					held.flags.temperature_excursion = Some(shipment);
					Self::deposit_event(Event::SpecimenFlagged {
						specimen,
						clinic: clinic.clone(),
						reason: FlagReason::TemperatureExcursion { shipment },
					});
				}
				Self::commit_step(specimen, held, step, witnesses.clone(), now);
				received = received.saturating_add(1);
			}
			let receipt =
				Receipt { at: now, condition, logger_data, lowest_mc, highest_mc, excursion };
			let late = now > record.due_by;
			record.receipt = Some(receipt);
			OpenShipments::<T>::remove(&record.from, shipment);
			OpenShipments::<T>::remove(&clinic, shipment);
			Shipments::<T>::insert(shipment, record);
			Self::deposit_event(Event::ShipmentReceived {
				shipment,
				clinic,
				received,
				receipt,
				late,
				witnesses,
			});
			Ok(())
		}

		/// Put a specimen under renewed storage consents.
		///
		/// ## Origin
		///
		/// Signed by the active clinic that has custody of the specimen.
		///
		/// ## Details
		///
		/// For a specimen whose storage consent expired, was withdrawn or is no longer held
		/// (e.g. after a shipment), once the providers renewed it: `consents` replace the
		/// specimen's consents and must meet the same rules as at freezing (storage consents
		/// the clinic holds, in effect now, one per provider, covering the patient and for
		/// embryos the partner), and the jurisdiction's longest storage must not be over. Not
		/// a handling step: no witness. Emits [`Event::StorageConsentRenewed`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`], [`Error::UnknownSpecimen`], [`Error::NotCustodian`],
		///   [`Error::SpecimenNotStored`], [`Error::HistoryFull`]: see [`Pallet::thaw`].
		/// - [`Error::NoStorageConsent`], [`Error::UnknownStorageConsent`],
		///   [`Error::ConsentOfAnotherPerson`], [`Error::DuplicateConsentHolder`],
		///   [`Error::ProviderWithoutStorageConsent`]: the consents do not cover the providers.
		/// - [`Error::StorageConsentExpired`], [`Error::StorageConsentWithdrawn`],
		///   [`Error::StorageConsentNotInEffect`]: a new consent is not in effect now, or the
		///   longest storage is over.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::renew_consent())]
		pub fn renew_consent(
			origin: OriginFor<T>,
			specimen: SpecimenId,
			consents: SpecimenConsents,
		) -> DispatchResult {
			let clinic = Self::ensure_clinic(origin)?;
			let mut record = Self::prepare_step(&clinic, specimen, &Step::ConsentRenewed)?;
			let now = T::Time::now();
			record.consents = consents.clone();
			Self::ensure_storage_consents(&record, now)?;

			Self::commit_step(specimen, record, Step::ConsentRenewed, Witnesses::new(), now);
			Self::deposit_event(Event::StorageConsentRenewed { specimen, clinic, consents });
			Ok(())
		}

		/// Set the storage rules of a jurisdiction.
		///
		/// ## Origin
		///
		/// `GovernanceOrigin`.
		///
		/// ## Details
		///
		/// The longest storage from freezing and the cooling-off periods after a withdrawal,
		/// which apply to the specimens of the jurisdiction's clinics from now on (the standing
		/// is derived when asked). A jurisdiction without rules of its own follows the UK's
		/// ([`StorageRules::default`]). Emits [`Event::StorageRulesSet`].
		///
		/// ## Errors
		///
		/// - `BadOrigin`: not the governance origin.
		/// - [`Error::MalformedJurisdiction`]: the code is not two upper-case letters.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_storage_rules())]
		pub fn set_storage_rules(
			origin: OriginFor<T>,
			jurisdiction: Jurisdiction,
			rules: StorageRules,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(jurisdiction.is_well_formed(), Error::<T>::MalformedJurisdiction);

			JurisdictionRules::<T>::insert(jurisdiction, rules);
			Self::deposit_event(Event::StorageRulesSet { jurisdiction, rules });
			Ok(())
		}
	}
}
