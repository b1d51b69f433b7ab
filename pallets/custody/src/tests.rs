//! Unit tests: one behaviour each, every error with `assert_noop!`, every event checked.

use crate::{
	mock::*, ArrivalCondition, ArrivalReport, ClinicWitnesses, CustodyPolicy, DiscardReason,
	EmbryoStage, Error, Event, FlagReason, History, JurisdictionRules, LocationCode, NewSpecimen,
	NextShipmentId, NextSpecimenId, OpenShipments, Policies, Providers, Receipt, ShipmentId,
	ShipmentState, Shipments, SpecimenConsents, SpecimenFlags, SpecimenId, SpecimenKind,
	SpecimenStatus, SpecimenView, Specimens, SpecimensOfClinic, Step, StepRecord, StorageRules,
	StorageStanding, Transport, WitnessCount, WitnessKind, WitnessPolicy, Witnesses, WorklistEntry,
};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use ivf_primitives::{ConsentId, ConsentPurpose, DonorStanding, Jurisdiction, SpecimenRegistry};
use sp_runtime::{DispatchError, DispatchResult};

const PATIENT: [u8; 32] = [0xa1; 32];
const PARTNER: [u8; 32] = [0xa2; 32];
const DONOR: [u8; 32] = [0xa3; 32];
const REGISTRY_DONOR: [u8; 32] = [0xd0; 32];
const TANK_1: LocationCode = [0x01; 32];
const TANK_2: LocationCode = [0x02; 32];
const FR_TANK: LocationCode = [0xf1; 32];
const INCIDENT: [u8; 32] = [0x1c; 32];
const LOGGER_FILE: [u8; 32] = [0x10; 32];
const BLASTOCYST: SpecimenKind = SpecimenKind::Embryo { day: 5, stage: EmbryoStage::Blastocyst };

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn witnesses(accounts: &[u64]) -> Witnesses<u64> {
	BoundedVec::truncate_from(accounts.to_vec())
}

/// The GB clinic's nurse and embryologist.
fn gb_two() -> Witnesses<u64> {
	witnesses(&[GB_NURSE, GB_EMBRYOLOGIST])
}

/// The FR clinic's nurse and embryologist.
fn fr_two() -> Witnesses<u64> {
	witnesses(&[FR_NURSE, FR_EMBRYOLOGIST])
}

fn consents(ids: &[ConsentId]) -> SpecimenConsents {
	BoundedVec::truncate_from(ids.to_vec())
}

/// Registers the GB clinic's and the FR clinic's staff as their witnesses (once).
fn register_witnesses() {
	for (clinic, witness) in [
		(GB_CLINIC, GB_NURSE),
		(GB_CLINIC, GB_EMBRYOLOGIST),
		(FR_CLINIC, FR_NURSE),
		(FR_CLINIC, FR_EMBRYOLOGIST),
	] {
		if !ClinicWitnesses::<Test>::contains_key(clinic, witness) {
			assert_ok!(Custody::register_witness(signed(clinic), witness, WitnessKind::Staff));
		}
	}
}

/// Embryos of [`PATIENT`] and [`PARTNER`] under `ids`, in tank 1.
fn embryos(ids: &[ConsentId]) -> NewSpecimen {
	NewSpecimen {
		kind: BLASTOCYST,
		count: 2,
		providers: Providers { patient: PATIENT, partner: Some(PARTNER), donor: None },
		consents: consents(ids),
		location: TANK_1,
	}
}

/// Oocytes of [`PATIENT`] under `ids`, in tank 1.
fn oocytes(ids: &[ConsentId]) -> NewSpecimen {
	NewSpecimen {
		kind: SpecimenKind::Oocytes,
		count: 8,
		providers: Providers { patient: PATIENT, partner: None, donor: None },
		consents: consents(ids),
		location: TANK_1,
	}
}

/// Freezes `specimen` at the GB clinic with two witnesses; returns its id.
fn freeze(specimen: NewSpecimen) -> SpecimenId {
	let id = NextSpecimenId::<Test>::get();
	assert_ok!(Custody::freeze(signed(GB_CLINIC), specimen, gb_two()));
	id
}

/// Witnesses registered, then embryos frozen at the GB clinic under the patient's and the
/// partner's storage consents (ten years); returns the specimen and the two consents.
fn stored_embryos() -> (SpecimenId, ConsentId, ConsentId) {
	register_witnesses();
	let patient = storage_consent(PATIENT, GB_CLINIC);
	let partner = storage_consent(PARTNER, GB_CLINIC);
	(freeze(embryos(&[patient, partner])), patient, partner)
}

/// Witnesses registered, then oocytes frozen at the GB clinic under a storage consent of the
/// patient until `until`; returns the specimen and the consent.
fn stored_oocytes_until(until: u64) -> (SpecimenId, ConsentId) {
	register_witnesses();
	let consent = storage_consent_until(PATIENT, GB_CLINIC, until);
	(freeze(oocytes(&[consent])), consent)
}

fn specimen(id: SpecimenId) -> crate::Specimen<u64> {
	Specimens::<Test>::get(id).expect("the specimen exists")
}

fn status(id: SpecimenId) -> SpecimenStatus {
	specimen(id).status
}

fn steps(id: SpecimenId) -> Vec<Step> {
	Custody::history(id).into_iter().map(|record| record.step).collect()
}

fn transport() -> Transport {
	let code = |bytes: &[u8]| BoundedVec::truncate_from(bytes.to_vec());
	Transport {
		carrier: code(b"CARRIER-7"),
		dry_shipper: code(b"DS-0042"),
		data_logger: code(b"LOG-0042"),
	}
}

fn report(highest_mc: i32) -> ArrivalReport {
	ArrivalReport {
		condition: ArrivalCondition::Intact,
		logger_data: LOGGER_FILE,
		lowest_mc: -196_000,
		highest_mc,
	}
}

/// Lets `clinic` rely on every consent of the specimens `ids`.
fn rely_on_consents_of(ids: &[SpecimenId], clinic: u64) {
	for id in ids {
		for consent in specimen(*id).consents {
			allow_reliance(consent, clinic);
		}
	}
}

/// The GB clinic dispatches the specimens `ids` to `to`, two of its witnesses witnessing.
fn gb_dispatches(ids: &[SpecimenId], to: u64) -> DispatchResult {
	let ids = BoundedVec::truncate_from(ids.to_vec());
	Custody::dispatch(signed(GB_CLINIC), ids, to, transport(), gb_two())
}

