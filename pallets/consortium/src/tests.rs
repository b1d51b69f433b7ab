//! Unit tests of `pallet-consortium`: one test per behaviour, every error, every event.

use crate::{
	mock::*, Affiliation, Error, Event, MemberStatus, Members, Membership, NameOf, Pallet, Role,
	UncheckedRoleOf,
};
use frame_support::{assert_noop, assert_ok};
use ivf_primitives::{ConsortiumMembership, Jurisdiction, RoleKind};
use sp_runtime::DispatchError;

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn name(text: &str) -> NameOf<Test> {
	NameOf::<Test>::truncate_from(text.as_bytes().to_vec())
}

fn unchecked_clinic(code: &[u8; 2], text: &str) -> UncheckedRoleOf<Test> {
	Role::Clinic { jurisdiction: Jurisdiction(*code), name: text.as_bytes().to_vec() }
}

fn institution(text: &[u8]) -> UncheckedRoleOf<Test> {
	Role::Researcher { affiliation: Affiliation::Institution(text.to_vec()) }
}

/// Fills the consortium up to `MAX_MEMBERS` with auditors.
fn fill_consortium() {
	let room = MAX_MEMBERS - Members::<Test>::count();
	for index in 0..room as u64 {
		assert_ok!(Consortium::admit(root(), 1_000 + index, Role::Auditor));
	}
}

fn is_active_anywhere(who: u64) -> bool {
	Pallet::<Test>::is_clinic(&who)
		|| Pallet::<Test>::clinic_jurisdiction(&who).is_some()
		|| Pallet::<Test>::is_researcher(&who)
		|| Pallet::<Test>::is_auditor(&who)
}

// Genesis.

#[test]
fn genesis_admits_every_listed_member_with_its_role() {
	new_test_ext().execute_with(|| {
		assert_eq!(Members::<Test>::count(), 4);
		assert_eq!(Pallet::<Test>::clinic_jurisdiction(&LONDON), Some(Jurisdiction(*b"GB")));
		assert_eq!(Pallet::<Test>::clinic_jurisdiction(&PARIS), Some(Jurisdiction(*b"FR")));
		assert_eq!(
			Consortium::member(&LONDON),
			Some(Membership {
				role: Role::Clinic {
					jurisdiction: Jurisdiction(*b"GB"),
					name: name("London Fertility Centre")
				},
				status: MemberStatus::Active,
			})
		);
		assert!(Pallet::<Test>::is_auditor(&AUDITOR));
		assert!(!Pallet::<Test>::is_clinic(&OUTSIDER));
	});
}

#[test]
fn genesis_admits_a_researcher_listed_before_its_clinic() {
	// The mock lists the researcher first; clinics are admitted first all the same.
	new_test_ext().execute_with(|| {
		assert!(Pallet::<Test>::is_researcher(&RESEARCHER));
		assert_eq!(
			Consortium::member(&RESEARCHER).map(|member| member.role),
			Some(Role::Researcher { affiliation: Affiliation::Clinic(LONDON) })
		);
	});
}

#[test]
#[should_panic(expected = "InvalidJurisdiction")]
fn genesis_refuses_a_clinic_with_a_malformed_jurisdiction() {
	test_ext_with(vec![(LONDON, clinic(b"gb", "London Fertility Centre"))]);
}

#[test]
#[should_panic(expected = "AlreadyMember")]
fn genesis_refuses_an_account_listed_twice() {
	test_ext_with(vec![(LONDON, clinic(b"GB", "London")), (LONDON, Role::Auditor)]);
}

#[test]
fn genesis_config_reads_jurisdictions_and_names_as_text() {
	let json = r#"{"members": [
		[1, {"clinic": {"jurisdiction": "GB", "name": "London Fertility Centre"}}],
		[10, {"researcher": {"affiliation": {"clinic": 1}}}],
		[11, {"researcher": {"affiliation": {"institution": "University of Leiden"}}}],
		[20, "auditor"]
	]}"#;
	let config: crate::GenesisConfig<Test> = serde_json::from_str(json).unwrap();
	assert_eq!(
		config.members,
		vec![
			(1, clinic(b"GB", "London Fertility Centre")),
			(10, Role::Researcher { affiliation: Affiliation::Clinic(1) }),
			(
				11,
				Role::Researcher {
					affiliation: Affiliation::Institution("University of Leiden".into())
				}
			),
			(20, Role::Auditor),
		]
	);
	let written = serde_json::to_value(&config).unwrap();
	assert_eq!(written["members"][0][1]["clinic"]["jurisdiction"], "GB");
	assert!(serde_json::from_str::<crate::GenesisConfig<Test>>(
		r#"{"members": [[1, {"clinic": {"jurisdiction": "gb", "name": "x"}}]]}"#
	)
	.is_err());
}

