//! One test per behaviour of the donor registry.

use crate::{fixtures::sperm_donor, matching::*, mock::*, *};
use frame_support::{assert_noop, assert_ok, pallet_prelude::DispatchResult, BoundedVec};
use ivf_primitives::{
	ConsentPurpose, ConsortiumMembership, DonorLinkageId, Jurisdiction, Pseudonym,
};
use sp_runtime::{BuildStorage, DispatchError};

const PANEL: CarrierPanel = CarrierPanel { id: 1, version: 1 };
const GB: Jurisdiction = Jurisdiction(*b"GB");
const EVIDENCE: [u8; 32] = [0xe5; 32];

fn donor_id(n: u8) -> DonorLinkageId {
	[n; 32]
}

fn family(n: u8) -> Pseudonym {
	let mut family = [0xfa; 32];
	family[0] = n;
	family
}

fn profile_of(donation_type: DonationType) -> DonorProfile {
	DonorProfile { donation_type, ..sperm_donor() }
}

/// A recipient that `sperm_donor` passes: CMV negative, Rh negative and unsensitised, whose
/// partner carries gene 8 on the same panel, treated in the UK.
fn recipient() -> RecipientProfile {
	RecipientProfile {
		donation_type: DonationType::Sperm,
		recipient_cmv: CmvStatus::Negative,
		recipient_rh: Rh::Negative,
		rh_sensitised: false,
		recipient_carrier: Some(CarrierScreening {
			panel: PANEL,
			carried: CarriedGenes::from_genes(&[8]),
		}),
		jurisdiction: GB,
		accepted_identity_release: AcceptedIdentityRelease {
			anonymous: false,
			at_adulthood: true,
			open: true,
		},
	}
}

/// A match request for [`recipient`], with no preference.
fn request() -> MatchRequest {
	MatchRequest {
		recipient: recipient(),
		preferred: PhenotypePreference::default(),
		max_results: 10,
	}
}

/// [`recipient`], treated where `clinic` is.
fn recipient_at(clinic: u64) -> RecipientProfile {
	let jurisdiction = MockMembership::clinic_jurisdiction(&clinic).unwrap_or(GB);
	RecipientProfile { jurisdiction, ..recipient() }
}

fn record_of(profile: DonorProfile) -> Donor<u64> {
	Donor {
		clinic: GB_CLINIC,
		jurisdiction: GB,
		registered_at: START,
		profile,
		families: 0,
		children: 0,
		pending: 0,
		flag: None,
	}
}

/// The bank's own pseudonym of the donor (salted at the bank; here, the linkage id with the
/// bank's number in its last byte).
fn pseudonym_at(clinic: u64, donor: DonorLinkageId) -> Pseudonym {
	let mut pseudonym = donor;
	pseudonym[31] = clinic as u8;
	pseudonym
}

fn register_as(clinic: u64, donor: DonorLinkageId, profile: DonorProfile) -> DispatchResult {
	DonorMatching::register_donor(
		RuntimeOrigin::signed(clinic),
		donor,
		pseudonym_at(clinic, donor),
		profile,
	)
}

/// The bank records the donor's donation consent under its pseudonym and registers (or links)
/// the donor.
fn register(clinic: u64, donor: DonorLinkageId, profile: DonorProfile) {
	give_consent(pseudonym_at(clinic, donor), profile.donation_type.consent_purpose(), clinic);
	assert_ok!(register_as(clinic, donor, profile));
}

/// `origin` flags `donor` for `reason`, with the tests' evidence.
fn flag_as(origin: RuntimeOrigin, donor: DonorLinkageId, reason: FlagReason) -> DispatchResult {
	DonorMatching::flag_donor(origin, donor, reason, EVIDENCE)
}

/// Runs `test` on a fresh chain where the UK bank registered donor 1 (sperm), with its id.
fn with_gb_donor(test: impl FnOnce(DonorLinkageId)) {
	run(|| {
		let donor = donor_id(1);
		register(GB_CLINIC, donor, sperm_donor());
		test(donor)
	});
}

/// The owner of `donor`, or the UK clinic for an unknown donor.
fn owner(donor: DonorLinkageId) -> u64 {
	DonorBanks::<Test>::get(donor).first().map_or(GB_CLINIC, |bank| bank.clinic)
}

/// `clinic` reserves `donor`'s gametes at the owning bank for `family`, a recipient of
/// [`recipient`] treated where the clinic is.
fn reserve(clinic: u64, donor: DonorLinkageId, family: Pseudonym) -> DispatchResult {
	reserve_at(clinic, owner(donor), donor, family)
}

fn reserve_at(clinic: u64, bank: u64, donor: DonorLinkageId, family: Pseudonym) -> DispatchResult {
	DonorMatching::reserve(RuntimeOrigin::signed(clinic), donor, bank, family, recipient_at(clinic))
}

fn reserve_for(
	clinic: u64,
	donor: DonorLinkageId,
	family: Pseudonym,
	recipient: RecipientProfile,
) -> DispatchResult {
	DonorMatching::reserve(RuntimeOrigin::signed(clinic), donor, owner(donor), family, recipient)
}

fn release(clinic: u64, donor: DonorLinkageId, family: Pseudonym) -> DispatchResult {
	DonorMatching::release(
		RuntimeOrigin::signed(clinic),
		donor,
		family,
		ReleaseReason::TreatmentFailed,
	)
}

fn birth(clinic: u64, donor: DonorLinkageId, family: Pseudonym, children: u8) -> DispatchResult {
	DonorMatching::record_birth(RuntimeOrigin::signed(clinic), donor, family, children)
}

fn counts(donor: DonorLinkageId) -> DonorCounts {
	Donors::<Test>::get(donor).expect("registered").counts()
}

fn clinics_using(donor: DonorLinkageId) -> Vec<(u64, u32)> {
	DonorClinics::<Test>::get(donor)
		.iter()
		.map(|u| (u.clinic, u.families))
		.collect()
}

// ---------------------------------------------------------------------------------------
// Genesis and governance
// ---------------------------------------------------------------------------------------

#[test]
fn genesis_seeds_the_domain_family_limits() {
	run(|| {
		let limit = |code: &[u8; 2]| FamilyLimits::<Test>::get(Jurisdiction(*code));
		assert_eq!(limit(b"GB"), Some(FamilyLimit::Families(10)));
		assert_eq!(limit(b"NL"), Some(FamilyLimit::Families(12)));
		assert_eq!(limit(b"DK"), Some(FamilyLimit::Families(12)));
		assert_eq!(limit(b"DE"), Some(FamilyLimit::Families(15)));
		assert_eq!(limit(b"CH"), Some(FamilyLimit::Families(8)));
		assert_eq!(limit(b"BE"), Some(FamilyLimit::Families(6)));
		assert_eq!(limit(b"SE"), Some(FamilyLimit::Families(6)));
		assert_eq!(limit(b"NO"), Some(FamilyLimit::Families(6)));
		assert_eq!(limit(b"AT"), Some(FamilyLimit::Families(3)));
		assert_eq!(limit(b"FR"), Some(FamilyLimit::Children(10)));
		assert_eq!(limit(b"CY"), Some(FamilyLimit::Families(1)));
		assert_eq!(limit(b"US"), None, "ASRM guidance is per population, not seeded");
		assert_eq!(FamilyLimits::<Test>::iter().count(), 11);
	});
}

#[test]
#[should_panic(expected = "jurisdiction repeated in family_limits")]
fn genesis_refuses_a_repeated_jurisdiction() {
	let config = crate::GenesisConfig::<Test> {
		family_limits: vec![(GB, FamilyLimit::Families(10)), (GB, FamilyLimit::Families(5))],
		_config: Default::default(),
	};
	let _ =
		RuntimeGenesisConfig { system: Default::default(), donor_matching: config }.build_storage();
}

#[test]
#[should_panic(expected = "malformed jurisdiction in family_limits")]
fn genesis_refuses_a_malformed_jurisdiction() {
	let config = crate::GenesisConfig::<Test> {
		family_limits: vec![(Jurisdiction(*b"gb"), FamilyLimit::Families(10))],
		_config: Default::default(),
	};
	let _ =
		RuntimeGenesisConfig { system: Default::default(), donor_matching: config }.build_storage();
}

#[test]
fn governance_sets_and_removes_a_family_limit() {
	run(|| {
		let us = Jurisdiction(*b"US");
		assert_ok!(DonorMatching::set_family_limit(
			RuntimeOrigin::root(),
			us,
			Some(FamilyLimit::Families(25))
		));
		assert_eq!(FamilyLimits::<Test>::get(us), Some(FamilyLimit::Families(25)));
		System::assert_last_event(
			Event::FamilyLimitSet { jurisdiction: us, limit: Some(FamilyLimit::Families(25)) }
				.into(),
		);

		assert_ok!(DonorMatching::set_family_limit(RuntimeOrigin::root(), us, None));
		assert_eq!(FamilyLimits::<Test>::get(us), None);
		System::assert_last_event(Event::FamilyLimitSet { jurisdiction: us, limit: None }.into());
	});
}

