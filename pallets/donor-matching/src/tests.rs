//! One test per behaviour of the donor registry.

use crate::{matching::*, mock::*, *};
use frame_support::{assert_noop, assert_ok, pallet_prelude::DispatchResult, BoundedVec};
use ivf_primitives::{ConsentPurpose, Jurisdiction, Pseudonym};
use sp_runtime::{BuildStorage, DispatchError};

const PANEL: CarrierPanel = CarrierPanel { id: 1, version: 1 };
const GB: Jurisdiction = Jurisdiction(*b"GB");
const EVIDENCE: [u8; 32] = [0xe5; 32];

fn donor_id(n: u8) -> Pseudonym {
	[n; 32]
}

fn family(n: u8) -> Pseudonym {
	let mut family = [0xfa; 32];
	family[0] = n;
	family
}

/// A sperm donor: O Rh-negative, CMV negative, carrier of genes 7 and 300 on panel 1 v1,
/// identifiable at adulthood.
fn sperm_profile() -> DonorProfile {
	DonorProfile {
		donation_type: DonationType::Sperm,
		blood_group: BloodGroup { abo: Abo::O, rh: Rh::Negative },
		cmv: CmvStatus::Negative,
		phenotype: Phenotype {
			ethnicity: Ethnicity::White,
			skin_tone: SkinTone::TypeII,
			eye_colour: EyeColour::Blue,
			hair_colour: HairColour::LightBrown,
			hair_type: HairType::Wavy,
			height: HeightBand::From180To189Cm,
			build: Build::Medium,
		},
		carrier: CarrierScreening { panel: PANEL, carried: CarriedGenes::from_genes(&[7, 300]) },
		identity_release: IdentityRelease::AtAdulthood,
	}
}

fn profile_of(donation_type: DonationType) -> DonorProfile {
	DonorProfile { donation_type, ..sperm_profile() }
}

/// A request that `sperm_profile` passes: a CMV-negative, Rh-negative, unsensitised recipient
/// whose partner carries gene 8 on the same panel, treated in the UK.
fn request() -> MatchRequest {
	MatchRequest {
		donation_type: DonationType::Sperm,
		recipient_cmv: CmvStatus::Negative,
		recipient_rh: Rh::Negative,
		rh_sensitised: false,
		recipient_carrier: Some(CarrierScreening {
			panel: PANEL,
			carried: CarriedGenes::from_genes(&[8]),
		}),
		preferred: PhenotypePreference::default(),
		jurisdiction: GB,
		accepted_identity_release: AcceptedIdentityRelease {
			anonymous: false,
			at_adulthood: true,
			open: true,
		},
		max_results: 10,
	}
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

/// The clinic records the donor's donation consent and registers the donor.
fn register(clinic: u64, donor: Pseudonym, profile: DonorProfile) {
	give_consent(donor, profile.donation_type.consent_purpose(), clinic);
	assert_ok!(DonorMatching::register_donor(RuntimeOrigin::signed(clinic), donor, profile));
}

fn reserve(clinic: u64, donor: Pseudonym, family: Pseudonym) -> DispatchResult {
	DonorMatching::reserve(RuntimeOrigin::signed(clinic), donor, family)
}

fn release(clinic: u64, donor: Pseudonym, family: Pseudonym) -> DispatchResult {
	DonorMatching::release(
		RuntimeOrigin::signed(clinic),
		donor,
		family,
		ReleaseReason::TreatmentFailed,
	)
}

fn birth(clinic: u64, donor: Pseudonym, family: Pseudonym, children: u8) -> DispatchResult {
	DonorMatching::record_birth(RuntimeOrigin::signed(clinic), donor, family, children)
}

fn counts(donor: Pseudonym) -> DonorCounts {
	Donors::<Test>::get(donor).expect("registered").counts()
}

fn clinics_using(donor: Pseudonym) -> Vec<(u64, u32)> {
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());

		let record = Donors::<Test>::get(donor_id(1)).expect("registered");
		assert_eq!(record, record_of(sperm_profile()));
		assert_eq!(Donors::<Test>::count(), 1);
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
		give_consent(donor_id(1), ConsentPurpose::GameteDonation, STRANGER);
		assert_noop!(
			DonorMatching::register_donor(
				RuntimeOrigin::signed(STRANGER),
				donor_id(1),
				sperm_profile()
			),
			Error::<Test>::NotClinic
		);
		assert_noop!(
			DonorMatching::register_donor(RuntimeOrigin::none(), donor_id(1), sperm_profile()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_donor_is_registered_once() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		give_consent(donor_id(1), ConsentPurpose::GameteDonation, FR_CLINIC);
		assert_noop!(
			DonorMatching::register_donor(
				RuntimeOrigin::signed(FR_CLINIC),
				donor_id(1),
				sperm_profile()
			),
			Error::<Test>::DonorAlreadyRegistered
		);
	});
}