// Admission.

#[test]
fn governance_admits_a_clinic_in_its_jurisdiction() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::admit(root(), 3, unchecked_clinic(b"NL", "Amsterdam IVF Kliniek")));

		let role = Role::Clinic {
			jurisdiction: Jurisdiction(*b"NL"),
			name: name("Amsterdam IVF Kliniek"),
		};
		System::assert_last_event(Event::MemberAdmitted { who: 3, role: role.clone() }.into());
		assert_eq!(Consortium::member(&3), Some(Membership { role, status: MemberStatus::Active }));
		assert_eq!(Pallet::<Test>::clinic_jurisdiction(&3), Some(Jurisdiction(*b"NL")));
		assert!(Pallet::<Test>::has_role(&3, RoleKind::Clinic));
		assert!(!Pallet::<Test>::is_researcher(&3));
		assert_eq!(Members::<Test>::count(), 5);
	});
}

#[test]
fn governance_admits_a_researcher_affiliated_with_a_member_clinic() {
	new_test_ext().execute_with(|| {
		let role = Role::Researcher { affiliation: Affiliation::Clinic(PARIS) };
		assert_ok!(Consortium::admit(root(), 11, role));

		let role = Role::Researcher { affiliation: Affiliation::Clinic(PARIS) };
		System::assert_last_event(Event::MemberAdmitted { who: 11, role }.into());
		assert!(Pallet::<Test>::is_researcher(&11));
		assert!(!Pallet::<Test>::is_clinic(&11));
	});
}

#[test]
fn governance_admits_a_researcher_of_an_outside_institution() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::admit(root(), 11, institution(b"University of Leiden")));

		let role = Role::Researcher {
			affiliation: Affiliation::Institution(name("University of Leiden")),
		};
		System::assert_last_event(Event::MemberAdmitted { who: 11, role }.into());
		assert!(Pallet::<Test>::is_researcher(&11));
	});
}

#[test]
fn governance_admits_an_auditor() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::admit(root(), 21, Role::Auditor));

		System::assert_last_event(Event::MemberAdmitted { who: 21, role: Role::Auditor }.into());
		assert!(Pallet::<Test>::is_auditor(&21));
		assert_eq!(Pallet::<Test>::clinic_jurisdiction(&21), None);
	});
}

#[test]
fn admission_by_anyone_but_governance_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(Consortium::admit(signed(LONDON), 3, Role::Auditor), DispatchError::BadOrigin);
	});
}

#[test]
fn admitting_a_member_again_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Consortium::admit(root(), LONDON, Role::Auditor),
			Error::<Test>::AlreadyMember
		);
	});
}

#[test]
fn admitting_a_suspended_member_again_is_refused() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend(root(), AUDITOR));
		assert_noop!(
			Consortium::admit(root(), AUDITOR, Role::Auditor),
			Error::<Test>::AlreadyMember
		);
	});
}

#[test]
fn admission_beyond_max_members_is_refused() {
	new_test_ext().execute_with(|| {
		fill_consortium();
		assert_eq!(Members::<Test>::count(), MAX_MEMBERS);
		assert_noop!(
			Consortium::admit(root(), OUTSIDER, Role::Auditor),
			Error::<Test>::TooManyMembers
		);
	});
}

#[test]
fn a_clinic_with_a_malformed_jurisdiction_is_refused() {
	new_test_ext().execute_with(|| {
		for code in [b"gb", b"G1", b"G ", b"\0\0"] {
			assert_noop!(
				Consortium::admit(root(), 3, unchecked_clinic(code, "Clinic")),
				Error::<Test>::InvalidJurisdiction
			);
		}
	});
}

#[test]
fn a_name_longer_than_max_name_length_is_refused() {
	new_test_ext().execute_with(|| {
		let long = "x".repeat(MAX_NAME_LENGTH as usize + 1);
		assert_noop!(
			Consortium::admit(root(), 3, unchecked_clinic(b"NL", &long)),
			Error::<Test>::NameTooLong
		);
		assert_noop!(
			Consortium::admit(root(), 11, institution(long.as_bytes())),
			Error::<Test>::NameTooLong
		);
	});
}

#[test]
fn a_name_of_exactly_max_name_length_is_admitted() {
	new_test_ext().execute_with(|| {
		let longest = "x".repeat(MAX_NAME_LENGTH as usize);
		assert_ok!(Consortium::admit(root(), 3, unchecked_clinic(b"NL", &longest)));
	});
}