#[test]
fn only_governance_sets_family_limits() {
	run(|| {
		assert_noop!(
			DonorMatching::set_family_limit(
				RuntimeOrigin::signed(GB_CLINIC),
				GB,
				Some(FamilyLimit::Families(99))
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn set_family_limit_refuses_a_malformed_jurisdiction() {
	run(|| {
		assert_noop!(
			DonorMatching::set_family_limit(RuntimeOrigin::root(), Jurisdiction(*b"g1"), None),
			Error::<Test>::MalformedJurisdiction
		);
	});
}

// ---------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------

#[test]
fn a_clinic_registers_a_donor_in_its_jurisdiction() {
	with_gb_donor(|_| {
		let record = Donors::<Test>::get(donor_id(1)).expect("registered");
		assert_eq!(record, record_of(sperm_donor()));
		assert_eq!(Donors::<Test>::count(), 1);
		assert_eq!(DonorsOwned::<Test>::get(GB_CLINIC), 1);
		assert_eq!(
			DonorBanks::<Test>::get(donor_id(1)).into_inner(),
			vec![DonorBank {
				clinic: GB_CLINIC,
				pseudonym: pseudonym_at(GB_CLINIC, donor_id(1)),
				jurisdiction: GB,
				linked_at: START
			}]
		);
		System::assert_last_event(
			Event::DonorRegistered {
				donor: donor_id(1),
				clinic: GB_CLINIC,
				jurisdiction: GB,
				donation_type: DonationType::Sperm,
			}
			.into(),
		);
	});
}

#[test]
fn only_an_active_clinic_registers_donors() {
	run(|| {
		give_consent(pseudonym_at(STRANGER, donor_id(1)), ConsentPurpose::GameteDonation, STRANGER);
		assert_noop!(
			register_as(STRANGER, donor_id(1), sperm_donor()),
			Error::<Test>::NotAnActiveClinic
		);
		assert_noop!(
			DonorMatching::register_donor(
				RuntimeOrigin::none(),
				donor_id(1),
				donor_id(1),
				sperm_donor()
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_bank_registers_a_donor_once() {
	with_gb_donor(|_| {
		assert_noop!(
			register_as(GB_CLINIC, donor_id(1), sperm_donor()),
			Error::<Test>::AlreadyLinked
		);
	});
}

#[test]
fn the_registry_holds_at_most_max_donors() {
	run(|| {
		// Five per bank (the mock's quota), eight in all (the mock's `MaxDonors`).
		for n in 1..=5 {
			register(GB_CLINIC, donor_id(n), sperm_donor());
		}
		for n in 6..=8 {
			register(FR_CLINIC, donor_id(n), sperm_donor());
		}
		give_consent(
			pseudonym_at(FR_CLINIC, donor_id(9)),
			ConsentPurpose::GameteDonation,
			FR_CLINIC,
		);
		assert_noop!(
			register_as(FR_CLINIC, donor_id(9), sperm_donor()),
			Error::<Test>::TooManyDonors
		);
	});
}

#[test]
fn a_bank_owns_at_most_its_quota_of_donors() {
	run(|| {
		for n in 1..=5 {
			register(GB_CLINIC, donor_id(n), sperm_donor());
		}
		assert_eq!(DonorsOwned::<Test>::get(GB_CLINIC), 5);
		give_consent(
			pseudonym_at(GB_CLINIC, donor_id(6)),
			ConsentPurpose::GameteDonation,
			GB_CLINIC,
		);
		assert_noop!(
			register_as(GB_CLINIC, donor_id(6), sperm_donor()),
			Error::<Test>::ClinicQuotaReached
		);
		// Linking to another bank's donor takes no quota.
		register(FR_CLINIC, donor_id(7), sperm_donor());
		register(GB_CLINIC, donor_id(7), sperm_donor());
		// Retiring an unused donor deletes the record and frees a place.
		assert_ok!(DonorMatching::retire_donor(RuntimeOrigin::signed(GB_CLINIC), donor_id(1)));
		assert_ok!(register_as(GB_CLINIC, donor_id(6), sperm_donor()));
		assert_eq!(DonorsOwned::<Test>::get(GB_CLINIC), 5);
	});
}

#[test]
fn registration_needs_an_active_consent_for_the_donation_type() {
	run(|| {
		// No consent at all.
		assert_noop!(
			register_as(GB_CLINIC, donor_id(1), sperm_donor()),
			Error::<Test>::ConsentNotActive
		);
		// A gamete donation consent does not cover an embryo donation.
		give_consent(
			pseudonym_at(GB_CLINIC, donor_id(1)),
			ConsentPurpose::GameteDonation,
			GB_CLINIC,
		);
		assert_noop!(
			register_as(GB_CLINIC, donor_id(1), profile_of(DonationType::Embryo)),
			Error::<Test>::ConsentNotActive
		);
		// A consent recorded by another clinic is not the registering clinic's.
		give_consent(
			pseudonym_at(GB_CLINIC, donor_id(2)),
			ConsentPurpose::GameteDonation,
			FR_CLINIC,
		);
		assert_noop!(
			register_as(GB_CLINIC, donor_id(2), sperm_donor()),
			Error::<Test>::ConsentNotActive
		);
		// An embryo donation consent does.
		register(GB_CLINIC, donor_id(3), profile_of(DonationType::Embryo));
	});
}

// ---------------------------------------------------------------------------------------
// Reservation
// ---------------------------------------------------------------------------------------

#[test]
fn reserving_counts_a_new_family() {
	with_gb_donor(|_| {
		set_now(START + 1_000);
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(1)));

		assert_eq!(counts(donor_id(1)), DonorCounts { families: 1, children: 0, pending: 1 });
		assert_eq!(
			Allocations::<Test>::get(donor_id(1), family(1)),
			Some(Allocation {
				clinic: FR_CLINIC,
				jurisdiction: Jurisdiction(*b"FR"),
				reserved_at: START + 1_000,
				pending: 1,
				children: 0,
				expires_at: START + 1_000 + RESERVATION_PERIOD,
				expired: 0,
			})
		);
		assert_eq!(clinics_using(donor_id(1)), vec![(FR_CLINIC, 1)]);
		System::assert_last_event(
			Event::DonorReserved {
				donor: donor_id(1),
				bank: GB_CLINIC,
				family: family(1),
				clinic: FR_CLINIC,
				new_family: true,
				families: 1,
				expected_children: 1,
				expires_at: START + 1_000 + RESERVATION_PERIOD,
			}
			.into(),
		);
	});
}

#[test]
fn a_sibling_does_not_count_a_new_family() {
	with_gb_donor(|_| {
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_ok!(birth(GB_CLINIC, donor_id(1), family(1), 1));
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));

		assert_eq!(counts(donor_id(1)), DonorCounts { families: 1, children: 1, pending: 1 });
		assert_eq!(clinics_using(donor_id(1)), vec![(GB_CLINIC, 1)]);
		System::assert_last_event(
			Event::DonorReserved {
				donor: donor_id(1),
				bank: GB_CLINIC,
				family: family(1),
				clinic: GB_CLINIC,
				new_family: false,
				families: 1,
				expected_children: 2,
				expires_at: START + RESERVATION_PERIOD,
			}
			.into(),
		);
	});
}

#[test]
fn only_an_active_clinic_reserves() {
	with_gb_donor(|_| {
		assert_noop!(reserve(STRANGER, donor_id(1), family(1)), Error::<Test>::NotAnActiveClinic);
		assert_noop!(
			DonorMatching::reserve(
				RuntimeOrigin::none(),
				donor_id(1),
				GB_CLINIC,
				family(1),
				recipient()
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn reserving_an_unknown_donor_fails() {
	run(|| {
		assert_noop!(reserve(GB_CLINIC, donor_id(1), family(1)), Error::<Test>::UnknownDonor);
	});
}

#[test]
fn a_withdrawn_consent_stops_new_allocations_and_keeps_existing_families() {
	with_gb_donor(|_| {
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		withdraw_consent(
			pseudonym_at(GB_CLINIC, donor_id(1)),
			ConsentPurpose::GameteDonation,
			GB_CLINIC,
		);

		assert_noop!(reserve(FR_CLINIC, donor_id(1), family(2)), Error::<Test>::ConsentNotActive);
		// Siblings are new uses of the donor's gametes, so they stop too.
		assert_noop!(reserve(GB_CLINIC, donor_id(1), family(1)), Error::<Test>::ConsentNotActive);
		// The existing family stays, and its outcome is still recorded.
		assert_eq!(counts(donor_id(1)).families, 1);
		assert_ok!(birth(GB_CLINIC, donor_id(1), family(1), 1));
		assert_eq!(counts(donor_id(1)), DonorCounts { families: 1, children: 1, pending: 0 });
	});
}

#[test]
fn a_family_pseudonym_belongs_to_one_clinic() {
	with_gb_donor(|_| {
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_noop!(
			reserve(FR_CLINIC, donor_id(1), family(1)),
			Error::<Test>::FamilyOfAnotherClinic
		);
	});
}

#[test]
fn a_donor_is_used_by_at_most_max_clinics() {
	run(|| {
		// Spain, Portugal, Italy and Greece have no limit configured.
		register(ES_CLINIC, donor_id(1), sperm_donor());
		for (n, clinic) in [ES_CLINIC, PT_CLINIC, IT_CLINIC, GR_CLINIC].into_iter().enumerate() {
			assert_ok!(reserve(clinic, donor_id(1), family(n as u8)));
		}
		assert_noop!(
			reserve(GB_CLINIC, donor_id(1), family(9)),
			Error::<Test>::TooManyClinicsForDonor
		);
		// A clinic already listed may still reserve for new families.
		assert_ok!(reserve(ES_CLINIC, donor_id(1), family(10)));
		assert_eq!(
			clinics_using(donor_id(1)),
			vec![(ES_CLINIC, 2), (PT_CLINIC, 1), (IT_CLINIC, 1), (GR_CLINIC, 1)]
		);
	});
}

#[test]
fn the_registration_jurisdiction_limit_refuses_the_next_family() {
	run(|| {
		// A UK donor used only in Spain, which has no limit of its own: the UK's 10 applies.
		register(GB_CLINIC, donor_id(1), sperm_donor());
		for n in 0..10 {
			assert_ok!(reserve(ES_CLINIC, donor_id(1), family(n)));
		}
		assert_noop!(
			reserve(ES_CLINIC, donor_id(1), family(10)),
			Error::<Test>::FamilyLimitReached
		);
	});
}

#[test]
fn the_requesting_jurisdiction_limit_applies() {
	run(|| {
		// Cyprus allows one family per donor; a UK donor with one family is full for Cyprus.
		register(GB_CLINIC, donor_id(1), sperm_donor());
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_noop!(reserve(CY_CLINIC, donor_id(1), family(2)), Error::<Test>::FamilyLimitReached);
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(2)));
	});
}

#[test]
fn a_jurisdiction_without_a_limit_adds_none() {
	run(|| {
		register(ES_CLINIC, donor_id(1), sperm_donor());
		for n in 0..30 {
			assert_ok!(reserve(ES_CLINIC, donor_id(1), family(n)));
		}
		assert_eq!(counts(donor_id(1)).families, 30);
	});
}

/// Two clinics in two countries with different limits share one donor: the UK (10 families)
/// and Austria (3 families). Once Austria is involved its limit binds both clinics; a
/// sibling in a counted family is still accepted; when Austria's only family is released,
/// Austria is no longer involved and the UK clinic may go on.
#[test]
fn clinics_in_two_countries_share_the_strictest_limit() {
	with_gb_donor(|_| {
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_ok!(reserve(AT_CLINIC, donor_id(1), family(2)));
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(3)));
		assert_eq!(counts(donor_id(1)).families, 3);

		// Austria's limit of 3 now applies to the UK clinic too, and to Austria itself.
		assert_noop!(reserve(GB_CLINIC, donor_id(1), family(4)), Error::<Test>::FamilyLimitReached);
		assert_noop!(reserve(AT_CLINIC, donor_id(1), family(5)), Error::<Test>::FamilyLimitReached);

		// A sibling in an existing family does not count again.
		assert_ok!(birth(GB_CLINIC, donor_id(1), family(1), 1));
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_ok!(reserve(AT_CLINIC, donor_id(1), family(2)));
		assert_eq!(counts(donor_id(1)), DonorCounts { families: 3, children: 1, pending: 4 });

		// Austria's family has no birth: both its treatments fail, its slot is freed, and
		// Austria is no longer involved, so the UK's own limit applies again.
		assert_ok!(release(AT_CLINIC, donor_id(1), family(2)));
		assert_ok!(release(AT_CLINIC, donor_id(1), family(2)));
		assert_eq!(clinics_using(donor_id(1)), vec![(GB_CLINIC, 2)]);
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(4)));
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(5)));
		assert_eq!(counts(donor_id(1)).families, 4);
	});
}

#[test]
fn a_children_limit_counts_pending_reservations_as_expected_children() {
	run(|| {
		// A French donor: 10 children, born or expected.
		register(FR_CLINIC, donor_id(1), sperm_donor());
		for n in 0..10 {
			assert_ok!(reserve(FR_CLINIC, donor_id(1), family(n)));
		}
		assert_noop!(reserve(FR_CLINIC, donor_id(1), family(10)), Error::<Test>::ChildLimitReached);
		// A sibling is one more expected child too.
		assert_noop!(reserve(FR_CLINIC, donor_id(1), family(0)), Error::<Test>::ChildLimitReached);
		// A failed treatment frees its expected child.
		assert_ok!(release(FR_CLINIC, donor_id(1), family(9)));
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(0)));
	});
}

#[test]
fn a_french_clinic_brings_its_children_limit_to_a_foreign_donor() {
	run(|| {
		// A UK donor (10 families) with 9 children born in the UK: the French clinic's limit
		// of 10 children leaves room for exactly one more expected child.
		register(GB_CLINIC, donor_id(1), sperm_donor());
		for n in 0..3 {
			assert_ok!(reserve(GB_CLINIC, donor_id(1), family(n)));
			assert_ok!(birth(GB_CLINIC, donor_id(1), family(n), 3));
		}
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(3)));
		assert_noop!(reserve(FR_CLINIC, donor_id(1), family(4)), Error::<Test>::ChildLimitReached);
		// France is now involved, so the UK clinic is bound by it as well.
		assert_noop!(reserve(GB_CLINIC, donor_id(1), family(5)), Error::<Test>::ChildLimitReached);
	});
}

