//! [`CheckRevealSpace`]: the reveals of a large round spread over blocks.
//!
//! A round of 100 clinics with 10,000 parameters reveals about 4 MB of updates, more than a
//! block's share for transactions. Without a limit the first block of its reveal phase would
//! take as many as fit and be full of them; with this extension a block takes reveals only up
//! to [`Config::MaxRevealBytesPerBlock`] of their encoded length, and the block author leaves
//! the others in the pool for the next blocks: `prepare` answers
//! `InvalidTransaction::ExhaustsResources`, the answer `CheckWeight` gives for a full block,
//! which the author takes as "not in this block" rather than "invalid". With the runtime's
//! 320 KiB, 7 reveals of 10,000 parameters go into a block, so the 100 reveals of such a
//! round take 15 blocks: creation refuses a reveal window too short for that
//! ([`Pallet::reveal_blocks`], `Error::RevealWindowTooShort`), and the clinics' nodes reveal
//! at the start of the phase.
//!
//! The extension adds no bytes to a transaction and nothing to what is signed: clients need
//! no change (polkadot-js and `substrate-interface` read it from the metadata as an empty
//! extension).

use crate::{Call, Config, Pallet, RevealBytesInBlock};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::{TransactionSource, Weight},
	traits::{Get, IsSubType},
};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{DispatchInfoOf, Dispatchable, TransactionExtension, ValidateResult},
	transaction_validity::{InvalidTransaction, TransactionValidityError, ValidTransaction},
};

/// The transaction extension that bounds the bytes of reveals in a block (see the module's
/// docs). Place it after `CheckWeight`, so that a reveal it refuses has not counted there.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckRevealSpace<T: Config + Send + Sync>(PhantomData<T>);

impl<T: Config + Send + Sync> CheckRevealSpace<T> {
	/// The extension, as a client (or the off-chain worker) builds it.
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T: Config + Send + Sync> Default for CheckRevealSpace<T> {
	fn default() -> Self {
		Self::new()
	}
}

impl<T: Config + Send + Sync> core::fmt::Debug for CheckRevealSpace<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckRevealSpace")
	}
}

/// Whether `call` reveals an update, in the clear or masked: what the extension bounds.
fn is_reveal<T: Config>(call: &<T as frame_system::Config>::RuntimeCall) -> bool
where
	<T as frame_system::Config>::RuntimeCall: IsSubType<Call<T>>,
{
	matches!(
		call.is_sub_type(),
		Some(Call::reveal_update { .. }) | Some(Call::reveal_masked_update { .. })
	)
}

impl<T: Config> Pallet<T> {
	/// The fewest blocks that take the reveals of `participants` updates of `parameters`
	/// values (masked ones, of 8 bytes a value, if `secure`; 4 in the clear), each at most
	/// [`REVEAL_OVERHEAD`](crate::REVEAL_OVERHEAD) bytes more, within
	/// [`Config::MaxRevealBytesPerBlock`] a block.
	pub fn reveal_blocks(participants: u32, parameters: u32, secure: bool) -> u32 {
		let bytes_per_value = if secure { 8 } else { 4 };
		let reveal = parameters
			.saturating_mul(bytes_per_value)
			.saturating_add(crate::REVEAL_OVERHEAD);
		let per_block = (T::MaxRevealBytesPerBlock::get() / reveal.max(1)).max(1);
		participants.div_ceil(per_block)
	}

	/// Takes `length` bytes of the current block's reveal space, if it has them: a new block
	/// starts from zero. Refuses with `ExhaustsResources`, which leaves the reveal in the pool.
	pub fn take_reveal_space(length: usize) -> Result<(), TransactionValidityError> {
		let now = frame_system::Pallet::<T>::block_number();
		let (block, used) = RevealBytesInBlock::<T>::get();
		let used = if block == now { used } else { 0 };
		let length = u32::try_from(length).unwrap_or(u32::MAX);
		let total = used.saturating_add(length);
		if total > T::MaxRevealBytesPerBlock::get() {
			return Err(InvalidTransaction::ExhaustsResources.into());
		}
		RevealBytesInBlock::<T>::put((now, total));
		Ok(())
	}
}

impl<T: Config + Send + Sync> TransactionExtension<<T as frame_system::Config>::RuntimeCall>
	for CheckRevealSpace<T>
where
	<T as frame_system::Config>::RuntimeCall: IsSubType<Call<T>> + Dispatchable,
{
	const IDENTIFIER: &'static str = "CheckRevealSpace";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	/// One read and one write of the block's reveal bytes, for a reveal; nothing otherwise.
	fn weight(&self, call: &<T as frame_system::Config>::RuntimeCall) -> Weight {
		if is_reveal::<T>(call) {
			T::DbWeight::get().reads_writes(1, 1)
		} else {
			Weight::zero()
		}
	}

	/// A reveal longer than a whole block's reveal space could never be included: refused at
	/// the pool. (The bounds make it impossible: see the pallet's `integrity_test`.)
	fn validate(
		&self,
		origin: T::RuntimeOrigin,
		call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		len: usize,
		_self_implicit: (),
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<(), <T as frame_system::Config>::RuntimeCall> {
		if is_reveal::<T>(call) && len > T::MaxRevealBytesPerBlock::get() as usize {
			return Err(InvalidTransaction::ExhaustsResources.into());
		}
		Ok((ValidTransaction::default(), (), origin))
	}

	/// In the block: takes the reveal's length from the block's reveal space, or leaves the
	/// reveal for a later block.
	fn prepare(
		self,
		_val: (),
		_origin: &T::RuntimeOrigin,
		call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		len: usize,
	) -> Result<(), TransactionValidityError> {
		if is_reveal::<T>(call) {
			Pallet::<T>::take_reveal_space(len)?;
		}
		Ok(())
	}
}