#[test]
fn an_empty_or_non_utf8_name_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Consortium::admit(root(), 3, unchecked_clinic(b"NL", "")),
			Error::<Test>::InvalidName
		);
		assert_noop!(
			Consortium::admit(root(), 11, institution(&[0xff, 0xfe])),
			Error::<Test>::InvalidName
		);
	});
}

#[test]
fn a_researcher_affiliated_with_anything_but_an_active_clinic_is_refused() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend(root(), PARIS));
		for affiliation in [OUTSIDER, AUDITOR, RESEARCHER, PARIS] {
			assert_noop!(
				Consortium::admit(
					root(),
					11,
					Role::Researcher { affiliation: Affiliation::Clinic(affiliation) }
				),
				Error::<Test>::AffiliationNotClinic
			);
		}
	});
}

// Removal.

#[test]
fn governance_removes_a_member_and_nothing_of_it_remains() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::remove(root(), PARIS));

		System::assert_last_event(
			Event::MemberRemoved { who: PARIS, role: RoleKind::Clinic }.into(),
		);
		assert_eq!(Consortium::member(&PARIS), None);
		assert!(!Members::<Test>::contains_key(PARIS));
		assert!(!is_active_anywhere(PARIS));
		assert_eq!(Members::<Test>::count(), 3);
	});
}

#[test]
fn removal_frees_a_place_for_a_new_member() {
	new_test_ext().execute_with(|| {
		fill_consortium();
		assert_ok!(Consortium::remove(root(), AUDITOR));
		assert_ok!(Consortium::admit(root(), OUTSIDER, Role::Auditor));
	});
}

#[test]
fn a_suspended_member_can_be_removed() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend(root(), AUDITOR));
		assert_ok!(Consortium::remove(root(), AUDITOR));
		System::assert_last_event(
			Event::MemberRemoved { who: AUDITOR, role: RoleKind::Auditor }.into(),
		);
	});
}

#[test]
fn removing_a_clinic_keeps_its_researchers() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::remove(root(), LONDON));
		assert!(Pallet::<Test>::is_researcher(&RESEARCHER));
	});
}

#[test]
fn removal_by_anyone_but_governance_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(Consortium::remove(signed(LONDON), PARIS), DispatchError::BadOrigin);
	});
}

#[test]
fn removing_a_non_member_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(Consortium::remove(root(), OUTSIDER), Error::<Test>::NotMember);
	});
}

// Suspension and reinstatement.

#[test]
fn a_suspended_member_answers_no_to_every_question() {
	new_test_ext().execute_with(|| {
		for who in [LONDON, RESEARCHER, AUDITOR] {
			assert!(is_active_anywhere(who));
			assert_ok!(Consortium::suspend(root(), who));
			System::assert_last_event(Event::MemberSuspended { who }.into());
			assert!(!is_active_anywhere(who));
			for role in [RoleKind::Clinic, RoleKind::Researcher, RoleKind::Auditor] {
				assert!(!Pallet::<Test>::has_role(&who, role));
			}
			assert_eq!(
				Consortium::member(&who).map(|member| member.status),
				Some(MemberStatus::Suspended)
			);
		}
	});
}

#[test]
fn suspending_a_suspended_member_is_refused() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend(root(), LONDON));
		assert_noop!(Consortium::suspend(root(), LONDON), Error::<Test>::AlreadySuspended);
	});
}

#[test]
fn suspending_a_non_member_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(Consortium::suspend(root(), OUTSIDER), Error::<Test>::NotMember);
	});
}

#[test]
fn suspension_by_anyone_but_governance_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(Consortium::suspend(signed(PARIS), LONDON), DispatchError::BadOrigin);
	});
}

#[test]
fn a_reinstated_member_holds_its_role_again() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend(root(), LONDON));
		assert_ok!(Consortium::reinstate(root(), LONDON));

		System::assert_last_event(Event::MemberReinstated { who: LONDON }.into());
		assert_eq!(Pallet::<Test>::clinic_jurisdiction(&LONDON), Some(Jurisdiction(*b"GB")));
		assert_eq!(
			Consortium::member(&LONDON).map(|member| member.status),
			Some(MemberStatus::Active)
		);
	});
}

#[test]
fn reinstating_an_active_member_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(Consortium::reinstate(root(), LONDON), Error::<Test>::NotSuspended);
	});
}

#[test]
fn reinstating_a_non_member_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(Consortium::reinstate(root(), OUTSIDER), Error::<Test>::NotMember);
	});
}