// ---------------------------------------------------------------------------------------
// Release
// ---------------------------------------------------------------------------------------

#[test]
fn a_failed_treatment_frees_the_slot_of_a_family_without_birth() {
	with_gb_donor(|_| {
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(1)));
		assert_ok!(DonorMatching::release(
			RuntimeOrigin::signed(FR_CLINIC),
			donor_id(1),
			family(1),
			ReleaseReason::TreatmentCancelled
		));

		assert_eq!(counts(donor_id(1)), DonorCounts::default());
		assert_eq!(Allocations::<Test>::get(donor_id(1), family(1)), None);
		assert!(!DonorClinics::<Test>::contains_key(donor_id(1)));
		System::assert_last_event(
			Event::ReservationReleased {
				donor: donor_id(1),
				family: family(1),
				clinic: FR_CLINIC,
				reason: ReleaseReason::TreatmentCancelled,
				family_released: true,
				families: 0,
			}
			.into(),
		);
	});
}

#[test]
fn a_family_with_a_birth_keeps_its_slot_on_release() {
	with_gb_donor(|_| {
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_ok!(birth(GB_CLINIC, donor_id(1), family(1), 1));
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_ok!(release(GB_CLINIC, donor_id(1), family(1)));

		assert_eq!(counts(donor_id(1)), DonorCounts { families: 1, children: 1, pending: 0 });
		assert!(Allocations::<Test>::contains_key(donor_id(1), family(1)));
		assert_eq!(clinics_using(donor_id(1)), vec![(GB_CLINIC, 1)]);
		System::assert_last_event(
			Event::ReservationReleased {
				donor: donor_id(1),
				family: family(1),
				clinic: GB_CLINIC,
				reason: ReleaseReason::TreatmentFailed,
				family_released: false,
				families: 1,
			}
			.into(),
		);
	});
}

#[test]
fn a_family_keeps_its_slot_while_another_treatment_is_pending() {
	with_gb_donor(|_| {
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_ok!(release(GB_CLINIC, donor_id(1), family(1)));
		assert_eq!(counts(donor_id(1)), DonorCounts { families: 1, children: 0, pending: 1 });
		assert_ok!(release(GB_CLINIC, donor_id(1), family(1)));
		assert_eq!(counts(donor_id(1)), DonorCounts::default());
	});
}

#[test]
fn releasing_one_family_keeps_the_clinics_other_families_listed() {
	with_gb_donor(|_| {
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(2)));
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(3)));
		assert_ok!(release(GB_CLINIC, donor_id(1), family(1)));
		assert_eq!(clinics_using(donor_id(1)), vec![(GB_CLINIC, 1), (FR_CLINIC, 1)]);
	});
}

#[test]
fn outcomes_are_recorded_only_by_the_treating_clinic_for_a_pending_reservation() {
	with_gb_donor(|_| {
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));

		let outcomes: [fn(u64, Pseudonym, Pseudonym) -> DispatchResult; 2] =
			[release, |c, d, f| birth(c, d, f, 1)];
		for outcome in outcomes {
			assert_noop!(
				outcome(STRANGER, donor_id(1), family(1)),
				Error::<Test>::NotAnActiveClinic
			);
			assert_noop!(
				outcome(GB_CLINIC, donor_id(1), family(2)),
				Error::<Test>::UnknownAllocation
			);
			assert_noop!(
				outcome(FR_CLINIC, donor_id(1), family(1)),
				Error::<Test>::NotTreatingClinic
			);
		}
		assert_ok!(birth(GB_CLINIC, donor_id(1), family(1), 1));
		assert_noop!(
			release(GB_CLINIC, donor_id(1), family(1)),
			Error::<Test>::NoPendingReservation
		);
		assert_noop!(
			birth(GB_CLINIC, donor_id(1), family(1), 1),
			Error::<Test>::NoPendingReservation
		);

		// A suspended clinic is no clinic.
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		suspend_clinic(GB_CLINIC);
		assert_noop!(release(GB_CLINIC, donor_id(1), family(1)), Error::<Test>::NotAnActiveClinic);
		assert_noop!(
			DonorMatching::release(
				RuntimeOrigin::none(),
				donor_id(1),
				family(1),
				ReleaseReason::TreatmentFailed
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn an_allocation_without_its_donor_is_refused() {
	// A corrupt state on purpose, so unchecked: the invariants would (rightly) fail after.
	new_test_ext().into_unchecked().execute_with(|| {
		// Unreachable through the calls; the check keeps a corrupt state from being written on.
		let allocation = Allocation {
			clinic: GB_CLINIC,
			jurisdiction: GB,
			reserved_at: START,
			pending: 1,
			children: 0,
			expires_at: START + RESERVATION_PERIOD,
			expired: 0,
		};
		Allocations::<Test>::insert(donor_id(1), family(1), allocation);
		assert_noop!(release(GB_CLINIC, donor_id(1), family(1)), Error::<Test>::UnknownDonor);
		assert_noop!(birth(GB_CLINIC, donor_id(1), family(1), 1), Error::<Test>::UnknownDonor);
	});
}

// ---------------------------------------------------------------------------------------
// Births
// ---------------------------------------------------------------------------------------

#[test]
fn a_recorded_birth_counts_children() {
	with_gb_donor(|_| {
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_ok!(birth(GB_CLINIC, donor_id(1), family(1), 2));

		assert_eq!(counts(donor_id(1)), DonorCounts { families: 1, children: 2, pending: 0 });
		assert_eq!(
			Allocations::<Test>::get(donor_id(1), family(1)).map(|a| (a.pending, a.children)),
			Some((0, 2))
		);
		System::assert_last_event(
			Event::BirthRecorded {
				donor: donor_id(1),
				family: family(1),
				clinic: GB_CLINIC,
				children: 2,
				donor_children: 2,
				after_expiry: false,
			}
			.into(),
		);
	});
}

#[test]
fn a_birth_records_one_to_eight_children() {
	with_gb_donor(|_| {
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_noop!(birth(GB_CLINIC, donor_id(1), family(1), 0), Error::<Test>::InvalidChildCount);
		assert_noop!(birth(GB_CLINIC, donor_id(1), family(1), 9), Error::<Test>::InvalidChildCount);
		assert_ok!(birth(GB_CLINIC, donor_id(1), family(1), MAX_CHILDREN_PER_BIRTH));
	});
}

#[test]
fn twins_past_a_children_limit_are_recorded_and_stop_further_reservations() {
	run(|| {
		register(FR_CLINIC, donor_id(1), sperm_donor());
		for n in 0..10 {
			assert_ok!(reserve(FR_CLINIC, donor_id(1), family(n)));
		}
		assert_ok!(birth(FR_CLINIC, donor_id(1), family(0), 2));
		assert_eq!(counts(donor_id(1)), DonorCounts { families: 10, children: 2, pending: 9 });
		assert_ok!(release(FR_CLINIC, donor_id(1), family(1)));
		// 2 born + 8 pending = 10: full.
		assert_noop!(reserve(FR_CLINIC, donor_id(1), family(1)), Error::<Test>::ChildLimitReached);
	});
}

// ---------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------

#[test]
fn the_registering_clinic_flags_a_donor_and_every_clinic_using_them_is_named() {
	with_gb_donor(|_| {
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(1)));
		assert_ok!(reserve(AT_CLINIC, donor_id(1), family(2)));
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(3)));
		set_now(START + 5_000);

		assert_ok!(flag_as(
			RuntimeOrigin::signed(GB_CLINIC),
			donor_id(1),
			FlagReason::PathogenicVariant
		));

		assert_eq!(
			Donors::<Test>::get(donor_id(1)).and_then(|d| d.flag),
			Some(DonorFlag {
				reason: FlagReason::PathogenicVariant,
				evidence: EVIDENCE,
				flagged_by: Some(GB_CLINIC),
				at: START + 5_000
			})
		);
		let clinics = BoundedVec::truncate_from(vec![
			ClinicUse { clinic: FR_CLINIC, jurisdiction: Jurisdiction(*b"FR"), families: 2 },
			ClinicUse { clinic: AT_CLINIC, jurisdiction: Jurisdiction(*b"AT"), families: 1 },
		]);
		System::assert_last_event(
			Event::DonorFlagged {
				donor: donor_id(1),
				reason: FlagReason::PathogenicVariant,
				evidence: EVIDENCE,
				flagged_by: Some(GB_CLINIC),
				clinics,
				banks: BoundedVec::truncate_from(vec![GB_CLINIC]),
			}
			.into(),
		);
	});
}