/// Lets the FR clinic rely on every consent of `ids`, then the GB clinic dispatches `ids` to
/// it; returns the shipment.
fn ship_to_fr(ids: &[SpecimenId]) -> ShipmentId {
	rely_on_consents_of(ids, FR_CLINIC);
	let shipment = NextShipmentId::<Test>::get();
	assert_ok!(gb_dispatches(ids, FR_CLINIC));
	shipment
}

fn locations(count: usize) -> BoundedVec<LocationCode, frame_support::traits::ConstU32<4>> {
	BoundedVec::truncate_from(vec![FR_TANK; count])
}

/// The French clinic receives `shipment`, whose logger's highest reading was `highest_mc`
/// millidegrees, into `count` locations, with its two witnesses.
fn fr_receives(shipment: ShipmentId, highest_mc: i32, count: usize) -> DispatchResult {
	Custody::receive(signed(FR_CLINIC), shipment, report(highest_mc), locations(count), fr_two())
}

fn days(n: u64) -> u64 {
	n * DAY
}

// --- Witnesses and policy ---

#[test]
fn clinic_registers_a_witness() {
	run(|| {
		assert_ok!(Custody::register_witness(
			signed(GB_CLINIC),
			GB_EWS,
			WitnessKind::ElectronicSystem
		));

		assert_eq!(
			ClinicWitnesses::<Test>::get(GB_CLINIC, GB_EWS),
			Some(WitnessKind::ElectronicSystem)
		);
		System::assert_last_event(
			Event::WitnessRegistered {
				clinic: GB_CLINIC,
				witness: GB_EWS,
				kind: WitnessKind::ElectronicSystem,
			}
			.into(),
		);
	});
}

#[test]
fn only_an_active_clinic_registers_witnesses() {
	run(|| {
		assert_noop!(
			Custody::register_witness(signed(STRANGER), GB_NURSE, WitnessKind::Staff),
			Error::<Test>::NotAnActiveClinic
		);
		suspend_clinic(GB_CLINIC);
		assert_noop!(
			Custody::register_witness(signed(GB_CLINIC), GB_NURSE, WitnessKind::Staff),
			Error::<Test>::NotAnActiveClinic
		);
	});
}

#[test]
fn clinic_cannot_be_its_own_witness() {
	run(|| {
		assert_noop!(
			Custody::register_witness(signed(GB_CLINIC), GB_CLINIC, WitnessKind::Staff),
			Error::<Test>::WitnessIsClinic
		);
	});
}

#[test]
fn witness_is_registered_once() {
	run(|| {
		register_witnesses();
		assert_noop!(
			Custody::register_witness(signed(GB_CLINIC), GB_NURSE, WitnessKind::Staff),
			Error::<Test>::WitnessAlreadyRegistered
		);
	});
}

#[test]
fn removed_witness_witnesses_no_more_but_stays_in_the_history() {
	run(|| {
		let (id, _, _) = stored_embryos();

		assert_ok!(Custody::remove_witness(signed(GB_CLINIC), GB_NURSE));

		assert!(!ClinicWitnesses::<Test>::contains_key(GB_CLINIC, GB_NURSE));
		System::assert_last_event(
			Event::WitnessRemoved { clinic: GB_CLINIC, witness: GB_NURSE }.into(),
		);
		assert_eq!(Custody::history(id)[0].witnesses, gb_two());
		assert_noop!(
			Custody::move_specimen(signed(GB_CLINIC), id, TANK_2, gb_two()),
			Error::<Test>::UnknownWitness
		);
	});
}

#[test]
fn removing_an_unknown_witness_is_refused() {
	run(|| {
		assert_noop!(
			Custody::remove_witness(signed(GB_CLINIC), GB_NURSE),
			Error::<Test>::UnknownWitness
		);
		assert_noop!(
			Custody::remove_witness(signed(STRANGER), GB_NURSE),
			Error::<Test>::NotAnActiveClinic
		);
	});
}

#[test]
fn default_policy_asks_two_witnesses_for_every_step() {
	run(|| {
		let policy = Policies::<Test>::get(GB_CLINIC);
		assert_eq!(policy, CustodyPolicy::default());
		assert_eq!(policy.witnesses, WitnessPolicy::every_step(WitnessCount::Two));
		assert_eq!(policy.max_shipment_temperature_mc, -150_000);
		assert_eq!(policy.shipment_window_ms, days(3));
	});
}

#[test]
fn clinic_with_electronic_witnessing_sets_one_witness() {
	run(|| {
		register_witnesses();
		let policy = CustodyPolicy {
			witnesses: WitnessPolicy::every_step(WitnessCount::One),
			..CustodyPolicy::default()
		};

		assert_ok!(Custody::set_policy(signed(GB_CLINIC), policy));

		assert_eq!(Policies::<Test>::get(GB_CLINIC), policy);
		System::assert_last_event(Event::PolicySet { clinic: GB_CLINIC, policy }.into());
		let consent = storage_consent(PATIENT, GB_CLINIC);
		assert_ok!(Custody::freeze(signed(GB_CLINIC), oocytes(&[consent]), witnesses(&[GB_NURSE])));
	});
}

#[test]
fn policy_limit_above_the_glass_transition_is_refused() {
	run(|| {
		let policy =
			CustodyPolicy { max_shipment_temperature_mc: -129_999, ..CustodyPolicy::default() };
		assert_noop!(
			Custody::set_policy(signed(GB_CLINIC), policy),
			Error::<Test>::TemperatureLimitTooHigh
		);
	});
}

#[test]
fn policy_window_must_be_positive_and_within_the_bound() {
	run(|| {
		for window in [0, days(14) + 1] {
			let policy = CustodyPolicy { shipment_window_ms: window, ..CustodyPolicy::default() };
			assert_noop!(
				Custody::set_policy(signed(GB_CLINIC), policy),
				Error::<Test>::InvalidShipmentWindow
			);
		}
		assert_noop!(
			Custody::set_policy(signed(STRANGER), CustodyPolicy::default()),
			Error::<Test>::NotAnActiveClinic
		);
	});
}

// --- Freezing ---

