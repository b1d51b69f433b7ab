//! Unit tests: one behaviour each, every error with `assert_noop!`, every event checked.

use crate::{
	mock::*, CoSignedPayloads, ConsentId, ConsentPurpose, ConsentState, ConsentStatus,
	ConsentTerms, Consents, ConsentsByPatient, Error, Event, NextConsentId, PatientCoSignature,
	CONSENT_SIGNING_DOMAIN,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	pallet_prelude::{DispatchResult, DispatchResultWithPostInfo},
	BoundedVec,
};
use ivf_primitives::{
	ConsentProvider, StorageConsentProvider, StorageConsentStatus, StorageConsentTerms,
};
use sp_core::{sr25519, Pair};
use sp_runtime::MultiSignature;

use ConsentPurpose::*;

const PSEUDONYM: [u8; 32] = [0xaa; 32];
const FORM: [u8; 32] = [0xf0; 32];

/// Terms for [`PSEUDONYM`] valid for a year from now, with a year's storage if asked for.
fn terms(purposes: &[ConsentPurpose]) -> ConsentTerms {
	ConsentTerms {
		pseudonym: PSEUDONYM,
		purposes: BoundedVec::truncate_from(purposes.to_vec()),
		valid_from: NOW,
		valid_until: Some(NOW + 365 * DAY),
		storage_until: purposes.contains(&Storage).then_some(NOW + 365 * DAY),
		form_hash: FORM,
	}
}

/// The patient `pair`'s co-signature of `terms` recorded by `clinic`.
fn co_sign(
	pair: &sr25519::Pair,
	clinic: &AccountId,
	terms: &ConsentTerms,
) -> PatientCoSignature<AccountId, MultiSignature> {
	let payload = Consent::signing_payload(clinic, terms);
	PatientCoSignature { patient: account_of(pair), signature: pair.sign(&payload).into() }
}

/// Records `terms` by `clinic` and returns the new consent's id.
fn record(
	clinic: &AccountId,
	terms: ConsentTerms,
	co_signature: Option<PatientCoSignature<AccountId, MultiSignature>>,
) -> ConsentId {
	let id = NextConsentId::<Test>::get();
	assert_ok!(Consent::record_consent(RuntimeOrigin::signed(clinic.clone()), terms, co_signature));
	id
}

/// A consent to AI training recorded by the GB clinic, not co-signed; returns its id.
fn ai_training_consent() -> ConsentId {
	record(&GB_CLINIC, terms(&[AiTraining]), None)
}

/// The GB clinic, as the recording clinic of consent `id`, lets `clinic` rely on it.
fn gb_lets_rely(id: ConsentId, clinic: AccountId) -> DispatchResult {
	Consent::allow_reliance(signed(&GB_CLINIC), id, clinic)
}

/// The GB clinic, as the recording clinic of consent `id`, withdraws it.
fn gb_withdraws(id: ConsentId) -> DispatchResultWithPostInfo {
	Consent::withdraw_consent(signed(&GB_CLINIC), id)
}

/// A consent of patient `//patient-1` recorded by the GB clinic, co-signed; returns its id and
/// the patient's account.
fn record_co_signed(purposes: &[ConsentPurpose]) -> (ConsentId, AccountId) {
	let patient = patient_pair("//patient-1");
	let terms = terms(purposes);
	let co_signature = co_sign(&patient, &GB_CLINIC, &terms);
	(record(&GB_CLINIC, terms, Some(co_signature)), account_of(&patient))
}

fn status_of(id: ConsentId) -> ConsentStatus<AccountId> {
	Consents::<Test>::get(id).expect("the consent exists").status
}

fn is_consented(purpose: ConsentPurpose, clinic: &AccountId, at: u64) -> bool {
	<Consent as ConsentProvider<AccountId, u64>>::is_consented(&PSEUDONYM, purpose, clinic, at)
}