#[test]
fn reinstatement_by_anyone_but_governance_is_refused() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend(root(), LONDON));
		assert_noop!(Consortium::reinstate(signed(LONDON), LONDON), DispatchError::BadOrigin);
	});
}

// A clinic's display name.

#[test]
fn a_clinic_renames_itself_and_keeps_its_jurisdiction() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::set_clinic_name(signed(LONDON), b"London Women's Clinic".to_vec()));

		System::assert_last_event(
			Event::ClinicRenamed { clinic: LONDON, name: name("London Women's Clinic") }.into(),
		);
		assert_eq!(
			Consortium::member(&LONDON).map(|member| member.role),
			Some(Role::Clinic {
				jurisdiction: Jurisdiction(*b"GB"),
				name: name("London Women's Clinic")
			})
		);
	});
}

#[test]
fn renaming_by_a_non_member_is_refused() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Consortium::set_clinic_name(signed(OUTSIDER), b"Clinic".to_vec()),
			Error::<Test>::NotMember
		);
	});
}

#[test]
fn renaming_needs_a_signed_origin() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Consortium::set_clinic_name(root(), b"Clinic".to_vec()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_suspended_clinic_cannot_rename_itself() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend(root(), LONDON));
		assert_noop!(
			Consortium::set_clinic_name(signed(LONDON), b"Clinic".to_vec()),
			Error::<Test>::Suspended
		);
	});
}

#[test]
fn a_researcher_or_auditor_has_no_clinic_name_to_change() {
	new_test_ext().execute_with(|| {
		for who in [RESEARCHER, AUDITOR] {
			assert_noop!(
				Consortium::set_clinic_name(signed(who), b"Clinic".to_vec()),
				Error::<Test>::NotAnActiveClinic
			);
		}
	});
}

#[test]
fn a_clinic_name_too_long_empty_or_not_utf8_is_refused() {
	new_test_ext().execute_with(|| {
		let long = vec![b'x'; MAX_NAME_LENGTH as usize + 1];
		assert_noop!(Consortium::set_clinic_name(signed(LONDON), long), Error::<Test>::NameTooLong);
		assert_noop!(
			Consortium::set_clinic_name(signed(LONDON), vec![]),
			Error::<Test>::InvalidName
		);
		assert_noop!(
			Consortium::set_clinic_name(signed(LONDON), vec![0xc3]),
			Error::<Test>::InvalidName
		);
	});
}

// Runtime API answers.

#[test]
fn member_answers_a_record_or_none() {
	new_test_ext().execute_with(|| {
		assert_eq!(
			Consortium::member(&AUDITOR),
			Some(Membership { role: Role::Auditor, status: MemberStatus::Active })
		);
		assert_eq!(Consortium::member(&OUTSIDER), None);
	});
}

#[test]
fn members_lists_every_member_active_or_suspended() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend(root(), PARIS));
		let mut accounts: Vec<u64> =
			Consortium::members().into_iter().map(|(who, _)| who).collect();
		accounts.sort();
		assert_eq!(accounts, vec![LONDON, PARIS, RESEARCHER, AUDITOR]);
	});
}

#[test]
fn the_weight_of_admission_follows_the_role() {
	use crate::WeightInfo;
	let researcher = Role::Researcher { affiliation: Affiliation::Clinic(LONDON) };
	let call = crate::Call::<Test>::admit { who: 11, role: researcher };
	let weight = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call).call_weight;
	assert_eq!(weight, <() as WeightInfo>::admit_clinic_researcher());

	// A clinic joins the council as well.
	let call = crate::Call::<Test>::admit { who: 3, role: unchecked_clinic(b"NL", "Amsterdam") };
	let weight = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call).call_weight;
	assert_eq!(weight, <() as WeightInfo>::admit(9) + Pallet::<Test>::council_change_weight());
	assert!(
		Pallet::<Test>::council_change_weight().ref_time() >= CouncilChangeWeight::get().ref_time()
	);

	let call = crate::Call::<Test>::admit { who: 3, role: Role::Auditor };
	let weight = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call).call_weight;
	assert_eq!(weight, <() as WeightInfo>::admit(0));
}

#[test]
fn integrity_test_passes() {
	use frame_support::traits::Hooks;
	<Pallet<Test> as Hooks<frame_system::pallet_prelude::BlockNumberFor<Test>>>::integrity_test();
}

// ---------------------------------------------------------------------------------------------
// Worker accounts

const WORKER: u64 = 50;

