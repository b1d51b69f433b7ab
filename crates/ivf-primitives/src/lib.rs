//! Types and traits shared by the IVF consortium pallets.
//!
//! A pallet never reads another pallet's storage. It asks through the traits defined here
//! ([`ConsortiumMembership`], [`ConsentProvider`]), which the runtime wires to the concrete
//! pallets and a pallet's `mock.rs` wires to a simple in-memory implementation.
//!
//! No personal data crosses these traits: patients, donors and families are
//! [`Pseudonym`]s, salted hashes made at the clinic whose salt never leaves it.

#![cfg_attr(not(feature = "std"), no_std)]

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// ISO 3166-1 alpha-2 country code, upper case ASCII (`*b"GB"`, `*b"FR"`).
///
/// Jurisdiction decides which law applies: donor family limits, and where data may go.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
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

/// A 32-byte hash of a document or artefact kept off chain (consent form, schema, model).
pub type DocumentHash = [u8; 32];

/// What a patient consents to (HL7 FHIR Consent scopes; UK HFE Act Schedule 3 for gametes,
/// embryos and storage).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
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

/// The roles a consortium member can hold.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
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
}
