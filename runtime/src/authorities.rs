//! The block authors and GRANDPA voters follow the consortium's membership.
//!
//! `pallet-session` rotates the authority set at the end of every session; this module tells
//! it what the next set is ([`ClinicAuthorities`]) and when a session ends
//! ([`ClinicSessions`]):
//!
//! - the authorities are the **active clinics** of `pallet-consortium` whose node keys are set
//!   (`session.setKeys`, signed by the clinic with a proof that it holds the keys). A clinic the
//!   council admits authors blocks and votes on finality from the session after it sets its
//!   keys; a clinic suspended or removed stops at the session after next (`pallet-session`
//!   plans one session ahead). Researchers and auditors are never authorities;
//! - a session lasts `Consortium::SessionLength` blocks, set in the chain spec and changed by
//!   the council (`consortium.setSessionLength`);
//! - GRANDPA's authority-set change is scheduled by `pallet-grandpa` when the session's set
//!   changes, and Aura's by `pallet-aura`: no node restarts, no new chain spec.
//!
//! The set never empties: if no active clinic has keys (a council that suspended every
//! clinic), the current authorities stay, since a chain without authorities could never
//! produce the block that fixes it.
//!
//! Equivocation (a clinic's node signing two blocks for one slot, or two GRANDPA votes in one
//! round) is not reported on chain: reports need `pallet-session`'s historical proofs and an
//! offences handler, and a consortium has no stake to slash. A node that equivocates is seen in
//! its peers' logs, and the council suspends its clinic (`consortium.suspendForEmergency`),
//! which takes it out of the authority set at the session after next.

use crate::{AccountId, BlockNumber, Runtime};
use alloc::vec::Vec;
use frame_support::traits::Get;

/// A session's number (`sp_staking::SessionIndex`).
type SessionIndex = u32;

/// How long a session lasts: the consortium's `SessionLength`, never less than one block (a
/// zero period would make every block's check divide by zero).
pub struct SessionLength;
impl Get<BlockNumber> for SessionLength {
	fn get() -> BlockNumber {
		pallet_consortium::SessionLength::<Runtime>::get().max(1)
	}
}

/// Sessions of [`SessionLength`] blocks, the first ending at block 0's next multiple.
pub type ClinicSessions =
	pallet_session::PeriodicSessions<SessionLength, frame_support::traits::ConstU32<0>>;

/// Plans each session's authorities from the consortium's active clinics.
pub struct ClinicAuthorities;

impl ClinicAuthorities {
	/// The active clinics that have set their node's session keys, sorted by account.
	pub fn candidates() -> Vec<AccountId> {
		pallet_consortium::Pallet::<Runtime>::active_clinics()
			.into_iter()
			.filter(|clinic| pallet_session::NextKeys::<Runtime>::contains_key(clinic))
			.collect()
	}
}

impl pallet_session::SessionManager<AccountId> for ClinicAuthorities {
	/// The authorities of session `_index`: the candidates, or `None` (keep the current set,
	/// with any changed keys) when they are the current authorities or there are none.
	fn new_session(_index: SessionIndex) -> Option<Vec<AccountId>> {
		let next = Self::candidates();
		// The genesis set is in the chain spec's order; the candidates are sorted.
		let mut current = pallet_session::Validators::<Runtime>::get();
		current.sort();
		if next.is_empty() || next == current {
			None
		} else {
			Some(next)
		}
	}

	fn end_session(_index: SessionIndex) {}

	fn start_session(_index: SessionIndex) {}
}
