//! The patient consent ledger: consents that clinics record for pseudonymous patients, that
//! patients may co-sign and withdraw, time-stamped by the chain and never deleted.
//!
//! ## Overview
//!
//! Every use of a patient's data or gametes downstream (data access, federated training,
//! donation) depends on a consent. A signed consent that is time-stamped on an immutable ledger
//! cannot be unsigned or back-dated, and every consortium member can check it. This pallet is
//! that ledger:
//!
//! - a **clinic** records a consent for a patient [`Pseudonym`]: its purposes, its validity, the
//!   hash of the signed consent form, and (optionally) the **patient's co-signature** made with the
//!   patient's own key;
//! - the recording clinic, or the patient's key where the patient co-signed, **withdraws** it in
//!   one call;
//! - the recording clinic marks a consent it recorded by mistake as **entered in error**;
//! - when a patient moves, the recording clinic (or the patient's key) lets **another clinic rely**
//!   on the consent, and can revoke that again;
//! - other pallets ask "is patient P consented for purpose X by clinic C at time T?" through
//!   [`ConsentProvider`], and clients read a consent's status and all consents of a pseudonym
//!   through the [`runtime_api::ConsentApi`] runtime API.
//!
//! ### No personal data on chain: the pseudonym scheme
//!
//! A patient appears on chain only as a [`Pseudonym`]: `blake2_256(salt ‖ clinic-local patient
//! identifier)`, made at the clinic with a random salt of at least 32 bytes that never leaves the
//! clinic. The consent form appears only as its hash ([`DocumentHash`]). Without the salt, no
//! one can link a pseudonym to a person, and no one can test a guessed identifier against it.
//!
//! **Erasure (GDPR Art. 17).** The ledger deletes nothing, so erasure happens off chain: the
//! clinic deletes the patient's salt. From then on no one, the clinic included, can link the
//! pseudonym or its consents to the person; what stays on chain is no longer personal data.
//! A patient who moves keeps the pseudonym the recording clinic made; the new clinic relies on
//! the consent (see [`Pallet::allow_reliance`]) and never needs the salt.
//!
//! The patient's co-signing key is an account key made for this purpose (e.g. in the patient's
//! wallet) and carries no identity either. It should not be reused for anything that identifies
//! the patient.
//!
//! ## Pallet API
//!
//! Calls (see [`Call`] for the full documentation of each):
//! - [`Pallet::record_consent`]: a clinic records a consent, optionally co-signed by the patient;
//! - [`Pallet::withdraw_consent`]: the recording clinic or the patient's key withdraws it;
//! - [`Pallet::mark_entered_in_error`]: the recording clinic marks it as recorded by mistake;
//! - [`Pallet::allow_reliance`] and [`Pallet::revoke_reliance`]: another clinic may (no longer)
//!   rely on it;
//! - [`Pallet::close_consents_of_departed_clinic`]: governance closes, page by page, the consents
//!   a removed or suspended clinic recorded and the patient did not co-sign.
//!
//! Storage: [`Consents`] (every consent by [`ConsentId`]), [`ConsentsByPatient`] (the consents of
//! a pseudonym), [`CoSignedPayloads`] (the co-signed payloads already used), [`NextConsentId`],
//! [`DepartedClinicCursor`] (how far governance has examined the ledger for a departed clinic).
//!
//! Events are in [`Event`], errors in [`Error`], configuration in [`Config`].
//!
//! Queries: [`ConsentProvider`] and [`StorageConsentProvider`] (the terms of one storage
//! consent, for the custody of gametes and embryos) for other pallets, implemented by
//! [`Pallet`]; the runtime API [`runtime_api::ConsentApi`], answered by
//! [`Pallet::consent_status`], [`Pallet::consents_of`] and [`Pallet::signing_payload`].
//!
//! ### Co-signing: what the patient signs
//!
//! The patient signs the SCALE encoding of a [`ConsentPayload`], which is, byte for byte:
//!
//! | bytes | field |
//! |---|---|
//! | 14 | [`CONSENT_SIGNING_DOMAIN`], `b"ivf-consent/v1"` (domain separation) |
//! | 32 | the chain's genesis hash (so a signature is good on one chain only) |
//! | 32 | the recording clinic's account |
//! | rest | the [`ConsentTerms`], exactly as passed to [`Pallet::record_consent`] |
//!
//! [`runtime_api::ConsentApi::signing_payload`] returns these bytes, so a client need not build
//! them. The signature may also be over the payload wrapped in `<Bytes>`…`</Bytes>`, which is
//! what polkadot-js wallets sign when they sign raw bytes. In the runtime the signature is a
//! `MultiSignature` and the patient's key is an account id, so the patient signs the withdrawal
//! extrinsic with the very same key.
//!
//! ## Design
//!
//! - **Nothing is ever deleted.** A consent is inserted once into [`Consents`] and afterwards only
//!   its status and its list of relying clinics change. Withdrawal and entered-in-error are
//!   statuses that carry their own time and author (after HL7 FHIR Consent; docs/domain.md: "a withdrawn
//!   consent is never deleted: it becomes inactive, and the withdrawal is its own time-stamped
//!   record"). [`ConsentsByPatient`] only grows.
//! - **Nothing can be back-dated.** `recorded_at`, and the time of a withdrawal or of an
//!   entered-in-error mark, come from the chain's clock ([`Config::Time`]); no call takes them as
//!   an argument. `valid_from` is the consent's own term, so a clinic may set it, but at most
//!   [`Config::BackdatingTolerance`] before the chain's time (to absorb clock skew and the wait for
//!   inclusion). And a consent is never in effect before it was recorded: it takes effect at the
//!   later of `valid_from` and `recorded_at`.
//! - **Lifecycle** (HL7 FHIR Consent): a consent is stored [`ConsentStatus::Active`], then may
//!   become [`ConsentStatus::Withdrawn`], [`ConsentStatus::WithdrawnByGovernance`] or
//!   [`ConsentStatus::EnteredInError`], each final.
//!   `Expired` is derived from time, never stored ([`ConsentState::Expired`]), so no one has to
//!   send a transaction for a consent to expire.
//! - **When a consent is in effect.** For purpose X, clinic C and time T it is in effect when it
//!   lists X; C recorded it or relies on it; it is not entered in error; and T lies in
//!   `[max(valid_from, recorded_at), min(valid_until, withdrawn at, storage_until if X is
//!   Storage))`. A withdrawal ends a consent from its time on, and does not undo it before (GDPR
//!   Art. 7(3): withdrawal "shall not affect the lawfulness of processing based on consent before
//!   its withdrawal"; docs/domain.md: "rounds that start after it must exclude the record"). An entry in
//!   error was never a consent, so it is in effect at no time.
//! - **Withdrawal is as easy as giving consent** (GDPR Art. 7(3)): one call with the consent's id,
//!   by the recording clinic or by the key that co-signed it, whatever the purposes.
//! - **Storage carries its own period** (UK HFE Act 1990, Schedule 3, para. 2(2): a consent to
//!   storage must state its maximum period). [`ConsentTerms::storage_until`] is required exactly
//!   when [`ConsentPurpose::Storage`] is among the purposes, and lies within the validity.
//! - **A co-signature is good for one consent.** A patient's signature covers the clinic, the chain
//!   and the terms; its payload's hash is kept in [`CoSignedPayloads`] and a second use is refused,
//!   so a withdrawn consent cannot be recorded again with the old signature.
//! - **Only active members act.** Every clinic action asks [`Config::Membership`] whether the
//!   caller is an active clinic now, so a suspended clinic can do nothing. A patient's key needs no
//!   membership: it acts only on the consents it co-signed.
//! - **A departed clinic's consents end by governance.** A consent the patient did not co-sign
//!   can be withdrawn only by its recording clinic; once that clinic is removed or suspended,
//!   nobody could. [`Config::GovernanceOrigin`] closes such consents
//!   ([`Pallet::close_consents_of_departed_clinic`]): each becomes
//!   [`ConsentStatus::WithdrawnByGovernance`], with the chain's time and the hash of the
//!   council's reasons, and every reader ([`ConsentProvider`], [`StorageConsentProvider`], the
//!   runtime API) sees it withdrawn from that time on, exactly as after a withdrawal. Co-signed
//!   consents stay as they are: the patient's key can still withdraw them. The ledger keeps no
//!   index of consents by clinic, so the call walks consent ids in order from
//!   [`DepartedClinicCursor`], at most [`MAX_CONSENTS_EXAMINED_PER_CALL`] per call: its weight
//!   is priced by the number of ids examined, and the council calls again while the event says
//!   more remain.
//! - **Ids** are a `u64` counter ([`NextConsentId`]) in recording order: short to read out in
//!   polkadot-js and to quote on a form, unique without hashing, and checked for overflow.
//! - **Bounded storage.** A consent has at most six purposes (each [`ConsentPurpose`] once) and
//!   [`Config::MaxRelyingClinics`] relying clinics; a pseudonym at most
//!   [`Config::MaxConsentsPerPatient`] consents. A pseudonym that reaches the limit is refused
//!   further consents ([`Error::TooManyConsentsForPatient`]); the clinic then records under a new
//!   pseudonym (new salt).

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(test)]
mod mock;