#[test]
fn clinic_freezes_embryos_under_both_providers_consents() {
	run(|| {
		let (id, patient, partner) = stored_embryos();

		assert_eq!(id, 0);
		assert_eq!(
			specimen(id),
			crate::Specimen {
				clinic: GB_CLINIC,
				kind: BLASTOCYST,
				count: 2,
				providers: Providers { patient: PATIENT, partner: Some(PARTNER), donor: None },
				consents: consents(&[patient, partner]),
				location: TANK_1,
				status: SpecimenStatus::Stored,
				frozen_at: START,
				steps: 1,
				flags: SpecimenFlags::default(),
			}
		);
		assert!(SpecimensOfClinic::<Test>::contains_key(GB_CLINIC, id));
		assert_eq!(
			History::<Test>::get(id, 0),
			Some(StepRecord {
				step: Step::Frozen,
				at: START,
				clinic: GB_CLINIC,
				witnesses: gb_two(),
				location: TANK_1,
				consents: consents(&[patient, partner]),
			})
		);
		System::assert_last_event(
			Event::SpecimenFrozen {
				specimen: id,
				clinic: GB_CLINIC,
				kind: BLASTOCYST,
				count: 2,
				consents: consents(&[patient, partner]),
				location: TANK_1,
				witnesses: gb_two(),
			}
			.into(),
		);
	});
}

#[test]
fn gametes_need_only_the_patients_consent_and_may_name_a_donors() {
	run(|| {
		register_witnesses();
		let patient = storage_consent(PATIENT, GB_CLINIC);
		let donor = storage_consent(DONOR, GB_CLINIC);
		let mut specimen = oocytes(&[patient, donor]);
		specimen.providers.donor = Some(DONOR);

		let id = freeze(specimen);

		assert_eq!(self::specimen(id).consents, consents(&[patient, donor]));
	});
}

#[test]
fn only_an_active_clinic_freezes() {
	run(|| {
		register_witnesses();
		let consent = storage_consent(PATIENT, GB_CLINIC);
		assert_noop!(
			Custody::freeze(signed(STRANGER), oocytes(&[consent]), gb_two()),
			Error::<Test>::NotAnActiveClinic
		);
	});
}

#[test]
fn malformed_specimens_are_refused() {
	run(|| {
		register_witnesses();
		let consent = storage_consent(PATIENT, GB_CLINIC);
		let mut empty = oocytes(&[consent]);
		empty.count = 0;
		assert_noop!(Custody::freeze(signed(GB_CLINIC), empty, gb_two()), Error::<Test>::ZeroCount);

		let mut day_8 = embryos(&[consent]);
		day_8.kind = SpecimenKind::Embryo { day: 8, stage: EmbryoStage::Blastocyst };
		assert_noop!(
			Custody::freeze(signed(GB_CLINIC), day_8, gb_two()),
			Error::<Test>::InvalidEmbryoDay
		);

		let mut same_person = embryos(&[consent]);
		same_person.providers.partner = Some(PATIENT);
		assert_noop!(
			Custody::freeze(signed(GB_CLINIC), same_person, gb_two()),
			Error::<Test>::DuplicateProvider
		);
	});
}

#[test]
fn step_with_too_few_witnesses_is_refused() {
	run(|| {
		register_witnesses();
		let consent = storage_consent(PATIENT, GB_CLINIC);
		for too_few in [witnesses(&[]), witnesses(&[GB_NURSE])] {
			assert_noop!(
				Custody::freeze(signed(GB_CLINIC), oocytes(&[consent]), too_few),
				Error::<Test>::TooFewWitnesses
			);
		}
	});
}

#[test]
fn witnesses_must_be_distinct_and_registered_for_the_clinic() {
	run(|| {
		register_witnesses();
		let consent = storage_consent(PATIENT, GB_CLINIC);
		assert_noop!(
			Custody::freeze(
				signed(GB_CLINIC),
				oocytes(&[consent]),
				witnesses(&[GB_NURSE, GB_NURSE])
			),
			Error::<Test>::DuplicateWitness
		);
		assert_noop!(
			Custody::freeze(
				signed(GB_CLINIC),
				oocytes(&[consent]),
				witnesses(&[GB_NURSE, FR_NURSE])
			),
			Error::<Test>::UnknownWitness
		);
	});
}

#[test]
fn freezing_needs_storage_consents_the_clinic_holds_of_the_providers() {
	run(|| {
		register_witnesses();
		let freeze = |specimen| Custody::freeze(signed(GB_CLINIC), specimen, gb_two());
		let patient = storage_consent(PATIENT, GB_CLINIC);
		let partner = storage_consent(PARTNER, GB_CLINIC);
		let second_patient = storage_consent(PATIENT, GB_CLINIC);
		let stranger = storage_consent([0xee; 32], GB_CLINIC);
		let at_fr = storage_consent(PARTNER, FR_CLINIC);

		assert_noop!(freeze(oocytes(&[])), Error::<Test>::NoStorageConsent);
		assert_noop!(freeze(embryos(&[patient, at_fr])), Error::<Test>::UnknownStorageConsent);
		assert_noop!(freeze(embryos(&[patient, 999])), Error::<Test>::UnknownStorageConsent);
		assert_noop!(freeze(oocytes(&[patient, stranger])), Error::<Test>::ConsentOfAnotherPerson);
		assert_noop!(
			freeze(embryos(&[patient, second_patient])),
			Error::<Test>::DuplicateConsentHolder
		);
		assert_noop!(freeze(embryos(&[patient])), Error::<Test>::ProviderWithoutStorageConsent);
		assert_noop!(freeze(oocytes(&[partner])), Error::<Test>::ConsentOfAnotherPerson);
	});
}

#[test]
fn freezing_needs_consents_in_effect() {
	run(|| {
		register_witnesses();
		let freeze = |consent| Custody::freeze(signed(GB_CLINIC), oocytes(&[consent]), gb_two());
		let expired = storage_consent_until(PATIENT, GB_CLINIC, START);
		let withdrawn = storage_consent(PATIENT, GB_CLINIC);
		withdraw_storage_consent(withdrawn);
		let in_error = storage_consent(PATIENT, GB_CLINIC);
		mark_in_error(in_error);

		assert_noop!(freeze(expired), Error::<Test>::StorageConsentExpired);
		assert_noop!(freeze(withdrawn), Error::<Test>::StorageConsentWithdrawn);
		assert_noop!(freeze(in_error), Error::<Test>::StorageConsentNotInEffect);
	});
}

#[test]
fn exhausted_specimen_ids_are_refused() {
	run(|| {
		register_witnesses();
		let consent = storage_consent(PATIENT, GB_CLINIC);
		NextSpecimenId::<Test>::put(u64::MAX);
		assert_noop!(
			Custody::freeze(signed(GB_CLINIC), oocytes(&[consent]), gb_two()),
			Error::<Test>::SpecimenIdsExhausted
		);
	});
}