#[test]
fn the_registry_holds_at_most_max_donors() {
	run(|| {
		for n in 1..=8 {
			register(GB_CLINIC, donor_id(n), sperm_profile());
		}
		give_consent(donor_id(9), ConsentPurpose::GameteDonation, GB_CLINIC);
		assert_noop!(
			DonorMatching::register_donor(
				RuntimeOrigin::signed(GB_CLINIC),
				donor_id(9),
				sperm_profile()
			),
			Error::<Test>::TooManyDonors
		);
	});
}

#[test]
fn registration_needs_an_active_consent_for_the_donation_type() {
	run(|| {
		// No consent at all.
		assert_noop!(
			DonorMatching::register_donor(
				RuntimeOrigin::signed(GB_CLINIC),
				donor_id(1),
				sperm_profile()
			),
			Error::<Test>::ConsentNotActive
		);
		// A gamete donation consent does not cover an embryo donation.
		give_consent(donor_id(1), ConsentPurpose::GameteDonation, GB_CLINIC);
		assert_noop!(
			DonorMatching::register_donor(
				RuntimeOrigin::signed(GB_CLINIC),
				donor_id(1),
				profile_of(DonationType::Embryo)
			),
			Error::<Test>::ConsentNotActive
		);
		// A consent recorded by another clinic is not the registering clinic's.
		give_consent(donor_id(2), ConsentPurpose::GameteDonation, FR_CLINIC);
		assert_noop!(
			DonorMatching::register_donor(
				RuntimeOrigin::signed(GB_CLINIC),
				donor_id(2),
				sperm_profile()
			),
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
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
				children: 0
			})
		);
		assert_eq!(clinics_using(donor_id(1)), vec![(FR_CLINIC, 1)]);
		System::assert_last_event(
			Event::DonorReserved {
				donor: donor_id(1),
				family: family(1),
				clinic: FR_CLINIC,
				new_family: true,
				families: 1,
				expected_children: 1,
			}
			.into(),
		);
	});
}

#[test]
fn a_sibling_does_not_count_a_new_family() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_ok!(birth(GB_CLINIC, donor_id(1), family(1), 1));
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));

		assert_eq!(counts(donor_id(1)), DonorCounts { families: 1, children: 1, pending: 1 });
		assert_eq!(clinics_using(donor_id(1)), vec![(GB_CLINIC, 1)]);
		System::assert_last_event(
			Event::DonorReserved {
				donor: donor_id(1),
				family: family(1),
				clinic: GB_CLINIC,
				new_family: false,
				families: 1,
				expected_children: 2,
			}
			.into(),
		);
	});
}

#[test]
fn only_an_active_clinic_reserves() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_noop!(reserve(STRANGER, donor_id(1), family(1)), Error::<Test>::NotClinic);
		assert_noop!(
			DonorMatching::reserve(RuntimeOrigin::none(), donor_id(1), family(1)),
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		withdraw_consent(donor_id(1), ConsentPurpose::GameteDonation, GB_CLINIC);

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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
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
		register(ES_CLINIC, donor_id(1), sperm_profile());
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
		register(GB_CLINIC, donor_id(1), sperm_profile());
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
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_noop!(reserve(CY_CLINIC, donor_id(1), family(2)), Error::<Test>::FamilyLimitReached);
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(2)));
	});
}