fn signed(who: &AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

// --- Recording ---

#[test]
fn clinic_records_consent_stamped_with_chain_time() {
	run_test(|| {
		let id = ai_training_consent();

		assert_eq!(id, 0);
		let consent = Consents::<Test>::get(id).unwrap();
		assert_eq!(consent.terms, terms(&[AiTraining]));
		assert_eq!(consent.clinic, GB_CLINIC);
		assert_eq!(consent.patient, None);
		assert_eq!(consent.recorded_at, NOW);
		assert_eq!(consent.status, ConsentStatus::Active);
		assert!(consent.relying_clinics.is_empty());
		assert_eq!(ConsentsByPatient::<Test>::get(PSEUDONYM).into_inner(), vec![id]);
		System::assert_last_event(
			Event::ConsentRecorded {
				consent_id: id,
				pseudonym: PSEUDONYM,
				clinic: GB_CLINIC,
				patient: None,
			}
			.into(),
		);
	});
}

#[test]
fn consent_ids_count_up_in_recording_order() {
	run_test(|| {
		assert_eq!(ai_training_consent(), 0);
		assert_eq!(record(&FR_CLINIC, terms(&[TreatmentUse]), None), 1);
		assert_eq!(NextConsentId::<Test>::get(), 2);
		assert_eq!(ConsentsByPatient::<Test>::get(PSEUDONYM).into_inner(), vec![0, 1]);
	});
}

#[test]
fn co_signed_consent_records_the_patient_key() {
	run_test(|| {
		let (id, patient) = record_co_signed(&[ResearchDataSharing]);

		assert_eq!(Consents::<Test>::get(id).unwrap().patient, Some(patient.clone()));
		let payload = Consent::signing_payload(&GB_CLINIC, &terms(&[ResearchDataSharing]));
		assert_eq!(CoSignedPayloads::<Test>::get(sp_io::hashing::blake2_256(&payload)), Some(id));
		System::assert_last_event(
			Event::ConsentRecorded {
				consent_id: id,
				pseudonym: PSEUDONYM,
				clinic: GB_CLINIC,
				patient: Some(patient),
			}
			.into(),
		);
	});
}

#[test]
fn co_signature_over_bytes_wrapped_payload_is_accepted() {
	run_test(|| {
		let patient = patient_pair("//patient-1");
		let terms = terms(&[AiTraining]);
		let payload = Consent::signing_payload(&GB_CLINIC, &terms);
		let wrapped = [b"<Bytes>".as_slice(), &payload, b"</Bytes>"].concat();
		let co_signature = PatientCoSignature {
			patient: account_of(&patient),
			signature: patient.sign(&wrapped).into(),
		};

		let id = record(&GB_CLINIC, terms, Some(co_signature));

		assert_eq!(Consents::<Test>::get(id).unwrap().patient, Some(account_of(&patient)));
	});
}

#[test]
fn signing_payload_is_domain_genesis_hash_clinic_and_terms() {
	run_test(|| {
		let terms = terms(&[AiTraining, Storage]);
		let genesis_hash = System::block_hash(0);

		let expected = [
			&CONSENT_SIGNING_DOMAIN[..],
			genesis_hash.as_ref(),
			GB_CLINIC.as_ref(),
			&terms.encode(),
		]
		.concat();

		assert_eq!(&CONSENT_SIGNING_DOMAIN, b"ivf-consent/v1");
		assert_eq!(Consent::signing_payload(&GB_CLINIC, &terms), expected);
	});
}

#[test]
fn consent_may_carry_every_purpose() {
	run_test(|| {
		let all = ConsentPurpose::ALL;
		let id = record(&GB_CLINIC, terms(&all), None);

		for purpose in all {
			assert!(is_consented(purpose, &GB_CLINIC, NOW), "{purpose:?}");
		}
		assert_eq!(Consents::<Test>::get(id).unwrap().terms.purposes.len(), 6);
	});
}

#[test]
fn valid_from_within_tolerance_before_now_is_accepted() {
	run_test(|| {
		let mut terms = terms(&[AiTraining]);
		terms.valid_from = NOW - TOLERANCE;
		let id = record(&GB_CLINIC, terms, None);
		assert_eq!(Consents::<Test>::get(id).unwrap().terms.valid_from, NOW - TOLERANCE);
	});
}

#[test]
fn consent_is_not_in_effect_before_it_was_recorded() {
	run_test(|| {
		let mut terms = terms(&[AiTraining]);
		terms.valid_from = NOW - TOLERANCE;
		record(&GB_CLINIC, terms, None);

		assert!(!is_consented(AiTraining, &GB_CLINIC, NOW - 1));
		assert!(is_consented(AiTraining, &GB_CLINIC, NOW));
	});
}

#[test]
fn consent_may_start_in_the_future() {
	run_test(|| {
		let mut terms = terms(&[AiTraining]);
		terms.valid_from = NOW + 10 * DAY;
		let id = record(&GB_CLINIC, terms, None);

		assert!(!is_consented(AiTraining, &GB_CLINIC, NOW));
		assert!(is_consented(AiTraining, &GB_CLINIC, NOW + 10 * DAY));
		assert_eq!(Consent::consent_status(id), Some(ConsentState::Active));
	});
}

#[test]
fn non_clinic_cannot_record() {
	run_test(|| {
		assert_noop!(
			Consent::record_consent(signed(&OUTSIDER), terms(&[AiTraining]), None),
			Error::<Test>::NotAnActiveClinic
		);
	});
}

#[test]
fn consent_without_purpose_is_refused() {
	run_test(|| {
		assert_noop!(
			Consent::record_consent(signed(&GB_CLINIC), terms(&[]), None),
			Error::<Test>::NoPurpose
		);
	});
}

#[test]
fn repeated_purpose_is_refused() {
	run_test(|| {
		assert_noop!(
			Consent::record_consent(
				signed(&GB_CLINIC),
				terms(&[AiTraining, TreatmentUse, AiTraining]),
				None
			),
			Error::<Test>::DuplicatePurpose
		);
	});
}

#[test]
fn storage_without_period_is_refused() {
	run_test(|| {
		let mut terms = terms(&[Storage]);
		terms.storage_until = None;
		assert_noop!(
			Consent::record_consent(signed(&GB_CLINIC), terms, None),
			Error::<Test>::StoragePeriodMissing
		);
	});
}

#[test]
fn storage_period_without_storage_purpose_is_refused() {
	run_test(|| {
		let mut terms = terms(&[GameteDonation]);
		terms.storage_until = Some(NOW + DAY);
		assert_noop!(
			Consent::record_consent(signed(&GB_CLINIC), terms, None),
			Error::<Test>::StoragePeriodWithoutStorage
		);
	});
}

#[test]
fn storage_period_outside_validity_is_refused() {
	run_test(|| {
		let mut after_validity = terms(&[Storage]);
		after_validity.storage_until = Some(NOW + 366 * DAY);
		let mut before_start = terms(&[Storage]);
		before_start.valid_from = NOW + 10 * DAY;
		before_start.storage_until = Some(NOW + 10 * DAY);
		let mut already_over = terms(&[Storage]);
		already_over.valid_from = NOW - TOLERANCE;
		already_over.storage_until = Some(NOW);

		for terms in [after_validity, before_start, already_over] {
			assert_noop!(
				Consent::record_consent(signed(&GB_CLINIC), terms, None),
				Error::<Test>::StoragePeriodOutsideValidity
			);
		}
	});
}

#[test]
fn valid_from_beyond_tolerance_in_the_past_is_refused() {
	run_test(|| {
		let mut terms = terms(&[AiTraining]);
		terms.valid_from = NOW - TOLERANCE - 1;
		assert_noop!(
			Consent::record_consent(signed(&GB_CLINIC), terms, None),
			Error::<Test>::ValidFromInPast
		);
	});
}

#[test]
fn valid_until_not_after_valid_from_and_now_is_refused() {
	run_test(|| {
		let mut before_from = terms(&[AiTraining]);
		before_from.valid_from = NOW + DAY;
		before_from.valid_until = Some(NOW + DAY);
		let mut already_past = terms(&[AiTraining]);
		already_past.valid_from = NOW - TOLERANCE;
		already_past.valid_until = Some(NOW);

		for terms in [before_from, already_past] {
			assert_noop!(
				Consent::record_consent(signed(&GB_CLINIC), terms, None),
				Error::<Test>::ValidUntilTooEarly
			);
		}
	});
}

#[test]
fn co_signature_by_another_key_is_refused() {
	run_test(|| {
		let terms = terms(&[AiTraining]);
		let forger = patient_pair("//forger");
		let mut co_signature = co_sign(&forger, &GB_CLINIC, &terms);
		co_signature.patient = account_of(&patient_pair("//patient-1"));

		assert_noop!(
			Consent::record_consent(signed(&GB_CLINIC), terms, Some(co_signature)),
			Error::<Test>::BadPatientSignature
		);
	});
}

#[test]
fn co_signature_over_other_terms_or_clinic_is_refused() {
	run_test(|| {
		let patient = patient_pair("//patient-1");
		let signed_terms = terms(&[TreatmentUse]);
		let other_terms = terms(&[TreatmentUse, AiTraining]);

		assert_noop!(
			Consent::record_consent(
				signed(&GB_CLINIC),
				other_terms,
				Some(co_sign(&patient, &GB_CLINIC, &signed_terms))
			),
			Error::<Test>::BadPatientSignature
		);
		assert_noop!(
			Consent::record_consent(
				signed(&FR_CLINIC),
				signed_terms.clone(),
				Some(co_sign(&patient, &GB_CLINIC, &signed_terms))
			),
			Error::<Test>::BadPatientSignature
		);
	});
}

#[test]
fn co_signature_backs_one_consent_only() {
	run_test(|| {
		let patient = patient_pair("//patient-1");
		let terms = terms(&[AiTraining]);
		let co_signature = co_sign(&patient, &GB_CLINIC, &terms);
		let id = record(&GB_CLINIC, terms.clone(), Some(co_signature.clone()));
		assert_ok!(Consent::withdraw_consent(signed(&account_of(&patient)), id));

		assert_noop!(
			Consent::record_consent(signed(&GB_CLINIC), terms, Some(co_signature)),
			Error::<Test>::CoSignatureReused
		);
	});
}

#[test]
fn pseudonym_with_max_consents_is_refused_another() {
	run_test(|| {
		for _ in 0..4 {
			ai_training_consent();
		}
		assert_noop!(
			Consent::record_consent(signed(&GB_CLINIC), terms(&[AiTraining]), None),
			Error::<Test>::TooManyConsentsForPatient
		);
	});
}

#[test]
fn exhausted_consent_ids_are_refused() {
	run_test(|| {
		NextConsentId::<Test>::put(u64::MAX);
		assert_noop!(
			Consent::record_consent(signed(&GB_CLINIC), terms(&[AiTraining]), None),
			Error::<Test>::ConsentIdsExhausted
		);
	});
}

// --- Batches (`record_consents`) ---

type Batch = BoundedVec<
	(ConsentTerms, Option<PatientCoSignature<AccountId, MultiSignature>>),
	frame_support::traits::ConstU32<{ crate::MAX_CONSENTS_PER_BATCH }>,
>;

#[test]
fn a_batch_records_every_consent_in_order_each_with_its_event() {
	run_test(|| {
		let patient = patient_pair("//patient-1");
		let co_signed = terms_of(3, &[AiTraining, Storage]);
		let batch: Batch = BoundedVec::truncate_from(vec![
			(terms_of(1, &[AiTraining]), None),
			(terms_of(2, &[ResearchDataSharing]), None),
			(co_signed.clone(), Some(co_sign(&patient, &GB_CLINIC, &co_signed))),
		]);
		let first = NextConsentId::<Test>::get();
		assert_ok!(Consent::record_consents(signed(&GB_CLINIC), batch));
		for (k, n) in [1u8, 2, 3].into_iter().enumerate() {
			let id = first + k as u64;
			let consent = Consents::<Test>::get(id).expect("recorded");
			assert_eq!((consent.terms.pseudonym, &consent.clinic), ([n; 32], &GB_CLINIC));
			assert!(ConsentsByPatient::<Test>::get([n; 32]).contains(&id));
		}
		assert_eq!(Consents::<Test>::get(first + 2).unwrap().patient, Some(account_of(&patient)));
		let recorded: Vec<(ConsentId, [u8; 32])> = System::events()
			.into_iter()
			.filter_map(|record| match record.event {
				RuntimeEvent::Consent(Event::ConsentRecorded { consent_id, pseudonym, .. }) => {
					Some((consent_id, pseudonym))
				},
				_ => None,
			})
			.collect();
		assert_eq!(recorded, vec![(first, [1; 32]), (first + 1, [2; 32]), (first + 2, [3; 32])]);
	});
}

#[test]
fn a_batch_with_one_refused_consent_records_none_and_names_its_error() {
	run_test(|| {
		let mut bad = terms_of(2, &[Storage]);
		bad.storage_until = None;
		let batch: Batch = BoundedVec::truncate_from(vec![
			(terms_of(1, &[AiTraining]), None),
			(bad, None),
			(terms_of(3, &[AiTraining]), None),
		]);
		assert_noop!(
			Consent::record_consents(signed(&GB_CLINIC), batch),
			Error::<Test>::StoragePeriodMissing
		);
		// A co-signature reused inside one batch is refused as across calls.
		let patient = patient_pair("//patient-1");
		let once = terms_of(4, &[AiTraining]);
		let co_signature = co_sign(&patient, &GB_CLINIC, &once);
		let twice: Batch = BoundedVec::truncate_from(vec![
			(once.clone(), Some(co_signature.clone())),
			(once, Some(co_signature)),
		]);
		assert_noop!(
			Consent::record_consents(signed(&GB_CLINIC), twice),
			Error::<Test>::CoSignatureReused
		);
		// The batch counts against each pseudonym's limit as single calls do.
		let five: Batch = BoundedVec::truncate_from(vec![(terms_of(5, &[AiTraining]), None); 5]);
		assert_noop!(
			Consent::record_consents(signed(&GB_CLINIC), five),
			Error::<Test>::TooManyConsentsForPatient
		);
	});
}

#[test]
fn an_empty_batch_or_one_from_a_non_clinic_is_refused() {
	run_test(|| {
		assert_noop!(
			Consent::record_consents(signed(&GB_CLINIC), BoundedVec::new()),
			Error::<Test>::EmptyBatch
		);
		let batch: Batch = BoundedVec::truncate_from(vec![(terms_of(1, &[AiTraining]), None)]);
		assert_noop!(
			Consent::record_consents(signed(&OUTSIDER), batch),
			Error::<Test>::NotAnActiveClinic
		);
	});
}

#[test]
fn a_batch_is_priced_by_its_benchmark_and_refunds_the_co_signatures_it_did_not_carry() {
	use frame_support::dispatch::GetDispatchInfo;
	run_test(|| {
		let batch: Batch = BoundedVec::truncate_from(
			(1..=10u8).map(|n| (terms_of(n, &[AiTraining]), None)).collect(),
		);
		let call = crate::Call::<Test>::record_consents { consents: batch.clone() };
		let priced = Consent::record_consents_weight(10, 10);
		assert_eq!(call.get_dispatch_info().call_weight, priced);
		let post = Consent::record_consents(signed(&GB_CLINIC), batch).expect("recorded");
		// Ten consents, none co-signed: no signature was checked and no patient account
		// touched, and that is refunded.
		let used = Consent::record_consents_weight(10, 0);
		assert_eq!(post.actual_weight, Some(used));
		assert!(used.all_lte(priced) && used != priced);
		assert_eq!(
			priced.saturating_sub(used),
			Consent::co_signature_weight().saturating_mul(10),
			"the refund is exactly the co-signatures not given"
		);
	});
}

#[test]
fn a_batch_pays_for_the_co_signatures_it_carries() {
	run_test(|| {
		let patient = patient_pair("//patient-1");
		let co_signed = terms_of(1, &[AiTraining]);
		let co_signature = co_sign(&patient, &GB_CLINIC, &co_signed);
		let batch: Batch = BoundedVec::truncate_from(vec![
			(co_signed, Some(co_signature)),
			(terms_of(2, &[AiTraining]), None),
			(terms_of(3, &[AiTraining]), None),
		]);
		let post = Consent::record_consents(signed(&GB_CLINIC), batch).expect("recorded");
		assert_eq!(post.actual_weight, Some(Consent::record_consents_weight(3, 1)));
	});
}

#[test]
fn a_single_consent_pays_for_a_co_signature_only_when_it_carries_one() {
	run_test(|| {
		let patient = patient_pair("//patient-2");
		let terms = terms_of(7, &[AiTraining]);
		let co_signature = co_sign(&patient, &GB_CLINIC, &terms);
		let post = Consent::record_consent(signed(&GB_CLINIC), terms, Some(co_signature))
			.expect("recorded");
		let co_signed = Consent::record_consent_weight(0, true);
		assert_eq!(post.actual_weight, Some(co_signed));
		assert!(Consent::record_consent_weight(0, false).all_lte(co_signed));
		assert_ne!(Consent::record_consent_weight(0, false), co_signed);
	});
}

#[test]
fn a_single_consent_refunds_what_its_pseudonym_did_not_need() {
	run_test(|| {
		let post = Consent::record_consent(signed(&GB_CLINIC), terms(&[AiTraining]), None)
			.expect("recorded");
		assert_eq!(post.actual_weight, Some(Consent::record_consent_weight(0, false)));
		let post = Consent::record_consent(signed(&GB_CLINIC), terms(&[ResearchDataSharing]), None)
			.expect("recorded");
		assert_eq!(post.actual_weight, Some(Consent::record_consent_weight(1, false)));
	});
}

// --- Withdrawal ---

#[test]
fn recording_clinic_withdraws_consent() {
	run_test(|| {
		let id = ai_training_consent();
		Timestamp::set_timestamp(NOW + DAY);

		assert_ok!(gb_withdraws(id));

		assert_eq!(status_of(id), ConsentStatus::Withdrawn { at: NOW + DAY, by: GB_CLINIC });
		System::assert_last_event(
			Event::ConsentWithdrawn { consent_id: id, by: GB_CLINIC, at: NOW + DAY }.into(),
		);
	});
}

#[test]
fn a_patient_withdraws_for_free_and_a_clinic_pays() {
	use frame_support::dispatch::Pays;
	run_test(|| {
		let (id, patient) = record_co_signed(&[AiTraining]);
		let by_patient = Consent::withdraw_consent(signed(&patient), id).unwrap();
		assert_eq!(by_patient.pays_fee, Pays::No);

		let id = ai_training_consent();
		let by_clinic = gb_withdraws(id).unwrap();
		assert_eq!(by_clinic.pays_fee, Pays::Yes);
	});
}

#[test]
fn a_co_signing_patient_key_exists_without_funds_and_may_withdraw_only_its_active_consent() {
	run_test(|| {
		let (id, patient) = record_co_signed(&[AiTraining]);
		assert!(frame_system::Pallet::<Test>::account_exists(&patient));
		assert!(Consent::may_withdraw_as_patient(&patient, id));
		assert!(!Consent::may_withdraw_as_patient(&GB_CLINIC, id), "the clinic is no patient");
		assert!(!Consent::may_withdraw_as_patient(&patient, id + 1), "no such consent");
		assert_ok!(Consent::withdraw_consent(signed(&patient), id));
		assert!(!Consent::may_withdraw_as_patient(&patient, id), "already withdrawn");
	});
}

#[test]
fn patient_key_withdraws_co_signed_consent() {
	run_test(|| {
		let (id, patient) = record_co_signed(&[AiTraining, Storage]);
		Timestamp::set_timestamp(NOW + DAY);

		assert_ok!(Consent::withdraw_consent(signed(&patient), id));

		assert_eq!(status_of(id), ConsentStatus::Withdrawn { at: NOW + DAY, by: patient.clone() });
		assert_eq!(
			Consent::consent_status(id),
			Some(ConsentState::Withdrawn { at: NOW + DAY, by: patient.clone() })
		);
		System::assert_last_event(
			Event::ConsentWithdrawn { consent_id: id, by: patient, at: NOW + DAY }.into(),
		);
	});
}

#[test]
fn withdrawn_consent_stays_on_the_ledger() {
	run_test(|| {
		let (id, patient) = record_co_signed(&[AiTraining]);
		assert_ok!(Consent::withdraw_consent(signed(&patient), id));

		let consent = Consents::<Test>::get(id).expect("never deleted");
		assert_eq!(consent.terms, terms(&[AiTraining]));
		assert_eq!(ConsentsByPatient::<Test>::get(PSEUDONYM).into_inner(), vec![id]);
	});
}

#[test]
fn expired_consent_may_be_withdrawn() {
	run_test(|| {
		let id = ai_training_consent();
		Timestamp::set_timestamp(NOW + 400 * DAY);
		assert_eq!(
			Consent::consent_status(id),
			Some(ConsentState::Expired { at: NOW + 365 * DAY })
		);

		assert_ok!(gb_withdraws(id));

		assert_eq!(
			Consent::consent_status(id),
			Some(ConsentState::Withdrawn { at: NOW + 400 * DAY, by: GB_CLINIC })
		);
	});
}

#[test]
fn other_clinic_cannot_withdraw() {
	run_test(|| {
		let (id, _) = record_co_signed(&[AiTraining]);
		assert_noop!(
			Consent::withdraw_consent(signed(&FR_CLINIC), id),
			Error::<Test>::NotRecordingClinicOrPatient
		);
	});
}

#[test]
fn key_that_did_not_co_sign_cannot_withdraw() {
	run_test(|| {
		let id = ai_training_consent();
		let stranger = account_of(&patient_pair("//patient-1"));
		assert_noop!(
			Consent::withdraw_consent(signed(&stranger), id),
			Error::<Test>::NotRecordingClinicOrPatient
		);
	});
}

#[test]
fn suspended_recording_clinic_cannot_withdraw_but_patient_can() {
	run_test(|| {
		let (id, patient) = record_co_signed(&[AiTraining]);
		suspend(&GB_CLINIC);

		assert_noop!(gb_withdraws(id), Error::<Test>::NotAnActiveClinic);
		assert_ok!(Consent::withdraw_consent(signed(&patient), id));
	});
}

#[test]
fn consent_cannot_be_withdrawn_twice() {
	run_test(|| {
		let (id, patient) = record_co_signed(&[AiTraining]);
		assert_ok!(Consent::withdraw_consent(signed(&patient), id));
		assert_noop!(gb_withdraws(id), Error::<Test>::ConsentNotActive);
	});
}

#[test]
fn unknown_consent_is_refused_by_every_call() {
	run_test(|| {
		assert_noop!(gb_withdraws(7), Error::<Test>::UnknownConsent);
		assert_noop!(
			Consent::mark_entered_in_error(signed(&GB_CLINIC), 7),
			Error::<Test>::UnknownConsent
		);
		assert_noop!(
			Consent::allow_reliance(signed(&GB_CLINIC), 7, FR_CLINIC),
			Error::<Test>::UnknownConsent
		);
		assert_noop!(
			Consent::revoke_reliance(signed(&GB_CLINIC), 7, FR_CLINIC),
			Error::<Test>::UnknownConsent
		);
	});
}

// --- Entered in error ---

#[test]
fn recording_clinic_marks_consent_entered_in_error() {
	run_test(|| {
		let id = ai_training_consent();
		Timestamp::set_timestamp(NOW + DAY);

		assert_ok!(Consent::mark_entered_in_error(signed(&GB_CLINIC), id));

		assert_eq!(status_of(id), ConsentStatus::EnteredInError { at: NOW + DAY, by: GB_CLINIC });
		System::assert_last_event(
			Event::ConsentEnteredInError { consent_id: id, clinic: GB_CLINIC, at: NOW + DAY }
				.into(),
		);
	});
}

#[test]
fn consent_entered_in_error_was_never_in_effect() {
	run_test(|| {
		let id = ai_training_consent();
		Timestamp::set_timestamp(NOW + DAY);
		assert_ok!(Consent::mark_entered_in_error(signed(&GB_CLINIC), id));

		assert!(!is_consented(AiTraining, &GB_CLINIC, NOW));
		assert!(!is_consented(AiTraining, &GB_CLINIC, NOW + 2 * DAY));
	});
}

#[test]
fn only_recording_clinic_marks_entered_in_error() {
	run_test(|| {
		let (id, patient) = record_co_signed(&[AiTraining]);
		assert_noop!(
			Consent::mark_entered_in_error(signed(&FR_CLINIC), id),
			Error::<Test>::NotRecordingClinic
		);
		assert_noop!(
			Consent::mark_entered_in_error(signed(&patient), id),
			Error::<Test>::NotAnActiveClinic
		);
	});
}

#[test]
fn suspended_clinic_cannot_mark_entered_in_error() {
	run_test(|| {
		let id = ai_training_consent();
		suspend(&GB_CLINIC);
		assert_noop!(
			Consent::mark_entered_in_error(signed(&GB_CLINIC), id),
			Error::<Test>::NotAnActiveClinic
		);
	});
}

#[test]
fn withdrawn_consent_cannot_be_marked_entered_in_error() {
	run_test(|| {
		let id = ai_training_consent();
		assert_ok!(gb_withdraws(id));
		assert_noop!(
			Consent::mark_entered_in_error(signed(&GB_CLINIC), id),
			Error::<Test>::ConsentNotActive
		);
	});
}

// --- Reliance between clinics ---

#[test]
fn recording_clinic_lets_another_clinic_rely() {
	run_test(|| {
		let id = ai_training_consent();
		assert!(!is_consented(AiTraining, &FR_CLINIC, NOW));

		assert_ok!(gb_lets_rely(id, FR_CLINIC));

		assert!(is_consented(AiTraining, &FR_CLINIC, NOW));
		assert_eq!(
			Consents::<Test>::get(id).unwrap().relying_clinics.into_inner(),
			vec![FR_CLINIC]
		);
		System::assert_last_event(
			Event::RelianceAllowed { consent_id: id, clinic: FR_CLINIC, by: GB_CLINIC }.into(),
		);
	});
}

#[test]
fn patient_key_lets_another_clinic_rely() {
	run_test(|| {
		let (id, patient) = record_co_signed(&[AiTraining]);

		assert_ok!(Consent::allow_reliance(signed(&patient), id, NL_CLINIC));

		assert!(is_consented(AiTraining, &NL_CLINIC, NOW));
		System::assert_last_event(
			Event::RelianceAllowed { consent_id: id, clinic: NL_CLINIC, by: patient }.into(),
		);
	});
}

#[test]
fn other_clinic_cannot_allow_reliance() {
	run_test(|| {
		let id = ai_training_consent();
		assert_noop!(
			Consent::allow_reliance(signed(&FR_CLINIC), id, FR_CLINIC),
			Error::<Test>::NotRecordingClinicOrPatient
		);
	});
}

#[test]
fn suspended_recording_clinic_cannot_allow_reliance() {
	run_test(|| {
		let id = ai_training_consent();
		suspend(&GB_CLINIC);
		assert_noop!(gb_lets_rely(id, FR_CLINIC), Error::<Test>::NotAnActiveClinic);
	});
}

#[test]
fn reliance_on_inactive_consent_is_refused() {
	run_test(|| {
		let id = ai_training_consent();
		assert_ok!(gb_withdraws(id));
		assert_noop!(gb_lets_rely(id, FR_CLINIC), Error::<Test>::ConsentNotActive);
	});
}

#[test]
fn only_active_clinic_may_rely() {
	run_test(|| {
		let id = ai_training_consent();
		suspend(&FR_CLINIC);
		for clinic in [OUTSIDER, FR_CLINIC] {
			assert_noop!(gb_lets_rely(id, clinic), Error::<Test>::RelyingClinicNotActive);
		}
	});
}

#[test]
fn clinic_holding_the_consent_cannot_rely_again() {
	run_test(|| {
		let id = ai_training_consent();
		assert_ok!(gb_lets_rely(id, FR_CLINIC));
		for clinic in [FR_CLINIC, GB_CLINIC] {
			assert_noop!(gb_lets_rely(id, clinic), Error::<Test>::AlreadyRelying);
		}
	});
}

#[test]
fn relying_clinics_are_bounded() {
	run_test(|| {
		let id = ai_training_consent();
		assert_ok!(gb_lets_rely(id, FR_CLINIC));
		assert_ok!(gb_lets_rely(id, NL_CLINIC));
		assert_noop!(gb_lets_rely(id, ES_CLINIC), Error::<Test>::TooManyRelyingClinics);
	});
}

#[test]
fn recording_clinic_revokes_reliance() {
	run_test(|| {
		let id = ai_training_consent();
		assert_ok!(gb_lets_rely(id, FR_CLINIC));

		assert_ok!(Consent::revoke_reliance(signed(&GB_CLINIC), id, FR_CLINIC));

		assert!(!is_consented(AiTraining, &FR_CLINIC, NOW));
		assert!(Consents::<Test>::get(id).unwrap().relying_clinics.is_empty());
		System::assert_last_event(
			Event::RelianceRevoked { consent_id: id, clinic: FR_CLINIC, by: GB_CLINIC }.into(),
		);
	});
}

#[test]
fn patient_key_revokes_reliance() {
	run_test(|| {
		let (id, patient) = record_co_signed(&[AiTraining]);
		assert_ok!(gb_lets_rely(id, FR_CLINIC));

		assert_ok!(Consent::revoke_reliance(signed(&patient), id, FR_CLINIC));

		assert!(!is_consented(AiTraining, &FR_CLINIC, NOW));
		System::assert_last_event(
			Event::RelianceRevoked { consent_id: id, clinic: FR_CLINIC, by: patient }.into(),
		);
	});
}

#[test]
fn relying_clinic_cannot_revoke_or_withdraw() {
	run_test(|| {
		let id = ai_training_consent();
		assert_ok!(gb_lets_rely(id, FR_CLINIC));
		assert_noop!(
			Consent::revoke_reliance(signed(&FR_CLINIC), id, FR_CLINIC),
			Error::<Test>::NotRecordingClinicOrPatient
		);
		assert_noop!(
			Consent::withdraw_consent(signed(&FR_CLINIC), id),
			Error::<Test>::NotRecordingClinicOrPatient
		);
	});
}

#[test]
fn suspended_recording_clinic_cannot_revoke_reliance() {
	run_test(|| {
		let id = ai_training_consent();
		assert_ok!(gb_lets_rely(id, FR_CLINIC));
		suspend(&GB_CLINIC);
		assert_noop!(
			Consent::revoke_reliance(signed(&GB_CLINIC), id, FR_CLINIC),
			Error::<Test>::NotAnActiveClinic
		);
	});
}

#[test]
fn revoking_a_clinic_that_does_not_rely_is_refused() {
	run_test(|| {
		let id = ai_training_consent();
		assert_noop!(
			Consent::revoke_reliance(signed(&GB_CLINIC), id, FR_CLINIC),
			Error::<Test>::NotRelying
		);
	});
}

// --- Queries ---

#[test]
fn consent_applies_only_to_its_purposes() {
	run_test(|| {
		record(&GB_CLINIC, terms(&[AiTraining, TreatmentUse]), None);
		assert!(is_consented(AiTraining, &GB_CLINIC, NOW));
		assert!(is_consented(TreatmentUse, &GB_CLINIC, NOW));
		assert!(!is_consented(GameteDonation, &GB_CLINIC, NOW));
		assert!(!is_consented(Storage, &GB_CLINIC, NOW));
	});
}

#[test]
fn consent_applies_only_to_recording_and_relying_clinics() {
	run_test(|| {
		ai_training_consent();
		assert!(is_consented(AiTraining, &GB_CLINIC, NOW));
		assert!(!is_consented(AiTraining, &FR_CLINIC, NOW));
		assert!(!is_consented(AiTraining, &OUTSIDER, NOW));
	});
}

#[test]
fn consent_applies_only_within_its_validity() {
	run_test(|| {
		ai_training_consent();
		assert!(!is_consented(AiTraining, &GB_CLINIC, NOW - 1));
		assert!(is_consented(AiTraining, &GB_CLINIC, NOW + 365 * DAY - 1));
		assert!(!is_consented(AiTraining, &GB_CLINIC, NOW + 365 * DAY));
	});
}

#[test]
fn consent_without_end_applies_indefinitely() {
	run_test(|| {
		let mut terms = terms(&[TreatmentUse]);
		terms.valid_until = None;
		let id = record(&GB_CLINIC, terms, None);
		assert!(is_consented(TreatmentUse, &GB_CLINIC, u64::MAX));
		Timestamp::set_timestamp(u64::MAX);
		assert_eq!(Consent::consent_status(id), Some(ConsentState::Active));
	});
}

#[test]
fn storage_ends_with_its_storage_period() {
	run_test(|| {
		let mut terms = terms(&[Storage, TreatmentUse]);
		terms.storage_until = Some(NOW + 30 * DAY);
		record(&GB_CLINIC, terms, None);

		assert!(is_consented(Storage, &GB_CLINIC, NOW + 30 * DAY - 1));
		assert!(!is_consented(Storage, &GB_CLINIC, NOW + 30 * DAY));
		assert!(is_consented(TreatmentUse, &GB_CLINIC, NOW + 30 * DAY));
	});
}

#[test]
fn withdrawal_ends_consent_from_its_time_but_not_before() {
	run_test(|| {
		let (id, patient) = record_co_signed(&[AiTraining]);
		Timestamp::set_timestamp(NOW + DAY);
		assert_ok!(Consent::withdraw_consent(signed(&patient), id));

		assert!(is_consented(AiTraining, &GB_CLINIC, NOW + DAY - 1));
		assert!(!is_consented(AiTraining, &GB_CLINIC, NOW + DAY));
	});
}

#[test]
fn any_one_consent_in_effect_suffices() {
	run_test(|| {
		let first = ai_training_consent();
		ai_training_consent();
		assert_ok!(gb_withdraws(first));
		assert!(is_consented(AiTraining, &GB_CLINIC, NOW + DAY));
	});
}

#[test]
fn expiry_is_derived_from_time() {
	run_test(|| {
		let id = ai_training_consent();
		assert_eq!(Consent::consent_status(id), Some(ConsentState::Active));

		Timestamp::set_timestamp(NOW + 365 * DAY);

		assert_eq!(
			Consent::consent_status(id),
			Some(ConsentState::Expired { at: NOW + 365 * DAY })
		);
		assert_eq!(status_of(id), ConsentStatus::Active);
		assert_eq!(Consent::consent_status(id + 1), None);
	});
}

#[test]
fn consents_of_lists_every_consent_of_a_pseudonym_with_its_state() {
	run_test(|| {
		let (withdrawn, patient) = record_co_signed(&[AiTraining]);
		let active = record(&FR_CLINIC, terms(&[TreatmentUse]), None);
		let mut other = terms(&[AiTraining]);
		other.pseudonym = [0xbb; 32];
		record(&GB_CLINIC, other, None);
		assert_ok!(Consent::withdraw_consent(signed(&patient), withdrawn));

		let listed = Consent::consents_of(&PSEUDONYM);

		let summary: Vec<_> = listed
			.iter()
			.map(|(id, consent, state)| (*id, consent.clinic.clone(), state.clone()))
			.collect();
		assert_eq!(
			summary,
			vec![
				(withdrawn, GB_CLINIC, ConsentState::Withdrawn { at: NOW, by: patient }),
				(active, FR_CLINIC, ConsentState::Active),
			]
		);
		assert!(Consent::consents_of(&[0xcc; 32]).is_empty());
	});
}

fn storage_consent(id: ConsentId, clinic: &AccountId) -> Option<StorageConsentTerms<u64>> {
	<Consent as StorageConsentProvider<AccountId, u64>>::storage_consent(id, clinic)
}

#[test]
fn storage_consent_gives_the_terms_to_recording_and_relying_clinics() {
	run_test(|| {
		let id = record(&GB_CLINIC, terms(&[Storage, TreatmentUse]), None);
		let expected = StorageConsentTerms {
			patient: PSEUDONYM,
			from: NOW,
			storage_until: NOW + 365 * DAY,
			status: StorageConsentStatus::Active,
		};

		assert_eq!(storage_consent(id, &GB_CLINIC), Some(expected));
		assert_eq!(storage_consent(id, &FR_CLINIC), None);
		assert_ok!(gb_lets_rely(id, FR_CLINIC));
		assert_eq!(storage_consent(id, &FR_CLINIC), Some(expected));
	});
}

#[test]
fn storage_consent_is_none_without_storage_or_for_an_unknown_id() {
	run_test(|| {
		let id = record(&GB_CLINIC, terms(&[TreatmentUse]), None);

		assert_eq!(storage_consent(id, &GB_CLINIC), None);
		assert_eq!(storage_consent(id + 1, &GB_CLINIC), None);
	});
}

#[test]
fn storage_consent_reports_withdrawal_and_entry_in_error() {
	run_test(|| {
		let withdrawn = record(&GB_CLINIC, terms(&[Storage]), None);
		let in_error = record(&GB_CLINIC, terms(&[Storage]), None);
		Timestamp::set_timestamp(NOW + DAY);
		assert_ok!(gb_withdraws(withdrawn));
		assert_ok!(Consent::mark_entered_in_error(signed(&GB_CLINIC), in_error));

		let status = |id| storage_consent(id, &GB_CLINIC).map(|terms| terms.status);
		assert_eq!(status(withdrawn), Some(StorageConsentStatus::Withdrawn { at: NOW + DAY }));
		assert_eq!(status(in_error), Some(StorageConsentStatus::EnteredInError));
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn grant_storage_for_benchmarks_records_a_storage_consent_others_rely_on() {
	run_test(|| {
		let id = <Consent as StorageConsentProvider<AccountId, u64>>::grant_storage_for_benchmarks(
			&PSEUDONYM,
			&[FR_CLINIC, NL_CLINIC],
			NOW + DAY,
		)
		.expect("room for a consent");
		let terms = storage_consent(id, &FR_CLINIC).expect("a storage consent");
		assert_eq!((terms.from, terms.storage_until), (NOW, NOW + DAY));
		assert_eq!(storage_consent(id, &NL_CLINIC), Some(terms));
		assert!(is_consented(Storage, &FR_CLINIC, NOW));
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn grant_for_benchmarks_records_a_consent_in_effect() {
	run_test(|| {
		<Consent as ConsentProvider<AccountId, u64>>::grant_for_benchmarks(
			&PSEUDONYM,
			Storage,
			&FR_CLINIC,
			NOW - DAY,
		);
		assert!(is_consented(Storage, &FR_CLINIC, NOW - DAY));
		assert!(is_consented(Storage, &FR_CLINIC, u64::MAX - 1));
		assert!(!is_consented(AiTraining, &FR_CLINIC, NOW));
	});
}

// --- Closing a departed clinic's consents ---

const REASON: [u8; 32] = [0xc0; 32];

/// Terms like [`terms`] for another pseudonym, so that one clinic can record many consents.
fn terms_of(pseudonym: u8, purposes: &[ConsentPurpose]) -> ConsentTerms {
	ConsentTerms { pseudonym: [pseudonym; 32], ..terms(purposes) }
}

fn close(clinic: &AccountId, limit: u32) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Consent::close_consents_of_departed_clinic(RuntimeOrigin::root(), clinic.clone(), REASON, limit)
}

#[test]
fn closing_consents_needs_governance() {
	run_test(|| {
		ai_training_consent();
		suspend(&GB_CLINIC);
		for origin in [signed(&FR_CLINIC), signed(&GB_CLINIC), RuntimeOrigin::none()] {
			assert_noop!(
				Consent::close_consents_of_departed_clinic(origin, GB_CLINIC, REASON, 10),
				sp_runtime::DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn closing_consents_of_an_active_clinic_is_refused() {
	run_test(|| {
		let id = ai_training_consent();
		assert_noop!(close(&GB_CLINIC, 10), Error::<Test>::ClinicStillActive);
		assert_eq!(status_of(id), ConsentStatus::Active);
	});
}

#[test]
fn closing_consents_refuses_a_limit_of_zero_or_above_the_maximum() {
	run_test(|| {
		ai_training_consent();
		suspend(&GB_CLINIC);
		assert_noop!(close(&GB_CLINIC, 0), Error::<Test>::InvalidLimit);
		assert_noop!(
			close(&GB_CLINIC, crate::MAX_CONSENTS_EXAMINED_PER_CALL + 1),
			Error::<Test>::InvalidLimit
		);
	});
}

#[test]
fn governance_withdraws_a_departed_clinic_s_consents_from_now_on() {
	run_test(|| {
		let id = record(&GB_CLINIC, terms(&[AiTraining, Storage]), None);
		suspend(&GB_CLINIC);
		let later = NOW + DAY;
		Timestamp::set_timestamp(later);

		assert_ok!(close(&GB_CLINIC, 10));

		let withdrawn = ConsentStatus::WithdrawnByGovernance { at: later, reason: REASON };
		assert_eq!(status_of(id), withdrawn);
		assert_eq!(
			Consent::consent_status(id),
			Some(ConsentState::WithdrawnByGovernance { at: later, reason: REASON })
		);
		System::assert_last_event(
			Event::DepartedClinicConsentsClosed {
				clinic: GB_CLINIC,
				reason: REASON,
				at: later,
				closed: 1,
				next: 1,
				more_remain: false,
			}
			.into(),
		);
		// Downstream sees a withdrawal: in effect before it, not from it on.
		assert!(is_consented(AiTraining, &GB_CLINIC, later - 1));
		assert!(!is_consented(AiTraining, &GB_CLINIC, later));
		assert_eq!(
			<Consent as StorageConsentProvider<AccountId, u64>>::storage_consent(id, &GB_CLINIC)
				.map(|terms| terms.status),
			Some(StorageConsentStatus::Withdrawn { at: later })
		);
		// The closing is final, as a withdrawal is, even if the clinic is reinstated.
		MockMembership::admit_clinic(&GB_CLINIC, *b"GB");
		assert_noop!(gb_withdraws(id), Error::<Test>::ConsentNotActive);
	});
}

#[test]
fn a_relying_clinic_loses_a_closed_consent_too() {
	run_test(|| {
		let id = ai_training_consent();
		assert_ok!(gb_lets_rely(id, FR_CLINIC));
		suspend(&GB_CLINIC);

		assert_ok!(close(&GB_CLINIC, 10));

		assert!(!is_consented(AiTraining, &FR_CLINIC, NOW));
	});
}

#[test]
fn co_signed_consents_of_a_departed_clinic_stay_the_patient_s_to_withdraw() {
	run_test(|| {
		let (co_signed, patient) = record_co_signed(&[AiTraining]);
		suspend(&GB_CLINIC);

		assert_ok!(close(&GB_CLINIC, 10));

		assert_eq!(status_of(co_signed), ConsentStatus::Active);
		System::assert_last_event(
			Event::DepartedClinicConsentsClosed {
				clinic: GB_CLINIC,
				reason: REASON,
				at: NOW,
				closed: 0,
				next: 1,
				more_remain: false,
			}
			.into(),
		);
		assert_ok!(Consent::withdraw_consent(signed(&patient), co_signed));
	});
}

#[test]
fn only_the_departed_clinic_s_open_consents_are_closed() {
	run_test(|| {
		let other_clinic = record(&FR_CLINIC, terms_of(1, &[AiTraining]), None);
		let withdrawn = record(&GB_CLINIC, terms_of(2, &[AiTraining]), None);
		assert_ok!(gb_withdraws(withdrawn));
		let in_error = record(&GB_CLINIC, terms_of(3, &[AiTraining]), None);
		assert_ok!(Consent::mark_entered_in_error(signed(&GB_CLINIC), in_error));
		let expiring = record(
			&GB_CLINIC,
			ConsentTerms { valid_until: Some(NOW + DAY), ..terms_of(4, &[AiTraining]) },
			None,
		);
		let open = record(&GB_CLINIC, terms_of(5, &[AiTraining]), None);
		suspend(&GB_CLINIC);
		Timestamp::set_timestamp(NOW + 2 * DAY);
		let before = [other_clinic, withdrawn, in_error, expiring].map(status_of);

		assert_ok!(close(&GB_CLINIC, 10));

		assert_eq!([other_clinic, withdrawn, in_error, expiring].map(status_of), before);
		assert!(matches!(status_of(open), ConsentStatus::WithdrawnByGovernance { .. }));
	});
}

#[test]
fn closing_goes_page_by_page_until_no_consent_remains() {
	run_test(|| {
		let ids: Vec<ConsentId> =
			(1..=5).map(|p| record(&GB_CLINIC, terms_of(p, &[AiTraining]), None)).collect();
		suspend(&GB_CLINIC);
		let page = |closed, next, more_remain| -> crate::mock::RuntimeEvent {
			Event::DepartedClinicConsentsClosed {
				clinic: GB_CLINIC,
				reason: REASON,
				at: NOW,
				closed,
				next,
				more_remain,
			}
			.into()
		};

		assert_ok!(close(&GB_CLINIC, 2));
		System::assert_last_event(page(2, 2, true));
		assert_eq!(status_of(ids[2]), ConsentStatus::Active);
		assert_eq!(crate::DepartedClinicCursor::<Test>::get(GB_CLINIC), 2);

		assert_ok!(close(&GB_CLINIC, 2));
		System::assert_last_event(page(2, 4, true));
		assert_ok!(close(&GB_CLINIC, 2));
		System::assert_last_event(page(1, 5, false));
		assert!(ids.iter().all(|id| status_of(*id) != ConsentStatus::Active));

		// Nothing is left: a further call examines nothing.
		assert_ok!(close(&GB_CLINIC, 2));
		System::assert_last_event(page(0, 5, false));
	});
}

#[test]
fn closing_is_charged_for_the_consents_examined() {
	run_test(|| {
		ai_training_consent();
		suspend(&GB_CLINIC);
		let info = close(&GB_CLINIC, 100).expect("closes");
		assert_eq!(
			info.actual_weight,
			Some(<() as crate::WeightInfo>::close_consents_of_departed_clinic(1))
		);
	});
}