// --- Steps at the clinic ---

#[test]
fn clinic_moves_a_specimen_within_the_clinic() {
	run(|| {
		let (id, _, _) = stored_embryos();
		set_now(START + DAY);

		assert_ok!(Custody::move_specimen(signed(GB_CLINIC), id, TANK_2, gb_two()));

		assert_eq!(specimen(id).location, TANK_2);
		let moved = History::<Test>::get(id, 1).expect("a second step");
		assert_eq!((moved.step, moved.at, moved.location), (Step::Moved, START + DAY, TANK_2));
		System::assert_last_event(
			Event::SpecimenMoved {
				specimen: id,
				clinic: GB_CLINIC,
				from: TANK_1,
				to: TANK_2,
				witnesses: gb_two(),
			}
			.into(),
		);
	});
}

#[test]
fn moving_to_the_same_location_is_refused() {
	run(|| {
		let (id, _, _) = stored_embryos();
		assert_noop!(
			Custody::move_specimen(signed(GB_CLINIC), id, TANK_1, gb_two()),
			Error::<Test>::SameLocation
		);
	});
}

#[test]
fn only_the_custodian_records_steps_of_a_known_specimen() {
	run(|| {
		let (id, _, _) = stored_embryos();
		assert_noop!(
			Custody::move_specimen(signed(FR_CLINIC), id, TANK_2, fr_two()),
			Error::<Test>::NotCustodian
		);
		assert_noop!(
			Custody::move_specimen(signed(GB_CLINIC), id + 1, TANK_2, gb_two()),
			Error::<Test>::UnknownSpecimen
		);
		assert_noop!(
			Custody::thaw(signed(STRANGER), id, gb_two()),
			Error::<Test>::NotAnActiveClinic
		);
	});
}

#[test]
fn step_on_a_specimen_whose_storage_consent_expired_is_refused() {
	run(|| {
		let (id, _) = stored_oocytes_until(START + YEAR);
		set_now(START + YEAR);

		assert_noop!(
			Custody::move_specimen(signed(GB_CLINIC), id, TANK_2, gb_two()),
			Error::<Test>::StorageConsentExpired
		);
		assert_noop!(
			Custody::thaw(signed(GB_CLINIC), id, gb_two()),
			Error::<Test>::StorageConsentExpired
		);
		assert_noop!(
			Custody::donate(signed(GB_CLINIC), id, None, gb_two()),
			Error::<Test>::StorageConsentExpired
		);
	});
}

#[test]
fn step_after_the_jurisdictions_longest_storage_is_refused() {
	run(|| {
		let rules = StorageRules { max_storage_days: Some(30), ..StorageRules::default() };
		assert_ok!(Custody::set_storage_rules(RuntimeOrigin::root(), Jurisdiction(*b"GB"), rules));
		let (id, _) = stored_oocytes_until(START + YEAR);
		set_now(START + days(30));

		assert_noop!(
			Custody::thaw(signed(GB_CLINIC), id, gb_two()),
			Error::<Test>::StorageConsentExpired
		);
		assert_eq!(
			Custody::specimen_view(id).map(|view| view.standing),
			Some(StorageStanding::Expired { at: START + days(30) })
		);
	});
}

#[test]
fn step_on_a_specimen_whose_storage_consent_was_withdrawn_or_is_void_is_refused() {
	run(|| {
		let (id, patient, partner) = stored_embryos();
		withdraw_storage_consent(partner);
		assert_noop!(
			Custody::move_specimen(signed(GB_CLINIC), id, TANK_2, gb_two()),
			Error::<Test>::StorageConsentWithdrawn
		);

		mark_in_error(patient);
		assert_noop!(
			Custody::thaw(signed(GB_CLINIC), id, gb_two()),
			Error::<Test>::StorageConsentNotInEffect
		);
	});
}

#[test]
fn clinic_thaws_a_specimen_for_use() {
	run(|| {
		let (id, _, _) = stored_embryos();

		assert_ok!(Custody::thaw(signed(GB_CLINIC), id, gb_two()));

		assert_eq!(status(id), SpecimenStatus::Used);
		assert!(!SpecimensOfClinic::<Test>::contains_key(GB_CLINIC, id));
		assert_eq!(steps(id), vec![Step::Frozen, Step::Thawed]);
		System::assert_last_event(
			Event::SpecimenThawed { specimen: id, clinic: GB_CLINIC, witnesses: gb_two() }.into(),
		);
		assert_noop!(
			Custody::thaw(signed(GB_CLINIC), id, gb_two()),
			Error::<Test>::SpecimenNotStored
		);
	});
}

#[test]
fn clinic_donates_embryos_under_both_donation_consents_linked_to_the_registry() {
	run(|| {
		let (id, _, _) = stored_embryos();
		give_consent(PATIENT, ConsentPurpose::EmbryoDonation, GB_CLINIC);
		give_consent(PARTNER, ConsentPurpose::EmbryoDonation, GB_CLINIC);
		register_donor(REGISTRY_DONOR, DonorStanding::Available);

		assert_ok!(Custody::donate(signed(GB_CLINIC), id, Some(REGISTRY_DONOR), gb_two()));

		assert_eq!(status(id), SpecimenStatus::Donated);
		assert_eq!(steps(id)[1], Step::Donated { registry_donor: Some(REGISTRY_DONOR) });
		System::assert_last_event(
			Event::SpecimenDonated {
				specimen: id,
				clinic: GB_CLINIC,
				registry_donor: Some(REGISTRY_DONOR),
				witnesses: gb_two(),
			}
			.into(),
		);
	});
}

#[test]
fn donation_without_every_donation_consent_is_refused() {
	run(|| {
		let (id, _, _) = stored_embryos();
		give_consent(PATIENT, ConsentPurpose::EmbryoDonation, GB_CLINIC);
		give_consent(PARTNER, ConsentPurpose::GameteDonation, GB_CLINIC);

		assert_noop!(
			Custody::donate(signed(GB_CLINIC), id, None, gb_two()),
			Error::<Test>::DonationNotConsented
		);
	});
}