#[test]
fn a_clinic_sets_its_worker_which_then_acts_for_it_only() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::set_worker(signed(LONDON), Some(WORKER)));
		System::assert_last_event(Event::WorkerSet { clinic: LONDON, worker: Some(WORKER) }.into());
		assert_eq!(Pallet::<Test>::clinic_of_worker(&WORKER), Some(LONDON));
		// A worker is nobody else: no role anywhere.
		assert!(!is_active_anywhere(WORKER));
		assert_eq!(Pallet::<Test>::clinic_of_worker(&LONDON), None);
	});
}

#[test]
fn a_new_worker_replaces_the_old_and_none_clears_it() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::set_worker(signed(LONDON), Some(WORKER)));
		assert_ok!(Consortium::set_worker(signed(LONDON), Some(WORKER + 1)));
		assert_eq!(Pallet::<Test>::clinic_of_worker(&WORKER), None);
		assert_eq!(Pallet::<Test>::clinic_of_worker(&(WORKER + 1)), Some(LONDON));
		assert_ok!(Consortium::set_worker(signed(LONDON), None));
		System::assert_last_event(Event::WorkerSet { clinic: LONDON, worker: None }.into());
		assert_eq!(Pallet::<Test>::clinic_of_worker(&(WORKER + 1)), None);
	});
}

#[test]
fn only_an_active_clinic_sets_a_worker() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Consortium::set_worker(signed(OUTSIDER), Some(WORKER)),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Consortium::set_worker(signed(RESEARCHER), Some(WORKER)),
			Error::<Test>::NotAnActiveClinic
		);
		assert_ok!(Consortium::suspend(root(), LONDON));
		assert_noop!(
			Consortium::set_worker(signed(LONDON), Some(WORKER)),
			Error::<Test>::Suspended
		);
	});
}

#[test]
fn a_member_or_another_clinics_worker_cannot_be_a_worker() {
	new_test_ext().execute_with(|| {
		for member in [LONDON, PARIS, RESEARCHER, AUDITOR] {
			assert_noop!(
				Consortium::set_worker(signed(LONDON), Some(member)),
				Error::<Test>::WorkerIsAMember
			);
		}
		assert_ok!(Consortium::set_worker(signed(PARIS), Some(WORKER)));
		assert_noop!(
			Consortium::set_worker(signed(LONDON), Some(WORKER)),
			Error::<Test>::WorkerOfAnotherClinic
		);
		// Setting the same worker again is harmless.
		assert_ok!(Consortium::set_worker(signed(PARIS), Some(WORKER)));
	});
}

#[test]
fn a_worker_cannot_be_admitted_and_a_suspended_or_removed_clinics_worker_acts_for_none() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::set_worker(signed(LONDON), Some(WORKER)));
		assert_noop!(
			Consortium::admit(root(), WORKER, Role::Auditor),
			Error::<Test>::AccountIsAWorker
		);
		assert_ok!(Consortium::suspend(root(), LONDON));
		assert_eq!(Pallet::<Test>::clinic_of_worker(&WORKER), None);
		assert_ok!(Consortium::reinstate(root(), LONDON));
		assert_eq!(Pallet::<Test>::clinic_of_worker(&WORKER), Some(LONDON));
		assert_ok!(Consortium::remove(root(), LONDON));
		assert_eq!(Pallet::<Test>::clinic_of_worker(&WORKER), None);
		// Removal freed the account: it may now be admitted, or be another clinic's worker.
		assert_ok!(Consortium::set_worker(signed(PARIS), Some(WORKER)));
	});
}

// The council of clinics.

fn run_to_block(number: u64) {
	use frame_support::traits::Hooks;
	while System::block_number() < number {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Consortium::on_initialize(next);
	}
}

const MADRID: u64 = 3;
const AMSTERDAM: u64 = 4;

#[test]
fn the_council_is_the_active_clinics_from_genesis_on() {
	new_test_ext().execute_with(|| {
		assert_eq!(council(), vec![LONDON, PARIS]);
		assert_eq!(crate::ActiveClinics::<Test>::get().into_inner(), vec![LONDON, PARIS]);
		assert_eq!(crate::ClinicCount::<Test>::get(), 2);
	});
}

#[test]
fn an_admitted_clinic_joins_the_council_and_other_roles_do_not() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::admit(root(), MADRID, unchecked_clinic(b"ES", "Clinica Madrid")));
		assert_ok!(Consortium::admit(root(), OUTSIDER, Role::Auditor));
		assert_eq!(council(), vec![LONDON, PARIS, MADRID]);
	});
}

