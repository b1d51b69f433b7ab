//! Who may transact on the consortium chain: its active members, their clinics' worker
//! accounts for training, and patients withdrawing a consent they co-signed, who pay no fee.
//!
//! - [`CheckMembership`], a transaction extension, refuses at the pool (before a transaction
//!   is gossiped or pays anything) every signed transaction whose signer is none of those,
//!   with `InvalidTransaction::BadSigner` ("Invalid signing address" in polkadot-js): the
//!   signer is not a member. It also keeps the fee token inside the consortium: a member may
//!   fund another active member (a clinic pays for a researcher it works with) or, for a
//!   clinic, its own worker account (which pays its training transactions' fees), with
//!   `transferKeepAlive`; any other use of `Balances` (a transfer to a patient's key, to a
//!   stranger, `transferAll`) is refused with `InvalidTransaction::Call` ("Transaction call is
//!   not expected"). Governance on the development chains (sudo) is not bound by it.
//! - [`FreePatientWithdrawal`], the fee handler, charges nothing for a patient's withdrawal of
//!   a consent they co-signed: a patient's key holds no funds, and no clinic ever funds it (a
//!   transfer would link the clinic to the patient's key for good). The patient's account
//!   exists without funds: `pallet-consent` gives it a sufficient reference when it co-signs.
//!   A spammer cannot use the free path: only a withdrawal that would succeed, by the
//!   consent's own patient key, passes the pool, and it can succeed once per consent.
//!
//! Unsigned transactions (`system.applyAuthorizedUpgrade` after a council's authorisation)
//! and inherents are not affected: their own validation decides.

use crate::{AccountId, Consent, Consortium, Runtime, RuntimeCall, RuntimeOrigin};
use codec::{Decode, DecodeWithMemTracking, Encode};

use frame_support::{
	dispatch::DispatchInfo, pallet_prelude::TransactionSource, traits::OriginTrait,
};
use ivf_primitives::ConsortiumMembership;
use pallet_transaction_payment::{OnChargeTransaction, TxCreditHold};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{
		DispatchInfoOf, PostDispatchInfoOf, StaticLookup, TransactionExtension, ValidateResult,
	},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	Weight,
};

/// What a signed transaction's signer is allowed to send.
#[derive(Debug, PartialEq, Eq)]
pub enum Admission {
	/// An active member, or a clinic's worker account: any call but `Balances` (except a
	/// member's funding of a member or of its own worker); pays its fee.
	Member,
	/// A patient key withdrawing a consent it co-signed: this call only, without fee.
	PatientWithdrawal,
	/// Refused: the signer is none of the above.
	NotAMember,
	/// Refused: a balance transfer other than a member funding a member or its own worker.
	TransferNotAllowed,
}

/// Whether `call` by `who` is a patient's withdrawal of its own active co-signed consent.
/// Reads the consent only for a `withdraw_consent` call, nothing for any other.
fn is_patient_withdrawal(who: &AccountId, call: &RuntimeCall) -> bool {
	matches!(call, RuntimeCall::Consent(pallet_consent::Call::withdraw_consent { consent_id })
		if Consent::may_withdraw_as_patient(who, *consent_id))
}

/// Decides what `who` may do with `call`. Reads at most four storage values.
pub fn admission(who: &AccountId, call: &RuntimeCall) -> Admission {
	if is_patient_withdrawal(who, call) {
		return Admission::PatientWithdrawal;
	}
	let is_member = Consortium::is_active_member(who);
	let is_worker = !is_member && Consortium::clinic_of_worker(who).is_some();
	if !is_member && !is_worker {
		return Admission::NotAMember;
	}
	match call {
		RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { dest, .. })
			if is_member && may_receive_from(who, dest) =>
		{
			Admission::Member
		},
		RuntimeCall::Balances(_) => Admission::TransferNotAllowed,
		_ => Admission::Member,
	}
}

