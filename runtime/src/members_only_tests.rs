//! Who may transact: the members-only gate and the free patient withdrawal, on the runtime
//! with the development genesis (four clinics, a researcher, an auditor).

use crate::{
	genesis_config_presets::tests::with_preset_state,
	members_only::{admission, Admission, CheckMembership},
	AccountId, Consortium, Runtime, RuntimeCall, RuntimeOrigin, System,
};
use frame_support::{assert_ok, dispatch::GetDispatchInfo, pallet_prelude::TransactionSource};
use ivf_primitives::ConsentPurpose;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::DispatchTransaction,
	transaction_validity::{InvalidTransaction, TransactionValidityError},
};

fn on_dev_chain(test: impl FnOnce()) {
	with_preset_state(sp_genesis_builder::DEV_RUNTIME_PRESET, || {
		System::set_block_number(1);
		test()
	});
}

fn account(key: Sr25519Keyring) -> AccountId {
	key.to_account_id()
}

/// What the pool says of `who` sending `call`, through the extension itself.
fn pool_check(who: &AccountId, call: &RuntimeCall) -> Result<(), TransactionValidityError> {
	CheckMembership
		.validate_only(
			RuntimeOrigin::signed(who.clone()),
			call,
			&call.get_dispatch_info(),
			0,
			TransactionSource::External,
			0,
		)
		.map(|_| ())
}

fn rename() -> RuntimeCall {
	RuntimeCall::Consortium(pallet_consortium::Call::set_clinic_name { name: b"New".to_vec() })
}

fn transfer_to(dest: &AccountId) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: dest.clone().into(),
		value: crate::UNIT,
	})
}

/// A consent recorded by Alice's clinic and co-signed by `patient`'s key; its id.
fn co_signed_consent(patient: Sr25519Keyring) -> u64 {
	use sp_core::Pair;
	let alice = account(Sr25519Keyring::Alice);
	let terms = pallet_consent::ConsentTerms {
		pseudonym: [7; 32],
		purposes: vec![ConsentPurpose::ResearchDataSharing].try_into().unwrap(),
		valid_from: 0,
		valid_until: None,
		storage_until: None,
		form_hash: [1; 32],
	};
	let payload = pallet_consent::Pallet::<Runtime>::signing_payload(&alice, &terms);
	let co_signature = pallet_consent::PatientCoSignature {
		patient: account(patient),
		signature: sp_runtime::MultiSignature::Sr25519(patient.pair().sign(&payload)),
	};
	let id = pallet_consent::NextConsentId::<Runtime>::get();
	assert_ok!(pallet_consent::Pallet::<Runtime>::record_consent(
		RuntimeOrigin::signed(alice),
		terms,
		Some(co_signature)
	));
	id
}

#[test]
fn a_non_member_is_refused_at_the_pool_as_a_bad_signer() {
	on_dev_chain(|| {
		let stranger = account(Sr25519Keyring::One);
		assert_eq!(admission(&stranger, &rename()), Admission::NotAMember);
		assert_eq!(pool_check(&stranger, &rename()), Err(InvalidTransaction::BadSigner.into()));
		// Funds do not make a member.
		assert_ok!(pallet_balances::Pallet::<Runtime>::force_set_balance(
			RuntimeOrigin::root(),
			stranger.clone().into(),
			crate::UNIT
		));
		assert_eq!(pool_check(&stranger, &rename()), Err(InvalidTransaction::BadSigner.into()));
	});
}

#[test]
fn members_of_every_role_are_admitted_and_a_suspended_one_is_not() {
	on_dev_chain(|| {
		for key in [Sr25519Keyring::Alice, Sr25519Keyring::Eve, Sr25519Keyring::Ferdie] {
			assert_ok!(pool_check(&account(key), &rename()));
		}
		assert_ok!(Consortium::suspend(RuntimeOrigin::root(), account(Sr25519Keyring::Bob)));
		assert_eq!(
			pool_check(&account(Sr25519Keyring::Bob), &rename()),
			Err(InvalidTransaction::BadSigner.into())
		);
	});
}