#[test]
fn a_jurisdiction_without_a_limit_adds_none() {
	run(|| {
		register(ES_CLINIC, donor_id(1), sperm_profile());
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
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
		register(FR_CLINIC, donor_id(1), sperm_profile());
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
		register(GB_CLINIC, donor_id(1), sperm_profile());
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(2)));
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(3)));
		assert_ok!(release(GB_CLINIC, donor_id(1), family(1)));
		assert_eq!(clinics_using(donor_id(1)), vec![(GB_CLINIC, 1), (FR_CLINIC, 1)]);
	});
}

#[test]
fn outcomes_are_recorded_only_by_the_treating_clinic_for_a_pending_reservation() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));

		let outcomes: [fn(u64, Pseudonym, Pseudonym) -> DispatchResult; 2] =
			[release, |c, d, f| birth(c, d, f, 1)];
		for outcome in outcomes {
			assert_noop!(outcome(STRANGER, donor_id(1), family(1)), Error::<Test>::NotClinic);
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
		assert_noop!(release(GB_CLINIC, donor_id(1), family(1)), Error::<Test>::NotClinic);
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
	run(|| {
		// Unreachable through the calls; the check keeps a corrupt state from being written on.
		let allocation = Allocation {
			clinic: GB_CLINIC,
			jurisdiction: GB,
			reserved_at: START,
			pending: 1,
			children: 0,
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
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
			}
			.into(),
		);
	});
}

#[test]
fn a_birth_records_one_to_eight_children() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(1)));
		assert_noop!(birth(GB_CLINIC, donor_id(1), family(1), 0), Error::<Test>::InvalidChildCount);
		assert_noop!(birth(GB_CLINIC, donor_id(1), family(1), 9), Error::<Test>::InvalidChildCount);
		assert_ok!(birth(GB_CLINIC, donor_id(1), family(1), MAX_CHILDREN_PER_BIRTH));
	});
}

#[test]
fn twins_past_a_children_limit_are_recorded_and_stop_further_reservations() {
	run(|| {
		register(FR_CLINIC, donor_id(1), sperm_profile());
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(1)));
		assert_ok!(reserve(AT_CLINIC, donor_id(1), family(2)));
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(3)));
		set_now(START + 5_000);

		assert_ok!(DonorMatching::flag_donor(
			RuntimeOrigin::signed(GB_CLINIC),
			donor_id(1),
			FlagReason::PathogenicVariant,
			EVIDENCE
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
			}
			.into(),
		);
	});
}

#[test]
fn governance_flags_any_donor() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_ok!(DonorMatching::flag_donor(
			RuntimeOrigin::root(),
			donor_id(1),
			FlagReason::HeritableCondition,
			EVIDENCE
		));
		System::assert_last_event(
			Event::DonorFlagged {
				donor: donor_id(1),
				reason: FlagReason::HeritableCondition,
				evidence: EVIDENCE,
				flagged_by: None,
				clinics: BoundedVec::new(),
			}
			.into(),
		);
	});
}

#[test]
fn a_flag_blocks_new_allocations_everywhere_and_keeps_outcomes_recordable() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_ok!(reserve(FR_CLINIC, donor_id(1), family(1)));
		assert_ok!(reserve(GB_CLINIC, donor_id(1), family(2)));
		assert_ok!(DonorMatching::flag_donor(
			RuntimeOrigin::root(),
			donor_id(1),
			FlagReason::PathogenicVariant,
			EVIDENCE
		));

		assert_noop!(reserve(ES_CLINIC, donor_id(1), family(3)), Error::<Test>::DonorIsFlagged);
		assert_noop!(reserve(FR_CLINIC, donor_id(1), family(1)), Error::<Test>::DonorIsFlagged);
		assert_ok!(release(FR_CLINIC, donor_id(1), family(1)));
		assert_ok!(birth(GB_CLINIC, donor_id(1), family(2), 1));
	});
}

