//! Types and traits shared by the IVF consortium pallets.
//!
//! A pallet never reads another pallet's storage. It asks through the traits defined here
//! ([`ConsortiumMembership`], [`ConsentProvider`], [`StorageConsentProvider`], [`DonorRegistry`],
//! [`SpecimenRegistry`]), which the runtime wires to the concrete pallets and a pallet's
//! `mock.rs` wires to a simple in-memory implementation.
//!
//! No personal data crosses these traits: patients, donors and families are
//! [`Pseudonym`]s, salted hashes made at the clinic whose salt never leaves it.

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

#[cfg(feature = "std")]
extern crate alloc;

pub mod data_access;
#[cfg(feature = "std")]
pub mod linkage;
#[cfg(feature = "test-utils")]
pub mod test_utils;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// ISO 3166-1 alpha-2 country code, upper case ASCII (`*b"GB"`, `*b"FR"`).
///
/// Jurisdiction decides which law applies: donor family limits, and where data may go.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Jurisdiction(pub [u8; 2]);

impl Jurisdiction {
	/// A jurisdiction from two upper-case ASCII letters; `None` for anything else.
	pub fn from_code(code: [u8; 2]) -> Option<Self> {
		code.iter().all(u8::is_ascii_uppercase).then_some(Self(code))
	}

	/// Whether the code is two upper-case ASCII letters, as ISO 3166-1 alpha-2 codes are.
	pub fn is_well_formed(&self) -> bool {
		self.0.iter().all(u8::is_ascii_uppercase)
	}
}

/// A salted hash that stands for a person (patient, donor, recipient family) on chain.
///
/// Made at the clinic as `blake2_256(salt ‖ clinic-local identifier)`; the salt stays in the
/// clinic. Deleting the salt unlinks every record from the person: the right to erasure
/// (GDPR Art. 17) without rewriting an immutable ledger.
pub type Pseudonym = [u8; 32];

/// A donor's consortium linkage id, the key of the donor registry: the same for every bank
/// that registers the same person, derived off chain with a key the chain never sees
/// (`linkage::linkage_id`, with `std`).
pub type DonorLinkageId = [u8; 32];

/// A 32-byte hash of a document or artefact kept off chain (consent form, schema, model).
pub type DocumentHash = [u8; 32];

/// What a patient consents to (HL7 FHIR Consent scopes; UK HFE Act Schedule 3 for gametes,
/// embryos and storage).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub enum ConsentPurpose {
	/// Sharing data for research.
	ResearchDataSharing,
	/// Training AI or statistical models on the patient's data.
	AiTraining,
	/// Use in the patient's own treatment.
	TreatmentUse,
	/// Donation of the patient's gametes (sperm or oocytes) to others.
	GameteDonation,
	/// Donation of embryos to others.
	EmbryoDonation,
	/// Storage of gametes or embryos, for the consent's storage period.
	Storage,
}

impl ConsentPurpose {
	/// Every purpose, in declaration order.
	pub const ALL: [ConsentPurpose; 6] = [
		Self::ResearchDataSharing,
		Self::AiTraining,
		Self::TreatmentUse,
		Self::GameteDonation,
		Self::EmbryoDonation,
		Self::Storage,
	];
}

/// The roles a consortium member can hold.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub enum RoleKind {
	/// A clinic: holds patient data, records consents, registers datasets and donors.
	Clinic,
	/// A researcher: requests access and opens training tasks.
	Researcher,
	/// An auditor or regulator: reads the trail.
	Auditor,
}

/// "Who is who" in the consortium, as other pallets may ask it.
///
/// Every answer is about *active* members: a suspended or removed member is nobody.
pub trait ConsortiumMembership<AccountId> {
	/// The jurisdiction of `who` if `who` is an active clinic.
	fn clinic_jurisdiction(who: &AccountId) -> Option<Jurisdiction>;

	/// Whether `who` is an active member holding `role`.
	fn has_role(who: &AccountId, role: RoleKind) -> bool;

	/// Whether `who` is an active clinic.
	fn is_clinic(who: &AccountId) -> bool {
		Self::clinic_jurisdiction(who).is_some()
	}

	/// Whether `who` is an active researcher.
	fn is_researcher(who: &AccountId) -> bool {
		Self::has_role(who, RoleKind::Researcher)
	}

	/// Whether `who` is an active auditor.
	fn is_auditor(who: &AccountId) -> bool {
		Self::has_role(who, RoleKind::Auditor)
	}

	/// The active clinic whose registered worker account `who` is, if any: the account a
	/// clinic's node signs federated-learning commitments and reveals with, so that the
	/// clinic's own key stays off the node. A worker is not a member and may do nothing else.
	fn clinic_of_worker(_who: &AccountId) -> Option<AccountId> {
		None
	}

	/// Makes `who` an active member with `role` (in `jurisdiction` for a clinic), so that the
	/// benchmarks of other pallets can set up their callers.
	#[cfg(feature = "runtime-benchmarks")]
	fn admit_for_benchmarks(who: &AccountId, role: RoleKind, jurisdiction: Jurisdiction);
}

/// "Is patient P consented for purpose X, as recorded or relied on by clinic C, at time T?"
///
/// `Moment` is the chain's time (milliseconds since the Unix epoch from `pallet-timestamp`).
pub trait ConsentProvider<AccountId, Moment> {
	/// Whether `patient` holds a consent for `purpose` that `clinic` recorded or may rely on,
	/// and that is active (not withdrawn, not entered in error, within its validity) at `at`.
	fn is_consented(
		patient: &Pseudonym,
		purpose: ConsentPurpose,
		clinic: &AccountId,
		at: Moment,
	) -> bool;