#[test]
fn donation_links_only_to_a_registered_donor_neither_flagged_nor_retired() {
	run(|| {
		let (id, _) = stored_oocytes_until(START + YEAR);
		give_consent(PATIENT, ConsentPurpose::GameteDonation, GB_CLINIC);
		assert_noop!(
			Custody::donate(signed(GB_CLINIC), id, Some(REGISTRY_DONOR), gb_two()),
			Error::<Test>::NotARegisteredDonor
		);
		register_donor(REGISTRY_DONOR, DonorStanding::Flagged);
		assert_noop!(
			Custody::donate(signed(GB_CLINIC), id, Some(REGISTRY_DONOR), gb_two()),
			Error::<Test>::DonorFlagged
		);
		register_donor(REGISTRY_DONOR, DonorStanding::Retired);
		assert_noop!(
			Custody::donate(signed(GB_CLINIC), id, Some(REGISTRY_DONOR), gb_two()),
			Error::<Test>::DonorRetired
		);

		assert_ok!(Custody::donate(signed(GB_CLINIC), id, None, gb_two()));
		assert_eq!(status(id), SpecimenStatus::Donated);
	});
}

#[test]
fn discard_for_expired_consent_waits_for_the_end_of_the_storage_period() {
	run(|| {
		let (id, _) = stored_oocytes_until(START + YEAR);
		let discard =
			|| Custody::discard(signed(GB_CLINIC), id, DiscardReason::ConsentExpired, gb_two());
		assert_noop!(discard(), Error::<Test>::StorageConsentNotExpired);

		set_now(START + YEAR);
		assert_ok!(discard());

		assert_eq!(status(id), SpecimenStatus::Discarded);
		System::assert_last_event(
			Event::SpecimenDiscarded {
				specimen: id,
				clinic: GB_CLINIC,
				reason: DiscardReason::ConsentExpired,
				witnesses: gb_two(),
			}
			.into(),
		);
	});
}

#[test]
fn embryo_is_discarded_for_a_withdrawal_only_after_twelve_months_of_cooling_off() {
	run(|| {
		let (id, _, partner) = stored_embryos();
		set_now(START + DAY);
		withdraw_storage_consent(partner);
		let discard =
			|| Custody::discard(signed(GB_CLINIC), id, DiscardReason::ConsentWithdrawn, gb_two());

		let discard_from = START + DAY + days(366);
		assert_eq!(
			Custody::specimen_view(id).map(|view| view.standing),
			Some(StorageStanding::Withdrawn { at: START + DAY, discard_from })
		);
		set_now(discard_from - 1);
		assert_noop!(discard(), Error::<Test>::CoolingOffNotOver);

		set_now(discard_from);
		assert_ok!(discard());
		assert_eq!(status(id), SpecimenStatus::Discarded);
	});
}

#[test]
fn gametes_are_discarded_for_a_withdrawal_at_once_and_rules_follow_the_jurisdiction() {
	run(|| {
		let (oocytes, consent) = stored_oocytes_until(START + YEAR);
		withdraw_storage_consent(consent);
		assert_ok!(Custody::discard(
			signed(GB_CLINIC),
			oocytes,
			DiscardReason::ConsentWithdrawn,
			gb_two()
		));

		let rules = StorageRules { embryo_cooling_off_days: 0, ..StorageRules::default() };
		assert_ok!(Custody::set_storage_rules(RuntimeOrigin::root(), Jurisdiction(*b"GB"), rules));
		let patient = storage_consent(PATIENT, GB_CLINIC);
		let partner = storage_consent(PARTNER, GB_CLINIC);
		let embryo_straw = freeze(embryos(&[patient, partner]));
		withdraw_storage_consent(patient);
		assert_ok!(Custody::discard(
			signed(GB_CLINIC),
			embryo_straw,
			DiscardReason::ConsentWithdrawn,
			gb_two()
		));
	});
}

#[test]
fn discard_for_withdrawal_without_a_withdrawal_is_refused() {
	run(|| {
		let (id, _, _) = stored_embryos();
		assert_noop!(
			Custody::discard(signed(GB_CLINIC), id, DiscardReason::ConsentWithdrawn, gb_two()),
			Error::<Test>::StorageConsentNotWithdrawn
		);
	});
}

#[test]
fn discard_at_request_or_not_viable_is_possible_whatever_the_consent() {
	run(|| {
		let (first, _) = stored_oocytes_until(START + YEAR);
		let consent = storage_consent_until(PATIENT, GB_CLINIC, START + YEAR);
		let second = freeze(oocytes(&[consent]));
		set_now(START + 2 * YEAR);

		assert_ok!(Custody::discard(
			signed(GB_CLINIC),
			first,
			DiscardReason::PatientRequest,
			gb_two()
		));
		assert_ok!(Custody::discard(signed(GB_CLINIC), second, DiscardReason::NotViable, gb_two()));

		assert_eq!(
			(status(first), status(second)),
			(SpecimenStatus::Discarded, SpecimenStatus::Discarded)
		);
		assert_noop!(
			Custody::discard(signed(GB_CLINIC), first, DiscardReason::NotViable, gb_two()),
			Error::<Test>::SpecimenNotStored
		);
	});
}

#[test]
fn loss_is_recorded_whatever_the_consent() {
	run(|| {
		let (id, _) = stored_oocytes_until(START + YEAR);
		set_now(START + 2 * YEAR);

		assert_ok!(Custody::report_loss(signed(GB_CLINIC), id, INCIDENT, gb_two()));

		assert_eq!(status(id), SpecimenStatus::Lost);
		assert_eq!(steps(id)[1], Step::Lost { incident: INCIDENT });
		System::assert_last_event(
			Event::SpecimenLost {
				specimen: id,
				clinic: GB_CLINIC,
				incident: INCIDENT,
				witnesses: gb_two(),
			}
			.into(),
		);
	});
}

#[test]
fn full_history_refuses_steps_but_always_allows_a_final_one() {
	run(|| {
		let (id, _, _) = stored_embryos();
		// A move keeps room for a final step: six moves fill the history to 7 of 8.
		for i in 0..6u8 {
			assert_ok!(Custody::move_specimen(signed(GB_CLINIC), id, [0x40 + i; 32], gb_two()));
		}
		assert_noop!(
			Custody::move_specimen(signed(GB_CLINIC), id, TANK_2, gb_two()),
			Error::<Test>::HistoryFull
		);
		assert_noop!(gb_dispatches(&[id], FR_CLINIC), Error::<Test>::HistoryFull);

		assert_ok!(Custody::discard(signed(GB_CLINIC), id, DiscardReason::NotViable, gb_two()));
		assert_eq!(specimen(id).steps, MAX_STEPS);
	});
}

// --- Cryotransport ---