#[test]
fn governance_flags_any_donor() {
	with_gb_donor(|_| {
		assert_ok!(flag_as(RuntimeOrigin::root(), donor_id(1), FlagReason::HeritableCondition));
		System::assert_last_event(
			Event::DonorFlagged {
				donor: donor_id(1),
				reason: FlagReason::HeritableCondition,
				evidence: EVIDENCE,
				flagged_by: None,
				clinics: BoundedVec::new(),
				banks: BoundedVec::truncate_from(vec![GB_CLINIC]),
			}
			.into(),
		);
	});
}

#[test]
fn a_flag_blocks_new_allocations_everywhere_and_keeps_outcomes_recordable() {
	with_gb_donor(|_| {
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(1)));
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(2)));
		assert_ok!(flag_as(RuntimeOrigin::root(), donor_id(1), FlagReason::PathogenicVariant));

		assert_noop!(reserve(ES_CLINIC, donor_id(1), family(3)), Error::<Test>::DonorIsFlagged);
		assert_noop!(reserve(FR_CLINIC, donor_id(1), family(1)), Error::<Test>::DonorIsFlagged);
		assert_ok!(release(FR_CLINIC, donor_id(1), family(1)));
		assert_ok!(birth(GB_CLINIC, donor_id(1), family(2), 1));
	});
}

#[test]
fn only_the_registering_clinic_or_governance_flags_once() {
	with_gb_donor(|_| {
		let flag =
			|origin| DonorMatching::flag_donor(origin, donor_id(1), FlagReason::Other, EVIDENCE);
		assert_noop!(flag(RuntimeOrigin::none()), DispatchError::BadOrigin);
		assert_noop!(flag(RuntimeOrigin::signed(STRANGER)), Error::<Test>::NotAnActiveClinic);
		assert_noop!(flag(RuntimeOrigin::signed(FR_CLINIC)), Error::<Test>::NotRegisteringClinic);
		assert_noop!(
			flag_as(RuntimeOrigin::root(), donor_id(2), FlagReason::Other),
			Error::<Test>::UnknownDonor
		);
		assert_ok!(flag(RuntimeOrigin::signed(GB_CLINIC)));
		assert_noop!(flag(RuntimeOrigin::root()), Error::<Test>::AlreadyFlagged);
	});
}

// ---------------------------------------------------------------------------------------
// Matching: the pure rules
// ---------------------------------------------------------------------------------------

/// Every hard filter, one row per rule and edge, called directly on the pure function.
#[test]
fn hard_filters_table() {
	struct Case {
		name: &'static str,
		donor: fn(&mut Donor<u64>),
		request: fn(&mut RecipientProfile),
		consent: bool,
		limits: &'static [FamilyLimit],
		expected: Result<(), Exclusion>,
	}
	fn none<T>(_: &mut T) {}
	use FamilyLimit::{Children, Families};
	#[rustfmt::skip]
	let cases = [
		Case { name: "compatible donor passes", donor: none, request: none, consent: true, limits: &[Families(10)], expected: Ok(()) },
		Case { name: "other donation type", donor: none, request: |r| r.donation_type = DonationType::Oocyte, consent: true, limits: &[], expected: Err(Exclusion::DonationType) },
		Case { name: "flagged", donor: |d| d.flag = Some(DonorFlag { reason: FlagReason::PathogenicVariant, evidence: EVIDENCE, flagged_by: None, at: 0 }), request: none, consent: true, limits: &[], expected: Err(Exclusion::Flagged) },
		Case { name: "consent inactive", donor: none, request: none, consent: false, limits: &[], expected: Err(Exclusion::ConsentInactive) },
		Case { name: "flag is reported before consent", donor: |d| d.flag = Some(DonorFlag { reason: FlagReason::Other, evidence: EVIDENCE, flagged_by: None, at: 0 }), request: none, consent: false, limits: &[], expected: Err(Exclusion::Flagged) },
		Case { name: "families limit reached", donor: |d| d.families = 3, request: none, consent: true, limits: &[Families(10), Families(3)], expected: Err(Exclusion::LimitReached(LimitBreach::Families)) },
		Case { name: "families limit with room", donor: |d| d.families = 2, request: none, consent: true, limits: &[Families(3)], expected: Ok(()) },
		Case { name: "children limit: born plus pending plus one fits", donor: |d| { d.children = 8; d.pending = 1 }, request: none, consent: true, limits: &[Children(10)], expected: Ok(()) },
		Case { name: "children limit: pending reservations count", donor: |d| { d.children = 8; d.pending = 2 }, request: none, consent: true, limits: &[Children(10)], expected: Err(Exclusion::LimitReached(LimitBreach::Children)) },
		Case { name: "mixed kinds: children limit binds", donor: |d| { d.families = 3; d.children = 9; d.pending = 1 }, request: none, consent: true, limits: &[Families(10), Children(10)], expected: Err(Exclusion::LimitReached(LimitBreach::Children)) },
		Case { name: "mixed kinds: families limit binds", donor: |d| { d.families = 6 }, request: none, consent: true, limits: &[Families(6), Children(10)], expected: Err(Exclusion::LimitReached(LimitBreach::Families)) },
		Case { name: "no limit involved", donor: |d| d.families = 1_000, request: none, consent: true, limits: &[], expected: Ok(()) },
		Case { name: "CMV-negative recipient, CMV-positive sperm donor", donor: |d| d.profile.cmv = CmvStatus::Positive, request: none, consent: true, limits: &[], expected: Err(Exclusion::Cmv) },
		Case { name: "CMV-positive recipient, CMV-positive sperm donor", donor: |d| d.profile.cmv = CmvStatus::Positive, request: |r| r.recipient_cmv = CmvStatus::Positive, consent: true, limits: &[], expected: Ok(()) },
		Case { name: "CMV rule is for sperm: CMV-positive oocyte donor", donor: |d| { d.profile.cmv = CmvStatus::Positive; d.profile.donation_type = DonationType::Oocyte }, request: |r| r.donation_type = DonationType::Oocyte, consent: true, limits: &[], expected: Ok(()) },
		Case { name: "sensitised Rh-negative recipient, Rh-positive donor", donor: |d| d.profile.blood_group.rh = Rh::Positive, request: |r| r.rh_sensitised = true, consent: true, limits: &[], expected: Err(Exclusion::RhSensitised) },
		Case { name: "sensitised Rh-negative recipient, Rh-negative donor", donor: none, request: |r| r.rh_sensitised = true, consent: true, limits: &[], expected: Ok(()) },
		Case { name: "unsensitised Rh-negative recipient, Rh-positive donor", donor: |d| d.profile.blood_group.rh = Rh::Positive, request: none, consent: true, limits: &[], expected: Ok(()) },
		Case { name: "Rh-positive recipient, Rh-positive donor", donor: |d| d.profile.blood_group.rh = Rh::Positive, request: |r| { r.recipient_rh = Rh::Positive; r.rh_sensitised = true }, consent: true, limits: &[], expected: Ok(()) },
		Case { name: "shared carrier gene", donor: none, request: |r| r.recipient_carrier = Some(CarrierScreening { panel: PANEL, carried: CarriedGenes::from_genes(&[300]) }), consent: true, limits: &[], expected: Err(Exclusion::SharedCarrierGene) },
		Case { name: "carriers of different genes", donor: none, request: |r| r.recipient_carrier = Some(CarrierScreening { panel: PANEL, carried: CarriedGenes::from_genes(&[6, 8, 299, 301, 511]) }), consent: true, limits: &[], expected: Ok(()) },
		Case { name: "different panel", donor: none, request: |r| r.recipient_carrier = Some(CarrierScreening { panel: CarrierPanel { id: 2, version: 1 }, carried: CarriedGenes::NONE }), consent: true, limits: &[], expected: Err(Exclusion::DifferentCarrierPanels) },
		Case { name: "different panel version", donor: none, request: |r| r.recipient_carrier = Some(CarrierScreening { panel: CarrierPanel { id: 1, version: 2 }, carried: CarriedGenes::NONE }), consent: true, limits: &[], expected: Err(Exclusion::DifferentCarrierPanels) },
		Case { name: "sperm request without recipient screening", donor: none, request: |r| r.recipient_carrier = None, consent: true, limits: &[], expected: Err(Exclusion::RecipientNotScreened) },
		Case { name: "embryo: no recipient-side genetic parent", donor: |d| d.profile.donation_type = DonationType::Embryo, request: |r| { r.donation_type = DonationType::Embryo; r.recipient_carrier = None }, consent: true, limits: &[], expected: Ok(()) },
		Case { name: "embryo: recipient carrier bits are ignored", donor: |d| d.profile.donation_type = DonationType::Embryo, request: |r| { r.donation_type = DonationType::Embryo; r.recipient_carrier = Some(CarrierScreening { panel: PANEL, carried: CarriedGenes::from_genes(&[7]) }) }, consent: true, limits: &[], expected: Ok(()) },
		Case { name: "identity-release terms not accepted", donor: |d| d.profile.identity_release = IdentityRelease::Anonymous, request: none, consent: true, limits: &[], expected: Err(Exclusion::IdentityRelease) },
		Case { name: "anonymous donor accepted", donor: |d| d.profile.identity_release = IdentityRelease::Anonymous, request: |r| r.accepted_identity_release.anonymous = true, consent: true, limits: &[], expected: Ok(()) },
	];
	for case in cases {
		let mut donor = record_of(sperm_donor());
		(case.donor)(&mut donor);
		let mut request = recipient();
		(case.request)(&mut request);
		assert_eq!(
			hard_filters(&donor, &request, case.consent, case.limits, true),
			case.expected,
			"{}",
			case.name
		);
	}
}