#[test]
fn a_suspended_or_removed_clinic_leaves_the_council_and_a_reinstated_one_returns() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend(root(), PARIS));
		assert_eq!(council(), vec![LONDON]);
		assert_ok!(Consortium::reinstate(root(), PARIS));
		assert_eq!(council(), vec![LONDON, PARIS]);
		assert_ok!(Consortium::remove(root(), LONDON));
		assert_eq!(council(), vec![PARIS]);
		assert_eq!(crate::ClinicCount::<Test>::get(), 1);
		// Suspending or removing a researcher changes nothing in the council.
		assert_ok!(Consortium::suspend(root(), RESEARCHER));
		assert_ok!(Consortium::remove(root(), AUDITOR));
		assert_eq!(council(), vec![PARIS]);
	});
}

#[test]
fn a_clinic_beyond_max_clinics_is_refused_and_a_suspended_clinic_keeps_its_place() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::admit(root(), MADRID, unchecked_clinic(b"ES", "Clinica Madrid")));
		assert_ok!(Consortium::suspend(root(), MADRID));
		// Three clinics, one of them suspended: the suspended one still counts.
		assert_noop!(
			Consortium::admit(root(), AMSTERDAM, unchecked_clinic(b"NL", "Amsterdam IVF")),
			Error::<Test>::TooManyClinics
		);
		assert_ok!(Consortium::remove(root(), MADRID));
		assert_ok!(Consortium::admit(root(), AMSTERDAM, unchecked_clinic(b"NL", "Amsterdam IVF")));
		assert_eq!(council(), vec![LONDON, PARIS, AMSTERDAM]);
	});
}

#[test]
fn a_majority_suspends_a_member_for_a_while_and_it_is_reinstated_by_itself() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend_for_emergency(signed(EMERGENCY_MAJORITY), PARIS));
		let until = 1 + EMERGENCY_SUSPENSION;
		System::assert_last_event(Event::MemberSuspendedForEmergency { who: PARIS, until }.into());
		assert!(!is_active_anywhere(PARIS));
		assert_eq!(council(), vec![LONDON]);
		run_to_block(until - 1);
		assert!(!is_active_anywhere(PARIS));
		run_to_block(until);
		System::assert_last_event(Event::EmergencySuspensionEnded { who: PARIS }.into());
		assert!(is_active_anywhere(PARIS));
		assert_eq!(council(), vec![LONDON, PARIS]);
		assert!(crate::EmergencySuspensions::<Test>::get().is_empty());
	});
}

#[test]
fn governance_makes_an_emergency_suspension_lasting_or_lifts_it_early() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend_for_emergency(signed(EMERGENCY_MAJORITY), PARIS));
		assert_ok!(Consortium::suspend(root(), PARIS));
		System::assert_last_event(Event::MemberSuspended { who: PARIS }.into());
		run_to_block(1 + EMERGENCY_SUSPENSION);
		assert!(!is_active_anywhere(PARIS), "a lasting suspension ran out");
		// Once lasting, suspending again is refused as before.
		assert_noop!(Consortium::suspend(root(), PARIS), Error::<Test>::AlreadySuspended);

		assert_ok!(Consortium::suspend_for_emergency(signed(EMERGENCY_MAJORITY), LONDON));
		assert_ok!(Consortium::reinstate(root(), LONDON));
		assert!(is_active_anywhere(LONDON));
		assert!(crate::EmergencySuspensions::<Test>::get().is_empty());
	});
}

#[test]
fn an_emergency_suspension_needs_the_emergency_origin_and_an_active_member() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Consortium::suspend_for_emergency(signed(LONDON), PARIS),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::suspend_for_emergency(signed(UPGRADE_MAJORITY), PARIS),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::suspend_for_emergency(signed(EMERGENCY_MAJORITY), OUTSIDER),
			Error::<Test>::NotMember
		);
		assert_ok!(Consortium::suspend(root(), PARIS));
		assert_noop!(
			Consortium::suspend_for_emergency(signed(EMERGENCY_MAJORITY), PARIS),
			Error::<Test>::AlreadySuspended
		);
	});
}

#[test]
fn emergency_suspensions_beyond_the_bound_are_refused() {
	// Unchecked: the set-up stores more members than `MaxMembers` to reach the bound.
	new_test_ext().into_unchecked().execute_with(|| {
		for index in 0..crate::MAX_EMERGENCY_SUSPENSIONS as u64 {
			let who = 2_000 + index;
			crate::Members::<Test>::insert(
				who,
				Membership { role: Role::Auditor, status: MemberStatus::Active },
			);
			assert_ok!(Consortium::suspend_for_emergency(signed(EMERGENCY_MAJORITY), who));
		}
		assert_noop!(
			Consortium::suspend_for_emergency(signed(EMERGENCY_MAJORITY), PARIS),
			Error::<Test>::TooManyEmergencySuspensions
		);
	});
}

