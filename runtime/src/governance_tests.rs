//! The council of clinics on the runtime itself: every threshold of the consortium's
//! governance, reached and missed by one vote, on the `consortium_local` genesis (which has no
//! sudo key) with two more clinics admitted, so that two thirds (4 of 6) and three quarters
//! (5 of 6) differ.

use crate::{
	configs::CouncilMotionDuration, genesis_config_presets::tests::with_preset_state,
	genesis_config_presets::CONSORTIUM_LOCAL_PRESET, AccountId, Consortium, Council, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeOrigin, System,
};
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo};
use ivf_primitives::{ConsortiumMembership, Jurisdiction};
use pallet_consortium::Role;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Hash as _, DispatchError, DispatchResult};

/// The four clinics of `consortium_local` and two more, sorted as the council holds them.
fn six_clinics() -> Vec<AccountId> {
	for (key, code) in [(Sr25519Keyring::One, *b"IT"), (Sr25519Keyring::Two, *b"DE")] {
		let clinic = Role::Clinic { jurisdiction: Jurisdiction(code), name: b"Clinic".to_vec() };
		assert_ok!(Consortium::admit(RuntimeOrigin::root(), key.to_account_id(), clinic));
	}
	let clinics = pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get();
	assert_eq!(clinics.len(), 6);
	clinics
}

/// `call` proposed by the first clinic with a threshold of `ayes`, voted aye by the first
/// `ayes` clinics and closed: what the council's dispatch of it returned, or `None` if the
/// motion was not approved (and so not dispatched).
fn motion(clinics: &[AccountId], call: RuntimeCall, ayes: usize) -> Option<DispatchResult> {
	let length = codec::Encode::encode(&call).len() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let index =
		pallet_collective::ProposalCount::<Runtime, crate::configs::CouncilCollective>::get();
	assert_ok!(Council::propose(
		RuntimeOrigin::signed(clinics[0].clone()),
		ayes as u32,
		Box::new(call),
		length
	));
	for clinic in &clinics[..ayes] {
		assert_ok!(Council::vote(RuntimeOrigin::signed(clinic.clone()), hash, index, true));
	}
	for clinic in &clinics[ayes..] {
		assert_ok!(Council::vote(RuntimeOrigin::signed(clinic.clone()), hash, index, false));
	}
	System::reset_events();
	assert_ok!(Council::close(
		RuntimeOrigin::signed(clinics[0].clone()),
		hash,
		index,
		weight,
		length
	));
	System::events().into_iter().find_map(|record| match record.event {
		RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => Some(result),
		_ => None,
	})
}

fn admit_auditor(who: &AccountId) -> RuntimeCall {
	RuntimeCall::Consortium(pallet_consortium::Call::admit {
		who: who.clone(),
		role: Role::Auditor,
	})
}

fn on_consortium_local(test: impl FnOnce()) {
	with_preset_state(CONSORTIUM_LOCAL_PRESET, || {
		System::set_block_number(1);
		test()
	});
}

#[test]
fn the_consortium_chain_has_no_sudo_key_and_its_council_is_its_clinics() {
	on_consortium_local(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		let mut clinics: Vec<AccountId> = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]
		.iter()
		.map(|key| key.to_account_id())
		.collect();
		clinics.sort();
		assert_eq!(
			pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get(),
			clinics
		);
	});
}

#[test]
fn admitting_a_member_needs_two_thirds_of_the_council() {
	on_consortium_local(|| {
		let clinics = six_clinics();
		let auditor = Sr25519Keyring::CharlieStash.to_account_id();
		assert_eq!(
			motion(&clinics, admit_auditor(&auditor), 3),
			Some(Err(DispatchError::BadOrigin)),
			"3 of 6 is not two thirds"
		);
		assert!(Consortium::member(&auditor).is_none());
		assert_eq!(motion(&clinics, admit_auditor(&auditor), 4), Some(Ok(())));
		assert!(Consortium::is_auditor(&auditor));
	});
}

#[test]
fn a_runtime_upgrade_needs_three_quarters_of_the_council() {
	on_consortium_local(|| {
		let clinics = six_clinics();
		let code_hash = sp_core::H256::repeat_byte(1);
		let authorize =
			RuntimeCall::Consortium(pallet_consortium::Call::authorize_upgrade { code_hash });
		assert_eq!(
			motion(&clinics, authorize.clone(), 4),
			Some(Err(DispatchError::BadOrigin)),
			"4 of 6 is two thirds, not three quarters"
		);
		assert!(System::authorized_upgrade().is_none());
		assert_eq!(motion(&clinics, authorize, 5), Some(Ok(())));
		assert_eq!(
			System::authorized_upgrade().map(|upgrade| *upgrade.code_hash()),
			Some(code_hash)
		);
	});
}

#[test]
fn an_emergency_suspension_needs_more_than_half_of_the_council_and_lasting_one_two_thirds() {
	on_consortium_local(|| {
		let clinics = six_clinics();
		let target = clinics[5].clone();
		let emergency = RuntimeCall::Consortium(pallet_consortium::Call::suspend_for_emergency {
			who: target.clone(),
		});
		let lasting =
			RuntimeCall::Consortium(pallet_consortium::Call::suspend { who: target.clone() });
		assert_eq!(motion(&clinics, emergency.clone(), 3), Some(Err(DispatchError::BadOrigin)));
		assert_eq!(motion(&clinics, lasting.clone(), 3), Some(Err(DispatchError::BadOrigin)));
		assert!(Consortium::is_clinic(&target));
		assert_eq!(motion(&clinics, emergency, 4), Some(Ok(())));
		assert!(!Consortium::is_clinic(&target));
		// The suspended clinic has left the council: five seats now.
		assert_eq!(
			pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get().len(),
			5
		);
	});
}