#[test]
fn a_sibling_passes_a_families_limit_that_a_new_family_breaks() {
	let counts = DonorCounts { families: 3, children: 1, pending: 0 };
	assert_eq!(
		within_limits(&[FamilyLimit::Families(3)], counts, true),
		Err(LimitBreach::Families)
	);
	assert_eq!(within_limits(&[FamilyLimit::Families(3)], counts, false), Ok(()));
	assert_eq!(
		within_limits(&[FamilyLimit::Families(2)], counts, false),
		Ok(()),
		"even under a lowered limit"
	);
	assert_eq!(
		within_limits(&[FamilyLimit::Children(1)], counts, false),
		Err(LimitBreach::Children)
	);
}

#[test]
fn a_donor_meeting_every_preference_scores_the_maximum() {
	let profile = sperm_donor();
	let p = profile.phenotype;
	let preferred = PhenotypePreference {
		ethnicity: Some(p.ethnicity),
		skin_tone: Some(p.skin_tone),
		eye_colour: Some(p.eye_colour),
		hair_colour: Some(p.hair_colour),
		hair_type: Some(p.hair_type),
		height: Some(p.height),
		build: Some(p.build),
		blood_group: Some(profile.blood_group),
	};
	assert_eq!(phenotype_score(&profile, &preferred), MAX_SCORE);
	assert_eq!(MAX_SCORE, 100);
}

#[test]
fn ordered_traits_one_step_apart_score_half() {
	let profile = sperm_donor(); // skin II, eyes blue, wavy, 180-189, medium
	let near = PhenotypePreference {
		skin_tone: Some(SkinTone::TypeIII),
		eye_colour: Some(EyeColour::Grey),
		hair_type: Some(HairType::Straight),
		height: Some(HeightBand::From170To179Cm),
		build: Some(Build::Large),
		..Default::default()
	};
	assert_eq!(phenotype_score(&profile, &near), 7 + 5 + 2 + 5 + 5);
	let far = PhenotypePreference {
		skin_tone: Some(SkinTone::TypeIV),
		eye_colour: Some(EyeColour::Green),
		hair_type: Some(HairType::Coily),
		height: Some(HeightBand::Below160Cm),
		build: Some(Build::Large),
		hair_colour: Some(HairColour::DarkBrown),
		ethnicity: Some(Ethnicity::Asian),
		blood_group: None,
	};
	assert_eq!(phenotype_score(&profile, &far), 5);
}

#[test]
fn no_preference_and_not_stated_ethnicity_score_nothing() {
	let mut profile = sperm_donor();
	assert_eq!(phenotype_score(&profile, &PhenotypePreference::default()), 0);
	profile.phenotype.ethnicity = Ethnicity::NotStated;
	let preferred =
		PhenotypePreference { ethnicity: Some(Ethnicity::NotStated), ..Default::default() };
	assert_eq!(phenotype_score(&profile, &preferred), 0);
}

#[test]
fn blood_group_adds_to_the_score() {
	let profile = sperm_donor(); // O Rh-negative
	let score = |abo, rh| {
		let preferred =
			PhenotypePreference { blood_group: Some(BloodGroup { abo, rh }), ..Default::default() };
		phenotype_score(&profile, &preferred)
	};
	assert_eq!(score(Abo::O, Rh::Negative), 15);
	assert_eq!(score(Abo::O, Rh::Positive), 10);
	assert_eq!(score(Abo::A, Rh::Negative), 5);
	assert_eq!(score(Abo::AB, Rh::Positive), 0);
}

// ---------------------------------------------------------------------------------------
// Matching: the runtime API answer
// ---------------------------------------------------------------------------------------

#[test]
fn matching_ranks_by_score_then_pseudonym() {
	run(|| {
		let mut brown_eyes = sperm_donor();
		brown_eyes.phenotype.eye_colour = EyeColour::DarkBrown;
		register(GB_CLINIC, donor_id(3), brown_eyes);
		register(GB_CLINIC, donor_id(2), sperm_donor());
		register(FR_CLINIC, donor_id(1), brown_eyes);
		// Blood group is preferred, not required: an O-negative donor still matches an A+ wish.
		let mut wish = request();
		wish.preferred = PhenotypePreference {
			eye_colour: Some(EyeColour::DarkBrown),
			blood_group: Some(BloodGroup { abo: Abo::A, rh: Rh::Positive }),
			..Default::default()
		};
		assert_eq!(
			DonorMatching::match_donors(wish),
			vec![
				DonorMatch { donor: donor_id(1), score: 10 },
				DonorMatch { donor: donor_id(3), score: 10 },
				DonorMatch { donor: donor_id(2), score: 0 },
			]
		);
	});
}

#[test]
fn matching_returns_at_most_the_requested_and_the_configured_number() {
	run(|| {
		for n in 1..=5 {
			register(GB_CLINIC, donor_id(n), sperm_donor());
		}
		let mut wish = request();
		wish.max_results = 2;
		assert_eq!(DonorMatching::match_donors(wish).len(), 2);
		wish.max_results = 0;
		assert!(DonorMatching::match_donors(wish).is_empty());
		wish.max_results = u32::MAX;
		// MaxMatchResults is 3 in the mock.
		assert_eq!(
			DonorMatching::match_donors(wish).iter().map(|m| m.donor).collect::<Vec<_>>(),
			vec![donor_id(1), donor_id(2), donor_id(3)]
		);
	});
}

#[test]
fn matching_applies_the_hard_filters_to_chain_state() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_donor()); // will be flagged
		register(GB_CLINIC, donor_id(2), sperm_donor()); // consent withdrawn
		register(GB_CLINIC, donor_id(3), sperm_donor()); // one family: full for Cyprus
		register(GB_CLINIC, donor_id(4), profile_of(DonationType::Oocyte));
		register(GB_CLINIC, donor_id(5), sperm_donor()); // unused
		assert_ok!(flag_as(RuntimeOrigin::root(), donor_id(1), FlagReason::PathogenicVariant));
		withdraw_consent(
			pseudonym_at(GB_CLINIC, donor_id(2)),
			ConsentPurpose::GameteDonation,
			GB_CLINIC,
		);
		assert_ok!(reserve(GB_CLINIC, donor_id(3), family(1)));

		let found = |wish: MatchRequest| {
			DonorMatching::match_donors(wish).iter().map(|m| m.donor).collect::<Vec<_>>()
		};
		assert_eq!(found(request()), vec![donor_id(3), donor_id(5)]);
		let mut cyprus = request();
		cyprus.recipient.jurisdiction = Jurisdiction(*b"CY");
		assert_eq!(found(cyprus), vec![donor_id(5)]);
		let mut eggs = request();
		eggs.recipient.donation_type = DonationType::Oocyte;
		assert_eq!(found(eggs), vec![donor_id(4)]);
		// A consent that is not yet valid is not active.
		set_now(START - 1);
		assert_eq!(found(request()), Vec::<Pseudonym>::new());
	});
}

#[test]
fn the_registry_tells_custody_whether_a_donor_is_registered_flagged_or_retired() {
	use ivf_primitives::{DonorRegistry, DonorStanding};
	new_test_ext().execute_with(|| {
		assert_eq!(<DonorMatching as DonorRegistry<u64>>::registered_donor(&donor_id(1)), None);
		register(GB_CLINIC, donor_id(1), sperm_donor());
		assert_eq!(
			<DonorMatching as DonorRegistry<u64>>::registered_donor(&donor_id(1)),
			Some(DonorStanding::Available)
		);
		assert_ok!(flag_as(
			RuntimeOrigin::signed(GB_CLINIC),
			donor_id(1),
			FlagReason::PathogenicVariant
		));
		assert_eq!(
			<DonorMatching as DonorRegistry<u64>>::registered_donor(&donor_id(1)),
			Some(DonorStanding::Flagged)
		);
		register(GB_CLINIC, donor_id(2), sperm_donor());
		assert_ok!(reserve(GB_CLINIC, donor_id(2), family(1)));
		assert_ok!(DonorMatching::retire_donor(RuntimeOrigin::signed(GB_CLINIC), donor_id(2)));
		assert_eq!(
			<DonorMatching as DonorRegistry<u64>>::registered_donor(&donor_id(2)),
			Some(DonorStanding::Retired)
		);
	});
}

