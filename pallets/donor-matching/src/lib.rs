//! A cross-clinic registry of gamete and embryo donors that enforces family limits across
//! clinics and countries, and matches donors to recipients.
//!
//! ## Overview
//!
//! Donors are used across clinics and countries with nobody counting: one donor reached 550+
//! children through 11 clinics; a donor carrying a TP53 cancer variant reached at least 197
//! children through 67 clinics in 14 countries (docs/domain.md, "Gamete donation"). This pallet is
//! the shared ledger where the limits are enforced:
//!
//! - a **registering clinic** (a sperm or egg bank, or the clinic that recruited the donor)
//!   registers a donor under a pseudonym, with coarse phenotype, blood group, CMV status,
//!   carrier screening and identity-release terms;
//! - a **treating clinic**, in any member country, reserves the donor for a recipient family,
//!   releases the reservation when the treatment fails or is cancelled, and records births;
//! - every reservation is checked against the family limit of **every jurisdiction involved**;
//! - the registering clinic or governance **flags** a donor (a newly found pathogenic
//!   variant): no new allocation anywhere, and one event names every clinic using the donor;
//! - when a registering clinic leaves the consortium, governance **retires** its donors: no
//!   new allocation anywhere, while every allocation already made stays on record;
//! - a recipient's clinic asks the [`runtime_api::DonorMatchingApi`] for the best donors:
//!   hard filters first, then a weighted phenotype score. Matching reads; reserving writes.
//!
//! ## Pallet API
//!
//! Calls (see [`Call`]):
//! - [`register_donor`](Pallet::register_donor): a clinic registers a donor.
//! - [`reserve`](Pallet::reserve): a treating clinic reserves a donor for a family.
//! - [`release`](Pallet::release): a failed or cancelled treatment frees its reservation.
//! - [`record_birth`](Pallet::record_birth): a treatment's children are born.
//! - [`flag_donor`](Pallet::flag_donor): the registering clinic or governance flags a donor.
//! - [`set_family_limit`](Pallet::set_family_limit): governance sets a jurisdiction's limit.
//! - [`retire_donors_of_departed_clinic`](Pallet::retire_donors_of_departed_clinic): governance
//!   retires, page by page, the donors a removed or suspended clinic registered.
//!
//! Storage: [`Donors`], [`Allocations`], [`DonorClinics`], [`FamilyLimits`], [`RetiredDonors`],
//! [`RetirementCursor`]. Events:
//! [`Event`]. Errors: [`Error`]. Runtime API: [`runtime_api::DonorMatchingApi`], answered by
//! [`Pallet::match_donors`]. The matching rules are pure functions in [`matching`].
//!
//! ## Design
//!
//! **Pseudonyms.** No personal data is on chain. A donor is
//! `blake2_256(salt ‖ clinic-local donor id)`, made by the registering clinic; a recipient
//! family is `blake2_256(salt ‖ clinic-local family id)`, made by the treating clinic, which
//! must use the same salt for every treatment of one family so that siblings are recognised.
//! Salts stay at the clinics ([`ivf_primitives::Pseudonym`]). A family treated at two clinics
//! has two pseudonyms and counts twice: the registry errs towards the limit, never past it.
//!
//! **Counting.** A donor's record holds, across all clinics, `families` (with a reservation or
//! a child), `children` (born) and `pending` (reservations without an outcome). An
//! [`Allocation`] per (donor, family) holds the family's own `pending` and `children`;
//! [`DonorClinics`] lists each treating clinic with its jurisdiction and its family count.
//! Every call that changes an allocation changes the three records together, so the donor's
//! counts are always the sums over its allocations, and a clinic is listed exactly while it
//! has a family. A reservation counts a new family unless the family already has an
//! allocation (a sibling). A release frees the family's slot only when the family has no
//! other pending reservation and no child ("a slot is released if the treatment fails or is
//! cancelled", docs/domain.md).
//!
//! **Limits.** [`FamilyLimits`] holds one [`FamilyLimit`] per jurisdiction, set by
//! governance and seeded at genesis from the docs/domain.md table ([`domain_family_limits`]). The
//! limits that apply to a reservation are those of the donor's registration jurisdiction,
//! of every treating clinic listed in [`DonorClinics`], and of the requesting clinic; every
//! one is checked against its own count and all must hold ([`matching::within_limits`]
//! defines the counts, including how pending reservations count against a children limit).
//! A jurisdiction with no configured limit adds no limit of its own; the others involved
//! still apply. Because every reservation in every country goes through the same check, the
//! strictest limit holds across clinics and countries.
//!
//! **Consent and flags.** Every reservation, siblings included, needs the donor's donation
//! consent (`GameteDonation` for sperm and oocytes, `EmbryoDonation` for embryos) recorded or
//! relied on by the registering clinic to be active now, and the donor not to be flagged.
//! Withdrawing consent or flagging stops new use; existing families, their counts and their
//! births stay on record, and their outcomes can still be recorded.
//!
//! **Retirement.** A donor whose registering clinic left the consortium has no clinic left to
//! hold their consent and identity, so governance retires them
//! ([`retire_donors_of_departed_clinic`](Pallet::retire_donors_of_departed_clinic)): they are
//! listed in [`RetiredDonors`], refused by every reservation and left out of matching. Their
//! record, allocations and counts are not touched, so the family limits keep counting every
//! family already made, and the treating clinics still record releases and births. A retired
//! donor can still be flagged. The registry keeps no index of donors by clinic, so the call
//! walks [`Donors`] (at most `MaxDonors`) in storage order from [`RetirementCursor`], a page of
//! at most `limit` donors per call, and its weight is priced by `limit`.
//!
//! **Bounds.** [`Donors`] holds at most `MaxDonors` donors, so matching iterates a bounded
//! set; [`DonorClinics`] holds at most `MaxClinicsPerDonor` clinics per donor, which also
//! bounds the flag event and the limits read by a reservation. Matching returns at most
//! `MaxMatchResults` donors, ranked by score and then by pseudonym, so it is deterministic.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod matching;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use ivf_primitives::Jurisdiction;

