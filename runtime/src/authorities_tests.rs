//! The authority set follows membership, on the runtime itself (`consortium_local` genesis):
//! the Aura authors and GRANDPA voters of each session are the active clinics with keys set.

use crate::{
	authorities::{ClinicAuthorities, SessionLength},
	genesis_config_presets::{
		consortium_local_clinics, tests::with_preset_state, CONSORTIUM_LOCAL_PRESET,
	},
	AccountId, Consortium, Runtime, RuntimeOrigin, Session, SessionKeys, System,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{Get, OnFinalize},
};
use ivf_primitives::Jurisdiction;
use pallet_consortium::Role;
use pallet_session::ShouldEndSession;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::Pair;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

fn on_consortium_local(test: impl FnOnce()) {
	with_preset_state(CONSORTIUM_LOCAL_PRESET, || {
		System::set_block_number(1);
		test()
	});
}

/// The Aura keys of this session's block authors.
fn aura_authorities() -> Vec<AuraId> {
	pallet_aura::Authorities::<Runtime>::get().into_inner()
}

/// The GRANDPA voters of the change the runtime last scheduled, or of the current set.
fn next_grandpa_voters() -> Vec<GrandpaId> {
	pallet_grandpa::PendingChange::<Runtime>::get()
		.map(|change| change.next_authorities.into_inner())
		.unwrap_or_else(crate::Grandpa::grandpa_authorities)
		.into_iter()
		.map(|(key, _)| key)
		.collect()
}

fn aura_key(key: Sr25519Keyring) -> AuraId {
	key.public().into()
}

fn grandpa_key(key: Ed25519Keyring) -> GrandpaId {
	key.public().into()
}

/// One session's end, in a block of its own that GRANDPA finalises: a change it schedules
/// (with no delay) is enacted at once.
fn end_session() {
	Session::rotate_session();
	let block = System::block_number();
	<crate::Grandpa as OnFinalize<u32>>::on_finalize(block);
	System::set_block_number(block + 1);
}

/// Two session ends: what a change of the candidates needs to reach the authority set, since
/// `pallet-session` plans one session ahead.
fn two_sessions_later() {
	end_session();
	end_session();
}

/// The keys of `key`'s node and the proof that `owner` holds them, as `session.setKeys`
/// takes them: each key's signature of `POP_` followed by the owner's account.
fn keys_with_proof(
	key: Sr25519Keyring,
	grandpa: Ed25519Keyring,
	owner: &AccountId,
) -> (SessionKeys, Vec<u8>) {
	let statement = sp_core::proof_of_possession::statement_of_ownership(&owner.encode());
	let proof = (key.pair().sign(&statement), grandpa.pair().sign(&statement)).encode();
	(SessionKeys { aura: aura_key(key), grandpa: grandpa_key(grandpa) }, proof)
}

fn admit_clinic(key: Sr25519Keyring, code: [u8; 2]) -> AccountId {
	let account = key.to_account_id();
	let role = Role::Clinic { jurisdiction: Jurisdiction(code), name: b"Clinica Roma".to_vec() };
	assert_ok!(Consortium::admit(RuntimeOrigin::root(), account.clone(), role));
	// A clinic's account exists once funded (a member funds it): `setKeys` needs an account.
	assert_ok!(crate::Balances::force_set_balance(
		RuntimeOrigin::root(),
		account.clone().into(),
		crate::UNIT
	));
	account
}

#[test]
fn the_first_authorities_are_the_four_clinics_session_keys() {
	on_consortium_local(|| {
		let clinics = consortium_local_clinics();
		let mut expected: Vec<AccountId> = clinics.iter().map(|c| c.account()).collect();
		expected.sort();
		let mut validators = pallet_session::Validators::<Runtime>::get();
		validators.sort();
		assert_eq!(validators, expected);
		let aura = aura_authorities();
		assert_eq!(aura.len(), 4);
		for clinic in &clinics {
			assert!(aura.contains(&clinic.session_keys().0), "{} does not author", clinic.name);
		}
		assert_eq!(crate::Grandpa::grandpa_authorities().len(), 4);
	});
}

#[test]
fn a_removed_clinic_stops_authoring_and_voting_two_sessions_later() {
	on_consortium_local(|| {
		let dave = Sr25519Keyring::Dave.to_account_id();
		assert_ok!(Consortium::remove(RuntimeOrigin::root(), dave.clone()));
		end_session();
		assert!(aura_authorities().contains(&aura_key(Sr25519Keyring::Dave)), "planned, not yet");
		end_session();
		let aura = aura_authorities();
		assert_eq!(aura.len(), 3);
		assert!(!aura.contains(&aura_key(Sr25519Keyring::Dave)));
		let voters = next_grandpa_voters();
		assert_eq!(voters.len(), 3);
		assert!(!voters.contains(&grandpa_key(Ed25519Keyring::Dave)));
		assert!(!pallet_session::Validators::<Runtime>::get().contains(&dave));
	});
}