#[test]
fn a_removed_member_under_an_emergency_suspension_is_not_brought_back() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::suspend_for_emergency(signed(EMERGENCY_MAJORITY), PARIS));
		assert_ok!(Consortium::remove(root(), PARIS));
		run_to_block(1 + EMERGENCY_SUSPENSION);
		assert_eq!(Consortium::member(&PARIS), None);
		assert_eq!(council(), vec![LONDON]);
	});
}

#[test]
fn the_upgrade_origin_authorises_a_runtime_and_no_one_else_can() {
	new_test_ext().execute_with(|| {
		let code_hash = sp_core::H256::repeat_byte(7);
		for origin in [root(), signed(LONDON), signed(EMERGENCY_MAJORITY)] {
			assert_noop!(
				Consortium::authorize_upgrade(origin, code_hash),
				DispatchError::BadOrigin
			);
		}
		assert_ok!(Consortium::authorize_upgrade(signed(UPGRADE_MAJORITY), code_hash));
		System::assert_last_event(Event::UpgradeAuthorized { code_hash }.into());
		assert_eq!(
			frame_system::Pallet::<Test>::authorized_upgrade().map(|upgrade| *upgrade.code_hash()),
			Some(code_hash)
		);
	});
}

// The network's allow-list.

/// The peer id of an Ed25519 network key made of `byte`s, as libp2p writes it.
fn peer_id(byte: u8) -> Vec<u8> {
	let mut id = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	id.extend([byte; 32]);
	id
}

fn node(byte: u8) -> crate::NodeId {
	crate::NodeId::truncate_from(peer_id(byte))
}

#[test]
fn a_member_lists_its_node_and_a_new_one_replaces_it() {
	new_test_ext().execute_with(|| {
		assert!(Consortium::allowed_nodes().is_empty());
		assert_ok!(Consortium::set_node(signed(LONDON), peer_id(1)));
		System::assert_last_event(Event::NodeSet { member: LONDON, node: node(1) }.into());
		assert_ok!(Consortium::set_node(signed(AUDITOR), peer_id(2)));
		let mut allowed = Consortium::allowed_nodes();
		allowed.sort();
		assert_eq!(allowed, vec![node(1), node(2)]);

		assert_ok!(Consortium::set_node(signed(LONDON), peer_id(3)));
		let mut allowed = Consortium::allowed_nodes();
		allowed.sort();
		assert_eq!(allowed, vec![node(2), node(3)], "the London clinic's old node stays listed");
		assert_eq!(crate::NodeMembers::<Test>::get(node(1)), None);
	});
}

#[test]
fn only_an_active_member_lists_a_node() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Consortium::set_node(RuntimeOrigin::none(), peer_id(1)),
			DispatchError::BadOrigin
		);
		assert_noop!(Consortium::set_node(signed(OUTSIDER), peer_id(1)), Error::<Test>::NotMember);
		assert_ok!(Consortium::suspend(root(), PARIS));
		assert_noop!(Consortium::set_node(signed(PARIS), peer_id(1)), Error::<Test>::Suspended);
	});
}

#[test]
fn a_node_id_that_is_no_peer_id_is_refused() {
	new_test_ext().execute_with(|| {
		// The base58 text submitted as bytes, the usual mistake.
		let text = b"12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp".to_vec();
		let mut wrong_length = peer_id(1);
		wrong_length.pop();
		let mut too_long = vec![0x00, 64];
		too_long.extend([1; 64]);
		for bad in [vec![], vec![0x00], vec![0x00, 0x00], text, wrong_length, too_long] {
			assert_noop!(Consortium::set_node(signed(LONDON), bad), Error::<Test>::InvalidNodeId);
		}
		let mut sha256 = vec![0x12, 32];
		sha256.extend([9; 32]);
		assert_ok!(Consortium::set_node(signed(LONDON), sha256));
	});
}

#[test]
fn a_node_is_one_members_own() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::set_node(signed(LONDON), peer_id(1)));
		assert_noop!(
			Consortium::set_node(signed(PARIS), peer_id(1)),
			Error::<Test>::NodeOfAnotherMember
		);
		// Listing its own node again is no conflict.
		assert_ok!(Consortium::set_node(signed(LONDON), peer_id(1)));
	});
}

#[test]
fn a_suspended_members_node_leaves_the_list_and_comes_back_on_reinstatement() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::set_node(signed(PARIS), peer_id(2)));
		assert_ok!(Consortium::suspend(root(), PARIS));
		assert!(Consortium::allowed_nodes().is_empty());
		assert_ok!(Consortium::reinstate(root(), PARIS));
		assert_eq!(Consortium::allowed_nodes(), vec![node(2)]);
	});
}

