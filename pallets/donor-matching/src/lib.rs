//! A cross-clinic registry of gamete and embryo donors that counts one donor once across every
//! bank, enforces family limits across clinics and countries, and matches donors to recipients.
//!
//! ## Overview
//!
//! Donors are used across clinics and countries with nobody counting: one donor reached 550+
//! children through 11 clinics and foreign banks; a donor carrying a TP53 cancer variant
//! reached at least 197 children through 67 clinics in 14 countries (docs/domain.md, "Gamete
//! donation"). This pallet is the shared ledger where the limits are enforced:
//!
//! - a **bank** (a sperm or egg bank, or the clinic that recruited the donor) registers a donor
//!   under the donor's consortium **linkage id**, derived off chain from the donor's identity
//!   with a key the member clinics share and the chain never sees; a second bank registering
//!   the same person derives the same id and **links** to the record: one family count, one
//!   flag, every bank's allocations counted together;
//! - a **treating clinic**, in any member country, reserves the donor for a recipient family
//!   with the recipient's profile, and the reservation refuses, by the filter's name, whatever
//!   matching would have filtered out; it releases the reservation when the treatment fails
//!   or is cancelled, renews it while treatment goes on, and records births;
//! - a reservation left without an outcome **expires** after `ReservationPeriod`: its slot is
//!   freed, and a birth recorded later still counts;
//! - every reservation is checked against the family limit of **every jurisdiction involved**;
//! - any bank holding the donor, or governance, **flags** a donor (a newly found pathogenic
//!   variant): no new allocation at any bank, and one event names every clinic using the donor;
//! - the owning bank **retires** a donor, and governance retires the donors of a bank that left
//!   the consortium: no new allocation anywhere, while every allocation made stays on record;
//! - a recipient's clinic asks the [`runtime_api::DonorMatchingApi`] for the best donors:
//!   hard filters first, then a weighted phenotype score. Matching reads; reserving writes.
//!
//! ## Pallet API
//!
//! Calls (see [`Call`]):
//! - [`register_donor`](Pallet::register_donor): a bank registers a donor, or links to the
//!   record another bank made of the same person.
//! - [`reserve`](Pallet::reserve): a treating clinic reserves a donor for a family.
//! - [`release`](Pallet::release): a failed or cancelled treatment frees its reservation.
//! - [`record_birth`](Pallet::record_birth): a treatment's children are born.
//! - [`renew_reservation`](Pallet::renew_reservation): a treatment still under way keeps its
//!   reservation for another `ReservationPeriod`.
//! - [`flag_donor`](Pallet::flag_donor): a bank holding the donor, or governance, flags them.
//! - [`retire_donor`](Pallet::retire_donor): the owning bank ends a donor's availability.
//! - [`set_family_limit`](Pallet::set_family_limit): governance sets a jurisdiction's limit.
//! - [`retire_donors_of_departed_clinic`](Pallet::retire_donors_of_departed_clinic): governance
//!   retires, page by page, the donors a removed or suspended clinic owns.
//!
//! Storage: [`Donors`], [`DonorBanks`], [`DonorsOwned`], [`Allocations`], [`DonorClinics`],
//! [`FamilyLimits`], [`RetiredDonors`], [`RetirementCursor`], [`ExpiryCursor`]. Events:
//! [`Event`]. Errors: [`Error`]. Runtime API: [`runtime_api::DonorMatchingApi`], answered by
//! [`Pallet::match_donors`]. The matching rules are pure functions in [`matching`]. The
//! linkage id is `ivf_primitives::linkage::linkage_id`, which `ivf-node donor-linkage-id`
//! prints.
//!
//! ## Design
//!
//! **Linkage.** The registry is keyed by the donor's linkage id,
//! `HMAC-SHA-256(consortium linkage key, normalised identity attributes)` (national
//! identifier, or name, date and place of birth: `ivf_primitives::linkage`). The same person
//! gets the same id at every bank, so a second bank's registration finds the record and links
//! to it ([`DonorBanks`]); without the key, nobody can tell from the id who the donor is, or
//! test a guess. Each bank also names its own salted pseudonym of the donor, under which it
//! recorded the donor's donation consent: consents stay per bank, as the donations are. Who
//! holds the key, how a new member gets it, rotation and what a leaked key exposes:
//! docs/domain.md, "Linking the same donor across banks".
//!
//! **Ownership.** The bank that registers a linkage id first owns the record: its profile
//! stands, and only it retires the donor. A linking bank cannot overwrite anything: its
//! declared donation type, CMV status, Rh factor, carrier screening and identity-release
//! terms must equal the record's ([`Error::ProfileDiffers`]), so a bank whose screening found
//! otherwise is refused until the owner acts (flags, or retires and the banks re-register),
//! instead of one bank's finding being silently dropped. Every bank holding the donor may flag
//! them: a finding at one bank stops the donor at all of them. Every bank's jurisdiction is
//! involved in the donor's limits.
//!
//! **Pseudonyms.** No personal data is on chain. A recipient family is
//! `blake2_256(salt ‖ clinic-local family id)`, made by the treating clinic, which must use the
//! same salt for every treatment of one family so that siblings are recognised; a bank's
//! pseudonym of the donor is made the same way. Salts stay at the clinics
//! ([`ivf_primitives::Pseudonym`]). A family treated at two clinics has two pseudonyms and
//! counts twice: the registry errs towards the limit, never past it.
//!
//! **Counting.** A donor's record holds, across all clinics and banks, `families` (with a
//! reservation or a child), `children` (born) and `pending` (reservations without an
//! outcome). An [`Allocation`] per (donor, family) holds the family's own `pending`,
//! `children` and `expired`; [`DonorClinics`] lists each treating clinic with its jurisdiction
//! and its family count. Every call that changes an allocation changes the three records
//! together, so the donor's counts are always the sums over its allocations, and a clinic is
//! listed exactly while it has a family holding a slot (a reservation or a child). A
//! reservation counts a new family unless the family already holds a slot (a sibling). A
//! release frees the family's slot only when the family has no other pending reservation and
//! no child ("a slot is released if the treatment fails or is cancelled", docs/domain.md).
//!
//! **Allocation re-checks the match.** [`reserve`](Pallet::reserve) takes the recipient's
//! [`RecipientProfile`], the part of the [`MatchRequest`] that the hard filters read, and runs
//! the same [`matching::hard_filters`] as matching, so what matching leaves out is refused
//! with the filter's name ([`Error::CmvIncompatible`], [`Error::RhIncompatible`],
//! [`Error::SharedCarrierGene`], ...). The chain can only check the profile it is given: the
//! check stops mistakes (a donor matched for one recipient reserved for another, a match never
//! asked for), and the clinic answers for the profile being its recipient's.
//!
//! **Expiry.** Each reservation expires `ReservationPeriod` after it was made or last renewed
//! (the family's pending reservations share the latest deadline). `on_initialize` examines up
//! to `MaxExpiryChecksPerBlock` allocations a block, walking [`Allocations`] from
//! [`ExpiryCursor`], and expires the overdue ones ([`Event::ReservationExpired`]): their
//! pending reservations become `expired`, and the family's slot is freed if it has no child.
//! A reservation so expires within one walk of the map after its deadline (at 64 a block and
//! 3 s blocks, under an hour for 64,000 allocations), which is short against a period of
//! months. A birth recorded after the expiry counts against an expired reservation, takes the
//! family's slot back and counts, whatever the limit then: what happened is on record.
//!
//! **Limits.** [`FamilyLimits`] holds one [`FamilyLimit`] per jurisdiction, set by
//! governance and seeded at genesis from the docs/domain.md table ([`domain_family_limits`]). The
//! limits that apply to a reservation are those of the donor's registration jurisdiction,
//! of every bank holding the donor, of every treating clinic listed in [`DonorClinics`], and of
//! the requesting clinic; every one is checked against its own count and all must hold
//! ([`matching::within_limits`] defines the counts, including how pending reservations count
//! against a children limit). A jurisdiction with no configured limit adds no limit of its
//! own; the others involved still apply. Because every reservation in every country goes
//! through the same check, the strictest limit holds across clinics, banks and countries.
//!
//! **Consent and flags.** Every reservation, siblings included, names the bank whose gametes
//! or embryos are used and needs that bank's donation consent of the donor (`GameteDonation`
//! for sperm and oocytes, `EmbryoDonation` for embryos) to be active now; matching needs one
//! bank's. The donor must not be flagged. Withdrawing consent or flagging stops new use;
//! existing families, their counts and their births stay on record, and their outcomes can
//! still be recorded.
//!
//! **Retirement.** The owning bank retires a donor ([`retire_donor`](Pallet::retire_donor))
//! when the donor stops donating, or reached their limit everywhere: they are listed in
//! [`RetiredDonors`], refused by every reservation and left out of matching, while their
//! record, allocations and counts stay, so the family limits keep counting every family
//! already made. A donor never allocated and never flagged leaves no trace to keep: retiring
//! them deletes the record and frees the owner's quota. A donor whose owning bank left the
//! consortium has no clinic left to answer for their record, so governance retires them
//! ([`retire_donors_of_departed_clinic`](Pallet::retire_donors_of_departed_clinic)); the
//! registry keeps no index of donors by clinic, so that call walks [`Donors`] (at most
//! `MaxDonors`) in storage order from [`RetirementCursor`], a page of at most `limit` donors
//! per call, and its weight is priced by `limit`. A retired donor can still be flagged.
//!
//! **Bounds.** [`Donors`] holds at most `MaxDonors` donors, so matching iterates a bounded
//! set, and one bank owns at most `MaxDonorsPerClinic` of them ([`DonorsOwned`]; retired
//! records with allocations included), so no member fills the registry alone;
//! [`DonorBanks`] holds at most `MaxBanksPerDonor` banks and [`DonorClinics`] at most
//! `MaxClinicsPerDonor` clinics per donor, which bound the flag event and the limits read by
//! a reservation. Matching returns at most `MaxMatchResults` donors, ranked by score and then
//! by linkage id, so it is deterministic.
//!
//! ## Data minimisation
//!
//! A donor's record is special-category data under GDPR Art. 9(1): ethnicity ("racial or
//! ethnic origin"), CMV serostatus and blood group (health), carrier screening (genetic). It is
//! pseudonymised (Recital 26: still personal data, since members holding the linkage key and
//! the donor's identity can find the record), replicated on every node and kept for good.
//! What is on chain, and why:
//!
//! - the linkage id, the donation type, the counts and the flag: the family limits are the
//!   purpose of the registry (Art. 9(2)(i) and (h), and Member State law such as the HFE Act's
//!   register, Art. 9(4));
//! - the hard-filter attributes (CMV, Rh, the carrier bits of a screening panel, the
//!   identity-release terms): [`reserve`](Pallet::reserve) must refuse an unsafe allocation,
//!   which it cannot do without them;
//! - for ranking, the phenotype in exactly the categories the score compares (five census
//!   ethnic groups, six Fitzpatrick skin types, height in 10 cm bands, ...; [`types`]) and
//!   nothing finer: no measurement, no free text, no photograph, no country or town of origin.
//!   Every stored value changes some recipient's score, so none can be dropped without
//!   changing the ranking.
//!
//! The phenotype is coarsened on chain rather than moved off chain behind a hash. Off chain,
//! the score needs every bank's node to answer every matching request (a bank's node down
//! would silently drop its donors from every ranking), an authenticated request channel
//! between nodes that the consortium does not have, and a recipient clinic would learn the
//! same categories in each answer anyway; a hash of so few categories is reversed by trying
//! them all, unless salted, and then it proves nothing the chain can use. The categories, on
//! their own, describe thousands of people each. The donor's explicit consent to donation,
//! which registration requires and which the donor gives knowing the registry, is the Art.
//! 9(2)(a) basis beside (h) and (i); the recipient side puts only its hard-filter profile
//! into a reservation, never its preferences (which stay in the read-only match request), and
//! may clear every carrier bit but the donor's genes ([`RecipientProfile`]).

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(any(test, feature = "runtime-benchmarks"))]
mod fixtures;
mod impls;
pub mod matching;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod runtime_api;
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
	use crate::matching::{self, Exclusion, LimitBreach};
	use frame_support::{
		pallet_prelude::*,
		traits::{EnsureOrigin, Time},
	};
	use frame_system::pallet_prelude::*;
	use ivf_primitives::{
		ConsentProvider, ConsortiumMembership, DocumentHash, DonorLinkageId, Pseudonym,
	};

	/// The version of this pallet's storage layout. Bump it with a migration whenever a stored
	/// type or key changes, so that a runtime upgrade (`try-runtime on-runtime-upgrade`) shows
	/// which pallets need one. Version 2: donors keyed by linkage id with their banks
	/// ([`DonorBanks`]), owners' quotas ([`DonorsOwned`]) and expiring allocations
	/// ([`migrations::v2`](crate::migrations::v2)).
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

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

		/// The most donor records one bank owns (those it registered first, retired ones with
		/// allocations included), so that no member fills the registry alone.
		#[pallet::constant]
		type MaxDonorsPerClinic: Get<u32>;

		/// The most banks one donor may be registered at.
		#[pallet::constant]
		type MaxBanksPerDonor: Get<u32>;

		/// The most treating clinics one donor may be used by at once.
		#[pallet::constant]
		type MaxClinicsPerDonor: Get<u32>;

		/// The most donors one match request returns.
		#[pallet::constant]
		type MaxMatchResults: Get<u32>;

		/// How long a reservation stays pending without a release, a birth or a renewal, in
		/// milliseconds; then it expires and its slot is freed.
		#[pallet::constant]
		type ReservationPeriod: Get<u64>;

		/// The most allocations `on_initialize` examines for expiry in one block.
		#[pallet::constant]
		type MaxExpiryChecksPerBlock: Get<u32>;

		/// Weights of the calls, from the benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// A donor's record and one of its allocations with a pending reservation.
	pub(crate) type PendingAllocation<T> = (
		Donor<<T as frame_system::Config>::AccountId>,
		Allocation<<T as frame_system::Config>::AccountId>,
	);

	/// Registered donors by linkage id, with what the registry counts for them across every
	/// bank.
	// Blake2_128Concat: clinics choose the keys.
	#[pallet::storage]
	pub type Donors<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, DonorLinkageId, Donor<T::AccountId>>;

	/// The banks that hold each donor, the owner first, each with its pseudonym of the donor.
	// Blake2_128Concat: clinics choose the keys.
	#[pallet::storage]
	pub type DonorBanks<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		DonorLinkageId,
		BoundedVec<DonorBank<T::AccountId>, T::MaxBanksPerDonor>,
		ValueQuery,
	>;

	/// How many donor records each bank owns; at most `MaxDonorsPerClinic`.
	// Blake2_128Concat: account ids are chosen by their holders.
	#[pallet::storage]
	pub type DonorsOwned<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Each recipient family's use of a donor, by (donor, family).
	// Blake2_128Concat on both: clinics choose the keys.
	#[pallet::storage]
	pub type Allocations<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		DonorLinkageId,
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
		DonorLinkageId,
		BoundedVec<ClinicUse<T::AccountId>, T::MaxClinicsPerDonor>,
		ValueQuery,
	>;

	/// The family limit of each jurisdiction that has one.
	// Twox64Concat: only governance writes keys, so they cannot be chosen to unbalance the trie.
	#[pallet::storage]
	pub type FamilyLimits<T: Config> = StorageMap<_, Twox64Concat, Jurisdiction, FamilyLimit>;

	/// The donors retired by their owning bank or by governance, with when (milliseconds since
	/// the Unix epoch): no new allocation anywhere. Removed only with a record deleted by
	/// [`retire_donor`](Pallet::retire_donor)'s owner, which is never one of these.
	// Blake2_128Concat: the keys are linkage ids, which clinics choose.
	#[pallet::storage]
	pub type RetiredDonors<T: Config> = StorageMap<_, Blake2_128Concat, DonorLinkageId, u64>;

	/// For each departed clinic whose donors governance is retiring page by page, the last
	/// donor examined: the next page starts after it in [`Donors`]' storage order. Removed
	/// when the last page is done.
	// Twox64Concat: only governance writes keys, so they cannot be chosen to unbalance the trie.
	#[pallet::storage]
	pub type RetirementCursor<T: Config> =
		StorageMap<_, Twox64Concat, T::AccountId, DonorLinkageId>;

	/// The last allocation the expiry walk of `on_initialize` examined: the next block goes on
	/// after it. `None` starts the walk over.
	#[pallet::storage]
	pub type ExpiryCursor<T: Config> = StorageValue<_, (DonorLinkageId, Pseudonym)>;

	/// The family limits at genesis.
	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// One limit per jurisdiction; defaults to the table of docs/domain.md
		/// ([`domain_family_limits`]).
		pub family_limits: Vec<(Jurisdiction, FamilyLimit)>,
		/// The runtime the configuration is for (no data).
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
		/// A bank registered a donor no bank had registered: it owns the record.
		DonorRegistered {
			/// The donor's linkage id.
			donor: DonorLinkageId,
			/// The registering bank, the record's owner.
			clinic: T::AccountId,
			/// Where the donor is registered.
			jurisdiction: Jurisdiction,
			/// Sperm, oocyte or embryo.
			donation_type: DonationType,
		},
		/// A bank registered a donor another bank had registered: it is linked to the record,
		/// and its allocations count with every other bank's.
		DonorLinked {
			/// The donor's linkage id.
			donor: DonorLinkageId,
			/// The linking bank.
			clinic: T::AccountId,
			/// The linking bank's jurisdiction, whose limit now applies to the donor too.
			jurisdiction: Jurisdiction,
			/// The bank that owns the record.
			owner: T::AccountId,
			/// How many banks hold the donor now.
			banks: u32,
		},
		/// A treating clinic reserved a donor for a recipient family.
		DonorReserved {
			/// The donor.
			donor: DonorLinkageId,
			/// The bank whose gametes or embryos are reserved.
			bank: T::AccountId,
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
			/// When the family's pending reservations expire unless renewed (ms since the Unix
			/// epoch).
			expires_at: u64,
		},
		/// A failed or cancelled treatment released its reservation.
		ReservationReleased {
			/// The donor.
			donor: DonorLinkageId,
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
		/// The treating clinic renewed a family's pending reservations.
		ReservationRenewed {
			/// The donor.
			donor: DonorLinkageId,
			/// The recipient family.
			family: Pseudonym,
			/// The treating clinic.
			clinic: T::AccountId,
			/// The new deadline (ms since the Unix epoch).
			expires_at: u64,
		},
		/// A family's reservations reached their deadline without an outcome or a renewal. A
		/// birth recorded later still counts.
		ReservationExpired {
			/// The donor.
			donor: DonorLinkageId,
			/// The recipient family.
			family: Pseudonym,
			/// The treating clinic.
			clinic: T::AccountId,
			/// How many pending reservations expired.
			reservations: u32,
			/// Whether the family's slot was freed (it has no child from the donor).
			family_released: bool,
			/// The donor's families across all clinics, after the expiry.
			families: u32,
		},
		/// Children were born from a reserved treatment.
		BirthRecorded {
			/// The donor.
			donor: DonorLinkageId,
			/// The recipient family.
			family: Pseudonym,
			/// The treating clinic.
			clinic: T::AccountId,
			/// Children born in this birth.
			children: u8,
			/// The donor's children born across all clinics, after it.
			donor_children: u32,
			/// Whether the birth came of a reservation that had expired.
			after_expiry: bool,
		},
		/// A donor was flagged: no new allocation at any bank. Every clinic listed holds
		/// families from this donor, and every bank listed holds the donor's gametes or
		/// embryos: each should act on the evidence.
		DonorFlagged {
			/// The donor.
			donor: DonorLinkageId,
			/// Why.
			reason: FlagReason,
			/// Hash of the evidence kept off chain.
			evidence: DocumentHash,
			/// The bank that flagged, or `None` for governance.
			flagged_by: Option<T::AccountId>,
			/// Every treating clinic using the donor, with its jurisdiction and family count.
			clinics: BoundedVec<ClinicUse<T::AccountId>, T::MaxClinicsPerDonor>,
			/// Every bank holding the donor.
			banks: BoundedVec<T::AccountId, T::MaxBanksPerDonor>,
		},
		/// The owning bank retired a donor: no new allocation anywhere.
		DonorRetired {
			/// The donor.
			donor: DonorLinkageId,
			/// The owning bank.
			clinic: T::AccountId,
			/// Whether the record was deleted, since the donor was never allocated nor
			/// flagged (the owner's quota is freed); otherwise it stays, retired, with its
			/// allocations and counts.
			removed: bool,
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
		/// reserve, release, renew, record, flag and retire; ask the consortium to admit or
		/// reinstate the clinic.
		NotAnActiveClinic,
		/// Your clinic registered or linked this donor already: one registration per bank. Use
		/// the existing record.
		AlreadyLinked,
		/// The registry holds `MaxDonors` donors already. Governance must raise the bound.
		TooManyDonors,
		/// No donor is registered under this linkage id. Check the id (derive it with
		/// `ivf-node donor-linkage-id` and the consortium's key), or register the donor first.
		UnknownDonor,
		/// The donor's donation consent (gamete or embryo donation, recorded or relied on by
		/// the bank, under the bank's pseudonym of the donor) is not active now: never given,
		/// withdrawn, expired or not yet valid. The bank records a new consent before the
		/// donor is registered or used; for a reservation, choose a bank whose consent holds.
		ConsentNotActive,
		/// The donor is flagged (e.g. a pathogenic variant): no new reservation anywhere.
		/// Choose another donor.
		DonorIsFlagged,
		/// A new family would exceed a family-count limit of a jurisdiction involved (where
		/// the donor was registered, where a bank holding them is, where a treating clinic is,
		/// or yours). Choose another donor; siblings of families already counted are still
		/// accepted.
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
		/// This family has no allocation from this donor. Check both ids; reserve first.
		UnknownAllocation,
		/// Only the treating clinic that reserved the donor for this family may release,
		/// renew or record for it.
		NotTreatingClinic,
		/// The family has no reservation awaiting an outcome: every treatment already has a
		/// release or birth recorded (for a renewal or release: or expired). Reserve again for
		/// a new treatment.
		NoPendingReservation,
		/// A birth records between 1 and `MAX_CHILDREN_PER_BIRTH` (8) children.
		InvalidChildCount,
		/// Only a bank that registered or linked the donor, or governance, may flag the donor.
		NotRegisteringClinic,
		/// The donor is flagged already; the first flag stands.
		AlreadyFlagged,
		/// A jurisdiction is two upper-case ISO 3166-1 alpha-2 letters (`GB`, `FR`).
		MalformedJurisdiction,
		/// The donor is retired (by the owning bank, or because it left the consortium): no
		/// new reservation anywhere, and no second retirement. Choose another donor.
		DonorRetired,
		/// The clinic is still an active clinic of the consortium, so its donors are not
		/// retired. Remove or suspend the clinic first (a council motion in the consortium
		/// pallet).
		ClinicStillActive,
		/// `limit` is 0, or above `MAX_DONORS_EXAMINED_PER_CALL` (500) or `MaxDonors`. Examine
		/// between 1 and the smaller of the two per call, and call again while the event says
		/// more remain.
		InvalidLimit,
		/// Your clinic owns `MaxDonorsPerClinic` donor records already. Retire donors no
		/// longer donating (an unused one's record is deleted), or ask governance to raise the
		/// quota.
		ClinicQuotaReached,
		/// The donor is held by `MaxBanksPerDonor` banks already, so no further bank can link.
		/// Ask governance to raise the bound.
		TooManyBanksForDonor,
		/// Another bank owns this donor's record, and what you declare differs from it in
		/// donation type, CMV status, Rh factor, carrier screening or identity-release terms. A
		/// link cannot overwrite the record: check your screening against the owner's, and if
		/// yours is right, ask the owning bank to flag the donor or to retire the record so
		/// that the banks register again.
		ProfileDiffers,
		/// The named bank does not hold this donor. Name a bank listed in `DonorBanks` for the
		/// donor: the one whose gametes or embryos the treatment uses.
		NotDonorBank,
		/// Only the bank that owns the donor's record (registered it first) retires the donor.
		NotDonorOwner,
		/// The recipient profile's jurisdiction is not your clinic's: a reservation is checked
		/// against the limits of where the recipient is treated, which is where you are. Give
		/// your clinic's jurisdiction.
		RequestJurisdictionNotYours,
		/// Matching filter: the donor gives another donation (sperm, oocyte or embryo) than
		/// the recipient profile asks for. Reserve a donor of the requested type.
		DonationTypeMismatch,
		/// Matching filter: a CMV-negative recipient receives donor sperm only from a
		/// CMV-negative donor, and this donor is CMV positive. Choose a CMV-negative donor.
		CmvIncompatible,
		/// Matching filter: a sensitised Rh-negative recipient needs an Rh-negative donor, and
		/// this donor is Rh positive. Choose an Rh-negative donor.
		RhIncompatible,
		/// Matching filter: sperm and oocyte donation need the carrier screening of the
		/// recipient-side genetic parent, and the profile has none. Screen the partner first.
		RecipientNotScreened,
		/// Matching filter: donor and recipient-side parent were screened on different panels
		/// or panel versions, whose bits do not mean the same genes. Screen the partner on the
		/// donor's panel.
		DifferentCarrierPanels,
		/// Matching filter: donor and recipient-side parent carry a variant in the same
		/// recessive gene. Choose another donor.
		SharedCarrierGene,
		/// Matching filter: the recipient does not accept this donor's identity-release terms.
		/// Choose a donor whose terms the recipient accepts.
		IdentityReleaseNotAccepted,
	}

	impl<T> From<Exclusion> for Error<T> {
		/// The error that names each hard filter, so that a refused reservation says which
		/// filter matching would have applied.
		fn from(exclusion: Exclusion) -> Self {
			match exclusion {
				Exclusion::DonationType => Self::DonationTypeMismatch,
				Exclusion::Flagged => Self::DonorIsFlagged,
				Exclusion::ConsentInactive => Self::ConsentNotActive,
				Exclusion::LimitReached(LimitBreach::Families) => Self::FamilyLimitReached,
				Exclusion::LimitReached(LimitBreach::Children) => Self::ChildLimitReached,
				Exclusion::Cmv => Self::CmvIncompatible,
				Exclusion::RhSensitised => Self::RhIncompatible,
				Exclusion::RecipientNotScreened => Self::RecipientNotScreened,
				Exclusion::DifferentCarrierPanels => Self::DifferentCarrierPanels,
				Exclusion::SharedCarrierGene => Self::SharedCarrierGene,
				Exclusion::IdentityRelease => Self::IdentityReleaseNotAccepted,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Expires the overdue reservations among the next `MaxExpiryChecksPerBlock`
		/// allocations (see the module docs' "Expiry"). The chain's time here is the previous
		/// block's, since this block's timestamp is set after `on_initialize`.
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			let (examined, expired) =
				Self::expire_reservations(T::Time::now(), T::MaxExpiryChecksPerBlock::get());
			T::WeightInfo::expire_reservations(examined, expired)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a donor under their linkage id, or link to the record another bank made.
		///
		/// ## Origin
		/// Signed by an active clinic: the bank that holds the donor's gametes or embryos.
		///
		/// ## Details
		/// `donor` is the donor's consortium linkage id (`ivf-node donor-linkage-id`, from the
		/// donor's identity and the consortium's key); `pseudonym` is the bank's own salted
		/// pseudonym of the donor, under which the bank recorded the donor's donation consent,
		/// which must be active now: a donor's record is itself a use of the donation.
		///
		/// - No bank registered `donor` yet: the caller owns the new record, in its
		///   jurisdiction, with `profile` (coarse categories only), within its quota of
		///   `MaxDonorsPerClinic` records. Emits [`Event::DonorRegistered`].
		/// - Another bank did: the caller links to that record, which it cannot overwrite:
		///   `profile` must agree with the record on everything the hard filters read (else
		///   [`Error::ProfileDiffers`]); its phenotype is not stored. From now on the donor's
		///   families, children, flag and limits are one across both banks, and the linking
		///   bank's jurisdiction is involved. Linking takes no quota. Emits
		///   [`Event::DonorLinked`].
		///
		/// ## Errors
		/// [`Error::NotAnActiveClinic`], [`Error::AlreadyLinked`], [`Error::ProfileDiffers`],
		/// [`Error::ClinicQuotaReached`], [`Error::TooManyDonors`],
		/// [`Error::ConsentNotActive`], [`Error::TooManyBanksForDonor`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_donor(T::MaxBanksPerDonor::get()))]
		pub fn register_donor(
			origin: OriginFor<T>,
			donor: DonorLinkageId,
			pseudonym: Pseudonym,
			profile: DonorProfile,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let jurisdiction =
				T::Membership::clinic_jurisdiction(&clinic).ok_or(Error::<T>::NotAnActiveClinic)?;
			let existing = Donors::<T>::get(donor);
			let mut banks = DonorBanks::<T>::get(donor);
			match &existing {
				Some(record) => {
					ensure!(!banks.iter().any(|b| b.clinic == clinic), Error::<T>::AlreadyLinked);
					ensure!(record.profile.same_rules_as(&profile), Error::<T>::ProfileDiffers);
				},
				None => {
					ensure!(
						DonorsOwned::<T>::get(&clinic) < T::MaxDonorsPerClinic::get(),
						Error::<T>::ClinicQuotaReached
					);
					ensure!(Donors::<T>::count() < T::MaxDonors::get(), Error::<T>::TooManyDonors);
				},
			}
			let now = T::Time::now();
			ensure!(
				T::Consent::is_consented(
					&pseudonym,
					profile.donation_type.consent_purpose(),
					&clinic,
					now
				),
				Error::<T>::ConsentNotActive
			);
			banks
				.try_push(DonorBank {
					clinic: clinic.clone(),
					pseudonym,
					jurisdiction,
					linked_at: now,
				})
				.map_err(|_| Error::<T>::TooManyBanksForDonor)?;

			let linked = banks.len() as u32;
			DonorBanks::<T>::insert(donor, banks);
			match existing {
				Some(record) => Self::deposit_event(Event::DonorLinked {
					donor,
					clinic,
					jurisdiction,
					owner: record.clinic,
					banks: linked,
				}),
				None => {
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
					DonorsOwned::<T>::mutate(&clinic, |owned| *owned = owned.saturating_add(1));
					Self::deposit_event(Event::DonorRegistered {
						donor,
						clinic,
						jurisdiction,
						donation_type: profile.donation_type,
					});
				},
			}
			Ok(())
		}

		/// Reserve a donor for a recipient family's treatment.
		///
		/// ## Origin
		/// Signed by an active clinic: the treating clinic.
		///
		/// ## Details
		/// `bank` is the bank whose gametes or embryos the treatment uses, one of the donor's
		/// [`DonorBanks`]; its donation consent of the donor must be active now. `recipient`
		/// is the recipient's [`RecipientProfile`], the same as in the [`MatchRequest`] the
		/// clinic matched with, in the clinic's own jurisdiction: the reservation runs the
		/// hard filters of matching ([`matching::hard_filters`]) and refuses, by the filter's
		/// name, a donor that matching would have left out. A family without a slot from the
		/// donor counts as a new family; a family that holds one (a sibling) does not count
		/// again. The reservation must satisfy the family limit of every jurisdiction
		/// involved: where the donor was registered, where each bank holding them is, where
		/// each clinic using them is, and the caller's ([`matching::within_limits`]). A retired
		/// donor is refused. The reservation stays pending until
		/// [`release`](Pallet::release), [`record_birth`](Pallet::record_birth), or its
		/// expiry `ReservationPeriod` after now (which also becomes the deadline of the
		/// family's other pending reservations); [`renew_reservation`](Pallet::renew_reservation)
		/// pushes the deadline back. Emits [`Event::DonorReserved`].
		///
		/// ## Errors
		/// [`Error::NotAnActiveClinic`], [`Error::RequestJurisdictionNotYours`],
		/// [`Error::UnknownDonor`], [`Error::DonorRetired`], [`Error::NotDonorBank`],
		/// [`Error::FamilyOfAnotherClinic`]; the filters, in matching's order:
		/// [`Error::DonationTypeMismatch`], [`Error::DonorIsFlagged`],
		/// [`Error::ConsentNotActive`], [`Error::FamilyLimitReached`],
		/// [`Error::ChildLimitReached`], [`Error::CmvIncompatible`], [`Error::RhIncompatible`],
		/// [`Error::RecipientNotScreened`], [`Error::DifferentCarrierPanels`],
		/// [`Error::SharedCarrierGene`], [`Error::IdentityReleaseNotAccepted`]; then
		/// [`Error::TooManyClinicsForDonor`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::reserve(
			T::MaxClinicsPerDonor::get(),
			T::MaxBanksPerDonor::get()
		))]
		pub fn reserve(
			origin: OriginFor<T>,
			donor: DonorLinkageId,
			bank: T::AccountId,
			family: Pseudonym,
			recipient: RecipientProfile,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let jurisdiction =
				T::Membership::clinic_jurisdiction(&clinic).ok_or(Error::<T>::NotAnActiveClinic)?;
			ensure!(
				recipient.jurisdiction == jurisdiction,
				Error::<T>::RequestJurisdictionNotYours
			);
			let mut record = Donors::<T>::get(donor).ok_or(Error::<T>::UnknownDonor)?;
			ensure!(!RetiredDonors::<T>::contains_key(donor), Error::<T>::DonorRetired);
			let banks = DonorBanks::<T>::get(donor);
			let supplier =
				banks.iter().find(|b| b.clinic == bank).ok_or(Error::<T>::NotDonorBank)?;
			let existing = Allocations::<T>::get(donor, family);
			if let Some(allocation) = &existing {
				ensure!(allocation.clinic == clinic, Error::<T>::FamilyOfAnotherClinic);
			}
			let new_family = !existing.as_ref().is_some_and(Allocation::holds_slot);
			let now = T::Time::now();
			let mut uses = DonorClinics::<T>::get(donor);
			let limits = Self::involved_limits(&record, &banks, &uses, jurisdiction);
			let consent = Self::bank_consent_active(supplier, &record, now);
			matching::hard_filters(&record, &recipient, consent, &limits, new_family)
				.map_err(Error::<T>::from)?;
			// A sibling's clinic is always listed already: it is listed while it has a slot.
			match uses.iter_mut().find(|u| u.clinic == clinic) {
				Some(entry) if new_family => entry.families = entry.families.saturating_add(1),
				Some(_) => {},
				None => uses
					.try_push(ClinicUse { clinic: clinic.clone(), jurisdiction, families: 1 })
					.map_err(|_| Error::<T>::TooManyClinicsForDonor)?,
			}

			let expires_at = now.saturating_add(T::ReservationPeriod::get());
			let mut allocation = existing.unwrap_or(Allocation {
				clinic: clinic.clone(),
				jurisdiction,
				reserved_at: now,
				pending: 0,
				children: 0,
				expires_at,
				expired: 0,
			});
			allocation.pending = allocation.pending.saturating_add(1);
			allocation.expires_at = expires_at;
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
				bank,
				family,
				clinic,
				new_family,
				families,
				expected_children,
				expires_at,
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
		/// reservation and no child from the donor, its slot is freed too: the donor's family
		/// count drops (docs/domain.md: "a slot is released if the treatment fails or is
		/// cancelled"), and the allocation is removed unless it remembers an expired
		/// reservation. A family with a birth recorded keeps its slot. An expired reservation
		/// needs no release. Allowed on a flagged or retired donor or after consent is
		/// withdrawn: outcomes are always recorded. Emits [`Event::ReservationReleased`].
		///
		/// ## Errors
		/// [`Error::NotAnActiveClinic`], [`Error::UnknownAllocation`], [`Error::NotTreatingClinic`],
		/// [`Error::NoPendingReservation`], [`Error::UnknownDonor`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::release(T::MaxClinicsPerDonor::get()))]
		pub fn release(
			origin: OriginFor<T>,
			donor: DonorLinkageId,
			family: Pseudonym,
			reason: ReleaseReason,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let (mut record, allocation) = Self::pending_allocation(&clinic, &donor, &family)?;

			let family_released = Self::settle(donor, family, &mut record, allocation, 1, false);
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
		/// One pending reservation becomes `children` born children (twins are one birth of 2);
		/// where none is pending, one that expired does (a birth recorded after the expiry
		/// still counts, and takes the family's slot back if it had lost it). The family keeps
		/// its slot for good, and may have siblings without counting again. A birth is recorded
		/// even if it takes a limit past its maximum (a multiple birth, a late birth): what
		/// happened is on record, and further reservations are refused. Allowed on a flagged or
		/// retired donor or after consent is withdrawn. Emits [`Event::BirthRecorded`].
		///
		/// ## Errors
		/// [`Error::NotAnActiveClinic`], [`Error::UnknownAllocation`], [`Error::NotTreatingClinic`],
		/// [`Error::NoPendingReservation`], [`Error::UnknownDonor`],
		/// [`Error::InvalidChildCount`], [`Error::TooManyClinicsForDonor`] (a late birth whose
		/// clinic is no longer listed, for a donor used by `MaxClinicsPerDonor` clinics).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::record_birth(T::MaxClinicsPerDonor::get()))]
		pub fn record_birth(
			origin: OriginFor<T>,
			donor: DonorLinkageId,
			family: Pseudonym,
			children: u8,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			ensure!(T::Membership::is_clinic(&clinic), Error::<T>::NotAnActiveClinic);
			let mut allocation =
				Allocations::<T>::get(donor, family).ok_or(Error::<T>::UnknownAllocation)?;
			ensure!(allocation.clinic == clinic, Error::<T>::NotTreatingClinic);
			ensure!(
				allocation.pending > 0 || allocation.expired > 0,
				Error::<T>::NoPendingReservation
			);
			let mut record = Donors::<T>::get(donor).ok_or(Error::<T>::UnknownDonor)?;
			ensure!(
				(1..=MAX_CHILDREN_PER_BIRTH).contains(&children),
				Error::<T>::InvalidChildCount
			);
			// A family whose reservations all expired takes its slot back with the birth.
			let regained = !allocation.holds_slot();
			let mut uses = DonorClinics::<T>::get(donor);
			if regained {
				match uses.iter_mut().find(|u| u.clinic == clinic) {
					Some(entry) => entry.families = entry.families.saturating_add(1),
					None => uses
						.try_push(ClinicUse {
							clinic: clinic.clone(),
							jurisdiction: allocation.jurisdiction,
							families: 1,
						})
						.map_err(|_| Error::<T>::TooManyClinicsForDonor)?,
				}
			}

			let after_expiry = allocation.pending == 0;
			if after_expiry {
				allocation.expired = allocation.expired.saturating_sub(1);
			} else {
				allocation.pending = allocation.pending.saturating_sub(1);
				record.pending = record.pending.saturating_sub(1);
			}
			allocation.children = allocation.children.saturating_add(children.into());
			record.children = record.children.saturating_add(children.into());
			if regained {
				record.families = record.families.saturating_add(1);
				DonorClinics::<T>::insert(donor, uses);
			}
			let donor_children = record.children;
			Allocations::<T>::insert(donor, family, allocation);
			Donors::<T>::insert(donor, record);
			Self::deposit_event(Event::BirthRecorded {
				donor,
				family,
				clinic,
				children,
				donor_children,
				after_expiry,
			});
			Ok(())
		}

		/// Flag a donor: no new allocation at any bank from now on.
		///
		/// ## Origin
		/// `GovernanceOrigin`, or signed by an active clinic that registered or linked the
		/// donor (any of their banks).
		///
		/// ## Details
		/// For a newly found pathogenic variant, a heritable condition in a child, or another
		/// reason described in the evidence, whose hash is stored. A finding at one bank stops
		/// the donor at every bank: every reservation, sibling or not, is refused from now on;
		/// existing families and their counts stay. The event lists every treating clinic using
		/// the donor and every bank holding them, so that each can contact its families and
		/// quarantine its straws. Emits [`Event::DonorFlagged`].
		///
		/// ## Errors
		/// `BadOrigin`, [`Error::NotAnActiveClinic`], [`Error::UnknownDonor`],
		/// [`Error::NotRegisteringClinic`], [`Error::AlreadyFlagged`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::flag_donor(
			T::MaxClinicsPerDonor::get(),
			T::MaxBanksPerDonor::get()
		))]
		pub fn flag_donor(
			origin: OriginFor<T>,
			donor: DonorLinkageId,
			reason: FlagReason,
			evidence: DocumentHash,
		) -> DispatchResult {
			let flagged_by = match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => {
					let clinic = ensure_signed(origin)?;
					ensure!(T::Membership::is_clinic(&clinic), Error::<T>::NotAnActiveClinic);
					Some(clinic)
				},
			};
			let mut record = Donors::<T>::get(donor).ok_or(Error::<T>::UnknownDonor)?;
			let banks = DonorBanks::<T>::get(donor);
			if let Some(clinic) = &flagged_by {
				ensure!(
					banks.iter().any(|b| b.clinic == *clinic),
					Error::<T>::NotRegisteringClinic
				);
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
			let banks = BoundedVec::truncate_from(banks.into_iter().map(|b| b.clinic).collect());
			Self::deposit_event(Event::DonorFlagged {
				donor,
				reason,
				evidence,
				flagged_by,
				clinics,
				banks,
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
		/// Every donor that `clinic` owns (registered first) becomes retired
		/// ([`RetiredDonors`], with the chain's time): no new reservation anywhere, and
		/// matching leaves them out. Their record, allocations and counts stay as they are, so
		/// every family already counted still counts against the limits, and the treating
		/// clinics still record releases and births. Donors retired already are skipped.
		///
		/// The registry has no index by clinic, so the call examines up to `limit` donors (1
		/// to the smaller of [`MAX_DONORS_EXAMINED_PER_CALL`] and `MaxDonors`) in storage
		/// order, from where the previous call for `clinic` stopped ([`RetirementCursor`]); its
		/// weight is priced by `limit`, and refunded down to the donors actually examined. The
		/// event says how many were retired and whether donors remain to examine; the council
		/// calls again until none do. Emits [`Event::DepartedClinicDonorsRetired`].
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

		/// Retire a donor: no new allocation anywhere from now on.
		///
		/// ## Origin
		/// Signed by the active clinic that owns the donor's record (registered it first).
		///
		/// ## Details
		/// For a donor who stops donating, or whose use should end at every bank. A donor
		/// never allocated (no allocation, not even an expired one) and never flagged leaves
		/// nothing to keep: the record and its bank links are deleted, and the owner's quota
		/// is freed (the linkage id may be registered again later, from zero). Otherwise the
		/// donor is listed in [`RetiredDonors`]: refused by every reservation and left out of
		/// matching, while the record, allocations and counts stay, and outcomes are still
		/// recorded. Emits [`Event::DonorRetired`].
		///
		/// ## Errors
		/// [`Error::NotAnActiveClinic`], [`Error::UnknownDonor`], [`Error::NotDonorOwner`],
		/// [`Error::DonorRetired`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::retire_donor())]
		pub fn retire_donor(origin: OriginFor<T>, donor: DonorLinkageId) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			ensure!(T::Membership::is_clinic(&clinic), Error::<T>::NotAnActiveClinic);
			let record = Donors::<T>::get(donor).ok_or(Error::<T>::UnknownDonor)?;
			ensure!(record.clinic == clinic, Error::<T>::NotDonorOwner);
			ensure!(!RetiredDonors::<T>::contains_key(donor), Error::<T>::DonorRetired);

			let removed =
				record.flag.is_none() && Allocations::<T>::iter_prefix(donor).next().is_none();
			if removed {
				Donors::<T>::remove(donor);
				DonorBanks::<T>::remove(donor);
				DonorsOwned::<T>::mutate(&clinic, |owned| *owned = owned.saturating_sub(1));
			} else {
				RetiredDonors::<T>::insert(donor, T::Time::now());
			}
			Self::deposit_event(Event::DonorRetired { donor, clinic, removed });
			Ok(())
		}

		/// Keep a family's pending reservations for another `ReservationPeriod`.
		///
		/// ## Origin
		/// Signed by the active clinic that reserved the donor for this family.
		///
		/// ## Details
		/// For a treatment or pregnancy still under way at the deadline: the family's pending
		/// reservations now expire `ReservationPeriod` after now. Allowed on a flagged or
		/// retired donor: the reservation was made before, and renewing uses nothing new.
		/// Emits [`Event::ReservationRenewed`].
		///
		/// ## Errors
		/// [`Error::NotAnActiveClinic`], [`Error::UnknownAllocation`], [`Error::NotTreatingClinic`],
		/// [`Error::NoPendingReservation`] (none pending: released, born or expired already),
		/// [`Error::UnknownDonor`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::renew_reservation())]
		pub fn renew_reservation(
			origin: OriginFor<T>,
			donor: DonorLinkageId,
			family: Pseudonym,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let (_, mut allocation) = Self::pending_allocation(&clinic, &donor, &family)?;

			let expires_at = T::Time::now().saturating_add(T::ReservationPeriod::get());
			allocation.expires_at = expires_at;
			Allocations::<T>::insert(donor, family, allocation);
			Self::deposit_event(Event::ReservationRenewed { donor, family, clinic, expires_at });
			Ok(())
		}
	}
}

/// The registry as custody sees it: whether a donation of gametes or embryos names a
/// registered donor (by linkage id), and whether that donor is flagged or retired.
impl<T: Config> ivf_primitives::DonorRegistry<T::AccountId> for Pallet<T> {
	fn registered_donor(
		donor: &ivf_primitives::DonorLinkageId,
	) -> Option<ivf_primitives::DonorStanding> {
		use ivf_primitives::DonorStanding;
		Donors::<T>::get(donor).map(|record| {
			if record.flag.is_some() {
				DonorStanding::Flagged
			} else if RetiredDonors::<T>::contains_key(donor) {
				DonorStanding::Retired
			} else {
				DonorStanding::Available
			}
		})
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(donor: &ivf_primitives::DonorLinkageId, clinic: &T::AccountId) {
		benchmarking::insert_donor::<T>(*donor, clinic.clone());
	}
}