	/// Records an active consent of `patient` for `purpose` by `clinic`, valid from `from`
	/// onwards, so that the benchmarks of other pallets can set up their state.
	#[cfg(feature = "runtime-benchmarks")]
	fn grant_for_benchmarks(
		patient: &Pseudonym,
		purpose: ConsentPurpose,
		clinic: &AccountId,
		from: Moment,
	);
}

/// A consent's number in the consent ledger (`pallet-consent`), given in recording order.
pub type ConsentId = u64;

/// A specimen's number in the custody ledger (`pallet-custody`), given in registration order.
pub type SpecimenId = u64;

/// A day in the chain's unit of time: milliseconds, as `pallet-timestamp` counts them.
pub const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// The status of a storage consent, as [`StorageConsentProvider`] reports it (HL7 FHIR
/// Consent; expiry is not a status: compare [`StorageConsentTerms::storage_until`] with the
/// time).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum StorageConsentStatus<Moment> {
	/// Not withdrawn and not entered in error.
	Active,
	/// Withdrawn at `at`: storage is no longer consented from `at` on.
	Withdrawn {
		/// When the consent was withdrawn.
		at: Moment,
	},
	/// Recorded by mistake: it was never a consent.
	EnteredInError,
}

/// What the custody of gametes and embryos needs to know of one storage consent.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct StorageConsentTerms<Moment> {
	/// The person who consents to the storage.
	pub patient: Pseudonym,
	/// From when the consent is in effect.
	pub from: Moment,
	/// Until when (exclusive) storage is consented: the consent's storage period, within its
	/// validity (UK HFE Act 1990, Schedule 3, para. 2(2)).
	pub storage_until: Moment,
	/// Active, withdrawn or entered in error.
	pub status: StorageConsentStatus<Moment>,
}

/// "Under which terms may clinic C store gametes or embryos under consent N?"
///
/// [`ConsentProvider`] answers yes or no for a patient; custody needs more of one named
/// consent: its storage period, and when it was withdrawn (which starts a cooling-off period
/// for embryos, docs/domain.md, "Storage of gametes and embryos").
pub trait StorageConsentProvider<AccountId, Moment> {
	/// The storage terms of consent `id`, if it exists, covers [`ConsentPurpose::Storage`] and
	/// `clinic` recorded it or may rely on it; `None` otherwise.
	fn storage_consent(id: ConsentId, clinic: &AccountId) -> Option<StorageConsentTerms<Moment>>;

	/// Records an active storage consent of `patient` by the first of `clinics`, which the
	/// others may rely on, in effect from now until `storage_until`, so that the benchmarks of
	/// other pallets can set up their state; returns its id, or `None` if it could not be
	/// recorded.
	#[cfg(feature = "runtime-benchmarks")]
	fn grant_storage_for_benchmarks(
		patient: &Pseudonym,
		clinics: &[AccountId],
		storage_until: Moment,
	) -> Option<ConsentId>;
}

/// How the donor registry stands on a registered donor.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum DonorStanding {
	/// Registered and not flagged.
	Available,
	/// Registered and flagged (e.g. a pathogenic variant found): no new allocation anywhere.
	Flagged,
	/// Registered and retired (by the registering clinic, or because it left the consortium):
	/// no new allocation anywhere.
	Retired,
}

/// "Is donor D in the consortium's donor registry (`pallet-donor-matching`)?"
pub trait DonorRegistry<AccountId> {
	/// How the registry stands on `donor` (the donor's linkage id, the registry's key); `None`
	/// if no donor is registered under it.
	fn registered_donor(donor: &DonorLinkageId) -> Option<DonorStanding>;

	/// Registers `donor` (by `clinic`), unflagged, so that the benchmarks of other pallets can
	/// set up their state.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(donor: &DonorLinkageId, clinic: &AccountId);
}

/// "Which clinic holds specimen S?", and the flag a recall of a lot puts on a specimen: the
/// custody ledger (`pallet-custody`) as other pallets (the supplies ledger) may use it.
pub trait SpecimenRegistry<AccountId> {
	/// The clinic that has custody of `specimen` now (whatever its status); `None` if no such
	/// specimen is registered.
	fn custodian(specimen: SpecimenId) -> Option<AccountId>;

	/// Flags `specimen` as touched by a recalled lot; `notice` is the hash of the recall
	/// notice. Does nothing for an unknown specimen.
	fn flag_recalled(specimen: SpecimenId, notice: DocumentHash);

	/// Registers a stored specimen in the custody of `clinic`, so that the benchmarks of other
	/// pallets can set up their state; returns its id, or `None` if it could not be registered.
	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmarks(clinic: &AccountId) -> Option<SpecimenId>;
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn jurisdiction_accepts_only_upper_case_letters() {
		assert_eq!(Jurisdiction::from_code(*b"GB"), Some(Jurisdiction(*b"GB")));
		assert_eq!(Jurisdiction::from_code(*b"gb"), None);
		assert_eq!(Jurisdiction::from_code(*b"G1"), None);
		assert!(!Jurisdiction(*b"g!").is_well_formed());
	}

	#[test]
	fn consent_purpose_all_lists_every_purpose_once_in_order() {
		// Every encoding that decodes is a purpose: ALL must hold exactly those, in order.
		let decoded: Vec<ConsentPurpose> = (0..=u8::MAX)
			.filter_map(|i| ConsentPurpose::decode(&mut &[i][..]).ok())
			.collect();
		assert_eq!(decoded, ConsentPurpose::ALL);
	}
}