#[test]
fn clinic_dispatches_specimens_and_keeps_custody_until_receipt() {
	run(|| {
		let (first, _, _) = stored_embryos();
		let (second, _) = stored_oocytes_until(START + YEAR);

		let shipment = ship_to_fr(&[first, second]);

		assert_eq!(shipment, 0);
		for id in [first, second] {
			assert_eq!(status(id), SpecimenStatus::InTransit { shipment });
			assert_eq!(specimen(id).clinic, GB_CLINIC);
			assert!(SpecimensOfClinic::<Test>::contains_key(GB_CLINIC, id));
			assert_eq!(steps(id)[1], Step::Dispatched { shipment });
		}
		let record = Shipments::<Test>::get(shipment).expect("a shipment");
		assert_eq!(
			(record.from, record.to, record.due_by),
			(GB_CLINIC, FR_CLINIC, START + days(3))
		);
		assert_eq!(record.transport, transport());
		assert!(OpenShipments::<Test>::contains_key(GB_CLINIC, shipment));
		assert!(OpenShipments::<Test>::contains_key(FR_CLINIC, shipment));
		System::assert_last_event(
			Event::ShipmentDispatched {
				shipment,
				from: GB_CLINIC,
				to: FR_CLINIC,
				specimens: BoundedVec::truncate_from(vec![first, second]),
				due_by: START + days(3),
				witnesses: gb_two(),
			}
			.into(),
		);
		assert_noop!(
			Custody::move_specimen(signed(GB_CLINIC), first, TANK_2, gb_two()),
			Error::<Test>::SpecimenNotStored
		);
	});
}

#[test]
fn dispatch_to_a_bad_destination_or_of_a_bad_list_is_refused() {
	run(|| {
		let (id, _, _) = stored_embryos();
		let dispatch = |ids: Vec<SpecimenId>, to| gb_dispatches(&ids, to);
		assert_noop!(dispatch(vec![id], STRANGER), Error::<Test>::DestinationNotAClinic);
		assert_noop!(dispatch(vec![id], GB_CLINIC), Error::<Test>::ShipmentToSelf);
		assert_noop!(dispatch(vec![], FR_CLINIC), Error::<Test>::NoSpecimens);
		assert_noop!(dispatch(vec![id, id], FR_CLINIC), Error::<Test>::DuplicateSpecimen);
		assert_noop!(dispatch(vec![id + 1], FR_CLINIC), Error::<Test>::UnknownSpecimen);
		assert_noop!(dispatch(vec![id], FR_CLINIC), Error::<Test>::DestinationLacksConsent);
	});
}

#[test]
fn dispatch_needs_custody_and_storage_consent() {
	run(|| {
		let (id, consent) = stored_oocytes_until(START + YEAR);
		allow_reliance(consent, FR_CLINIC);
		let dispatch = |clinic, witnesses| {
			Custody::dispatch(
				signed(clinic),
				BoundedVec::truncate_from(vec![id]),
				ES_CLINIC,
				transport(),
				witnesses,
			)
		};
		assert_noop!(dispatch(FR_CLINIC, fr_two()), Error::<Test>::NotCustodian);
		assert_noop!(dispatch(GB_CLINIC, witnesses(&[GB_NURSE])), Error::<Test>::TooFewWitnesses);

		allow_reliance(consent, ES_CLINIC);
		set_now(START + YEAR);
		assert_noop!(dispatch(GB_CLINIC, gb_two()), Error::<Test>::StorageConsentExpired);
	});
}

#[test]
fn receipt_passes_custody_to_the_destination() {
	run(|| {
		let (id, patient, partner) = stored_embryos();
		let shipment = ship_to_fr(&[id]);
		set_now(START + DAY);

		assert_ok!(fr_receives(shipment, -180_000, 1));

		let record = specimen(id);
		assert_eq!(
			(record.clinic, record.location, record.status),
			(FR_CLINIC, FR_TANK, SpecimenStatus::Stored)
		);
		assert_eq!(record.flags, SpecimenFlags::default());
		assert!(!SpecimensOfClinic::<Test>::contains_key(GB_CLINIC, id));
		assert!(SpecimensOfClinic::<Test>::contains_key(FR_CLINIC, id));
		assert!(!OpenShipments::<Test>::contains_key(GB_CLINIC, shipment));
		assert!(!OpenShipments::<Test>::contains_key(FR_CLINIC, shipment));
		let receipt = Receipt {
			at: START + DAY,
			condition: ArrivalCondition::Intact,
			logger_data: LOGGER_FILE,
			lowest_mc: -196_000,
			highest_mc: -180_000,
			excursion: false,
		};
		assert_eq!(Shipments::<Test>::get(shipment).and_then(|s| s.receipt), Some(receipt));
		System::assert_last_event(
			Event::ShipmentReceived {
				shipment,
				clinic: FR_CLINIC,
				received: 1,
				receipt,
				late: false,
				witnesses: fr_two(),
			}
			.into(),
		);
		// The receiving clinic now records the steps, under the consents it relies on.
		assert_noop!(
			Custody::move_specimen(signed(GB_CLINIC), id, TANK_2, gb_two()),
			Error::<Test>::NotCustodian
		);
		assert_ok!(Custody::move_specimen(signed(FR_CLINIC), id, TANK_2, fr_two()));
		assert_eq!(specimen(id).consents, consents(&[patient, partner]));
	});
}

#[test]
fn receipt_by_a_clinic_that_is_not_the_destination_is_refused() {
	run(|| {
		let (id, _, _) = stored_embryos();
		let shipment = ship_to_fr(&[id]);
		assert_ok!(Custody::register_witness(signed(ES_CLINIC), 31, WitnessKind::Staff));
		assert_ok!(Custody::register_witness(signed(ES_CLINIC), 32, WitnessKind::Staff));

		assert_noop!(
			Custody::receive(
				signed(ES_CLINIC),
				shipment,
				report(-180_000),
				locations(1),
				witnesses(&[31, 32])
			),
			Error::<Test>::NotDestination
		);
		assert_noop!(
			Custody::receive(signed(GB_CLINIC), shipment, report(-180_000), locations(1), gb_two()),
			Error::<Test>::NotDestination
		);
	});
}

