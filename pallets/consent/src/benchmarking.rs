//! Benchmarks of `pallet_consent`, each call in its worst case.

use super::*;
use crate::pallet::{Consents, NextConsentId};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get, Time},
	BoundedVec,
};
use frame_system::RawOrigin;
use ivf_primitives::{ConsortiumMembership, Jurisdiction, RoleKind};

const PSEUDONYM: Pseudonym = [0xaa; 32];
const YEAR: u64 = 365 * 24 * 60 * 60 * 1000;

/// An active clinic of the consortium.
fn active_clinic<T: Config>(index: u32) -> T::AccountId {
	let clinic = account("clinic", index, 0);
	T::Membership::admit_for_benchmarks(&clinic, RoleKind::Clinic, Jurisdiction(*b"GB"));
	clinic
}

/// Terms with every purpose (the longest encoding), valid and storing for a year from now.
fn all_purposes_terms<T: Config>() -> ConsentTerms {
	let now = T::Time::now();
	ConsentTerms {
		pseudonym: PSEUDONYM,
		purposes: BoundedVec::truncate_from(ConsentPurpose::ALL.to_vec()),
		valid_from: now,
		valid_until: Some(now.saturating_add(YEAR)),
		storage_until: Some(now.saturating_add(YEAR)),
		form_hash: [0xf0; 32],
	}
}

/// Stores an active consent of [`PSEUDONYM`] by `clinic` with `patient` as its co-signer.
fn stored_consent<T: Config>(
	clinic: &T::AccountId,
	patient: Option<T::AccountId>,
) -> Result<ConsentId, BenchmarkError> {
	stored_consent_of::<T>(all_purposes_terms::<T>(), clinic, patient)
}

/// Stores an active consent of `terms` by `clinic` with `patient` as its co-signer.
fn stored_consent_of<T: Config>(
	terms: ConsentTerms,
	clinic: &T::AccountId,
	patient: Option<T::AccountId>,
) -> Result<ConsentId, BenchmarkError> {
	let consent = Consent::<T>::new(terms, clinic.clone(), patient, T::Time::now());
	Pallet::<T>::store_consent(consent)
		.map(|(consent_id, _)| consent_id)
		.map_err(|_| BenchmarkError::Stop("cannot store a consent"))
}

/// A fresh patient key's co-signature of `terms` recorded by `clinic`, over the
/// `<Bytes>`-wrapped payload, so that both verifications run.
fn co_signature<T: Config>(
	clinic: &T::AccountId,
	terms: &ConsentTerms,
) -> Result<PatientCoSignature<T::AccountId, T::PatientSignature>, BenchmarkError> {
	let payload = Pallet::<T>::signing_payload(clinic, terms);
	let wrapped = [WRAPPED_BYTES_PREFIX, &payload, WRAPPED_BYTES_SUFFIX].concat();
	let (patient, signature) = T::BenchmarkHelper::sign(&wrapped)
		.ok_or(BenchmarkError::Stop("the benchmark helper made no patient key"))?;
	Ok(PatientCoSignature { patient, signature })
}

/// An active clinic that recorded `count` consents of the same patient.
fn clinic_with_consents<T: Config>(count: u32) -> Result<T::AccountId, BenchmarkError> {
	let clinic = active_clinic::<T>(0);
	for _ in 0..count {
		stored_consent::<T>(&clinic, None)?;
	}
	Ok(clinic)
}