/// The most children one birth may record: the largest multiple birth on record is of
/// eight children.
pub const MAX_CHILDREN_PER_BIRTH: u8 = 8;

/// The most donors one call of
/// [`retire_donors_of_departed_clinic`](Pallet::retire_donors_of_departed_clinic) examines (its
/// `limit`, also at most `MaxDonors`): at the estimated cost of one donor read and one write, a
/// few percent of a block's weight.
pub const MAX_DONORS_EXAMINED_PER_CALL: u32 = 500;

/// The family limits of docs/domain.md ("Gamete donation: cross-clinic limits"), which genesis
/// seeds by default.
///
/// The United States is not seeded: the ASRM guidance (about 25 births per 800,000
/// population) is a limit per population area, not per donor, and has no fixed number to
/// count against. Governance can set a US limit with
/// [`set_family_limit`](Pallet::set_family_limit) (e.g. `Families(25)`) if the consortium
/// adopts one.
pub fn domain_family_limits() -> Vec<(Jurisdiction, FamilyLimit)> {
	use FamilyLimit::{Children, Families};
	[
		(*b"GB", Families(10)), // HFEA
		(*b"NL", Families(12)), // national donor register
		(*b"DK", Families(12)),
		(*b"DE", Families(15)),
		(*b"CH", Families(8)),
		(*b"BE", Families(6)),
		(*b"SE", Families(6)),
		(*b"NO", Families(6)),
		(*b"AT", Families(3)),
		(*b"FR", Children(10)),
		(*b"CY", Families(1)),
	]
	.into_iter()
	.map(|(code, limit)| (Jurisdiction(code), limit))
	.collect()
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use crate::matching::{self, LimitBreach};
	use frame_support::{
		pallet_prelude::*,
		traits::{EnsureOrigin, Time},
	};
	use frame_system::pallet_prelude::*;
	use ivf_primitives::{ConsentProvider, ConsortiumMembership, DocumentHash, Pseudonym};

	/// The version of this pallet's storage layout. Bump it with a migration whenever a stored
	/// type or key changes, so that a runtime upgrade (`try-runtime on-runtime-upgrade`) shows
	/// which pallets need one.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who is an active clinic, and in which jurisdiction.
		type Membership: ConsortiumMembership<Self::AccountId>;

		/// Whether a donor's donation consent is active (`pallet-consent`).
		type Consent: ConsentProvider<Self::AccountId, u64>;

		/// The chain's time: milliseconds since the Unix epoch (`pallet-timestamp`).
		type Time: Time<Moment = u64>;

		/// Sets family limits and may flag any donor.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most donors the registry holds; matching iterates all of them, and so may one
		/// retirement of a departed clinic's donors.
		#[pallet::constant]
		type MaxDonors: Get<u32>;

		/// The most treating clinics one donor may be used by at once.
		#[pallet::constant]
		type MaxClinicsPerDonor: Get<u32>;

		/// The most donors one match request returns.
		#[pallet::constant]
		type MaxMatchResults: Get<u32>;

		/// Weights of the calls, from the benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Registered donors by pseudonym, with what the registry counts for them.
	// Blake2_128Concat: clinics choose the keys.
	#[pallet::storage]
	pub type Donors<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, Pseudonym, Donor<T::AccountId>>;

	/// Each recipient family's use of a donor, by (donor, family).
	// Blake2_128Concat on both: clinics choose the keys.
	#[pallet::storage]
	pub type Allocations<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		Pseudonym,
		Blake2_128Concat,
		Pseudonym,
		Allocation<T::AccountId>,
	>;

	/// The treating clinics using each donor, with their jurisdictions and family counts.
	// Blake2_128Concat: clinics choose the keys.
	#[pallet::storage]
	pub type DonorClinics<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		Pseudonym,
		BoundedVec<ClinicUse<T::AccountId>, T::MaxClinicsPerDonor>,
		ValueQuery,
	>;

	/// The family limit of each jurisdiction that has one.
	// Twox64Concat: only governance writes keys, so they cannot be chosen to unbalance the trie.
	#[pallet::storage]
	pub type FamilyLimits<T: Config> = StorageMap<_, Twox64Concat, Jurisdiction, FamilyLimit>;

	/// The donors governance retired, with when (milliseconds since the Unix epoch): no new
	/// allocation anywhere. Only grows.
	// Blake2_128Concat: the keys are donor pseudonyms, which clinics choose.
	#[pallet::storage]
	pub type RetiredDonors<T: Config> = StorageMap<_, Blake2_128Concat, Pseudonym, u64>;

	/// For each departed clinic whose donors governance is retiring page by page, the last
	/// donor examined: the next page starts after it in [`Donors`]' storage order. Removed
	/// when the last page is done.
	// Twox64Concat: only governance writes keys, so they cannot be chosen to unbalance the trie.
	#[pallet::storage]
	pub type RetirementCursor<T: Config> = StorageMap<_, Twox64Concat, T::AccountId, Pseudonym>;

	/// The family limits at genesis.
	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// One limit per jurisdiction; defaults to the table of docs/domain.md
		/// ([`domain_family_limits`]).
		pub family_limits: Vec<(Jurisdiction, FamilyLimit)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { family_limits: domain_family_limits(), _config: Default::default() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		/// Refuses (panics at chain-spec build) a malformed or repeated jurisdiction, so that
		/// a typo never silently drops a country's limit.
		fn build(&self) {
			for (jurisdiction, limit) in &self.family_limits {
				assert!(jurisdiction.is_well_formed(), "malformed jurisdiction in family_limits");
				assert!(
					!FamilyLimits::<T>::contains_key(jurisdiction),
					"jurisdiction repeated in family_limits"
				);
				FamilyLimits::<T>::insert(jurisdiction, limit);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A clinic registered a donor.
		DonorRegistered {
			/// The donor's pseudonym.
			donor: Pseudonym,
			/// The registering clinic.
			clinic: T::AccountId,
			/// Where the donor is registered.
			jurisdiction: Jurisdiction,
			/// Sperm, oocyte or embryo.
			donation_type: DonationType,
		},
		/// A treating clinic reserved a donor for a recipient family.
		DonorReserved {
			/// The donor.
			donor: Pseudonym,
			/// The recipient family's pseudonym.
			family: Pseudonym,
			/// The treating clinic.
			clinic: T::AccountId,
			/// Whether the reservation counted a new family (false for a sibling).
			new_family: bool,
			/// The donor's families across all clinics, after the reservation.
			families: u32,
			/// The donor's children born or expected across all clinics, after it.
			expected_children: u32,
		},
		/// A failed or cancelled treatment released its reservation.
		ReservationReleased {
			/// The donor.
			donor: Pseudonym,
			/// The recipient family.
			family: Pseudonym,
			/// The treating clinic.
			clinic: T::AccountId,
			/// Why.
			reason: ReleaseReason,
			/// Whether the family's slot was freed (no other reservation and no child).
			family_released: bool,
			/// The donor's families across all clinics, after the release.
			families: u32,
		},
		/// Children were born from a reserved treatment.
		BirthRecorded {
			/// The donor.
			donor: Pseudonym,
			/// The recipient family.
			family: Pseudonym,
			/// The treating clinic.
			clinic: T::AccountId,
			/// Children born in this birth.
			children: u8,
			/// The donor's children born across all clinics, after it.
			donor_children: u32,
		},
		/// A donor was flagged: no new allocation anywhere. Every clinic listed holds families
		/// from this donor and should act on the evidence.
		DonorFlagged {
			/// The donor.
			donor: Pseudonym,
			/// Why.
			reason: FlagReason,
			/// Hash of the evidence kept off chain.
			evidence: DocumentHash,
			/// The registering clinic that flagged, or `None` for governance.
			flagged_by: Option<T::AccountId>,
			/// Every treating clinic using the donor, with its jurisdiction and family count.
			clinics: BoundedVec<ClinicUse<T::AccountId>, T::MaxClinicsPerDonor>,
		},
		/// Governance set or removed a jurisdiction's family limit.
		FamilyLimitSet {
			/// The jurisdiction.
			jurisdiction: Jurisdiction,
			/// The new limit; `None` removes it (no limit of its own).
			limit: Option<FamilyLimit>,
		},
		/// Governance retired donors registered by a clinic that left the consortium: no new
		/// allocation of them anywhere; their allocations stay on record.
		DepartedClinicDonorsRetired {
			/// The departed registering clinic.
			clinic: T::AccountId,
			/// Donors retired by this call.
			retired: u32,
			/// Whether donors remain to examine: if so, call again for the next page.
			more_remain: bool,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not an active clinic of the consortium. Only clinics register,
		/// reserve, release and record; ask the consortium to admit or reinstate the clinic.
		NotClinic,
		/// A donor with this pseudonym is already registered. Pseudonyms are salted hashes, so
		/// a clash means the same donor: use the existing record.
		DonorAlreadyRegistered,
		/// The registry holds `MaxDonors` donors already. Governance must raise the bound.
		TooManyDonors,
		/// No donor is registered under this pseudonym. Check the pseudonym, or register the
		/// donor first.
		UnknownDonor,
		/// The donor's donation consent (gamete or embryo donation, recorded or relied on by
		/// the registering clinic) is not active now: never given, withdrawn, expired or not
		/// yet valid. The registering clinic records a new consent before the donor is used.
		ConsentNotActive,
		/// The donor is flagged (e.g. a pathogenic variant): no new reservation anywhere.
		/// Choose another donor.
		DonorIsFlagged,
		/// A new family would exceed a family-count limit of a jurisdiction involved (where
		/// the donor was registered, where a treating clinic is, or yours). Choose another
		/// donor; siblings of families already counted are still accepted.
		FamilyLimitReached,
		/// One more expected child would exceed a children limit (France) of a jurisdiction
		/// involved; pending reservations count as one expected child each. Choose another
		/// donor, or wait for pending treatments to be released.
		ChildLimitReached,
		/// The donor is used by `MaxClinicsPerDonor` treating clinics already, so a new clinic
		/// cannot start using them. Choose another donor.
		TooManyClinicsForDonor,
		/// The family pseudonym is already reserved by another clinic. Family pseudonyms are
		/// salted per clinic: check the salt and family identifier.
		FamilyOfAnotherClinic,
		/// This family has no allocation from this donor. Check both pseudonyms; reserve first.
		UnknownAllocation,
		/// Only the treating clinic that reserved the donor for this family may release or
		/// record for it.
		NotTreatingClinic,
		/// The family has no reservation awaiting an outcome: every treatment already has a
		/// release or birth recorded. Reserve again for a new treatment.
		NoPendingReservation,
		/// A birth records between 1 and `MAX_CHILDREN_PER_BIRTH` (8) children.
		InvalidChildCount,
		/// Only the clinic that registered the donor, or governance, may flag the donor.
		NotRegisteringClinic,
		/// The donor is flagged already; the first flag stands.
		AlreadyFlagged,
		/// A jurisdiction is two upper-case ISO 3166-1 alpha-2 letters (`GB`, `FR`).
		MalformedJurisdiction,
		/// The donor is retired: their registering clinic left the consortium. No new
		/// reservation anywhere; choose another donor.
		DonorRetired,
		/// The clinic is still an active clinic of the consortium, so its donors are not
		/// retired. Remove or suspend the clinic first (a council motion in the consortium
		/// pallet).
		ClinicStillActive,
		/// `limit` is 0, or above `MAX_DONORS_EXAMINED_PER_CALL` (500) or `MaxDonors`. Examine
		/// between 1 and the smaller of the two per call, and call again while the event says
		/// more remain.
		InvalidLimit,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a donor under a pseudonym.
		///
		/// ## Origin
		/// Signed by an active clinic, which becomes the donor's registering clinic.
		///
		/// ## Details
		/// The donor's donation consent must be active now: a donor's record is itself a use of
		/// the donation. The donor is registered in the clinic's jurisdiction, whose limit then
		/// applies to every use of the donor. `donor` is a pseudonym (see the module docs); the
		/// profile holds coarse categories only. Emits [`Event::DonorRegistered`].
		///
		/// ## Errors
		/// [`Error::NotClinic`], [`Error::DonorAlreadyRegistered`], [`Error::TooManyDonors`],
		/// [`Error::ConsentNotActive`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_donor())]
		pub fn register_donor(
			origin: OriginFor<T>,
			donor: Pseudonym,
			profile: DonorProfile,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let jurisdiction =
				T::Membership::clinic_jurisdiction(&clinic).ok_or(Error::<T>::NotClinic)?;
			ensure!(!Donors::<T>::contains_key(donor), Error::<T>::DonorAlreadyRegistered);
			ensure!(Donors::<T>::count() < T::MaxDonors::get(), Error::<T>::TooManyDonors);
			let now = T::Time::now();
			ensure!(
				T::Consent::is_consented(
					&donor,
					profile.donation_type.consent_purpose(),
					&clinic,
					now
				),
				Error::<T>::ConsentNotActive
			);

			let record = Donor {
				clinic: clinic.clone(),
				jurisdiction,
				registered_at: now,
				profile,
				families: 0,
				children: 0,
				pending: 0,
				flag: None,
			};
			Donors::<T>::insert(donor, record);
			Self::deposit_event(Event::DonorRegistered {
				donor,
				clinic,
				jurisdiction,
				donation_type: profile.donation_type,
			});
			Ok(())
		}

		/// Reserve a donor for a recipient family's treatment.
		///
		/// ## Origin
		/// Signed by an active clinic: the treating clinic.
		///
		/// ## Details
		/// A family without an allocation from the donor counts as a new family; a family that
		/// has one (a sibling) does not count again. The donor must not be flagged, their
		/// donation consent must be active now, and the reservation must satisfy the family
		/// limit of every jurisdiction involved: where the donor was registered, where each
		/// clinic using the donor is, and where the caller is ([`matching::within_limits`]).
		/// A retired donor (their registering clinic left) is refused like a flagged one.
		/// Each reservation stays pending until [`release`](Pallet::release) or
		/// [`record_birth`](Pallet::record_birth). Emits [`Event::DonorReserved`].
		///
		/// ## Errors
		/// [`Error::NotClinic`], [`Error::UnknownDonor`], [`Error::DonorIsFlagged`],
		/// [`Error::DonorRetired`], [`Error::ConsentNotActive`], [`Error::FamilyOfAnotherClinic`],
		/// [`Error::TooManyClinicsForDonor`], [`Error::FamilyLimitReached`],
		/// [`Error::ChildLimitReached`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::reserve(T::MaxClinicsPerDonor::get()))]
		pub fn reserve(
			origin: OriginFor<T>,
			donor: Pseudonym,
			family: Pseudonym,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let jurisdiction =
				T::Membership::clinic_jurisdiction(&clinic).ok_or(Error::<T>::NotClinic)?;
			let mut record = Donors::<T>::get(donor).ok_or(Error::<T>::UnknownDonor)?;
			ensure!(record.flag.is_none(), Error::<T>::DonorIsFlagged);
			ensure!(!RetiredDonors::<T>::contains_key(donor), Error::<T>::DonorRetired);
			let now = T::Time::now();
			ensure!(Self::consent_active(&donor, &record, now), Error::<T>::ConsentNotActive);
			let existing = Allocations::<T>::get(donor, family);
			if let Some(allocation) = &existing {
				ensure!(allocation.clinic == clinic, Error::<T>::FamilyOfAnotherClinic);
			}
			let new_family = existing.is_none();
			let mut uses = DonorClinics::<T>::get(donor);
			let limits = Self::involved_limits(&record, &uses, jurisdiction);
			matching::within_limits(&limits, record.counts(), new_family).map_err(|breach| {
				match breach {
					LimitBreach::Families => Error::<T>::FamilyLimitReached,
					LimitBreach::Children => Error::<T>::ChildLimitReached,
				}
			})?;
			// A sibling's clinic is always listed already: it is listed while it has a family.
			match uses.iter_mut().find(|u| u.clinic == clinic) {
				Some(entry) if new_family => entry.families = entry.families.saturating_add(1),
				Some(_) => {},
				None => uses
					.try_push(ClinicUse { clinic: clinic.clone(), jurisdiction, families: 1 })
					.map_err(|_| Error::<T>::TooManyClinicsForDonor)?,
			}

			let mut allocation = existing.unwrap_or(Allocation {
				clinic: clinic.clone(),
				jurisdiction,
				reserved_at: now,
				pending: 0,
				children: 0,
			});
			allocation.pending = allocation.pending.saturating_add(1);
			if new_family {
				record.families = record.families.saturating_add(1);
			}
			record.pending = record.pending.saturating_add(1);
			let (families, expected_children) =
				(record.families, record.children.saturating_add(record.pending));
			Allocations::<T>::insert(donor, family, allocation);
			DonorClinics::<T>::insert(donor, uses);
			Donors::<T>::insert(donor, record);
			Self::deposit_event(Event::DonorReserved {
				donor,
				family,
				clinic,
				new_family,
				families,
				expected_children,
			});
			Ok(())
		}

		/// Release a reservation whose treatment failed or was cancelled.
		///
		/// ## Origin
		/// Signed by the active clinic that reserved the donor for this family.
		///
		/// ## Details
		/// The reservation's expected child is freed. When the family has no other pending
		/// reservation and no child from the donor, its slot is freed too: the allocation is
		/// removed and the donor's family count drops (docs/domain.md: "a slot is released if the
		/// treatment fails or is cancelled"). A family with a birth recorded keeps its slot.
		/// Allowed on a flagged donor or after consent is withdrawn: outcomes are always
		/// recorded. Emits [`Event::ReservationReleased`].
		///
		/// ## Errors
		/// [`Error::NotClinic`], [`Error::UnknownAllocation`], [`Error::NotTreatingClinic`],
		/// [`Error::NoPendingReservation`], [`Error::UnknownDonor`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::release(T::MaxClinicsPerDonor::get()))]
		pub fn release(
			origin: OriginFor<T>,
			donor: Pseudonym,
			family: Pseudonym,
			reason: ReleaseReason,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let (mut record, mut allocation) = Self::pending_allocation(&clinic, &donor, &family)?;

			allocation.pending = allocation.pending.saturating_sub(1);
			record.pending = record.pending.saturating_sub(1);
			let family_released = allocation.pending == 0 && allocation.children == 0;
			if family_released {
				record.families = record.families.saturating_sub(1);
				let mut uses = DonorClinics::<T>::get(donor);
				if let Some(entry) = uses.iter_mut().find(|u| u.clinic == clinic) {
					entry.families = entry.families.saturating_sub(1);
				}
				// A clinic is listed exactly while it has a family from the donor.
				uses.retain(|u| u.families > 0);
				if uses.is_empty() {
					DonorClinics::<T>::remove(donor);
				} else {
					DonorClinics::<T>::insert(donor, uses);
				}
				Allocations::<T>::remove(donor, family);
			} else {
				Allocations::<T>::insert(donor, family, allocation);
			}
			let families = record.families;
			Donors::<T>::insert(donor, record);
			Self::deposit_event(Event::ReservationReleased {
				donor,
				family,
				clinic,
				reason,
				family_released,
				families,
			});
			Ok(())
		}

		/// Record the birth that a reserved treatment led to.
		///
		/// ## Origin
		/// Signed by the active clinic that reserved the donor for this family.
		///
		/// ## Details
		/// One pending reservation becomes `children` born children (twins are one birth of 2).
		/// The family keeps its slot for good, and may have siblings without counting again.
		/// A birth is recorded even if it takes a children limit past its maximum (a multiple
		/// birth): what happened is on record, and further reservations are refused. Allowed on
		/// a flagged donor or after consent is withdrawn. Emits [`Event::BirthRecorded`].
		///
		/// ## Errors
		/// [`Error::NotClinic`], [`Error::UnknownAllocation`], [`Error::NotTreatingClinic`],
		/// [`Error::NoPendingReservation`], [`Error::UnknownDonor`],
		/// [`Error::InvalidChildCount`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::record_birth())]
		pub fn record_birth(
			origin: OriginFor<T>,
			donor: Pseudonym,
			family: Pseudonym,
			children: u8,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let (mut record, mut allocation) = Self::pending_allocation(&clinic, &donor, &family)?;
			ensure!(
				(1..=MAX_CHILDREN_PER_BIRTH).contains(&children),
				Error::<T>::InvalidChildCount
			);

			allocation.pending = allocation.pending.saturating_sub(1);
			allocation.children = allocation.children.saturating_add(children.into());
			record.pending = record.pending.saturating_sub(1);
			record.children = record.children.saturating_add(children.into());
			let donor_children = record.children;
			Allocations::<T>::insert(donor, family, allocation);
			Donors::<T>::insert(donor, record);
			Self::deposit_event(Event::BirthRecorded {
				donor,
				family,
				clinic,
				children,
				donor_children,
			});
			Ok(())
		}

		/// Flag a donor: no new allocation anywhere from now on.
		///
		/// ## Origin
		/// `GovernanceOrigin`, or signed by the active clinic that registered the donor.
		///
		/// ## Details
		/// For a newly found pathogenic variant, a heritable condition in a child, or another
		/// reason described in the evidence, whose hash is stored. Every reservation, sibling
		/// or not, is refused from now on; existing families and their counts stay. The event
		/// lists every treating clinic using the donor so that each can contact its families.
		/// Emits [`Event::DonorFlagged`].
		///
		/// ## Errors
		/// `BadOrigin`, [`Error::NotClinic`], [`Error::UnknownDonor`],
		/// [`Error::NotRegisteringClinic`], [`Error::AlreadyFlagged`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::flag_donor(T::MaxClinicsPerDonor::get()))]
		pub fn flag_donor(
			origin: OriginFor<T>,
			donor: Pseudonym,
			reason: FlagReason,
			evidence: DocumentHash,
		) -> DispatchResult {
			let flagged_by = match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => {
					let clinic = ensure_signed(origin)?;
					ensure!(T::Membership::is_clinic(&clinic), Error::<T>::NotClinic);
					Some(clinic)
				},
			};
			let mut record = Donors::<T>::get(donor).ok_or(Error::<T>::UnknownDonor)?;
			if let Some(clinic) = &flagged_by {
				ensure!(*clinic == record.clinic, Error::<T>::NotRegisteringClinic);
			}
			ensure!(record.flag.is_none(), Error::<T>::AlreadyFlagged);

			record.flag = Some(DonorFlag {
				reason,
				evidence,
				flagged_by: flagged_by.clone(),
				at: T::Time::now(),
			});
			Donors::<T>::insert(donor, record);
			let clinics = DonorClinics::<T>::get(donor);
			Self::deposit_event(Event::DonorFlagged {
				donor,
				reason,
				evidence,
				flagged_by,
				clinics,
			});
			Ok(())
		}

		/// Set or remove a jurisdiction's family limit.
		///
		/// ## Origin
		/// `GovernanceOrigin`.
		///
		/// ## Details
		/// `Some(limit)` sets the limit, `None` removes it: the jurisdiction then has no limit
		/// of its own, while the limits of the other jurisdictions involved still apply. A new
		/// limit applies to every later reservation; allocations already made stand, and
		/// siblings of counted families are still accepted under a lowered families limit.
		/// Emits [`Event::FamilyLimitSet`].
		///
		/// ## Errors
		/// `BadOrigin`, [`Error::MalformedJurisdiction`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_family_limit())]
		pub fn set_family_limit(
			origin: OriginFor<T>,
			jurisdiction: Jurisdiction,
			limit: Option<FamilyLimit>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(jurisdiction.is_well_formed(), Error::<T>::MalformedJurisdiction);

			FamilyLimits::<T>::set(jurisdiction, limit);
			Self::deposit_event(Event::FamilyLimitSet { jurisdiction, limit });
			Ok(())
		}

		/// Retire the donors of a clinic that left the consortium: the next page of them.
		///
		/// ## Origin
		/// `GovernanceOrigin`: a council motion.
		///
		/// ## Details
		/// Every donor that `clinic` registered becomes retired ([`RetiredDonors`], with the
		/// chain's time): no new reservation anywhere, and matching leaves them out. Their
		/// record, allocations and counts stay as they are, so every family already counted
		/// still counts against the limits, and the treating clinics still record releases and
		/// births. Donors retired already are skipped.
		///
		/// The registry has no index by clinic, so the call examines up to `limit` donors (1
		/// to the smaller of [`MAX_DONORS_EXAMINED_PER_CALL`] and `MaxDonors`) in storage order, from where the previous call for `clinic` stopped
		/// ([`RetirementCursor`]); its weight is priced by `limit`, and refunded down to the
		/// donors actually examined. The event says how many were retired and whether donors
		/// remain to examine; the council calls again until none do.
		/// Emits [`Event::DepartedClinicDonorsRetired`].
		///
		/// ## Errors
		/// `BadOrigin`, [`Error::InvalidLimit`], [`Error::ClinicStillActive`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::retire_donors_of_departed_clinic(
			(*limit).min(Pallet::<T>::max_donors_examined())
		))]
		pub fn retire_donors_of_departed_clinic(
			origin: OriginFor<T>,
			clinic: T::AccountId,
			limit: u32,
		) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!((1..=Self::max_donors_examined()).contains(&limit), Error::<T>::InvalidLimit);
			ensure!(!T::Membership::is_clinic(&clinic), Error::<T>::ClinicStillActive);

			let mut donors = match RetirementCursor::<T>::get(&clinic) {
				Some(last) => Donors::<T>::iter_from(Donors::<T>::hashed_key_for(last)),
				None => Donors::<T>::iter(),
			};
			let now = T::Time::now();
			let (mut examined, mut retired) = (0u32, 0u32);
			let mut last = None;
			for (id, donor) in donors.by_ref().take(limit as usize) {
				examined = examined.saturating_add(1);
				last = Some(id);
				if donor.clinic == clinic && !RetiredDonors::<T>::contains_key(id) {
					RetiredDonors::<T>::insert(id, now);
					retired = retired.saturating_add(1);
				}
			}
			let more_remain = donors.next().is_some();
			match last {
				Some(last) if more_remain => RetirementCursor::<T>::insert(&clinic, last),
				_ => RetirementCursor::<T>::remove(&clinic),
			}

			Self::deposit_event(Event::DepartedClinicDonorsRetired {
				clinic,
				retired,
				more_remain,
			});
			Ok(Some(T::WeightInfo::retire_donors_of_departed_clinic(examined.max(1))).into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The most donors one retirement call examines: [`MAX_DONORS_EXAMINED_PER_CALL`], or
		/// `MaxDonors` if smaller.
		pub fn max_donors_examined() -> u32 {
			MAX_DONORS_EXAMINED_PER_CALL.min(T::MaxDonors::get())
		}

		/// The donors that pass every hard filter for `request`, best first, at most
		/// `min(request.max_results, MaxMatchResults)` of them: the answer of
		/// [`runtime_api::DonorMatchingApi::match_donors`].
		///
		/// Iterates the at most `MaxDonors` registered donors; ranks by
		/// [`matching::phenotype_score`], descending, then by donor pseudonym, ascending.
		pub fn match_donors(request: MatchRequest) -> Vec<DonorMatch> {
			let now = T::Time::now();
			let mut matches: Vec<DonorMatch> = Donors::<T>::iter()
				.filter(|(id, donor)| {
					// The type test first spares the consent and limit reads for other donations.
					donor.profile.donation_type == request.donation_type
						&& !RetiredDonors::<T>::contains_key(id)
						&& matching::hard_filters(
							donor,
							&request,
							Self::consent_active(id, donor, now),
							&Self::involved_limits(
								donor,
								&DonorClinics::<T>::get(id),
								request.jurisdiction,
							),
						)
						.is_ok()
				})
				.map(|(donor, record)| DonorMatch {
					donor,
					score: matching::phenotype_score(&record.profile, &request.preferred),
				})
				.collect();
			matches.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.donor.cmp(&b.donor)));
			let max = request.max_results.min(T::MaxMatchResults::get());
			matches.truncate(usize::try_from(max).unwrap_or(usize::MAX));
			matches
		}

		/// Checks the invariants of the module docs' "Counting": each donor's counts are the
		/// sums over its allocations, and each clinic is listed with the number of its families
		/// exactly while it has one.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(Donors::<T>::count() <= T::MaxDonors::get(), "more donors than MaxDonors");
			for (id, donor) in Donors::<T>::iter() {
				let (mut families, mut children, mut pending) = (0u32, 0u32, 0u32);
				let mut per_clinic: Vec<(T::AccountId, u32)> = Vec::new();
				for (_, allocation) in Allocations::<T>::iter_prefix(id) {
					ensure!(allocation.pending > 0 || allocation.children > 0, "empty allocation");
					families = families.saturating_add(1);
					children = children.saturating_add(allocation.children);
					pending = pending.saturating_add(allocation.pending);
					match per_clinic.iter_mut().find(|(c, _)| *c == allocation.clinic) {
						Some((_, count)) => *count = count.saturating_add(1),
						None => per_clinic.push((allocation.clinic, 1)),
					}
				}
				ensure!(donor.counts() == DonorCounts { families, children, pending }, "counts");
				let uses = DonorClinics::<T>::get(id);
				ensure!(uses.len() == per_clinic.len(), "a clinic listed without a family");
				for (clinic, count) in per_clinic {
					ensure!(
						uses.iter().any(|u| u.clinic == clinic && u.families == count),
						"a clinic's family count differs from its allocations"
					);
				}
			}
			for (id, _) in RetiredDonors::<T>::iter() {
				ensure!(Donors::<T>::contains_key(id), "a retired donor is not registered");
			}
			Ok(())
		}

		/// Whether the donor's donation consent, by the registering clinic, is active at `now`.
		fn consent_active(id: &Pseudonym, donor: &Donor<T::AccountId>, now: u64) -> bool {
			T::Consent::is_consented(
				id,
				donor.profile.donation_type.consent_purpose(),
				&donor.clinic,
				now,
			)
		}

		/// The limits of every jurisdiction involved in one more reservation of `donor`: its
		/// registration, each clinic using it, and the requesting clinic's `requesting`. Each
		/// jurisdiction is read once; those without a limit add none.
		pub fn involved_limits(
			donor: &Donor<T::AccountId>,
			uses: &[ClinicUse<T::AccountId>],
			requesting: Jurisdiction,
		) -> Vec<FamilyLimit> {
			let mut jurisdictions: Vec<Jurisdiction> = [donor.jurisdiction, requesting]
				.into_iter()
				.chain(uses.iter().map(|u| u.jurisdiction))
				.collect();
			jurisdictions.sort();
			jurisdictions.dedup();
			jurisdictions.into_iter().filter_map(FamilyLimits::<T>::get).collect()
		}

		/// The donor and the allocation that `clinic` may record an outcome for: the caller is
		/// an active clinic, the allocation exists and is its own, and it has a pending
		/// reservation.
		fn pending_allocation(
			clinic: &T::AccountId,
			donor: &Pseudonym,
			family: &Pseudonym,
		) -> Result<(Donor<T::AccountId>, Allocation<T::AccountId>), DispatchError> {
			ensure!(T::Membership::is_clinic(clinic), Error::<T>::NotClinic);
			let allocation =
				Allocations::<T>::get(donor, family).ok_or(Error::<T>::UnknownAllocation)?;
			ensure!(allocation.clinic == *clinic, Error::<T>::NotTreatingClinic);
			ensure!(allocation.pending > 0, Error::<T>::NoPendingReservation);
			let record = Donors::<T>::get(donor).ok_or(Error::<T>::UnknownDonor)?;
			Ok((record, allocation))
		}
	}
}

