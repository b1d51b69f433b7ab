//! The consent ledger's types: the terms a clinic records and a patient co-signs, the payload
//! of the co-signature, a consent as stored and its status, and the state clients read.

use crate::pallet::Config;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::ConstU32, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;

/// A consent's number, given by the chain in recording order from 0 (defined in
/// `ivf-primitives`, so that other pallets can name a consent).
pub use ivf_primitives::ConsentId;
pub use ivf_primitives::{
	ConsentProvider, ConsentPurpose, DocumentHash, Pseudonym, StorageConsentProvider,
	StorageConsentStatus, StorageConsentTerms,
};

/// The most purposes one consent carries: each [`ConsentPurpose`] once.
pub const MAX_PURPOSES: u32 = 6;

/// The most consent ids one call of
/// [`Pallet::close_consents_of_departed_clinic`](crate::Pallet::close_consents_of_departed_clinic)
/// examines (its `limit`): at the estimated cost of one read and one write per consent, a few
/// percent of a block's weight.
pub const MAX_CONSENTS_EXAMINED_PER_CALL: u32 = 500;

/// The most consents one `record_consents` call records: a clinic moving its consents onto the
/// chain sends them in batches of at most this many (about 25 KB and, priced at the worst
/// case, a few percent of a block).
pub const MAX_CONSENTS_PER_BATCH: u32 = 100;

/// The purposes of one consent: each at most once, in the order the clinic gave them.
pub type Purposes = BoundedVec<ConsentPurpose, ConstU32<MAX_PURPOSES>>;

/// The domain-separation tag that starts every payload a patient co-signs, so that a
/// signature over a consent can never be taken for a signature over anything else.
pub const CONSENT_SIGNING_DOMAIN: [u8; 14] = *b"ivf-consent/v1";

/// What polkadot-js wallets wrap around raw bytes before signing them; a co-signature over the
/// wrapped payload is accepted too.
pub(crate) const WRAPPED_BYTES_PREFIX: &[u8] = b"<Bytes>";
pub(crate) const WRAPPED_BYTES_SUFFIX: &[u8] = b"</Bytes>";

/// The terms of a consent: what the clinic records and the patient co-signs.
///
/// Times are milliseconds since the Unix epoch, as the chain's clock counts them.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ConsentTerms {
	/// The patient: `blake2_256(salt ‖ clinic-local identifier)`, salt kept at the clinic.
	pub pseudonym: Pseudonym,
	/// What the patient consents to; at least one, each at most once.
	pub purposes: Purposes,
	/// From when the consent applies. At most [`Config::BackdatingTolerance`] before the
	/// chain's time when recorded; it may lie in the future.
	pub valid_from: u64,
	/// Until when (exclusive) the consent applies; `None` for no end date.
	pub valid_until: Option<u64>,
	/// Until when (exclusive) gametes or embryos may be stored: required if and only if
	/// [`ConsentPurpose::Storage`] is among the purposes, and within the validity (UK HFE Act
	/// 1990, Schedule 3, para. 2(2): a consent to storage states its maximum period).
	pub storage_until: Option<u64>,
	/// Hash of the signed consent form, which the clinic keeps off chain.
	pub form_hash: DocumentHash,
}

impl ConsentTerms {
	/// Whether the terms list `purpose`.
	pub fn covers(&self, purpose: ConsentPurpose) -> bool {
		self.purposes.contains(&purpose)
	}
}

/// What a patient co-signs: see the table in the crate docs for its byte layout.
#[derive(Encode)]
pub struct ConsentPayload<'a, AccountId, Hash> {
	/// Always [`CONSENT_SIGNING_DOMAIN`].
	pub domain: [u8; 14],
	/// The hash of the chain's genesis block.
	pub genesis_hash: Hash,
	/// The clinic that records the consent.
	pub clinic: &'a AccountId,
	/// The terms, as passed to [`Pallet::record_consent`](crate::Pallet::record_consent).
	pub terms: &'a ConsentTerms,
}

/// A patient's co-signature of a consent's [`ConsentPayload`].
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub struct PatientCoSignature<AccountId, Signature> {
	/// The patient's key (in the runtime: an account id), which may later withdraw the consent.
	pub patient: AccountId,
	/// The patient's signature of the payload, or of the payload wrapped in `<Bytes>`…`</Bytes>`.
	pub signature: Signature,
}

/// The stored status of a consent (HL7 FHIR Consent). `Expired` is never stored: see
/// [`ConsentState`].
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub enum ConsentStatus<AccountId> {
	/// In force (within its validity; see [`ConsentState`] for expiry).
	Active,
	/// Withdrawn at `at` (chain time) by `by`: the recording clinic or the patient's key.
	Withdrawn {
		/// When (chain time, ms).
		at: u64,
		/// Who withdrew it: the recording clinic or the patient's key.
		by: AccountId,
	},
	/// Marked at `at` (chain time) by the recording clinic `by` as recorded by mistake; it was
	/// never in effect.
	EnteredInError {
		/// When (chain time, ms).
		at: u64,
		/// The recording clinic.
		by: AccountId,
	},
	/// Withdrawn at `at` (chain time) by the consortium's governance, because the recording
	/// clinic left the consortium; `reason` is the hash of the council's reasons, kept off
	/// chain. It no longer applies from `at` on, exactly as after [`ConsentStatus::Withdrawn`].
	WithdrawnByGovernance {
		/// When (chain time, ms).
		at: u64,
		/// The hash of the council's reasons.
		reason: DocumentHash,
	},
}