#[test]
fn receipt_with_bad_arguments_is_refused() {
	run(|| {
		let (id, _, _) = stored_embryos();
		let shipment = ship_to_fr(&[id]);
		let receive = |shipment, report, count, witnesses| {
			Custody::receive(signed(FR_CLINIC), shipment, report, locations(count), witnesses)
		};
		assert_noop!(
			receive(shipment + 1, report(-180_000), 1, fr_two()),
			Error::<Test>::UnknownShipment
		);
		assert_noop!(
			receive(shipment, report(-180_000), 2, fr_two()),
			Error::<Test>::LocationsMismatch
		);
		let mut inverted = report(-180_000);
		inverted.lowest_mc = -170_000;
		assert_noop!(
			receive(shipment, inverted, 1, fr_two()),
			Error::<Test>::InvalidTemperatureRange
		);
		let mut below_zero = report(-180_000);
		below_zero.lowest_mc = -273_151;
		assert_noop!(
			receive(shipment, below_zero, 1, fr_two()),
			Error::<Test>::InvalidTemperatureRange
		);
		assert_noop!(
			receive(shipment, report(-180_000), 1, witnesses(&[FR_NURSE])),
			Error::<Test>::TooFewWitnesses
		);
		assert_noop!(
			Custody::receive(signed(STRANGER), shipment, report(-180_000), locations(1), fr_two()),
			Error::<Test>::NotAnActiveClinic
		);

		assert_ok!(receive(shipment, report(-180_000), 1, fr_two()));
		assert_noop!(
			receive(shipment, report(-180_000), 1, fr_two()),
			Error::<Test>::AlreadyReceived
		);
	});
}

#[test]
fn temperature_excursion_flags_the_received_specimens() {
	run(|| {
		let (first, _, _) = stored_embryos();
		let (second, _) = stored_oocytes_until(START + YEAR);
		let shipment = ship_to_fr(&[first, second]);

		assert_ok!(fr_receives(shipment, -149_999, 2));

		for id in [first, second] {
			assert_eq!(specimen(id).flags.temperature_excursion, Some(shipment));
			System::assert_has_event(
				Event::SpecimenFlagged {
					specimen: id,
					clinic: FR_CLINIC,
					reason: FlagReason::TemperatureExcursion { shipment },
				}
				.into(),
			);
		}
		assert_eq!(
			Shipments::<Test>::get(shipment).and_then(|s| s.receipt).map(|r| r.excursion),
			Some(true)
		);
	});
}

#[test]
fn temperature_limit_is_the_stricter_of_sender_and_receiver() {
	run(|| {
		let (id, _, _) = stored_embryos();
		let shipment = ship_to_fr(&[id]);
		let strict =
			CustodyPolicy { max_shipment_temperature_mc: -170_000, ..CustodyPolicy::default() };
		assert_ok!(Custody::set_policy(signed(FR_CLINIC), strict));

		assert_ok!(fr_receives(shipment, -160_000, 1));

		assert_eq!(specimen(id).flags.temperature_excursion, Some(shipment));
	});
}

#[test]
fn shipment_not_received_in_its_window_shows_as_overdue_and_a_late_receipt_is_recorded() {
	run(|| {
		let (id, _, _) = stored_embryos();
		let shipment = ship_to_fr(&[id]);
		let due_by = START + days(3);
		let state = || Custody::shipment_view(shipment).map(|(_, state)| state);
		assert_eq!(state(), Some(ShipmentState::InTransit { due_by }));

		set_now(due_by + 1);
		assert_eq!(state(), Some(ShipmentState::Overdue { due_by }));
		let open: Vec<_> = Custody::open_shipments(&FR_CLINIC)
			.into_iter()
			.map(|(id, _, s)| (id, s))
			.collect();
		assert_eq!(open, vec![(shipment, ShipmentState::Overdue { due_by })]);
		assert_eq!(Custody::open_shipments(&GB_CLINIC).len(), 1);

		assert_ok!(fr_receives(shipment, -180_000, 1));
		assert_eq!(state(), Some(ShipmentState::Received { at: due_by + 1, late: true }));
		assert!(Custody::open_shipments(&FR_CLINIC).is_empty());
	});
}

#[test]
fn specimen_lost_in_transit_is_reported_by_the_sender_and_not_received() {
	run(|| {
		let (first, _, _) = stored_embryos();
		let (second, _) = stored_oocytes_until(START + YEAR);
		let shipment = ship_to_fr(&[first, second]);

		assert_ok!(Custody::report_loss(signed(GB_CLINIC), second, INCIDENT, gb_two()));
		assert_ok!(fr_receives(shipment, -180_000, 2));

		assert_eq!((status(first), specimen(first).clinic), (SpecimenStatus::Stored, FR_CLINIC));
		assert_eq!((status(second), specimen(second).clinic), (SpecimenStatus::Lost, GB_CLINIC));
		assert!(matches!(
			System::events().last().map(|e| e.event.clone()),
			Some(RuntimeEvent::Custody(Event::ShipmentReceived { received: 1, .. }))
		));
	});
}

#[test]
fn exhausted_shipment_ids_are_refused() {
	run(|| {
		let (id, _, _) = stored_embryos();
		rely_on_consents_of(&[id], FR_CLINIC);
		NextShipmentId::<Test>::put(u64::MAX);
		assert_noop!(gb_dispatches(&[id], FR_CLINIC), Error::<Test>::ShipmentIdsExhausted);
	});
}

// --- Renewed consent ---

#[test]
fn renewed_consent_lets_steps_resume() {
	run(|| {
		let (id, _) = stored_oocytes_until(START + YEAR);
		set_now(START + YEAR);
		let renewed = storage_consent(PATIENT, GB_CLINIC);

		assert_ok!(Custody::renew_consent(signed(GB_CLINIC), id, consents(&[renewed])));

		assert_eq!(specimen(id).consents, consents(&[renewed]));
		let record = History::<Test>::get(id, 1).expect("a second step");
		assert_eq!(
			(record.step, record.witnesses, record.consents),
			(Step::ConsentRenewed, witnesses(&[]), consents(&[renewed]))
		);
		System::assert_last_event(
			Event::StorageConsentRenewed {
				specimen: id,
				clinic: GB_CLINIC,
				consents: consents(&[renewed]),
			}
			.into(),
		);
		assert_ok!(Custody::thaw(signed(GB_CLINIC), id, gb_two()));
	});
}