/// An active clinic's consent on which `count` other clinics rely, with the clinic.
fn consent_relied_on_by<T: Config>(
	count: u32,
) -> Result<(T::AccountId, ConsentId), BenchmarkError> {
	let clinic = active_clinic::<T>(0);
	let consent_id = stored_consent::<T>(&clinic, None)?;
	Consents::<T>::try_mutate(consent_id, |consent| {
		let consent = consent.as_mut().ok_or(())?;
		for index in 0..count {
			consent
				.relying_clinics
				.try_push(active_clinic::<T>(100 + index))
				.map_err(|_| ())?;
		}
		Ok(())
	})
	.map_err(|()| BenchmarkError::Stop("cannot add relying clinics"))?;
	Ok((clinic, consent_id))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A consent with every purpose for a pseudonym with `p` consents already, not co-signed:
	/// no signature is checked, which is what most recordings cost.
	#[benchmark]
	fn record_consent(
		p: Linear<0, { T::MaxConsentsPerPatient::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let clinic = clinic_with_consents::<T>(p)?;
		let terms = all_purposes_terms::<T>();
		let consent_id = NextConsentId::<T>::get();

		#[extrinsic_call]
		record_consent(RawOrigin::Signed(clinic), terms, None);

		let recorded =
			Consents::<T>::get(consent_id).ok_or(BenchmarkError::Stop("not recorded"))?;
		assert_eq!(recorded.patient, None);
		Ok(())
	}

	/// The same consent co-signed by the patient's key: the signature is over the
	/// `<Bytes>`-wrapped payload, so both verifications run.
	#[benchmark]
	fn record_co_signed_consent(
		p: Linear<0, { T::MaxConsentsPerPatient::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let clinic = clinic_with_consents::<T>(p)?;
		let terms = all_purposes_terms::<T>();
		let co_signed = co_signature::<T>(&clinic, &terms)?;
		let patient = co_signed.patient.clone();
		let consent_id = NextConsentId::<T>::get();

		#[extrinsic_call]
		record_consent(RawOrigin::Signed(clinic), terms, Some(co_signed));

		let recorded =
			Consents::<T>::get(consent_id).ok_or(BenchmarkError::Stop("not recorded"))?;
		assert_eq!(recorded.patient, Some(patient));
		Ok(())
	}

	/// A batch of `n` consents with every purpose, each of its own pseudonym, each pseudonym
	/// one consent short of full, none co-signed: the batch's cost per consent, without what
	/// the call pays once (the caller's membership, the chain's time). A co-signed consent in a
	/// batch adds what `record_consent` measures for its co-signature.
	#[benchmark]
	fn record_consents(
		n: Linear<1, { crate::MAX_CONSENTS_PER_BATCH }>,
	) -> Result<(), BenchmarkError> {
		let clinic = active_clinic::<T>(0);
		let mut batch = alloc::vec::Vec::new();
		for index in 0..n {
			let mut terms = all_purposes_terms::<T>();
			terms.pseudonym = [0; 32];
			terms.pseudonym[..4].copy_from_slice(&index.to_le_bytes());
			for _ in 0..T::MaxConsentsPerPatient::get().saturating_sub(1) {
				stored_consent_of::<T>(terms.clone(), &clinic, None)?;
			}
			batch.push((terms, None));
		}
		let first = NextConsentId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), BoundedVec::truncate_from(batch));

		assert_eq!(NextConsentId::<T>::get(), first + u64::from(n));
		Ok(())
	}

	/// Withdrawal by the recording clinic, which also asks the membership.
	#[benchmark]
	fn withdraw_consent() -> Result<(), BenchmarkError> {
		let clinic = active_clinic::<T>(0);
		let consent_id = stored_consent::<T>(&clinic, None)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic.clone()), consent_id);

		let status = Consents::<T>::get(consent_id).map(|consent| consent.status);
		assert!(matches!(status, Some(ConsentStatus::Withdrawn { by, .. }) if by == clinic));
		Ok(())
	}

	#[benchmark]
	fn mark_entered_in_error() -> Result<(), BenchmarkError> {
		let clinic = active_clinic::<T>(0);
		let consent_id = stored_consent::<T>(&clinic, None)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), consent_id);

		let status = Consents::<T>::get(consent_id).map(|consent| consent.status);
		assert!(matches!(status, Some(ConsentStatus::EnteredInError { .. })));
		Ok(())
	}

	/// A new relying clinic on a consent that `r` clinics rely on already.
	#[benchmark]
	fn allow_reliance(
		r: Linear<0, { T::MaxRelyingClinics::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let (clinic, consent_id) = consent_relied_on_by::<T>(r)?;
		let newcomer = active_clinic::<T>(1);

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), consent_id, newcomer.clone());

		let consent = Consents::<T>::get(consent_id).ok_or(BenchmarkError::Stop("no consent"))?;
		assert!(consent.relying_clinics.contains(&newcomer));
		Ok(())
	}

	/// Revoking the last of `r` relying clinics, found at the end of the list.
	#[benchmark]
	fn revoke_reliance(
		r: Linear<1, { T::MaxRelyingClinics::get() }>,
	) -> Result<(), BenchmarkError> {
		let (clinic, consent_id) = consent_relied_on_by::<T>(r)?;
		let last = account::<T::AccountId>("clinic", 100 + r - 1, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), consent_id, last.clone());

		let consent = Consents::<T>::get(consent_id).ok_or(BenchmarkError::Stop("no consent"))?;
		assert!(!consent.relying_clinics.contains(&last));
		Ok(())
	}

	/// `n` consents of a departed clinic, none co-signed, each with `MaxRelyingClinics` relying
	/// clinics (the longest record): every one examined is closed.
	#[benchmark]
	fn close_consents_of_departed_clinic(
		n: Linear<1, MAX_CONSENTS_EXAMINED_PER_CALL>,
	) -> Result<(), BenchmarkError> {
		let clinic: T::AccountId = account("departed", 0, 0);
		let relying: BoundedVec<T::AccountId, T::MaxRelyingClinics> = BoundedVec::truncate_from(
			(0..T::MaxRelyingClinics::get())
				.map(|i| account("clinic", 100 + i, 0))
				.collect(),
		);
		for index in 0..n {
			let mut pseudonym = [0u8; 32];
			pseudonym[..4].copy_from_slice(&index.to_le_bytes());
			let terms = ConsentTerms { pseudonym, ..all_purposes_terms::<T>() };
			let mut consent = Consent::<T>::new(terms, clinic.clone(), None, T::Time::now());
			consent.relying_clinics = relying.clone();
			Pallet::<T>::store_consent(consent)
				.map_err(|_| BenchmarkError::Stop("cannot store a consent"))?;
		}
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, clinic, [0xc0; 32], n);

		let last =
			Consents::<T>::get(ConsentId::from(n - 1)).ok_or(BenchmarkError::Stop("no consent"))?;
		assert!(matches!(last.status, ConsentStatus::WithdrawnByGovernance { .. }));
		assert_eq!(NextConsentId::<T>::get(), ConsentId::from(n));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