/// Whether member `who` may fund `dest`: an active member, or `who`'s own worker account.
fn may_receive_from(
	who: &AccountId,
	dest: &<<Runtime as frame_system::Config>::Lookup as StaticLookup>::Source,
) -> bool {
	let Ok(dest) = <Runtime as frame_system::Config>::Lookup::lookup(dest.clone()) else {
		return false;
	};
	Consortium::is_active_member(&dest)
		|| pallet_consortium::Workers::<Runtime>::get(who).as_ref() == Some(&dest)
}

/// The transaction extension that admits only members (see the module's docs). It adds no
/// bytes to a transaction and nothing to what is signed, so clients need no change.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, Default, TypeInfo, Debug)]
pub struct CheckMembership;

impl TransactionExtension<RuntimeCall> for CheckMembership {
	const IDENTIFIER: &'static str = "CheckMembership";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	/// Four reads at most: the consent (for a withdrawal), the member, the worker's clinic,
	/// and for a transfer its recipient.
	fn weight(&self, _: &RuntimeCall) -> Weight {
		<Runtime as frame_system::Config>::DbWeight::get().reads(4)
	}

	fn validate(
		&self,
		origin: RuntimeOrigin,
		call: &RuntimeCall,
		_info: &DispatchInfoOf<RuntimeCall>,
		_len: usize,
		_self_implicit: (),
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<(), RuntimeCall> {
		if let Some(who) = origin.as_signer() {
			match admission(who, call) {
				Admission::Member | Admission::PatientWithdrawal => {},
				Admission::NotAMember => return Err(InvalidTransaction::BadSigner.into()),
				Admission::TransferNotAllowed => return Err(InvalidTransaction::Call.into()),
			}
		}
		Ok((Default::default(), (), origin))
	}

	impl_tx_ext_default!(RuntimeCall; prepare);
}

/// Charges fees through `Inner`, except for a patient's withdrawal of a consent it co-signed,
/// which is free (see the module's docs).
pub struct FreePatientWithdrawal<Inner>(core::marker::PhantomData<Inner>);

impl<Inner: TxCreditHold<Runtime>> TxCreditHold<Runtime> for FreePatientWithdrawal<Inner> {
	type Credit = Inner::Credit;
}

impl<Inner> OnChargeTransaction<Runtime> for FreePatientWithdrawal<Inner>
where
	Inner: OnChargeTransaction<Runtime>,
	Inner::LiquidityInfo: Default,
{
	type Balance = Inner::Balance;
	type LiquidityInfo = Inner::LiquidityInfo;

	fn withdraw_fee(
		who: &AccountId,
		call: &RuntimeCall,
		info: &DispatchInfo,
		fee: Self::Balance,
		tip: Self::Balance,
	) -> Result<Self::LiquidityInfo, TransactionValidityError> {
		// Only the patient-withdrawal test, not the whole `admission`: `CheckMembership` has
		// already admitted the signer, and the fee path runs for every transaction.
		if is_patient_withdrawal(who, call) {
			return Ok(Default::default());
		}
		Inner::withdraw_fee(who, call, info, fee, tip)
	}

	fn can_withdraw_fee(
		who: &AccountId,
		call: &RuntimeCall,
		info: &DispatchInfo,
		fee: Self::Balance,
		tip: Self::Balance,
	) -> Result<(), TransactionValidityError> {
		if is_patient_withdrawal(who, call) {
			return Ok(());
		}
		Inner::can_withdraw_fee(who, call, info, fee, tip)
	}

	fn correct_and_deposit_fee(
		who: &AccountId,
		info: &DispatchInfo,
		post_info: &PostDispatchInfoOf<RuntimeCall>,
		corrected_fee: Self::Balance,
		tip: Self::Balance,
		already_withdrawn: Self::LiquidityInfo,
	) -> Result<(), TransactionValidityError> {
		// A free withdrawal withdrew nothing, and `withdraw_consent` by the patient reports
		// `Pays::No`, so its corrected fee is zero: the inner handler has nothing to settle.
		Inner::correct_and_deposit_fee(who, info, post_info, corrected_fee, tip, already_withdrawn)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn endow_account(who: &AccountId, amount: Self::Balance) {
		Inner::endow_account(who, amount)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn minimum_balance() -> Self::Balance {
		Inner::minimum_balance()
	}
}