#[test]
fn renewal_needs_consents_in_effect_and_a_stored_specimen() {
	run(|| {
		let (id, consent) = stored_oocytes_until(START + YEAR);
		let renew =
			|ids: &[ConsentId]| Custody::renew_consent(signed(GB_CLINIC), id, consents(ids));
		let expired = storage_consent_until(PATIENT, GB_CLINIC, START + 1);
		set_now(START + 1);
		assert_noop!(renew(&[expired]), Error::<Test>::StorageConsentExpired);
		assert_noop!(renew(&[]), Error::<Test>::NoStorageConsent);
		assert_noop!(
			Custody::renew_consent(signed(FR_CLINIC), id, consents(&[consent])),
			Error::<Test>::NotCustodian
		);

		ship_to_fr(&[id]);
		assert_noop!(renew(&[consent]), Error::<Test>::SpecimenNotStored);
	});
}

#[test]
fn renewal_cannot_pass_the_jurisdictions_longest_storage() {
	run(|| {
		let rules = StorageRules { max_storage_days: Some(30), ..StorageRules::default() };
		assert_ok!(Custody::set_storage_rules(RuntimeOrigin::root(), Jurisdiction(*b"GB"), rules));
		let (id, _) = stored_oocytes_until(START + days(10));
		set_now(START + days(30));
		let renewed = storage_consent(PATIENT, GB_CLINIC);

		assert_noop!(
			Custody::renew_consent(signed(GB_CLINIC), id, consents(&[renewed])),
			Error::<Test>::StorageConsentExpired
		);
	});
}

// --- Storage rules ---

#[test]
fn governance_sets_a_jurisdictions_storage_rules() {
	run(|| {
		let france = Jurisdiction(*b"FR");
		let rules = StorageRules {
			max_storage_days: None,
			embryo_cooling_off_days: 90,
			gamete_cooling_off_days: 30,
		};
		assert_eq!(JurisdictionRules::<Test>::get(france), StorageRules::default());

		assert_ok!(Custody::set_storage_rules(RuntimeOrigin::root(), france, rules));

		assert_eq!(JurisdictionRules::<Test>::get(france), rules);
		System::assert_last_event(Event::StorageRulesSet { jurisdiction: france, rules }.into());
		assert_noop!(
			Custody::set_storage_rules(signed(GB_CLINIC), france, rules),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Custody::set_storage_rules(RuntimeOrigin::root(), Jurisdiction(*b"fr"), rules),
			Error::<Test>::MalformedJurisdiction
		);
	});
}

// --- Queries ---

#[test]
fn worklist_lists_what_expires_within_n_days_and_what_lapsed_most_urgent_first() {
	run(|| {
		register_witnesses();
		let until =
			|days_from_now| storage_consent_until(PATIENT, GB_CLINIC, START + days(days_from_now));
		let in_20_days = freeze(oocytes(&[until(20)]));
		let in_90_days = freeze(oocytes(&[until(90)]));
		let in_10_days = freeze(oocytes(&[until(10)]));
		let withdrawn = until(400);
		let withdrawn_specimen = freeze(oocytes(&[withdrawn]));
		let used = freeze(oocytes(&[until(5)]));
		assert_ok!(Custody::thaw(signed(GB_CLINIC), used, gb_two()));
		set_now(START + days(15));
		withdraw_storage_consent(withdrawn);

		assert_eq!(
			Custody::storage_worklist(&GB_CLINIC, 30),
			vec![
				WorklistEntry {
					specimen: in_10_days,
					standing: StorageStanding::Expired { at: START + days(10) }
				},
				WorklistEntry {
					specimen: withdrawn_specimen,
					standing: StorageStanding::Withdrawn {
						at: START + days(15),
						discard_from: START + days(15)
					},
				},
				WorklistEntry {
					specimen: in_20_days,
					standing: StorageStanding::InEffect { until: START + days(20) }
				},
			]
		);
		let within_100_days = Custody::storage_worklist(&GB_CLINIC, 100);
		assert_eq!(within_100_days.len(), 4);
		assert_eq!(within_100_days.last().map(|entry| entry.specimen), Some(in_90_days));
		assert!(Custody::storage_worklist(&FR_CLINIC, 100).is_empty());
	});
}

#[test]
fn history_tells_every_step_who_when_where_and_under_which_consent() {
	run(|| {
		let (id, patient, partner) = stored_embryos();
		set_now(START + DAY);
		assert_ok!(Custody::move_specimen(signed(GB_CLINIC), id, TANK_2, gb_two()));
		set_now(START + 2 * DAY);
		let shipment = ship_to_fr(&[id]);
		set_now(START + 3 * DAY);
		assert_ok!(fr_receives(shipment, -180_000, 1));

		let both = consents(&[patient, partner]);
		let record = |step, at, clinic, witnesses, location| StepRecord {
			step,
			at,
			clinic,
			witnesses,
			location,
			consents: both.clone(),
		};
		assert_eq!(
			Custody::history(id),
			vec![
				record(Step::Frozen, START, GB_CLINIC, gb_two(), TANK_1),
				record(Step::Moved, START + DAY, GB_CLINIC, gb_two(), TANK_2),
				record(Step::Dispatched { shipment }, START + 2 * DAY, GB_CLINIC, gb_two(), TANK_2),
				record(Step::Received { shipment }, START + 3 * DAY, FR_CLINIC, fr_two(), FR_TANK),
			]
		);
		assert!(Custody::history(id + 1).is_empty());
	});
}

#[test]
fn specimen_view_gives_the_standing_now() {
	run(|| {
		let (id, _) = stored_oocytes_until(START + YEAR);
		assert_eq!(
			Custody::specimen_view(id),
			Some(SpecimenView {
				specimen: specimen(id),
				standing: StorageStanding::InEffect { until: START + YEAR }
			})
		);
		assert_eq!(Custody::specimen_view(id + 1), None);
	});
}

// --- The registry other pallets use ---

#[test]
fn other_pallets_read_the_custodian_and_flag_a_recall() {
	run(|| {
		let (id, _, _) = stored_embryos();
		let notice = [0x5e; 32];
		assert_eq!(<Custody as SpecimenRegistry<u64>>::custodian(id), Some(GB_CLINIC));
		assert_eq!(<Custody as SpecimenRegistry<u64>>::custodian(id + 1), None);

		<Custody as SpecimenRegistry<u64>>::flag_recalled(id, notice);

		assert_eq!(specimen(id).flags.recall, Some(notice));
		System::assert_last_event(
			Event::SpecimenFlagged {
				specimen: id,
				clinic: GB_CLINIC,
				reason: FlagReason::Recall { notice },
			}
			.into(),
		);
		let events = System::events().len();
		<Custody as SpecimenRegistry<u64>>::flag_recalled(id + 1, notice);
		assert_eq!(System::events().len(), events);
	});
}