#[test]
fn a_removed_members_node_is_cut_off_and_free_for_another_member() {
	new_test_ext().execute_with(|| {
		assert_ok!(Consortium::set_node(signed(PARIS), peer_id(2)));
		assert_ok!(Consortium::remove(root(), PARIS));
		assert!(Consortium::allowed_nodes().is_empty());
		assert_eq!(crate::MemberNodes::<Test>::get(PARIS), None);
		assert_ok!(Consortium::set_node(signed(LONDON), peer_id(2)));
	});
}

#[test]
fn genesis_lists_the_members_nodes_and_sets_the_session_length() {
	test_ext_from(crate::GenesisConfig {
		members: genesis_members(),
		nodes: vec![(LONDON, peer_id(1)), (AUDITOR, peer_id(2))],
		session_length: Some(MIN_SESSION_LENGTH),
		block_time: None,
	})
	.execute_with(|| {
		let mut allowed = Consortium::allowed_nodes();
		allowed.sort();
		assert_eq!(allowed, vec![node(1), node(2)]);
		assert_eq!(crate::SessionLength::<Test>::get(), MIN_SESSION_LENGTH);
	});
}

#[test]
#[should_panic(expected = "consortium genesis node of 99 is refused")]
fn genesis_refuses_a_node_of_a_non_member() {
	let _ = test_ext_from(crate::GenesisConfig {
		members: genesis_members(),
		nodes: vec![(OUTSIDER, peer_id(1))],
		session_length: None,
		block_time: None,
	});
}

#[test]
#[should_panic(expected = "consortium genesis node of 2 is refused")]
fn genesis_refuses_one_node_for_two_members() {
	let _ = test_ext_from(crate::GenesisConfig {
		members: genesis_members(),
		nodes: vec![(LONDON, peer_id(1)), (PARIS, peer_id(1))],
		session_length: None,
		block_time: None,
	});
}

#[test]
fn the_block_time_is_the_default_unless_the_genesis_sets_one_and_the_minimum_period_is_half() {
	use frame_support::traits::Get;
	new_test_ext().execute_with(|| {
		assert_eq!(crate::BlockTime::<Test>::get(), 3000);
		assert_eq!(crate::HalfBlockTime::<Test>::get(), 1500);
	});
	genesis_with_block_time(1000).execute_with(|| {
		assert_eq!(crate::BlockTime::<Test>::get(), 1000);
		assert_eq!(crate::HalfBlockTime::<Test>::get(), 500);
	});
}

#[test]
#[should_panic(expected = "consortium genesis block time is odd or shorter than MinBlockTime")]
fn genesis_refuses_a_block_time_below_the_minimum() {
	let _ = genesis_with_block_time(998);
}

#[test]
#[should_panic(expected = "consortium genesis block time is odd or shorter than MinBlockTime")]
fn genesis_refuses_an_odd_block_time() {
	let _ = genesis_with_block_time(1001);
}

/// The test genesis with its block time set to `millis`.
fn genesis_with_block_time(millis: u64) -> CheckedExternalities {
	test_ext_from(crate::GenesisConfig {
		members: genesis_members(),
		block_time: Some(millis),
		..Default::default()
	})
}

// Sessions.

#[test]
fn a_session_lasts_the_default_until_governance_changes_it() {
	new_test_ext().execute_with(|| {
		assert_eq!(crate::SessionLength::<Test>::get(), DEFAULT_SESSION_LENGTH);
		assert_noop!(
			Consortium::set_session_length(signed(LONDON), MIN_SESSION_LENGTH),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::set_session_length(root(), MIN_SESSION_LENGTH - 1),
			Error::<Test>::SessionTooShort
		);
		assert_ok!(Consortium::set_session_length(root(), MIN_SESSION_LENGTH));
		System::assert_last_event(Event::SessionLengthSet { length: MIN_SESSION_LENGTH }.into());
		assert_eq!(crate::SessionLength::<Test>::get(), MIN_SESSION_LENGTH);
	});
}

#[test]
fn the_active_clinics_are_the_authority_candidates() {
	new_test_ext().execute_with(|| {
		assert_eq!(Consortium::active_clinics(), vec![LONDON, PARIS]);
		assert_ok!(Consortium::suspend_for_emergency(signed(EMERGENCY_MAJORITY), PARIS));
		assert_eq!(Consortium::active_clinics(), vec![LONDON]);
		assert_ok!(Consortium::remove(root(), LONDON));
		assert!(Consortium::active_clinics().is_empty());
	});
}