#[test]
fn only_the_registering_clinic_or_governance_flags_once() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		let flag =
			|origin| DonorMatching::flag_donor(origin, donor_id(1), FlagReason::Other, EVIDENCE);
		assert_noop!(flag(RuntimeOrigin::none()), DispatchError::BadOrigin);
		assert_noop!(flag(RuntimeOrigin::signed(STRANGER)), Error::<Test>::NotClinic);
		assert_noop!(flag(RuntimeOrigin::signed(FR_CLINIC)), Error::<Test>::NotRegisteringClinic);
		assert_noop!(
			DonorMatching::flag_donor(
				RuntimeOrigin::root(),
				donor_id(2),
				FlagReason::Other,
				EVIDENCE
			),
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
		request: fn(&mut MatchRequest),
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
		Case { name: "families limit reached", donor: |d| d.families = 3, request: none, consent: true, limits: &[Families(10), Families(3)], expected: Err(Exclusion::LimitReached) },
		Case { name: "families limit with room", donor: |d| d.families = 2, request: none, consent: true, limits: &[Families(3)], expected: Ok(()) },
		Case { name: "children limit: born plus pending plus one fits", donor: |d| { d.children = 8; d.pending = 1 }, request: none, consent: true, limits: &[Children(10)], expected: Ok(()) },
		Case { name: "children limit: pending reservations count", donor: |d| { d.children = 8; d.pending = 2 }, request: none, consent: true, limits: &[Children(10)], expected: Err(Exclusion::LimitReached) },
		Case { name: "mixed kinds: children limit binds", donor: |d| { d.families = 3; d.children = 9; d.pending = 1 }, request: none, consent: true, limits: &[Families(10), Children(10)], expected: Err(Exclusion::LimitReached) },
		Case { name: "mixed kinds: families limit binds", donor: |d| { d.families = 6 }, request: none, consent: true, limits: &[Families(6), Children(10)], expected: Err(Exclusion::LimitReached) },
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
		let mut donor = record_of(sperm_profile());
		(case.donor)(&mut donor);
		let mut request = request();
		(case.request)(&mut request);
		assert_eq!(
			hard_filters(&donor, &request, case.consent, case.limits),
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
	let profile = sperm_profile();
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
	let profile = sperm_profile(); // skin II, eyes blue, wavy, 180-189, medium
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
	let mut profile = sperm_profile();
	assert_eq!(phenotype_score(&profile, &PhenotypePreference::default()), 0);
	profile.phenotype.ethnicity = Ethnicity::NotStated;
	let preferred =
		PhenotypePreference { ethnicity: Some(Ethnicity::NotStated), ..Default::default() };
	assert_eq!(phenotype_score(&profile, &preferred), 0);
}

#[test]
fn blood_group_adds_to_the_score() {
	let profile = sperm_profile(); // O Rh-negative
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
		let mut brown_eyes = sperm_profile();
		brown_eyes.phenotype.eye_colour = EyeColour::DarkBrown;
		register(GB_CLINIC, donor_id(3), brown_eyes);
		register(GB_CLINIC, donor_id(2), sperm_profile());
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
			register(GB_CLINIC, donor_id(n), sperm_profile());
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
		register(GB_CLINIC, donor_id(1), sperm_profile()); // will be flagged
		register(GB_CLINIC, donor_id(2), sperm_profile()); // consent withdrawn
		register(GB_CLINIC, donor_id(3), sperm_profile()); // one family: full for Cyprus
		register(GB_CLINIC, donor_id(4), profile_of(DonationType::Oocyte));
		register(GB_CLINIC, donor_id(5), sperm_profile()); // unused
		assert_ok!(DonorMatching::flag_donor(
			RuntimeOrigin::root(),
			donor_id(1),
			FlagReason::PathogenicVariant,
			EVIDENCE
		));
		withdraw_consent(donor_id(2), ConsentPurpose::GameteDonation, GB_CLINIC);
		assert_ok!(reserve(GB_CLINIC, donor_id(3), family(1)));

		let found = |wish: MatchRequest| {
			DonorMatching::match_donors(wish).iter().map(|m| m.donor).collect::<Vec<_>>()
		};
		assert_eq!(found(request()), vec![donor_id(3), donor_id(5)]);
		let mut cyprus = request();
		cyprus.jurisdiction = Jurisdiction(*b"CY");
		assert_eq!(found(cyprus), vec![donor_id(5)]);
		let mut eggs = request();
		eggs.donation_type = DonationType::Oocyte;
		assert_eq!(found(eggs), vec![donor_id(4)]);
		// A consent that is not yet valid is not active.
		set_now(START - 1);
		assert_eq!(found(request()), Vec::<Pseudonym>::new());
	});
}

