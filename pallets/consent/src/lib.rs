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
mod impls;
pub mod runtime_api;
pub mod types;
pub mod weights;

pub use types::*;

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
	/// A patient's co-signature in this runtime.
	pub type CoSignatureOf<T> =
		PatientCoSignature<<T as frame_system::Config>::AccountId, <T as Config>::PatientSignature>;
	/// A batch of consents for `record_consents`: terms, each with its optional co-signature.
	pub type ConsentBatchOf<T> =
		BoundedVec<(ConsentTerms, Option<CoSignatureOf<T>>), ConstU32<MAX_CONSENTS_PER_BATCH>>;

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
		/// `record_consents` was given no consent. Send at least one.
		EmptyBatch,
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
		///
		/// Priced at the most consents a pseudonym may hold, with a co-signature; what the
		/// pseudonym's consents so far did not need, and a co-signature not given, is refunded.
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::record_consent_weight(T::MaxConsentsPerPatient::get(), true))]
		pub fn record_consent(
			origin: OriginFor<T>,
			terms: ConsentTerms,
			co_signature: Option<PatientCoSignature<T::AccountId, T::PatientSignature>>,
		) -> DispatchResultWithPostInfo {
			let clinic = ensure_signed(origin)?;
			ensure!(T::Membership::is_clinic(&clinic), Error::<T>::NotAnActiveClinic);
			let (held, co_signed) =
				Self::do_record_consent(&clinic, terms, co_signature, T::Time::now())?;
			Ok(Some(Self::record_consent_weight(held, co_signed)).into())
		}

		/// Record a batch of consents at once, all or none: how a clinic moves the consents it
		/// already holds onto the chain.
		///
		/// ## Origin
		///
		/// Signed by an active clinic of the consortium, which becomes the recording clinic of
		/// every consent in the batch.
		///
		/// ## Details
		///
		/// Each `(terms, co_signature)` is checked and recorded exactly as `record_consent`
		/// does, in the order given, and gets its own id and its own
		/// [`Event::ConsentRecorded`]. If any consent is refused, none is recorded and the call
		/// fails with that consent's error: fix or drop it and send the batch again. At most
		/// [`MAX_CONSENTS_PER_BATCH`] consents; the call is priced by its own benchmark per
		/// consent, each as if co-signed, and the co-signatures the batch did not carry are
		/// refunded.
		///
		/// ## Errors
		///
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::EmptyBatch`]: the batch holds no consent.
		/// - Any error of `record_consent`, for the first consent refused.
		#[pallet::call_index(6)]
		#[pallet::weight(Pallet::<T>::record_consents_weight(
			consents.len() as u32,
			consents.len() as u32,
		))]
		pub fn record_consents(
			origin: OriginFor<T>,
			consents: ConsentBatchOf<T>,
		) -> DispatchResultWithPostInfo {
			let clinic = ensure_signed(origin)?;
			ensure!(T::Membership::is_clinic(&clinic), Error::<T>::NotAnActiveClinic);
			ensure!(!consents.is_empty(), Error::<T>::EmptyBatch);
			let now = T::Time::now();
			let count = consents.len() as u32;
			let mut co_signed_count = 0u32;
			for (terms, co_signature) in consents {
				// A refusal returns here; the call's storage layer then drops every consent and
				// event of the batch recorded before it.
				let (_, co_signed) = Self::do_record_consent(&clinic, terms, co_signature, now)?;
				co_signed_count = co_signed_count.saturating_add(u32::from(co_signed));
			}
			Ok(Some(Self::record_consents_weight(count, co_signed_count)).into())
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
			let (who, mut consent) = Self::consent_of_signer(origin, consent_id)?;
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
			let (who, mut consent) = Self::consent_of_signer(origin, consent_id)?;
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
			let (who, mut consent) = Self::consent_of_signer(origin, consent_id)?;
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
}