#[cfg(test)]
mod tests;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod weights;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{ConstU32, Get},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
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

/// The most consent ids one call of [`Pallet::close_consents_of_departed_clinic`] examines
/// (its `limit`): at the estimated cost of one read and one write per consent, a few percent
/// of a block's weight.
pub const MAX_CONSENTS_EXAMINED_PER_CALL: u32 = 500;

/// The purposes of one consent: each at most once, in the order the clinic gave them.
pub type Purposes = BoundedVec<ConsentPurpose, ConstU32<MAX_PURPOSES>>;

/// The domain-separation tag that starts every payload a patient co-signs, so that a
/// signature over a consent can never be taken for a signature over anything else.
pub const CONSENT_SIGNING_DOMAIN: [u8; 14] = *b"ivf-consent/v1";

/// What polkadot-js wallets wrap around raw bytes before signing them; a co-signature over the
/// wrapped payload is accepted too.
const WRAPPED_BYTES_PREFIX: &[u8] = b"<Bytes>";
const WRAPPED_BYTES_SUFFIX: &[u8] = b"</Bytes>";

/// The terms of a consent: what the clinic records and the patient co-signs.
///
/// Times are milliseconds since the Unix epoch, as the chain's clock counts them.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
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
	/// The terms, as passed to [`Pallet::record_consent`].
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
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
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

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	pub use crate::weights::WeightInfo;
	use frame_support::{
		pallet_prelude::*,
		traits::{EnsureOrigin, Time},
	};
	use frame_system::pallet_prelude::*;
	use ivf_primitives::ConsortiumMembership;
	use sp_runtime::traits::{IdentifyAccount, Verify};

	/// The version of this pallet's storage layout. Bump it with a migration whenever a stored
	/// type or key changes, so that a runtime upgrade (`try-runtime on-runtime-upgrade`) shows
	/// which pallets need one.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who is an active clinic. Asked on every clinic action, so that a suspended or
		/// removed clinic can do nothing.
		type Membership: ConsortiumMembership<Self::AccountId>;

		/// The chain's clock: milliseconds since the Unix epoch (`pallet_timestamp`). Every
		/// time the ledger records comes from it.
		type Time: Time<Moment = u64>;

		/// The key type a patient co-signs with. It identifies as an account id, so that the
		/// patient can also sign extrinsics (the withdrawal) with it. In the runtime:
		/// `MultiSigner`.
		type PatientKey: IdentifyAccount<AccountId = Self::AccountId>;

		/// A patient's signature of a [`ConsentPayload`], verified on chain. In the runtime:
		/// `MultiSignature` (sr25519, ed25519 or ecdsa).
		type PatientSignature: Verify<Signer = Self::PatientKey> + Parameter;

		/// How far before the chain's time (in milliseconds) a new consent's `valid_from` may
		/// lie: room for clock skew and for the wait until inclusion, and no more.
		#[pallet::constant]
		type BackdatingTolerance: Get<u64>;

		/// The most consents one pseudonym can have, withdrawn ones included.
		#[pallet::constant]
		type MaxConsentsPerPatient: Get<u32>;

		/// The most clinics that may rely on one consent besides the recording clinic.
		#[pallet::constant]
		type MaxRelyingClinics: Get<u32>;

		/// The consortium's governance, which closes the consents of a clinic that left
		/// ([`Pallet::close_consents_of_departed_clinic`]). In the runtime: the council's
		/// qualified majority, or Root.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Makes patient keys and signatures for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, Self::PatientSignature>;
	}

	/// Every consent ever recorded, by id. Never removed.
	// Twox64Concat: ids are handed out by the chain in sequence; no caller can choose one to
	// unbalance the trie.
	#[pallet::storage]
	pub type Consents<T: Config> = StorageMap<_, Twox64Concat, ConsentId, Consent<T>>;

	/// The ids of every consent of a pseudonym, in recording order. Only grows.
	// Blake2_128Concat: a clinic chooses the pseudonym, so a plain hasher would let it craft
	// keys that unbalance the trie.
	#[pallet::storage]
	pub type ConsentsByPatient<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		Pseudonym,
		BoundedVec<ConsentId, T::MaxConsentsPerPatient>,
		ValueQuery,
	>;

	/// For each co-signed payload already used, `blake2_256` of the payload and the consent it
	/// backs: a co-signature is good for one consent.
	// Identity: the key is a blake2_256 hash the chain computes, uniformly spread whatever the
	// caller passes.
	#[pallet::storage]
	pub type CoSignedPayloads<T: Config> = StorageMap<_, Identity, [u8; 32], ConsentId>;

	/// The id the next consent gets.
	#[pallet::storage]
	pub type NextConsentId<T: Config> = StorageValue<_, ConsentId, ValueQuery>;

	/// For each clinic whose consents governance has begun to close, the id of the next consent
	/// to examine: every consent below it has been examined for that clinic.
	// Twox64Concat: only governance writes keys, so they cannot be chosen to unbalance the trie.
	#[pallet::storage]
	pub type DepartedClinicCursor<T: Config> =
		StorageMap<_, Twox64Concat, T::AccountId, ConsentId, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A clinic recorded a consent; `patient` is the co-signing patient key, if any.
		ConsentRecorded {
			/// The consent's id.
			consent_id: ConsentId,
			/// The patient's salted pseudonym.
			pseudonym: Pseudonym,
			/// The recording clinic.
			clinic: T::AccountId,
			/// The patient's co-signing key, if the patient co-signed.
			patient: Option<T::AccountId>,
		},
		/// A consent was withdrawn at `at` (chain time) by `by`, the recording clinic or the
		/// patient's key. It no longer applies from `at` on.
		ConsentWithdrawn {
			/// The consent.
			consent_id: ConsentId,
			/// The recording clinic or the patient's key.
			by: T::AccountId,
			/// When (chain time, ms).
			at: u64,
		},
		/// The recording clinic marked a consent as recorded by mistake, at `at` (chain time).
		ConsentEnteredInError {
			/// The consent.
			consent_id: ConsentId,
			/// The recording clinic.
			clinic: T::AccountId,
			/// When (chain time, ms).
			at: u64,
		},
		/// `clinic` may now rely on the consent; `by` is the recording clinic or the patient's
		/// key.
		RelianceAllowed {
			/// The consent.
			consent_id: ConsentId,
			/// The clinic that may now rely on it.
			clinic: T::AccountId,
			/// The recording clinic or the patient's key.
			by: T::AccountId,
		},
		/// `clinic` may no longer rely on the consent; `by` is the recording clinic or the
		/// patient's key.
		RelianceRevoked {
			/// The consent.
			consent_id: ConsentId,
			/// The clinic that may no longer rely on it.
			clinic: T::AccountId,
			/// The recording clinic or the patient's key.
			by: T::AccountId,
		},
		/// Governance closed `closed` consents that `clinic`, which left the consortium,
		/// recorded and the patient did not co-sign: each is withdrawn from `at` (chain time),
		/// with `reason` (the hash of the council's reasons). Every consent id below `next` has
		/// been examined; if `more_remain`, call again to examine the rest.
		DepartedClinicConsentsClosed {
			/// The clinic that left.
			clinic: T::AccountId,
			/// The hash of the council's reasons.
			reason: DocumentHash,
			/// When they stop applying (chain time, ms).
			at: u64,
			/// How many consents this call closed.
			closed: u32,
			/// Every consent id below this one has been examined.
			next: ConsentId,
			/// Whether consents remain to examine: call again.
			more_remain: bool,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not an active clinic of the consortium (never admitted, removed or
		/// suspended). Only active clinics record consents and act as clinics on them; ask the
		/// consortium's governance about the clinic's membership.
		NotAnActiveClinic,
		/// The consent lists no purpose. Give at least one purpose.
		NoPurpose,
		/// The consent lists a purpose twice. Give each purpose once.
		DuplicatePurpose,
		/// The consent includes storage of gametes or embryos but no `storage_until`. A consent
		/// to storage states its period (UK HFE Act, Schedule 3): set `storage_until`.
		StoragePeriodMissing,
		/// `storage_until` is set but storage is not among the purposes. Leave `storage_until`
		/// empty, or add the `Storage` purpose.
		StoragePeriodWithoutStorage,
		/// `storage_until` is not after `valid_from` and the chain's time, or is after
		/// `valid_until`. Choose a storage end within the consent's validity.
		StoragePeriodOutsideValidity,
		/// `valid_from` lies further in the past than the chain allows
		/// (`BackdatingTolerance`): a consent cannot be back-dated. Use the current time, or a
		/// later one.
		ValidFromInPast,
		/// `valid_until` is not after both `valid_from` and the chain's time, so the consent
		/// would never apply. Choose a later `valid_until`, or none.
		ValidUntilTooEarly,
		/// The patient's co-signature does not verify: signed by another key, or over other
		/// bytes than this consent's payload (other terms, clinic or chain). Have the patient
		/// sign exactly the payload that `ConsentApi::signing_payload` returns for these terms
		/// and this clinic, and pass the key that signed.
		BadPatientSignature,
		/// This co-signed payload already backs a consent: a patient's signature is good for
		/// one consent, so that a withdrawn consent cannot be recorded again with it. Have the
		/// patient co-sign the new consent.
		CoSignatureReused,
		/// The pseudonym has reached `MaxConsentsPerPatient` consents. Record the consent under
		/// a new pseudonym (a new salt at the clinic).
		TooManyConsentsForPatient,
		/// The ledger has handed out every consent id. It cannot take more consents.
		ConsentIdsExhausted,
		/// No consent has this id. Check the id in the `ConsentRecorded` event or with
		/// `ConsentApi::consents_of`.
		UnknownConsent,
		/// Only the clinic that recorded the consent, or the patient's key where the patient
		/// co-signed it, may do this. Ask the recording clinic (or the patient).
		NotRecordingClinicOrPatient,
		/// Only the clinic that recorded the consent may mark it as entered in error. Ask that
		/// clinic; to end a consent the caller may rely on, the patient or the recording clinic
		/// withdraws it.
		NotRecordingClinic,
		/// The consent is already withdrawn or entered in error, which is final. Nothing more
		/// can change it; record a new consent if the patient consents again.
		ConsentNotActive,
		/// The clinic to rely on the consent is not an active clinic of the consortium. Only
		/// active clinics may rely on a consent.
		RelyingClinicNotActive,
		/// The clinic already holds the consent: it recorded it or already relies on it.
		AlreadyRelying,
		/// The consent has `MaxRelyingClinics` relying clinics. Revoke one that no longer
		/// needs it first.
		TooManyRelyingClinics,
		/// The clinic does not rely on the consent, so there is nothing to revoke.
		NotRelying,
		/// The clinic is still an active clinic of the consortium: it withdraws its own
		/// consents. Remove or suspend the clinic first (a council motion in the consortium
		/// pallet).
		ClinicStillActive,
		/// `limit` is 0 or above `MAX_CONSENTS_EXAMINED_PER_CALL` (500). Examine between 1 and
		/// 500 consents per call, and call again while the event says more remain.
		InvalidLimit,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxConsentsPerPatient::get() > 0,
				"a pseudonym must be able to hold a consent"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Record a patient's consent, optionally co-signed by the patient.
		///
		/// ## Origin
		///
		/// Signed by an active clinic of the consortium, which becomes the recording clinic.
		///
		/// ## Details
		///
		/// `terms` name the patient by pseudonym only (see the crate docs for the scheme), list
		/// the purposes (each once; `storage_until` is set exactly when `Storage` is one of
		/// them), the validity and the hash of the signed consent form. The chain stamps the
		/// consent with its own time (`recorded_at`); `valid_from` may lie at most
		/// `BackdatingTolerance` before it, and the consent takes effect no earlier than
		/// `recorded_at` in any case.
		///
		/// With `co_signature`, the patient's key must have signed this consent's payload (the
		/// bytes `ConsentApi::signing_payload` returns for `terms` and the calling clinic). That
		/// key may then withdraw the consent and let other clinics rely on it. Each co-signed
		/// payload backs one consent only.
		///
		/// Emits [`Event::ConsentRecorded`] with the new consent's id.
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::NoPurpose`], [`Error::DuplicatePurpose`]: the purposes are empty or repeat.
		/// - [`Error::StoragePeriodMissing`], [`Error::StoragePeriodWithoutStorage`],
		///   [`Error::StoragePeriodOutsideValidity`]: the storage period does not fit the purposes
		///   or the validity.
		/// - [`Error::ValidFromInPast`], [`Error::ValidUntilTooEarly`]: the validity is back-dated
		///   or never applies.
		/// - [`Error::BadPatientSignature`], [`Error::CoSignatureReused`]: the co-signature does
		///   not verify, or already backs a consent.
		/// - [`Error::TooManyConsentsForPatient`], [`Error::ConsentIdsExhausted`]: no room.
		#[pallet::call_index(0)]
		// The co-signing patient's account gains a sufficient reference: one more read and
		// write of `System::Account` than the benchmark measured.
		#[pallet::weight(T::WeightInfo::record_consent(T::MaxConsentsPerPatient::get())
			.saturating_add(T::DbWeight::get().reads_writes(1, 1)))]
		pub fn record_consent(
			origin: OriginFor<T>,
			terms: ConsentTerms,
			co_signature: Option<PatientCoSignature<T::AccountId, T::PatientSignature>>,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			ensure!(T::Membership::is_clinic(&clinic), Error::<T>::NotAnActiveClinic);

			let now = T::Time::now();
			Self::ensure_valid_terms(&terms, now)?;

			let co_signed_payload = match &co_signature {
				None => None,
				Some(co_signature) => {
					let payload = Self::signing_payload(&clinic, &terms);
					ensure!(
						Self::verify_co_signature(&payload, co_signature),
						Error::<T>::BadPatientSignature
					);
					let payload_hash = sp_io::hashing::blake2_256(&payload);
					ensure!(
						!CoSignedPayloads::<T>::contains_key(payload_hash),
						Error::<T>::CoSignatureReused
					);
					Some(payload_hash)
				},
			};

			let pseudonym = terms.pseudonym;
			let patient = co_signature.map(|co_signature| co_signature.patient);
			let consent = Consent::<T>::new(terms, clinic.clone(), patient.clone(), now);
			let consent_id = Self::store_consent(consent)?;
			if let Some(payload_hash) = co_signed_payload {
				CoSignedPayloads::<T>::insert(payload_hash, consent_id);
			}
			if let Some(patient) = &patient {
				// The patient's key may sign its withdrawal with no funds: its account exists
				// for as long as the consent's record does (which is for good).
				frame_system::Pallet::<T>::inc_sufficients(patient);
			}

			Self::deposit_event(Event::ConsentRecorded { consent_id, pseudonym, clinic, patient });
			Ok(())
		}

		/// Withdraw a consent, from now on.
		///
		/// ## Origin
		///
		/// Signed by the clinic that recorded the consent (while it is an active clinic), or by
		/// the patient's key if the patient co-signed the consent.
		///
		/// ## Details
		///
		/// One call, whatever the consent's purposes: withdrawing is as easy as consenting
		/// (GDPR Art. 7(3)). The consent stays on the ledger with status `Withdrawn`, the
		/// chain's time and the caller; it no longer applies from that time on, and still did
		/// before it, so processing before the withdrawal stays lawful. An expired consent may
		/// be withdrawn too.
		///
		/// A withdrawal by the patient's key costs nothing (`Pays::No`): the key needs no funds,
		/// so no clinic funds it. The consortium runtime lets it in although the patient is no
		/// member, and only when it would succeed, so that no one can spam the free path.
		///
		/// Emits [`Event::ConsentWithdrawn`].
		///
		/// ## Errors
		///
		/// - [`Error::UnknownConsent`]: no consent has this id.
		/// - [`Error::NotAnActiveClinic`]: the caller recorded the consent but is no longer an
		///   active clinic.
		/// - [`Error::NotRecordingClinicOrPatient`]: the caller is neither the recording clinic nor
		///   the co-signing patient key.
		/// - [`Error::ConsentNotActive`]: the consent is already withdrawn or entered in error.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw_consent())]
		pub fn withdraw_consent(
			origin: OriginFor<T>,
			consent_id: ConsentId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let mut consent = Consents::<T>::get(consent_id).ok_or(Error::<T>::UnknownConsent)?;
			Self::ensure_clinic_or_patient(&who, &consent)?;
			ensure!(consent.status == ConsentStatus::Active, Error::<T>::ConsentNotActive);
			let by_patient = consent.patient.as_ref() == Some(&who);

			let at = T::Time::now();
			consent.status = ConsentStatus::Withdrawn { at, by: who.clone() };
			Consents::<T>::insert(consent_id, consent);

			Self::deposit_event(Event::ConsentWithdrawn { consent_id, by: who, at });
			// A patient withdraws for free: withdrawing must be as easy as consenting, and a
			// patient's key holds no funds.
			Ok(if by_patient { Pays::No.into() } else { ().into() })
		}

		/// Mark a consent as recorded by mistake (HL7 FHIR `entered-in-error`).
		///
		/// ## Origin
		///
		/// Signed by the clinic that recorded the consent, while it is an active clinic.
		///
		/// ## Details
		///
		/// For a consent that should never have been recorded (wrong pseudonym, wrong form).
		/// The consent stays on the ledger with status `EnteredInError`, the chain's time and
		/// the clinic, and counts as never having been in effect. To end a consent that was
		/// given, withdraw it instead.
		///
		/// Emits [`Event::ConsentEnteredInError`].
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownConsent`]: no consent has this id.
		/// - [`Error::NotRecordingClinic`]: the caller did not record the consent.
		/// - [`Error::ConsentNotActive`]: the consent is already withdrawn or entered in error.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::mark_entered_in_error())]
		pub fn mark_entered_in_error(
			origin: OriginFor<T>,
			consent_id: ConsentId,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			ensure!(T::Membership::is_clinic(&clinic), Error::<T>::NotAnActiveClinic);
			let mut consent = Consents::<T>::get(consent_id).ok_or(Error::<T>::UnknownConsent)?;
			ensure!(consent.clinic == clinic, Error::<T>::NotRecordingClinic);
			ensure!(consent.status == ConsentStatus::Active, Error::<T>::ConsentNotActive);

			let at = T::Time::now();
			consent.status = ConsentStatus::EnteredInError { at, by: clinic.clone() };
			Consents::<T>::insert(consent_id, consent);

			Self::deposit_event(Event::ConsentEnteredInError { consent_id, clinic, at });
			Ok(())
		}

		/// Let another clinic rely on a consent, e.g. when the patient moves there.
		///
		/// ## Origin
		///
		/// Signed by the clinic that recorded the consent (while it is an active clinic), or by
		/// the patient's key if the patient co-signed the consent.
		///
		/// ## Details
		///
		/// From now on `clinic` holds the consent as the recording clinic does: other pallets'
		/// question "is P consented for X by clinic C?" answers yes for it too, within the
		/// consent's terms. The relying clinic never needs the pseudonym's salt.
		///
		/// Emits [`Event::RelianceAllowed`].
		///
		/// ## Errors
		///
		/// - [`Error::UnknownConsent`]: no consent has this id.
		/// - [`Error::NotAnActiveClinic`]: the caller recorded the consent but is no longer an
		///   active clinic.
		/// - [`Error::NotRecordingClinicOrPatient`]: the caller is neither the recording clinic nor
		///   the co-signing patient key.
		/// - [`Error::ConsentNotActive`]: the consent is withdrawn or entered in error.
		/// - [`Error::RelyingClinicNotActive`]: `clinic` is not an active clinic.
		/// - [`Error::AlreadyRelying`]: `clinic` recorded the consent or already relies on it.
		/// - [`Error::TooManyRelyingClinics`]: the consent has `MaxRelyingClinics` already.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::allow_reliance(T::MaxRelyingClinics::get()))]
		pub fn allow_reliance(
			origin: OriginFor<T>,
			consent_id: ConsentId,
			clinic: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut consent = Consents::<T>::get(consent_id).ok_or(Error::<T>::UnknownConsent)?;
			Self::ensure_clinic_or_patient(&who, &consent)?;
			ensure!(consent.status == ConsentStatus::Active, Error::<T>::ConsentNotActive);
			ensure!(T::Membership::is_clinic(&clinic), Error::<T>::RelyingClinicNotActive);
			ensure!(!consent.is_held_by(&clinic), Error::<T>::AlreadyRelying);
			consent
				.relying_clinics
				.try_push(clinic.clone())
				.map_err(|_| Error::<T>::TooManyRelyingClinics)?;

			Consents::<T>::insert(consent_id, consent);

			Self::deposit_event(Event::RelianceAllowed { consent_id, clinic, by: who });
			Ok(())
		}

		/// Stop another clinic from relying on a consent.
		///
		/// ## Origin
		///
		/// Signed by the clinic that recorded the consent (while it is an active clinic), or by
		/// the patient's key if the patient co-signed the consent.
		///
		/// ## Details
		///
		/// From now on `clinic` no longer holds the consent. The consent itself is unchanged,
		/// and the reliance stays on the chain's record in the events. Works whatever the
		/// consent's status.
		///
		/// Emits [`Event::RelianceRevoked`].
		///
		/// ## Errors
		///
		/// - [`Error::UnknownConsent`]: no consent has this id.
		/// - [`Error::NotAnActiveClinic`]: the caller recorded the consent but is no longer an
		///   active clinic.
		/// - [`Error::NotRecordingClinicOrPatient`]: the caller is neither the recording clinic nor
		///   the co-signing patient key.
		/// - [`Error::NotRelying`]: `clinic` does not rely on the consent.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke_reliance(T::MaxRelyingClinics::get()))]
		pub fn revoke_reliance(
			origin: OriginFor<T>,
			consent_id: ConsentId,
			clinic: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut consent = Consents::<T>::get(consent_id).ok_or(Error::<T>::UnknownConsent)?;
			Self::ensure_clinic_or_patient(&who, &consent)?;
			let position = consent
				.relying_clinics
				.iter()
				.position(|relying| relying == &clinic)
				.ok_or(Error::<T>::NotRelying)?;

			consent.relying_clinics.remove(position);
			Consents::<T>::insert(consent_id, consent);

			Self::deposit_event(Event::RelianceRevoked { consent_id, clinic, by: who });
			Ok(())
		}

		/// Close the consents of a clinic that left the consortium, which the patient did not
		/// co-sign: the next page of them.
		///
		/// ## Origin
		///
		/// [`Config::GovernanceOrigin`]: a council motion.
		///
		/// ## Details
		///
		/// Only the recording clinic can withdraw a consent the patient did not co-sign, so once
		/// the clinic is removed or suspended such consents would stay open for good. This call
		/// withdraws them for it: each consent that `clinic` recorded, that has no co-signing
		/// patient key and that is active now (not withdrawn, entered in error or expired)
		/// becomes [`ConsentStatus::WithdrawnByGovernance`] at the chain's time, with `reason`,
		/// the hash of the council's reasons kept off chain. From then on every pallet and
		/// client sees it withdrawn, exactly as after [`Pallet::withdraw_consent`]; uses before
		/// that time stay lawful. A consent another clinic relies on is closed too: that clinic
		/// records a consent of its own with the patient. Co-signed consents are left as they
		/// are: the patient's key withdraws them.
		///
		/// The ledger has no index by clinic, so the call examines consent ids in order, from
		/// where the previous call for `clinic` stopped ([`DepartedClinicCursor`]), `limit` of
		/// them at most (1 to [`MAX_CONSENTS_EXAMINED_PER_CALL`]); its weight is priced by
		/// `limit`, and refunded down to the ids actually examined. The event says how many were
		/// closed and whether ids remain to examine; the council calls again until none do.
		///
		/// Emits [`Event::DepartedClinicConsentsClosed`].
		///
		/// ## Errors
		///
		/// - `BadOrigin`: the origin is not governance.
		/// - [`Error::InvalidLimit`]: `limit` is 0 or above [`MAX_CONSENTS_EXAMINED_PER_CALL`].
		/// - [`Error::ClinicStillActive`]: `clinic` is still an active clinic.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::close_consents_of_departed_clinic(
			(*limit).min(MAX_CONSENTS_EXAMINED_PER_CALL)
		))]
		pub fn close_consents_of_departed_clinic(
			origin: OriginFor<T>,
			clinic: T::AccountId,
			reason: DocumentHash,
			limit: u32,
		) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				(1..=MAX_CONSENTS_EXAMINED_PER_CALL).contains(&limit),
				Error::<T>::InvalidLimit
			);
			ensure!(!T::Membership::is_clinic(&clinic), Error::<T>::ClinicStillActive);

			let from = DepartedClinicCursor::<T>::get(&clinic);
			let end = NextConsentId::<T>::get();
			let next = from.saturating_add(limit.into()).min(end).max(from);
			let at = T::Time::now();
			let mut closed: u32 = 0;
			for consent_id in from..next {
				let Some(mut consent) = Consents::<T>::get(consent_id) else { continue };
				let closable = consent.clinic == clinic
					&& consent.patient.is_none()
					&& consent.state_at(at) == ConsentState::Active;
				if closable {
					consent.status = ConsentStatus::WithdrawnByGovernance { at, reason };
					Consents::<T>::insert(consent_id, consent);
					closed = closed.saturating_add(1);
				}
			}
			DepartedClinicCursor::<T>::insert(&clinic, next);

			Self::deposit_event(Event::DepartedClinicConsentsClosed {
				clinic,
				reason,
				at,
				closed,
				next,
				more_remain: next < end,
			});
			let examined = u32::try_from(next.saturating_sub(from)).unwrap_or(limit);
			Ok(Some(T::WeightInfo::close_consents_of_departed_clinic(examined)).into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Whether `who` is the co-signing patient key of active consent `consent_id`, so that
		/// its `withdraw_consent` would succeed: the runtime lets such a withdrawal in without
		/// membership and without fee.
		pub fn may_withdraw_as_patient(who: &T::AccountId, consent_id: ConsentId) -> bool {
			Consents::<T>::get(consent_id).is_some_and(|consent| {
				consent.status == ConsentStatus::Active && consent.patient.as_ref() == Some(who)
			})
		}

		/// The bytes a patient signs to co-sign `terms` recorded by `clinic` on this chain: the
		/// SCALE encoding of a [`ConsentPayload`].
		pub fn signing_payload(clinic: &T::AccountId, terms: &ConsentTerms) -> Vec<u8> {
			ConsentPayload {
				domain: CONSENT_SIGNING_DOMAIN,
				genesis_hash: frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()),
				clinic,
				terms,
			}
			.encode()
		}

		/// The state of consent `consent_id` now; `None` if there is no such consent.
		pub fn consent_status(consent_id: ConsentId) -> Option<ConsentState<T::AccountId>> {
			let now = T::Time::now();
			Consents::<T>::get(consent_id).map(|consent| consent.state_at(now))
		}

		/// Every consent of `pseudonym`, in recording order, each with its state now.
		pub fn consents_of(
			pseudonym: &Pseudonym,
		) -> Vec<(ConsentId, Consent<T>, ConsentState<T::AccountId>)> {
			let now = T::Time::now();
			ConsentsByPatient::<T>::get(pseudonym)
				.into_iter()
				.filter_map(|id| {
					Consents::<T>::get(id).map(|consent| {
						let state = consent.state_at(now);
						(id, consent, state)
					})
				})
				.collect()
		}

		/// Refuses terms that break a rule of the crate docs' "Design" (purposes, storage
		/// period, no back-dating), given the chain's time `now`.
		fn ensure_valid_terms(terms: &ConsentTerms, now: u64) -> DispatchResult {
			ensure!(!terms.purposes.is_empty(), Error::<T>::NoPurpose);
			let repeats = terms.purposes.iter().enumerate().any(|(i, purpose)| {
				terms.purposes.iter().skip(i.saturating_add(1)).any(|p| p == purpose)
			});
			ensure!(!repeats, Error::<T>::DuplicatePurpose);

			ensure!(
				terms.valid_from >= now.saturating_sub(T::BackdatingTolerance::get()),
				Error::<T>::ValidFromInPast
			);
			let starts = terms.valid_from.max(now);
			if let Some(until) = terms.valid_until {
				ensure!(until > starts, Error::<T>::ValidUntilTooEarly);
			}

			match (terms.covers(ConsentPurpose::Storage), terms.storage_until) {
				(true, None) => Err(Error::<T>::StoragePeriodMissing.into()),
				(false, Some(_)) => Err(Error::<T>::StoragePeriodWithoutStorage.into()),
				(true, Some(storage_until)) => {
					let within = storage_until > starts
						&& terms.valid_until.is_none_or(|until| storage_until <= until);
					ensure!(within, Error::<T>::StoragePeriodOutsideValidity);
					Ok(())
				},
				(false, None) => Ok(()),
			}
		}

		/// Whether `co_signature` signs `payload`, bare or wrapped in `<Bytes>`…`</Bytes>`.
		fn verify_co_signature(
			payload: &[u8],
			co_signature: &PatientCoSignature<T::AccountId, T::PatientSignature>,
		) -> bool {
			let PatientCoSignature { patient, signature } = co_signature;
			signature.verify(payload, patient) || {
				let wrapped = [WRAPPED_BYTES_PREFIX, payload, WRAPPED_BYTES_SUFFIX].concat();
				signature.verify(&wrapped[..], patient)
			}
		}

		/// Refuses `who` unless it is the recording clinic (still active) or the co-signing
		/// patient key of `consent`.
		fn ensure_clinic_or_patient(who: &T::AccountId, consent: &Consent<T>) -> DispatchResult {
			if who == &consent.clinic {
				ensure!(T::Membership::is_clinic(who), Error::<T>::NotAnActiveClinic);
				Ok(())
			} else if consent.patient.as_ref() == Some(who) {
				Ok(())
			} else {
				Err(Error::<T>::NotRecordingClinicOrPatient.into())
			}
		}

		/// Stores a new consent under the next id and lists it under its pseudonym. Checks
		/// there is room before writing anything.
		pub(crate) fn store_consent(consent: Consent<T>) -> Result<ConsentId, DispatchError> {
			let consent_id = NextConsentId::<T>::get();
			let next_id = consent_id.checked_add(1).ok_or(Error::<T>::ConsentIdsExhausted)?;
			let pseudonym = consent.terms.pseudonym;
			let mut ids = ConsentsByPatient::<T>::get(pseudonym);
			ids.try_push(consent_id).map_err(|_| Error::<T>::TooManyConsentsForPatient)?;

			ConsentsByPatient::<T>::insert(pseudonym, ids);
			Consents::<T>::insert(consent_id, consent);
			NextConsentId::<T>::put(next_id);
			Ok(consent_id)
		}

		/// Checks the invariants of the crate docs' "Design": every consent is listed under
		/// its pseudonym, ids are below [`NextConsentId`], and storage terms hold.
		#[cfg(any(test, feature = "try-runtime"))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let next_id = NextConsentId::<T>::get();
			for (id, consent) in Consents::<T>::iter() {
				ensure!(id < next_id, "a consent id is not below NextConsentId");
				ensure!(
					ConsentsByPatient::<T>::get(consent.terms.pseudonym).contains(&id),
					"a consent is not listed under its pseudonym"
				);
				ensure!(
					consent.terms.covers(ConsentPurpose::Storage)
						== consent.terms.storage_until.is_some(),
					"a storage period without storage, or storage without a period"
				);
				ensure!(
					!consent.relying_clinics.contains(&consent.clinic),
					"a clinic relies on its own consent"
				);
			}
			for (_, ids) in ConsentsByPatient::<T>::iter() {
				for id in ids {
					ensure!(Consents::<T>::contains_key(id), "a pseudonym lists a missing consent");
				}
			}
			for (_, cursor) in DepartedClinicCursor::<T>::iter() {
				ensure!(cursor <= next_id, "a departed clinic's cursor is past NextConsentId");
			}
			for (_, id) in CoSignedPayloads::<T>::iter() {
				let co_signed = Consents::<T>::get(id).is_some_and(|c| c.patient.is_some());
				ensure!(co_signed, "a co-signed payload backs no co-signed consent");
			}
			Ok(())
		}
	}

	impl<T: Config> ConsentProvider<T::AccountId, u64> for Pallet<T> {
		fn is_consented(
			patient: &Pseudonym,
			purpose: ConsentPurpose,
			clinic: &T::AccountId,
			at: u64,
		) -> bool {
			ConsentsByPatient::<T>::get(patient).into_iter().any(|id| {
				Consents::<T>::get(id)
					.is_some_and(|consent| consent.is_in_effect(purpose, clinic, at))
			})
		}

		/// Stores the consent directly, as if recorded at `from` (or now, if earlier), without
		/// a co-signature; a storage consent gets an unbounded storage period.
		#[cfg(feature = "runtime-benchmarks")]
		fn grant_for_benchmarks(
			patient: &Pseudonym,
			purpose: ConsentPurpose,
			clinic: &T::AccountId,
			from: u64,
		) {
			let terms = ConsentTerms {
				pseudonym: *patient,
				purposes: BoundedVec::truncate_from(alloc::vec![purpose]),
				valid_from: from,
				valid_until: None,
				storage_until: (purpose == ConsentPurpose::Storage).then_some(u64::MAX),
				form_hash: [0; 32],
			};
			let recorded_at = from.min(T::Time::now());
			// A full pseudonym already holds consents enough for any benchmark, so a refusal
			// (`TooManyConsents`) is the set-up the benchmark needs, not an error.
			let _ = Self::store_consent(Consent::new(terms, clinic.clone(), None, recorded_at));
		}
	}

	impl<T: Config> StorageConsentProvider<T::AccountId, u64> for Pallet<T> {
		fn storage_consent(
			id: ConsentId,
			clinic: &T::AccountId,
		) -> Option<StorageConsentTerms<u64>> {
			let consent = Consents::<T>::get(id)?;
			if !consent.terms.covers(ConsentPurpose::Storage) || !consent.is_held_by(clinic) {
				return None;
			}
			let terms = &consent.terms;
			let storage_until =
				[terms.storage_until, terms.valid_until].into_iter().flatten().min()?;
			let status = match consent.status {
				ConsentStatus::Active => StorageConsentStatus::Active,
				ConsentStatus::Withdrawn { at, .. }
				| ConsentStatus::WithdrawnByGovernance { at, .. } => StorageConsentStatus::Withdrawn { at },
				ConsentStatus::EnteredInError { .. } => StorageConsentStatus::EnteredInError,
			};
			Some(StorageConsentTerms {
				patient: terms.pseudonym,
				from: terms.valid_from.max(consent.recorded_at),
				storage_until,
				status,
			})
		}

		/// Stores a storage consent directly, recorded now by the first of `clinics`, relied on
		/// by the others (as many as `MaxRelyingClinics` allows), without a co-signature.
		#[cfg(feature = "runtime-benchmarks")]
		fn grant_storage_for_benchmarks(
			patient: &Pseudonym,
			clinics: &[T::AccountId],
			storage_until: u64,
		) -> Option<ConsentId> {
			let (clinic, relying) = clinics.split_first()?;
			let now = T::Time::now();
			let terms = ConsentTerms {
				pseudonym: *patient,
				purposes: BoundedVec::truncate_from(alloc::vec![ConsentPurpose::Storage]),
				valid_from: now,
				valid_until: None,
				storage_until: Some(storage_until),
				form_hash: [0; 32],
			};
			let mut consent = Consent::new(terms, clinic.clone(), None, now);
			consent.relying_clinics = BoundedVec::truncate_from(relying.to_vec());
			Self::store_consent(consent).ok()
		}
	}
}