// ---------------------------------------------------------------------------------------
// Retiring a departed clinic's donors
// ---------------------------------------------------------------------------------------

fn retire(clinic: u64, limit: u32) -> frame_support::dispatch::DispatchResultWithPostInfo {
	DonorMatching::retire_donors_of_departed_clinic(RuntimeOrigin::root(), clinic, limit)
}

fn retired_event(clinic: u64, retired: u32, more_remain: bool) -> RuntimeEvent {
	Event::DepartedClinicDonorsRetired { clinic, retired, more_remain }.into()
}

#[test]
fn retiring_donors_needs_governance() {
	with_gb_donor(|_| {
		suspend_clinic(GB_CLINIC);
		for origin in [RuntimeOrigin::signed(FR_CLINIC), RuntimeOrigin::signed(GB_CLINIC)] {
			assert_noop!(
				DonorMatching::retire_donors_of_departed_clinic(origin, GB_CLINIC, 8),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn retiring_the_donors_of_an_active_clinic_is_refused() {
	with_gb_donor(|_| {
		assert_noop!(retire(GB_CLINIC, 8), Error::<Test>::ClinicStillActive);
	});
}

#[test]
fn retiring_donors_refuses_a_limit_of_zero_or_above_max_donors() {
	with_gb_donor(|_| {
		suspend_clinic(GB_CLINIC);
		assert_noop!(retire(GB_CLINIC, 0), Error::<Test>::InvalidLimit);
		// The mock's `MaxDonors` is 8.
		assert_noop!(retire(GB_CLINIC, 9), Error::<Test>::InvalidLimit);
	});
}

#[test]
fn a_retired_donor_keeps_their_allocations_and_takes_no_new_one() {
	with_gb_donor(|donor| {
		assert_ok!(reserve(FR_CLINIC, donor, family(1)));
		assert_ok!(reserve(AT_CLINIC, donor, family(2)));
		assert_ok!(birth(AT_CLINIC, donor, family(2), 1));
		let (before, uses) = (counts(donor), clinics_using(donor));
		let allocation = Allocations::<Test>::get(donor, family(1));
		suspend_clinic(GB_CLINIC);

		assert_ok!(retire(GB_CLINIC, 8));

		System::assert_last_event(retired_event(GB_CLINIC, 1, false));
		assert_eq!(RetiredDonors::<Test>::get(donor), Some(START));
		assert_eq!((counts(donor), clinics_using(donor)), (before, uses));
		assert_eq!(Allocations::<Test>::get(donor, family(1)), allocation);
		// No new allocation, not even a sibling; outcomes of existing ones are still recorded.
		assert_noop!(reserve(ES_CLINIC, donor, family(3)), Error::<Test>::DonorRetired);
		assert_noop!(reserve(FR_CLINIC, donor, family(1)), Error::<Test>::DonorRetired);
		assert_ok!(birth(FR_CLINIC, donor, family(1), 2));
		// A retired donor can still be flagged, so that their families hear of a finding.
		assert_ok!(flag_as(RuntimeOrigin::root(), donor, FlagReason::PathogenicVariant));
	});
}

#[test]
fn a_retired_donor_is_left_out_of_matching() {
	with_gb_donor(|_| {
		register(FR_CLINIC, donor_id(2), sperm_donor());
		assert_eq!(DonorMatching::match_donors(request()).len(), 2);
		suspend_clinic(GB_CLINIC);

		assert_ok!(retire(GB_CLINIC, 8));

		let matches = DonorMatching::match_donors(request());
		assert_eq!(matches.iter().map(|m| m.donor).collect::<Vec<_>>(), vec![donor_id(2)]);
	});
}

#[test]
fn only_the_departed_clinic_s_donors_are_retired() {
	with_gb_donor(|_| {
		register(FR_CLINIC, donor_id(2), sperm_donor());
		suspend_clinic(GB_CLINIC);

		assert_ok!(retire(GB_CLINIC, 8));

		assert!(RetiredDonors::<Test>::contains_key(donor_id(1)));
		assert!(!RetiredDonors::<Test>::contains_key(donor_id(2)));
		assert_ok!(reserve(AT_CLINIC, donor_id(2), family(1)));
	});
}

#[test]
fn retiring_goes_page_by_page_until_no_donor_remains() {
	run(|| {
		for n in 1..=5 {
			register(GB_CLINIC, donor_id(n), sperm_donor());
		}
		register(FR_CLINIC, donor_id(6), sperm_donor());
		suspend_clinic(GB_CLINIC);

		// Six donors, two per page: three pages examine every donor once.
		let mut total = 0;
		for more_remain in [true, true, false] {
			assert_ok!(retire(GB_CLINIC, 2));
			let retired = RetiredDonors::<Test>::iter().count() as u32;
			System::assert_last_event(retired_event(GB_CLINIC, retired - total, more_remain));
			assert_eq!(RetirementCursor::<Test>::get(GB_CLINIC).is_some(), more_remain);
			total = retired;
		}
		assert_eq!(RetiredDonors::<Test>::iter().count(), 5);
		assert_eq!(RetirementCursor::<Test>::get(GB_CLINIC), None);

		// Nothing is left: a further call starts over and retires nobody twice.
		assert_ok!(retire(GB_CLINIC, 8));
		System::assert_last_event(retired_event(GB_CLINIC, 0, false));
	});
}

#[test]
fn retiring_is_charged_for_the_donors_examined() {
	with_gb_donor(|_| {
		suspend_clinic(GB_CLINIC);
		let info = retire(GB_CLINIC, 8).expect("retires");
		assert_eq!(
			info.actual_weight,
			Some(<() as crate::WeightInfo>::retire_donors_of_departed_clinic(1))
		);
	});
}

// ---------------------------------------------------------------------------------------
// Linkage across banks
// ---------------------------------------------------------------------------------------

/// The same person, registered by a Spanish bank (Spain sets no limit) and by a Portuguese one
/// (here two families), under the one linkage id both derive: one count, the strictest limit
/// across both, and a flag at either bank stops the donor at both.
#[test]
fn two_banks_registering_one_donor_share_one_count_one_limit_and_one_flag() {
	run(|| {
		let donor = donor_id(1);
		assert_ok!(DonorMatching::set_family_limit(
			RuntimeOrigin::root(),
			Jurisdiction(*b"PT"),
			Some(FamilyLimit::Families(2))
		));
		register(ES_CLINIC, donor, sperm_donor());
		give_consent(pseudonym_at(PT_CLINIC, donor), ConsentPurpose::GameteDonation, PT_CLINIC);
		assert_ok!(register_as(PT_CLINIC, donor, sperm_donor()));
		System::assert_last_event(
			Event::DonorLinked {
				donor,
				clinic: PT_CLINIC,
				jurisdiction: Jurisdiction(*b"PT"),
				owner: ES_CLINIC,
				banks: 2,
			}
			.into(),
		);
		assert_eq!(Donors::<Test>::count(), 1, "one record, not two");
		assert_eq!(DonorsOwned::<Test>::get(PT_CLINIC), 0, "linking takes no quota");

		// Italy and Greece set no limit either: only the Portuguese bank's limit binds.
		assert_ok!(reserve_at(IT_CLINIC, ES_CLINIC, donor, family(1)));
		assert_ok!(reserve_at(GR_CLINIC, PT_CLINIC, donor, family(2)));
		assert_eq!(counts(donor).families, 2, "both banks' allocations count together");
		assert_noop!(
			reserve_at(IT_CLINIC, ES_CLINIC, donor, family(3)),
			Error::<Test>::FamilyLimitReached
		);
		assert_noop!(
			reserve_at(GR_CLINIC, PT_CLINIC, donor, family(4)),
			Error::<Test>::FamilyLimitReached
		);
		// A sibling still counts once, whichever bank supplies it.
		assert_ok!(reserve_at(IT_CLINIC, PT_CLINIC, donor, family(1)));
		assert_eq!(counts(donor), DonorCounts { families: 2, children: 0, pending: 3 });

		// The Portuguese bank, which does not own the record, flags the donor: both stop.
		assert_ok!(flag_as(RuntimeOrigin::signed(PT_CLINIC), donor, FlagReason::PathogenicVariant));
		System::assert_last_event(
			Event::DonorFlagged {
				donor,
				reason: FlagReason::PathogenicVariant,
				evidence: EVIDENCE,
				flagged_by: Some(PT_CLINIC),
				clinics: DonorClinics::<Test>::get(donor),
				banks: BoundedVec::truncate_from(vec![ES_CLINIC, PT_CLINIC]),
			}
			.into(),
		);
		for bank in [ES_CLINIC, PT_CLINIC] {
			assert_noop!(
				reserve_at(IT_CLINIC, bank, donor, family(1)),
				Error::<Test>::DonorIsFlagged
			);
		}
		assert!(DonorMatching::match_donors(request()).is_empty());
	});
}

#[test]
fn before_a_second_bank_links_only_the_first_bank_s_limits_apply() {
	run(|| {
		let donor = donor_id(1);
		register(ES_CLINIC, donor, sperm_donor());
		for n in 0..4 {
			assert_ok!(reserve_at(IT_CLINIC, ES_CLINIC, donor, family(n)));
		}
		// Austria (3 families) links late: the four families already made stand, and no new
		// family is accepted anywhere, since Austria is now involved.
		register(AT_CLINIC, donor, sperm_donor());
		assert_eq!(counts(donor).families, 4);
		assert_noop!(
			reserve_at(IT_CLINIC, ES_CLINIC, donor, family(9)),
			Error::<Test>::FamilyLimitReached
		);
	});
}

#[test]
fn a_linking_bank_cannot_overwrite_the_owner_s_record() {
	with_gb_donor(|donor| {
		give_consent(pseudonym_at(FR_CLINIC, donor), ConsentPurpose::GameteDonation, FR_CLINIC);
		let differs: [fn(&mut DonorProfile); 5] = [
			|p| p.cmv = CmvStatus::Positive,
			|p| p.blood_group.rh = Rh::Positive,
			|p| p.carrier.carried = CarriedGenes::from_genes(&[7]),
			|p| p.identity_release = IdentityRelease::Open,
			|p| p.donation_type = DonationType::Oocyte,
		];
		for change in differs {
			let mut profile = sperm_donor();
			change(&mut profile);
			let consent = pseudonym_at(FR_CLINIC, donor);
			give_consent(consent, profile.donation_type.consent_purpose(), FR_CLINIC);
			assert_noop!(register_as(FR_CLINIC, donor, profile), Error::<Test>::ProfileDiffers);
		}
		// Phenotype and ABO group only rank: a link may judge them otherwise; the owner's stand.
		let mut profile = sperm_donor();
		profile.phenotype.eye_colour = EyeColour::Green;
		profile.blood_group.abo = Abo::A;
		assert_ok!(register_as(FR_CLINIC, donor, profile));
		assert_eq!(Donors::<Test>::get(donor), Some(record_of(sperm_donor())));
		assert_noop!(register_as(FR_CLINIC, donor, sperm_donor()), Error::<Test>::AlreadyLinked);
	});
}

#[test]
fn linking_needs_the_linking_bank_s_own_consent() {
	with_gb_donor(|donor| {
		// The owner's consent is not the linking bank's.
		assert_noop!(register_as(FR_CLINIC, donor, sperm_donor()), Error::<Test>::ConsentNotActive);
		assert_noop!(register_as(STRANGER, donor, sperm_donor()), Error::<Test>::NotAnActiveClinic);
	});
}

#[test]
fn a_donor_is_held_by_at_most_max_banks() {
	run(|| {
		let donor = donor_id(1);
		for bank in [GB_CLINIC, FR_CLINIC, ES_CLINIC] {
			register(bank, donor, sperm_donor());
		}
		give_consent(pseudonym_at(IT_CLINIC, donor), ConsentPurpose::GameteDonation, IT_CLINIC);
		assert_noop!(
			register_as(IT_CLINIC, donor, sperm_donor()),
			Error::<Test>::TooManyBanksForDonor
		);
	});
}

#[test]
fn a_reservation_names_a_bank_of_the_donor_whose_consent_holds() {
	with_gb_donor(|donor| {
		register(FR_CLINIC, donor, sperm_donor());
		assert_noop!(
			reserve_at(ES_CLINIC, IT_CLINIC, donor, family(1)),
			Error::<Test>::NotDonorBank
		);
		// The French bank's donor withdrew there: its straws may not be used, the UK's may.
		withdraw_consent(pseudonym_at(FR_CLINIC, donor), ConsentPurpose::GameteDonation, FR_CLINIC);
		assert_noop!(
			reserve_at(ES_CLINIC, FR_CLINIC, donor, family(1)),
			Error::<Test>::ConsentNotActive
		);
		assert_ok!(reserve_at(ES_CLINIC, GB_CLINIC, donor, family(1)));
		// Matching needs one bank whose consent holds.
		assert_eq!(DonorMatching::match_donors(request()).len(), 1);
		withdraw_consent(pseudonym_at(GB_CLINIC, donor), ConsentPurpose::GameteDonation, GB_CLINIC);
		assert!(DonorMatching::match_donors(request()).is_empty());
	});
}

// ---------------------------------------------------------------------------------------
// Reservation re-checks the match
// ---------------------------------------------------------------------------------------

/// For each hard filter, a donor and a recipient that matching filters out: the reservation
/// for that recipient is refused with the filter's name, and nothing changes.
#[test]
fn a_reservation_refuses_by_name_what_matching_filters_out() {
	struct Case {
		name: &'static str,
		donor: fn(&mut DonorProfile),
		recipient: fn(&mut RecipientProfile),
		error: Error<Test>,
	}
	fn none<T>(_: &mut T) {}
	#[rustfmt::skip]
	let cases = [
		Case { name: "donation type", donor: none, recipient: |r| r.donation_type = DonationType::Oocyte, error: Error::<Test>::DonationTypeMismatch },
		Case { name: "CMV", donor: |d| d.cmv = CmvStatus::Positive, recipient: none, error: Error::<Test>::CmvIncompatible },
		Case { name: "sensitised Rh", donor: |d| d.blood_group.rh = Rh::Positive, recipient: |r| r.rh_sensitised = true, error: Error::<Test>::RhIncompatible },
		Case { name: "no screening", donor: none, recipient: |r| r.recipient_carrier = None, error: Error::<Test>::RecipientNotScreened },
		Case { name: "other panel", donor: none, recipient: |r| r.recipient_carrier = Some(CarrierScreening { panel: CarrierPanel { id: 1, version: 2 }, carried: CarriedGenes::NONE }), error: Error::<Test>::DifferentCarrierPanels },
		Case { name: "shared gene", donor: none, recipient: |r| r.recipient_carrier = Some(CarrierScreening { panel: PANEL, carried: CarriedGenes::from_genes(&[300]) }), error: Error::<Test>::SharedCarrierGene },
		Case { name: "identity release", donor: none, recipient: |r| r.accepted_identity_release = AcceptedIdentityRelease { anonymous: true, at_adulthood: false, open: false }, error: Error::<Test>::IdentityReleaseNotAccepted },
	];
	run(|| {
		let banks = [GB_CLINIC, FR_CLINIC, ES_CLINIC, PT_CLINIC];
		for (n, case) in cases.into_iter().enumerate() {
			let donor = donor_id(10 + n as u8);
			let mut profile = sperm_donor();
			(case.donor)(&mut profile);
			register(banks[n % banks.len()], donor, profile);
			let mut unsuitable = recipient();
			(case.recipient)(&mut unsuitable);
			// The same recipient's request matches the donor only without the change.
			let matched = |recipient| {
				let wish = MatchRequest { recipient, ..request() };
				DonorMatching::match_donors(wish).iter().any(|m| m.donor == donor)
			};
			assert!(!matched(unsuitable), "matching filters out: {}", case.name);
			let bank = banks[n % banks.len()];
			assert_noop!(
				DonorMatching::reserve(
					RuntimeOrigin::signed(GB_CLINIC),
					donor,
					bank,
					family(1),
					unsuitable
				),
				case.error
			);
		}
	});
}

#[test]
fn a_reservation_is_checked_where_the_reserving_clinic_is() {
	with_gb_donor(|donor| {
		assert_ok!(reserve(GB_CLINIC, donor, family(1)));
		// A Cypriot clinic (1 family) cannot claim the UK's limit by naming the UK.
		assert_noop!(
			reserve_for(CY_CLINIC, donor, family(2), recipient()),
			Error::<Test>::RequestJurisdictionNotYours
		);
		assert_noop!(reserve(CY_CLINIC, donor, family(2)), Error::<Test>::FamilyLimitReached);
	});
}

#[test]
fn a_recipient_may_send_only_the_carrier_bits_of_the_donor_s_genes() {
	run(|| {
		let donor = donor_id(1); // carries genes 7 and 300
		register(GB_CLINIC, donor, sperm_donor());
		// The partner carries 8 and 301: cleared down to genes 7 and 300, nothing is left, and
		// the answer is the same as with the whole screening.
		let full = CarriedGenes::from_genes(&[8, 301]);
		let donor_genes = sperm_donor().carrier.carried;
		let masked = CarriedGenes(core::array::from_fn(|i| full.0[i] & donor_genes.0[i]));
		assert_eq!(masked, CarriedGenes::NONE);
		let mut minimal = recipient();
		minimal.recipient_carrier = Some(CarrierScreening { panel: PANEL, carried: masked });
		assert_ok!(reserve_for(GB_CLINIC, donor, family(1), minimal));
	});
}

// ---------------------------------------------------------------------------------------
// Expiry
// ---------------------------------------------------------------------------------------

#[test]
fn an_unrenewed_reservation_expires_and_frees_its_slot() {
	with_gb_donor(|donor| {
		assert_ok!(reserve(FR_CLINIC, donor, family(1)));
		set_now(START + RESERVATION_PERIOD - 1);
		next_block();
		assert_eq!(counts(donor).pending, 1, "not yet due");

		set_now(START + RESERVATION_PERIOD);
		next_block();
		System::assert_last_event(
			Event::ReservationExpired {
				donor,
				family: family(1),
				clinic: FR_CLINIC,
				reservations: 1,
				family_released: true,
				families: 0,
			}
			.into(),
		);
		assert_eq!(counts(donor), DonorCounts::default());
		assert!(clinics_using(donor).is_empty());
		assert_eq!(
			Allocations::<Test>::get(donor, family(1)).map(|a| (a.pending, a.expired)),
			Some((0, 1)),
			"kept for a late birth"
		);
		// Nothing is pending: no release or renewal.
		assert_noop!(release(FR_CLINIC, donor, family(1)), Error::<Test>::NoPendingReservation);
		assert_noop!(
			DonorMatching::renew_reservation(RuntimeOrigin::signed(FR_CLINIC), donor, family(1)),
			Error::<Test>::NoPendingReservation
		);
	});
}

#[test]
fn a_birth_recorded_after_the_expiry_still_counts() {
	with_gb_donor(|donor| {
		assert_ok!(reserve(FR_CLINIC, donor, family(1)));
		set_now(START + RESERVATION_PERIOD);
		next_block();
		assert_eq!(counts(donor).families, 0);

		assert_ok!(birth(FR_CLINIC, donor, family(1), 2));
		System::assert_last_event(
			Event::BirthRecorded {
				donor,
				family: family(1),
				clinic: FR_CLINIC,
				children: 2,
				donor_children: 2,
				after_expiry: true,
			}
			.into(),
		);
		assert_eq!(counts(donor), DonorCounts { families: 1, children: 2, pending: 0 });
		assert_eq!(clinics_using(donor), vec![(FR_CLINIC, 1)]);
		// One expired reservation, one birth: a second is refused.
		assert_noop!(birth(FR_CLINIC, donor, family(1), 1), Error::<Test>::NoPendingReservation);
	});
}

#[test]
fn a_late_birth_is_recorded_even_past_a_limit() {
	run(|| {
		let donor = donor_id(1);
		register(CY_CLINIC, donor, sperm_donor()); // Cyprus: one family
		assert_ok!(reserve(CY_CLINIC, donor, family(1)));
		set_now(START + RESERVATION_PERIOD);
		next_block();
		assert_ok!(reserve(CY_CLINIC, donor, family(2)));
		// The first family's child is born after all: what happened is on record.
		assert_ok!(birth(CY_CLINIC, donor, family(1), 1));
		assert_eq!(counts(donor).families, 2);
		assert_noop!(reserve(CY_CLINIC, donor, family(3)), Error::<Test>::FamilyLimitReached);
	});
}

#[test]
fn a_renewed_reservation_keeps_its_slot_past_the_first_deadline() {
	with_gb_donor(|donor| {
		assert_ok!(reserve(FR_CLINIC, donor, family(1)));
		set_now(START + 20 * DAY);
		let renew = |clinic| {
			DonorMatching::renew_reservation(RuntimeOrigin::signed(clinic), donor, family(1))
		};
		assert_noop!(renew(GB_CLINIC), Error::<Test>::NotTreatingClinic);
		assert_noop!(renew(STRANGER), Error::<Test>::NotAnActiveClinic);
		assert_noop!(
			DonorMatching::renew_reservation(RuntimeOrigin::signed(FR_CLINIC), donor, family(2)),
			Error::<Test>::UnknownAllocation
		);
		assert_ok!(renew(FR_CLINIC));
		System::assert_last_event(
			Event::ReservationRenewed {
				donor,
				family: family(1),
				clinic: FR_CLINIC,
				expires_at: START + 20 * DAY + RESERVATION_PERIOD,
			}
			.into(),
		);
		set_now(START + RESERVATION_PERIOD);
		next_block();
		assert_eq!(counts(donor).pending, 1);
		set_now(START + 20 * DAY + RESERVATION_PERIOD);
		next_block();
		assert_eq!(counts(donor).pending, 0);
	});
}

#[test]
fn the_expiry_walk_examines_a_bounded_number_of_allocations_per_block() {
	with_gb_donor(|donor| {
		for n in 1..=3 {
			assert_ok!(reserve(GB_CLINIC, donor, family(n)));
		}
		set_now(START + RESERVATION_PERIOD);
		// Two a block in the mock: two expire in the first block, the third in the next.
		next_block();
		assert_eq!(counts(donor).pending, 1);
		assert!(ExpiryCursor::<Test>::get().is_some());
		next_block();
		assert_eq!(counts(donor).pending, 0);
		assert_eq!(ExpiryCursor::<Test>::get(), None, "the walk starts over");
	});
}

#[test]
fn a_sibling_reservation_renews_the_family_s_deadline() {
	with_gb_donor(|donor| {
		assert_ok!(reserve(GB_CLINIC, donor, family(1)));
		set_now(START + 10 * DAY);
		assert_ok!(reserve(GB_CLINIC, donor, family(1)));
		set_now(START + RESERVATION_PERIOD);
		next_block();
		assert_eq!(counts(donor).pending, 2);
		set_now(START + 10 * DAY + RESERVATION_PERIOD);
		next_block();
		assert_eq!(counts(donor), DonorCounts::default());
	});
}

// ---------------------------------------------------------------------------------------
// Retiring a donor
// ---------------------------------------------------------------------------------------

#[test]
fn the_owner_retires_a_used_donor_and_their_allocations_stay() {
	with_gb_donor(|donor| {
		register(FR_CLINIC, donor, sperm_donor());
		assert_ok!(reserve(ES_CLINIC, donor, family(1)));
		let before = counts(donor);
		let retire = |clinic| DonorMatching::retire_donor(RuntimeOrigin::signed(clinic), donor);
		assert_noop!(retire(FR_CLINIC), Error::<Test>::NotDonorOwner);
		assert_noop!(retire(STRANGER), Error::<Test>::NotAnActiveClinic);
		assert_noop!(
			DonorMatching::retire_donor(RuntimeOrigin::signed(GB_CLINIC), donor_id(2)),
			Error::<Test>::UnknownDonor
		);
		assert_noop!(
			DonorMatching::retire_donor(RuntimeOrigin::none(), donor),
			DispatchError::BadOrigin
		);

		assert_ok!(retire(GB_CLINIC));
		System::assert_last_event(
			Event::DonorRetired { donor, clinic: GB_CLINIC, removed: false }.into(),
		);
		assert_eq!(RetiredDonors::<Test>::get(donor), Some(START));
		assert_eq!(counts(donor), before);
		assert_noop!(retire(GB_CLINIC), Error::<Test>::DonorRetired);
		// No bank supplies the donor any more; the family's outcome is still recorded.
		for bank in [GB_CLINIC, FR_CLINIC] {
			assert_noop!(
				reserve_at(ES_CLINIC, bank, donor, family(2)),
				Error::<Test>::DonorRetired
			);
		}
		assert!(DonorMatching::match_donors(request()).is_empty());
		assert_ok!(birth(ES_CLINIC, donor, family(1), 1));
		assert_eq!(DonorsOwned::<Test>::get(GB_CLINIC), 1, "a kept record keeps its place");
	});
}

#[test]
fn retiring_an_unused_donor_deletes_the_record() {
	with_gb_donor(|donor| {
		register(FR_CLINIC, donor, sperm_donor());
		assert_ok!(DonorMatching::retire_donor(RuntimeOrigin::signed(GB_CLINIC), donor));
		System::assert_last_event(
			Event::DonorRetired { donor, clinic: GB_CLINIC, removed: true }.into(),
		);
		assert!(!Donors::<Test>::contains_key(donor));
		assert!(!DonorBanks::<Test>::contains_key(donor));
		assert!(!RetiredDonors::<Test>::contains_key(donor));
		assert_eq!(DonorsOwned::<Test>::get(GB_CLINIC), 0);
	});
}

#[test]
fn a_flagged_or_once_allocated_donor_is_never_deleted() {
	with_gb_donor(|_| {
		assert_ok!(flag_as(RuntimeOrigin::root(), donor_id(1), FlagReason::PathogenicVariant));
		assert_ok!(DonorMatching::retire_donor(RuntimeOrigin::signed(GB_CLINIC), donor_id(1)));
		assert!(Donors::<Test>::contains_key(donor_id(1)), "the flag stays on record");

		// A reservation that expired leaves an allocation a late birth may need.
		register(GB_CLINIC, donor_id(2), sperm_donor());
		assert_ok!(reserve(GB_CLINIC, donor_id(2), family(1)));
		set_now(START + RESERVATION_PERIOD);
		next_block();
		next_block();
		assert_eq!(counts(donor_id(2)), DonorCounts::default());
		assert_ok!(DonorMatching::retire_donor(RuntimeOrigin::signed(GB_CLINIC), donor_id(2)));
		assert!(Donors::<Test>::contains_key(donor_id(2)));
		assert_ok!(birth(GB_CLINIC, donor_id(2), family(1), 1));
	});
}

// ---------------------------------------------------------------------------------------
// Storage migration
// ---------------------------------------------------------------------------------------

#[test]
fn version_1_donors_get_their_bank_quotas_and_expiring_allocations() {
	use crate::migrations::v2::{AllocationV1, MigrateV1ToV2};
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	run(|| {
		StorageVersion::new(1).put::<DonorMatching>();
		let mut old = record_of(sperm_donor());
		old.families = 1;
		old.pending = 1;
		Donors::<Test>::insert(donor_id(1), old);
		let allocation = AllocationV1 {
			clinic: FR_CLINIC,
			jurisdiction: Jurisdiction(*b"FR"),
			reserved_at: START - DAY,
			pending: 1,
			children: 0,
		};
		frame_support::storage::unhashed::put_raw(
			&Allocations::<Test>::hashed_key_for(donor_id(1), family(1)),
			&allocation.encode(),
		);
		DonorClinics::<Test>::insert(
			donor_id(1),
			BoundedVec::truncate_from(vec![ClinicUse {
				clinic: FR_CLINIC,
				jurisdiction: Jurisdiction(*b"FR"),
				families: 1,
			}]),
		);

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(DonorMatching::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(
			Allocations::<Test>::get(donor_id(1), family(1)),
			Some(Allocation {
				clinic: FR_CLINIC,
				jurisdiction: Jurisdiction(*b"FR"),
				reserved_at: START - DAY,
				pending: 1,
				children: 0,
				expires_at: START + RESERVATION_PERIOD,
				expired: 0,
			})
		);
		assert_eq!(
			DonorBanks::<Test>::get(donor_id(1)).into_inner(),
			vec![DonorBank {
				clinic: GB_CLINIC,
				pseudonym: donor_id(1),
				jurisdiction: GB,
				linked_at: START
			}]
		);
		assert_eq!(DonorsOwned::<Test>::get(GB_CLINIC), 1);
		// The bank's consent, under the old key, still serves its reservations.
		give_consent(donor_id(1), ConsentPurpose::GameteDonation, GB_CLINIC);
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(2)));
	});
}