/// A consent's status as of a given time, as clients read it: the stored status, with
/// `Expired` derived from `valid_until`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum ConsentState<AccountId> {
	/// In force: not withdrawn, not entered in error, `valid_until` not reached. (It may not
	/// have started yet: see `valid_from`.)
	Active,
	/// Its validity ended at `at` (its `valid_until`) without a withdrawal.
	Expired {
		/// When (chain time, ms).
		at: u64,
	},
	/// Withdrawn at `at` by `by`.
	Withdrawn {
		/// When (chain time, ms).
		at: u64,
		/// Who withdrew it: the recording clinic or the patient's key.
		by: AccountId,
	},
	/// Marked by `by` at `at` as recorded by mistake.
	EnteredInError {
		/// When (chain time, ms).
		at: u64,
		/// The recording clinic.
		by: AccountId,
	},
	/// Withdrawn at `at` by the consortium's governance after the recording clinic left;
	/// `reason` is the hash of the council's reasons.
	WithdrawnByGovernance {
		/// When (chain time, ms).
		at: u64,
		/// The hash of the council's reasons.
		reason: DocumentHash,
	},
}

/// A consent as the ledger keeps it.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct Consent<T: Config> {
	/// The terms the clinic recorded (and the patient, if any, co-signed).
	pub terms: ConsentTerms,
	/// The recording clinic.
	pub clinic: T::AccountId,
	/// The patient's key, if the patient co-signed; it may withdraw the consent and let other
	/// clinics rely on it.
	pub patient: Option<T::AccountId>,
	/// When the chain recorded the consent (milliseconds since the Unix epoch).
	pub recorded_at: u64,
	/// Active, withdrawn or entered in error.
	pub status: ConsentStatus<T::AccountId>,
	/// Other clinics that may rely on the consent, e.g. after the patient moved there.
	pub relying_clinics: BoundedVec<T::AccountId, T::MaxRelyingClinics>,
}

impl<T: Config> Consent<T> {
	/// A new, active consent that no other clinic relies on yet.
	pub fn new(
		terms: ConsentTerms,
		clinic: T::AccountId,
		patient: Option<T::AccountId>,
		recorded_at: u64,
	) -> Self {
		Self {
			terms,
			clinic,
			patient,
			recorded_at,
			status: ConsentStatus::Active,
			relying_clinics: BoundedVec::new(),
		}
	}

	/// Whether `clinic` recorded the consent or may rely on it.
	pub fn is_held_by(&self, clinic: &T::AccountId) -> bool {
		&self.clinic == clinic || self.relying_clinics.contains(clinic)
	}

	/// Whether the consent allows `purpose` to `clinic` at `at`: the rule in the crate docs'
	/// "When a consent is in effect".
	pub fn is_in_effect(&self, purpose: ConsentPurpose, clinic: &T::AccountId, at: u64) -> bool {
		let withdrawn_at = match self.status {
			ConsentStatus::Active => None,
			ConsentStatus::Withdrawn { at: withdrawn_at, .. }
			| ConsentStatus::WithdrawnByGovernance { at: withdrawn_at, .. } => Some(withdrawn_at),
			ConsentStatus::EnteredInError { .. } => return false,
		};
		let starts = self.terms.valid_from.max(self.recorded_at);
		let storage_ends =
			if purpose == ConsentPurpose::Storage { self.terms.storage_until } else { None };
		let ends = [self.terms.valid_until, withdrawn_at, storage_ends].into_iter().flatten().min();
		self.terms.covers(purpose)
			&& self.is_held_by(clinic)
			&& starts <= at
			&& ends.is_none_or(|ends| at < ends)
	}

	/// The consent's state at `now`: its stored status, or `Expired` once `valid_until` passed.
	pub fn state_at(&self, now: u64) -> ConsentState<T::AccountId> {
		match &self.status {
			ConsentStatus::Active => match self.terms.valid_until {
				Some(until) if until <= now => ConsentState::Expired { at: until },
				_ => ConsentState::Active,
			},
			ConsentStatus::Withdrawn { at, by } => {
				ConsentState::Withdrawn { at: *at, by: by.clone() }
			},
			ConsentStatus::EnteredInError { at, by } => {
				ConsentState::EnteredInError { at: *at, by: by.clone() }
			},
			ConsentStatus::WithdrawnByGovernance { at, reason } => {
				ConsentState::WithdrawnByGovernance { at: *at, reason: *reason }
			},
		}
	}
}

/// Makes patient keys and their signatures for the benchmarks, which cannot know how the
/// runtime's [`Config::PatientSignature`] is made.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId, Signature> {
	/// A fresh patient key and its signature of `message`; `None` if no key could be made.
	fn sign(message: &[u8]) -> Option<(AccountId, Signature)>;
}

/// [`BenchmarkHelper`] for a runtime whose patient keys are `AccountId32` and whose signatures
/// are `MultiSignature`: an sr25519 key from the keystore the benchmark host provides.
#[cfg(feature = "runtime-benchmarks")]
pub struct Sr25519PatientKeys;

#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<sp_runtime::AccountId32, sp_runtime::MultiSignature> for Sr25519PatientKeys {
	fn sign(message: &[u8]) -> Option<(sp_runtime::AccountId32, sp_runtime::MultiSignature)> {
		const KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"ivfp");
		let public = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
		let signature = sp_io::crypto::sr25519_sign(KEY_TYPE, &public, message)?;
		Some((public.into(), signature.into()))
	}
}