/// The registry as custody sees it: whether a donation of gametes or embryos names a
/// registered donor, and whether that donor is flagged.
impl<T: Config> ivf_primitives::DonorRegistry<T::AccountId> for Pallet<T> {
	fn registered_donor(
		donor: &ivf_primitives::Pseudonym,
	) -> Option<ivf_primitives::DonorStanding> {
		Donors::<T>::get(donor).map(|record| match record.flag {
			Some(_) => ivf_primitives::DonorStanding::Flagged,
			None => ivf_primitives::DonorStanding::Available,
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(donor: &ivf_primitives::Pseudonym, clinic: &T::AccountId) {
		use frame_support::traits::Time;
		use ivf_primitives::ConsortiumMembership;
		let jurisdiction =
			T::Membership::clinic_jurisdiction(clinic).unwrap_or(Jurisdiction(*b"GB"));
		let record = Donor {
			clinic: clinic.clone(),
			jurisdiction,
			registered_at: T::Time::now(),
			profile: benchmarking::profile(),
			families: 0,
			children: 0,
			pending: 0,
			flag: None,
		};
		Donors::<T>::insert(donor, record);
	}
}

/// The runtime API through which a recipient's clinic asks for donors.
pub mod runtime_api {
	use crate::types::{DonorMatch, MatchRequest};
	use alloc::vec::Vec;

	sp_api::decl_runtime_apis! {
		/// Donor matching: a read of the registry; reserving the chosen donor is the
		/// `DonorMatching::reserve` call.
		pub trait DonorMatchingApi {
			/// Up to `request.max_results` (capped by `MaxMatchResults`) donors that pass every
			/// hard filter (family limits including the request's jurisdiction, CMV, Rh
			/// sensitisation, carrier screening, active donation consent, not flagged or retired,
			/// identity-release terms accepted), ranked by weighted phenotype similarity,
			/// highest first, ties by donor pseudonym. Deterministic; iterates at most
			/// `MaxDonors` donors.
			fn match_donors(request: MatchRequest) -> Vec<DonorMatch>;
		}
	}
}