#[test]
fn a_motion_short_of_its_threshold_is_not_enacted_when_it_closes() {
	on_consortium_local(|| {
		let clinics = six_clinics();
		let auditor = Sr25519Keyring::CharlieStash.to_account_id();
		let call = admit_auditor(&auditor);
		let length = codec::Encode::encode(&call).len() as u32;
		let weight = call.get_dispatch_info().call_weight;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
		assert_ok!(Council::propose(
			RuntimeOrigin::signed(clinics[0].clone()),
			4,
			Box::new(call),
			length
		));
		for clinic in &clinics[..3] {
			assert_ok!(Council::vote(RuntimeOrigin::signed(clinic.clone()), hash, 0, true));
		}
		// Three ayes of a threshold of four: too early to close while the others may vote.
		assert_noop!(
			Council::close(RuntimeOrigin::signed(clinics[0].clone()), hash, 0, weight, length),
			pallet_collective::Error::<Runtime, crate::configs::CouncilCollective>::TooEarly
		);
		System::set_block_number(1 + CouncilMotionDuration::get());
		System::reset_events();
		assert_ok!(Council::close(
			RuntimeOrigin::signed(clinics[0].clone()),
			hash,
			0,
			weight,
			length
		));
		assert!(System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Council(pallet_collective::Event::Disapproved { .. })
		)));
		assert!(Consortium::member(&auditor).is_none());
	});
}

#[test]
fn only_an_active_clinic_may_propose_or_vote() {
	on_consortium_local(|| {
		let clinics = six_clinics();
		let eve = Sr25519Keyring::Eve.to_account_id(); // a researcher
		let call = admit_auditor(&Sr25519Keyring::CharlieStash.to_account_id());
		let length = codec::Encode::encode(&call).len() as u32;
		assert_noop!(
			Council::propose(RuntimeOrigin::signed(eve), 4, Box::new(call.clone()), length),
			pallet_collective::Error::<Runtime, crate::configs::CouncilCollective>::NotMember
		);
		assert_ok!(Consortium::suspend(RuntimeOrigin::root(), clinics[1].clone()));
		assert_noop!(
			Council::propose(RuntimeOrigin::signed(clinics[1].clone()), 4, Box::new(call), length),
			pallet_collective::Error::<Runtime, crate::configs::CouncilCollective>::NotMember
		);
	});
}

#[test]
fn no_one_sets_the_council_but_the_consortium() {
	on_consortium_local(|| {
		let clinics = six_clinics();
		assert_noop!(
			Council::set_members(RuntimeOrigin::root(), vec![clinics[0].clone()], None, 6),
			DispatchError::BadOrigin
		);
	});
}

/// What `try-runtime on-runtime-upgrade` checks before the council is asked to upgrade: every
/// pallet's storage version matches its code, and every `try_state` holds, on each preset's
/// genesis and after the council's own actions.
#[cfg(feature = "try-runtime")]
#[test]
fn try_runtime_upgrade_checks_pass_on_every_preset() {
	use frame_support::traits::{TryState, TryStateSelect};
	use frame_try_runtime::UpgradeCheckSelect;
	for preset in [
		sp_genesis_builder::DEV_RUNTIME_PRESET,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
		CONSORTIUM_LOCAL_PRESET,
	] {
		with_preset_state(preset, || {
			System::set_block_number(1);
			assert_ok!(crate::Executive::try_runtime_upgrade(UpgradeCheckSelect::All));
			assert_ok!(<crate::AllPalletsWithSystem as TryState<_>>::try_state(
				1,
				TryStateSelect::All
			));
		});
	}
	on_consortium_local(|| {
		let clinics = six_clinics();
		assert_eq!(
			motion(
				&clinics,
				RuntimeCall::Consortium(pallet_consortium::Call::suspend_for_emergency {
					who: clinics[5].clone()
				}),
				4
			),
			Some(Ok(()))
		);
		assert_ok!(<crate::AllPalletsWithSystem as TryState<_>>::try_state(1, TryStateSelect::All));
	});
}

#[test]
fn a_departed_clinics_clean_up_and_the_session_length_need_two_thirds_of_the_council() {
	on_consortium_local(|| {
		let six = six_clinics();
		let departed = Sr25519Keyring::Two.to_account_id();
		assert!(six.contains(&departed));
		assert_ok!(Consortium::remove(RuntimeOrigin::root(), departed.clone()));
		// Five seats now: two thirds of them are four ayes.
		let clinics =
			pallet_collective::Members::<Runtime, crate::configs::CouncilCollective>::get();
		assert_eq!(clinics.len(), 5);
		let calls = [
			RuntimeCall::Consent(pallet_consent::Call::close_consents_of_departed_clinic {
				clinic: departed.clone(),
				reason: Default::default(),
				limit: 10,
			}),
			RuntimeCall::DonorMatching(
				pallet_donor_matching::Call::retire_donors_of_departed_clinic {
					clinic: departed.clone(),
					limit: 10,
				},
			),
			RuntimeCall::FederatedLearning(
				pallet_federated_learning::Call::withdraw_departed_clinic {
					clinic: departed.clone(),
				},
			),
			RuntimeCall::Consortium(pallet_consortium::Call::set_session_length { length: 40 }),
		];
		for call in calls {
			assert_eq!(
				motion(&clinics, call.clone(), 3),
				Some(Err(DispatchError::BadOrigin)),
				"3 of 5 is not two thirds: {call:?}"
			);
			let enacted = motion(&clinics, call.clone(), 4).expect("4 of 5 approve the motion");
			assert_ne!(enacted, Err(DispatchError::BadOrigin), "4 of 5 are two thirds: {call:?}");
		}
		assert_eq!(pallet_consortium::SessionLength::<Runtime>::get(), 40);
	});
}