#[test]
fn the_fee_token_stays_inside_the_consortium() {
	on_dev_chain(|| {
		let alice = account(Sr25519Keyring::Alice);
		let eve = account(Sr25519Keyring::Eve); // a researcher
		let worker = account(Sr25519Keyring::AliceStash);
		let bob_worker = account(Sr25519Keyring::BobStash);
		let patient = account(Sr25519Keyring::Two);
		assert_ok!(Consortium::set_worker(
			RuntimeOrigin::signed(alice.clone()),
			Some(worker.clone())
		));
		assert_ok!(Consortium::set_worker(
			RuntimeOrigin::signed(account(Sr25519Keyring::Bob)),
			Some(bob_worker.clone())
		));

		// A clinic funds its own worker and a researcher; a researcher may fund a member too.
		assert_ok!(pool_check(&alice, &transfer_to(&worker)));
		assert_ok!(pool_check(&alice, &transfer_to(&eve)));
		assert_ok!(pool_check(&eve, &transfer_to(&alice)));
		// Nobody funds another clinic's worker, a patient's key or a stranger.
		for dest in [&bob_worker, &patient, &account(Sr25519Keyring::One)] {
			assert_eq!(
				pool_check(&alice, &transfer_to(dest)),
				Err(InvalidTransaction::Call.into())
			);
		}
		assert_eq!(pool_check(&eve, &transfer_to(&worker)), Err(InvalidTransaction::Call.into()));
		// A suspended member is no recipient.
		assert_ok!(Consortium::suspend(RuntimeOrigin::root(), eve.clone()));
		assert_eq!(pool_check(&alice, &transfer_to(&eve)), Err(InvalidTransaction::Call.into()));
		// Other balance calls are closed, and a worker transfers nothing.
		let transfer_all = RuntimeCall::Balances(pallet_balances::Call::transfer_all {
			dest: worker.clone().into(),
			keep_alive: true,
		});
		assert_eq!(pool_check(&alice, &transfer_all), Err(InvalidTransaction::Call.into()));
		assert_eq!(pool_check(&worker, &transfer_to(&alice)), Err(InvalidTransaction::Call.into()));
	});
}

#[test]
fn a_clinics_worker_is_admitted_while_its_clinic_is_active() {
	on_dev_chain(|| {
		let alice = account(Sr25519Keyring::Alice);
		let worker = account(Sr25519Keyring::AliceStash);
		assert_eq!(pool_check(&worker, &rename()), Err(InvalidTransaction::BadSigner.into()));
		assert_ok!(Consortium::set_worker(
			RuntimeOrigin::signed(alice.clone()),
			Some(worker.clone())
		));
		assert_eq!(admission(&worker, &rename()), Admission::Member);
		assert_ok!(Consortium::suspend(RuntimeOrigin::root(), alice));
		assert_eq!(pool_check(&worker, &rename()), Err(InvalidTransaction::BadSigner.into()));
	});
}

#[test]
fn a_patient_withdraws_its_co_signed_consent_with_no_funds_and_no_fee() {
	on_dev_chain(|| {
		let patient = account(Sr25519Keyring::Two);
		let consent_id = co_signed_consent(Sr25519Keyring::Two);
		let withdraw = RuntimeCall::Consent(pallet_consent::Call::withdraw_consent { consent_id });
		assert_eq!(admission(&patient, &withdraw), Admission::PatientWithdrawal);
		assert_ok!(pool_check(&patient, &withdraw));
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(&patient), 0);

		// Through the whole extension pipeline, as the block builder applies it.
		let info = withdraw.get_dispatch_info();
		let result = tx_extension(0).dispatch_transaction(
			RuntimeOrigin::signed(patient.clone()),
			withdraw.clone(),
			&info,
			0,
			0,
		);
		let post = result
			.expect("the pool admits the withdrawal")
			.expect("the withdrawal succeeds");
		assert_eq!(post.pays_fee, frame_support::dispatch::Pays::No);
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(&patient), 0);
		assert!(!pallet_consent::Pallet::<Runtime>::may_withdraw_as_patient(&patient, consent_id));

		// Once withdrawn, the free path is closed: a second withdrawal is refused at the pool.
		assert_eq!(pool_check(&patient, &withdraw), Err(InvalidTransaction::BadSigner.into()));
	});
}

#[test]
fn a_free_withdrawal_is_only_for_the_consents_own_patient_and_an_active_consent() {
	on_dev_chain(|| {
		let patient = account(Sr25519Keyring::Two);
		let other = account(Sr25519Keyring::One);
		let consent_id = co_signed_consent(Sr25519Keyring::Two);
		let withdraw = RuntimeCall::Consent(pallet_consent::Call::withdraw_consent { consent_id });
		assert_eq!(pool_check(&other, &withdraw), Err(InvalidTransaction::BadSigner.into()));
		let unknown =
			RuntimeCall::Consent(pallet_consent::Call::withdraw_consent { consent_id: 999 });
		assert_eq!(pool_check(&patient, &unknown), Err(InvalidTransaction::BadSigner.into()));
		// A patient key may do nothing else.
		assert_eq!(pool_check(&patient, &rename()), Err(InvalidTransaction::BadSigner.into()));
	});
}

/// The runtime's transaction extension as a client would build it for nonce `nonce`.
fn tx_extension(nonce: crate::Nonce) -> crate::TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		CheckMembership,
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(sp_runtime::generic::Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_federated_learning::CheckRevealSpace::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}
