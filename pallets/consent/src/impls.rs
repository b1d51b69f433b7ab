//! The pallet's workings behind its calls: storing a consent and its index by pseudonym,
//! checking a patient's co-signature, closing a departed clinic's consents, the views the
//! runtime API answers with, and what other pallets ask of the ledger (`ConsentProvider`,
//! `StorageConsentProvider`). `lib.rs` holds the FRAME items (config, storage, events,
//! errors, calls, hooks) and their docs.

use crate::*;
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Time};
use frame_system::pallet_prelude::*;
use ivf_primitives::ConsortiumMembership;
use sp_runtime::traits::Verify;

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
	pub(crate) fn ensure_valid_terms(terms: &ConsentTerms, now: u64) -> DispatchResult {
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
	pub(crate) fn verify_co_signature(
		payload: &[u8],
		co_signature: &PatientCoSignature<T::AccountId, T::PatientSignature>,
	) -> bool {
		let PatientCoSignature { patient, signature } = co_signature;
		signature.verify(payload, patient) || {
			let wrapped = [WRAPPED_BYTES_PREFIX, payload, WRAPPED_BYTES_SUFFIX].concat();
			signature.verify(&wrapped[..], patient)
		}
	}

	/// The signer of `origin` and consent `consent_id`, for a call that only the consent's
	/// recording clinic (still active) or its co-signing patient key may make.
	pub(crate) fn consent_of_signer(
		origin: OriginFor<T>,
		consent_id: ConsentId,
	) -> Result<(T::AccountId, Consent<T>), DispatchError> {
		let who = ensure_signed(origin)?;
		let consent = Consents::<T>::get(consent_id).ok_or(Error::<T>::UnknownConsent)?;
		if who == consent.clinic {
			ensure!(T::Membership::is_clinic(&who), Error::<T>::NotAnActiveClinic);
		} else if consent.patient.as_ref() != Some(&who) {
			return Err(Error::<T>::NotRecordingClinicOrPatient.into());
		}
		Ok((who, consent))
	}

	/// Checks and records one consent of `clinic` at time `now` (the body of `record_consent`
	/// and of each consent of `record_consents`), emits `ConsentRecorded`, and returns what its
	/// weight depends on: how many consents its pseudonym held before, and whether it was
	/// co-signed.
	pub(crate) fn do_record_consent(
		clinic: &T::AccountId,
		terms: ConsentTerms,
		co_signature: Option<PatientCoSignature<T::AccountId, T::PatientSignature>>,
		now: u64,
	) -> Result<(u32, bool), DispatchError> {
		Self::ensure_valid_terms(&terms, now)?;
		let co_signed_payload = match &co_signature {
			None => None,
			Some(co_signature) => {
				let payload = Self::signing_payload(clinic, &terms);
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
		let (consent_id, held_before) = Self::store_consent(consent)?;
		if let Some(payload_hash) = co_signed_payload {
			CoSignedPayloads::<T>::insert(payload_hash, consent_id);
		}
		if let Some(patient) = &patient {
			// The patient's key may sign its withdrawal with no funds: its account exists
			// for as long as the consent's record does (which is for good).
			frame_system::Pallet::<T>::inc_sufficients(patient);
		}
		let co_signed = patient.is_some();
		let clinic = clinic.clone();
		Self::deposit_event(Event::ConsentRecorded { consent_id, pseudonym, clinic, patient });
		Ok((held_before, co_signed))
	}

	/// The weight of `record_consent` for a pseudonym that already held `held` consents: the
	/// benchmark's, with or without the co-signature's two verifications, plus, with a
	/// co-signature, the read and write of `System::Account` that the patient's sufficient
	/// reference costs.
	pub(crate) fn record_consent_weight(held: u32, co_signed: bool) -> Weight {
		if co_signed {
			T::WeightInfo::record_co_signed_consent(held)
				.saturating_add(T::DbWeight::get().reads_writes(1, 1))
		} else {
			T::WeightInfo::record_consent(held)
		}
	}

	/// What a co-signature adds to recording a consent: its verifications and the patient's
	/// sufficient reference (the difference the `record_consent` benchmark measures between a
	/// co-signed consent and a plain one).
	pub(crate) fn co_signature_weight() -> Weight {
		Self::record_consent_weight(0, true).saturating_sub(Self::record_consent_weight(0, false))
	}

	/// The weight of `record_consents` with `count` consents, `co_signed` of them co-signed:
	/// the batch benchmark (each pseudonym one consent short of full, what the call reads and
	/// checks once paid once), plus each co-signature.
	pub(crate) fn record_consents_weight(count: u32, co_signed: u32) -> Weight {
		T::WeightInfo::record_consents(count)
			.saturating_add(Self::co_signature_weight().saturating_mul(co_signed.into()))
	}

	/// Stores a new consent under the next id and lists it under its pseudonym. Checks
	/// there is room before writing anything. Returns the id and how many consents the
	/// pseudonym held before (what prices the recording), read from the list it updates.
	pub(crate) fn store_consent(consent: Consent<T>) -> Result<(ConsentId, u32), DispatchError> {
		let consent_id = NextConsentId::<T>::get();
		let next_id = consent_id.checked_add(1).ok_or(Error::<T>::ConsentIdsExhausted)?;
		let pseudonym = consent.terms.pseudonym;
		let mut ids = ConsentsByPatient::<T>::get(pseudonym);
		let held_before = ids.len() as u32;
		ids.try_push(consent_id).map_err(|_| Error::<T>::TooManyConsentsForPatient)?;

		ConsentsByPatient::<T>::insert(pseudonym, ids);
		Consents::<T>::insert(consent_id, consent);
		NextConsentId::<T>::put(next_id);
		Ok((consent_id, held_before))
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
			Consents::<T>::get(id).is_some_and(|consent| consent.is_in_effect(purpose, clinic, at))
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
	fn storage_consent(id: ConsentId, clinic: &T::AccountId) -> Option<StorageConsentTerms<u64>> {
		let consent = Consents::<T>::get(id)?;
		if !consent.terms.covers(ConsentPurpose::Storage) || !consent.is_held_by(clinic) {
			return None;
		}
		let terms = &consent.terms;
		let storage_until = [terms.storage_until, terms.valid_until].into_iter().flatten().min()?;
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
		Self::store_consent(consent).ok().map(|(consent_id, _)| consent_id)
	}
}