/// The runtime API through which clients read the consent ledger.
pub mod runtime_api {
	use super::{ConsentId, ConsentState, ConsentTerms, Pseudonym};
	use alloc::vec::Vec;
	use codec::Codec;

	sp_api::decl_runtime_apis! {
		/// Reads the consent ledger: a consent's state, all consents of a pseudonym, and the
		/// bytes a patient signs to co-sign a consent.
		///
		/// `Consent` is the pallet's `Consent<Runtime>` as stored.
		pub trait ConsentApi<AccountId, Consent> where AccountId: Codec, Consent: Codec {
			/// The state of consent `consent_id` at the chain's current time (`Expired` derived
			/// from its `valid_until`); `None` if there is no such consent.
			fn consent_status(consent_id: ConsentId) -> Option<ConsentState<AccountId>>;

			/// Every consent of `pseudonym`, in recording order, with its id and its state at
			/// the chain's current time. At most `MaxConsentsPerPatient` entries.
			fn consents_of(pseudonym: Pseudonym) -> Vec<(ConsentId, Consent, ConsentState<AccountId>)>;

			/// The bytes a patient signs to co-sign `terms` recorded by `clinic` on this chain.
			fn signing_payload(clinic: AccountId, terms: ConsentTerms) -> Vec<u8>;
		}
	}
}