#[test]
fn a_suspended_clinic_leaves_the_set_and_a_reinstated_one_comes_back() {
	on_consortium_local(|| {
		let bob = Sr25519Keyring::Bob.to_account_id();
		assert_ok!(Consortium::suspend(RuntimeOrigin::root(), bob.clone()));
		two_sessions_later();
		assert!(!aura_authorities().contains(&aura_key(Sr25519Keyring::Bob)));
		assert_ok!(Consortium::reinstate(RuntimeOrigin::root(), bob));
		two_sessions_later();
		assert!(aura_authorities().contains(&aura_key(Sr25519Keyring::Bob)));
		assert!(next_grandpa_voters().contains(&grandpa_key(Ed25519Keyring::Bob)));
	});
}

#[test]
fn an_admitted_clinic_authors_and_votes_once_its_keys_are_set() {
	on_consortium_local(|| {
		let rome = admit_clinic(Sr25519Keyring::One, *b"IT");
		two_sessions_later();
		assert_eq!(aura_authorities().len(), 4, "a clinic without keys is no authority");

		let (keys, proof) = keys_with_proof(Sr25519Keyring::One, Ed25519Keyring::One, &rome);
		assert_ok!(Session::set_keys(RuntimeOrigin::signed(rome.clone()), keys, proof));
		two_sessions_later();
		assert!(aura_authorities().contains(&aura_key(Sr25519Keyring::One)));
		assert!(next_grandpa_voters().contains(&grandpa_key(Ed25519Keyring::One)));
		assert_eq!(aura_authorities().len(), 5);
	});
}

#[test]
fn keys_without_a_proof_of_possession_are_refused() {
	on_consortium_local(|| {
		let rome = admit_clinic(Sr25519Keyring::One, *b"IT");
		// Keys copied from another clinic's node, with a proof made for that clinic.
		let bob = Sr25519Keyring::Bob.to_account_id();
		let (keys, proof) = keys_with_proof(Sr25519Keyring::Bob, Ed25519Keyring::Bob, &bob);
		assert_noop!(
			Session::set_keys(RuntimeOrigin::signed(rome), keys, proof),
			pallet_session::Error::<Runtime>::InvalidProof
		);
	});
}

#[test]
fn a_researcher_with_keys_is_never_an_authority() {
	on_consortium_local(|| {
		let eve = Sr25519Keyring::Eve.to_account_id();
		let (keys, proof) = keys_with_proof(Sr25519Keyring::Eve, Ed25519Keyring::Eve, &eve);
		assert_ok!(Session::set_keys(RuntimeOrigin::signed(eve), keys, proof));
		two_sessions_later();
		assert!(!aura_authorities().contains(&aura_key(Sr25519Keyring::Eve)));
		assert_eq!(aura_authorities().len(), 4);
	});
}

#[test]
fn the_set_never_empties_when_every_clinic_is_suspended() {
	on_consortium_local(|| {
		for clinic in consortium_local_clinics() {
			assert_ok!(Consortium::suspend(RuntimeOrigin::root(), clinic.account()));
		}
		assert!(ClinicAuthorities::candidates().is_empty());
		two_sessions_later();
		assert_eq!(aura_authorities().len(), 4, "the last authorities stay");
	});
}

#[test]
fn an_unchanged_membership_schedules_no_grandpa_change() {
	on_consortium_local(|| {
		let set_id = pallet_grandpa::CurrentSetId::<Runtime>::get();
		two_sessions_later();
		assert_eq!(pallet_grandpa::CurrentSetId::<Runtime>::get(), set_id);
		assert!(pallet_grandpa::PendingChange::<Runtime>::get().is_none());
	});
}

#[test]
fn sessions_end_every_session_length_blocks_as_governance_sets_it() {
	on_consortium_local(|| {
		let length: u32 = SessionLength::get();
		assert_eq!(length, crate::genesis_config_presets::CONSORTIUM_LOCAL_SESSION_LENGTH);
		type Sessions = crate::authorities::ClinicSessions;
		assert!(Sessions::should_end_session(length));
		assert!(!Sessions::should_end_session(length + 1));
		assert_ok!(Consortium::set_session_length(RuntimeOrigin::root(), 3 * length));
		assert!(!Sessions::should_end_session(length));
		assert!(Sessions::should_end_session(3 * length));
	});
}