#[test]
fn the_registry_tells_custody_whether_a_donor_is_registered_and_flagged() {
	use ivf_primitives::{DonorRegistry, DonorStanding};
	new_test_ext().execute_with(|| {
		assert_eq!(<DonorMatching as DonorRegistry<u64>>::registered_donor(&donor_id(1)), None);
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_eq!(
			<DonorMatching as DonorRegistry<u64>>::registered_donor(&donor_id(1)),
			Some(DonorStanding::Available)
		);
		assert_ok!(DonorMatching::flag_donor(
			RuntimeOrigin::signed(GB_CLINIC),
			donor_id(1),
			FlagReason::PathogenicVariant,
			EVIDENCE
		));
		assert_eq!(
			<DonorMatching as DonorRegistry<u64>>::registered_donor(&donor_id(1)),
			Some(DonorStanding::Flagged)
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		assert_noop!(retire(GB_CLINIC, 8), Error::<Test>::ClinicStillActive);
	});
}

#[test]
fn retiring_donors_refuses_a_limit_of_zero_or_above_max_donors() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		suspend_clinic(GB_CLINIC);
		assert_noop!(retire(GB_CLINIC, 0), Error::<Test>::InvalidLimit);
		// The mock's `MaxDonors` is 8.
		assert_noop!(retire(GB_CLINIC, 9), Error::<Test>::InvalidLimit);
	});
}

#[test]
fn a_retired_donor_keeps_their_allocations_and_takes_no_new_one() {
	run(|| {
		let donor = donor_id(1);
		register(GB_CLINIC, donor, sperm_profile());
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
		assert_ok!(DonorMatching::flag_donor(
			RuntimeOrigin::root(),
			donor,
			FlagReason::PathogenicVariant,
			EVIDENCE
		));
	});
}

#[test]
fn a_retired_donor_is_left_out_of_matching() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		register(FR_CLINIC, donor_id(2), sperm_profile());
		assert_eq!(DonorMatching::match_donors(request()).len(), 2);
		suspend_clinic(GB_CLINIC);

		assert_ok!(retire(GB_CLINIC, 8));

		let matches = DonorMatching::match_donors(request());
		assert_eq!(matches.iter().map(|m| m.donor).collect::<Vec<_>>(), vec![donor_id(2)]);
	});
}

#[test]
fn only_the_departed_clinic_s_donors_are_retired() {
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		register(FR_CLINIC, donor_id(2), sperm_profile());
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
			register(GB_CLINIC, donor_id(n), sperm_profile());
		}
		register(FR_CLINIC, donor_id(6), sperm_profile());
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
	run(|| {
		register(GB_CLINIC, donor_id(1), sperm_profile());
		suspend_clinic(GB_CLINIC);
		let info = retire(GB_CLINIC, 8).expect("retires");
		assert_eq!(
			info.actual_weight,
			Some(<() as crate::WeightInfo>::retire_donors_of_departed_clinic(1))
		);
	});
}
