//! The runtime API through which clients read the consent ledger.

use crate::{ConsentId, ConsentState, ConsentTerms, Pseudonym};
use alloc::vec::Vec;
use codec::Codec;

sp_api::decl_runtime_apis! {
	/// Reads the consent ledger: a consent's state, all consents of a pseudonym, and the
	/// bytes a patient signs to co-sign a consent.
	///
	/// `Consent` is the pallet's `Consent<Runtime>` as stored.
	pub trait ConsentApi<AccountId, Consent> where AccountId: Codec, Consent: Codec {
		/// The state of consent `consent_id` at the chain's current time (`Expired` derived
		/// from its `valid_until`); `None` if there is no such consent.
		fn consent_status(consent_id: ConsentId) -> Option<ConsentState<AccountId>>;

		/// Every consent of `pseudonym`, in recording order, with its id and its state at
		/// the chain's current time. At most `MaxConsentsPerPatient` entries.
		fn consents_of(pseudonym: Pseudonym) -> Vec<(ConsentId, Consent, ConsentState<AccountId>)>;

		/// The bytes a patient signs to co-sign `terms` recorded by `clinic` on this chain.
		fn signing_payload(clinic: AccountId, terms: ConsentTerms) -> Vec<u8>;
	}
}
