//! What other pallets ask of this one: the federated-learning pallet checks and records each
//! round's use of a dataset and charges its privacy budget through [`DatasetAccess`].

use crate::{
	duo::ResearchPurpose,
	privacy::Rho,
	types::{AccessDenial, DatasetId, GrantId, PrivacyBudgetError, TrainingTerms, UseReference},
};
use ivf_primitives::DocumentHash;

/// Access to datasets, as the federated-learning pallet asks for it.
///
/// The runtime wires it to `pallet_data_access::Pallet<Runtime>`; a mock wires a simple
/// implementation in.
pub trait DatasetAccess<AccountId> {
	/// Whether `researcher` may run `algorithm` on `dataset` for `purpose` now: a live grant
	/// exists and nothing else refuses the use. Records nothing.
	fn has_live_grant(
		researcher: &AccountId,
		dataset: DatasetId,
		algorithm: &DocumentHash,
		purpose: &ResearchPurpose,
	) -> bool;

	/// Checks, as [`has_live_grant`](Self::has_live_grant) does, and on success appends a use
	/// to the dataset's access log (what: `reference`; who; when; which algorithm) and
	/// returns the grant it was made under. On refusal records nothing and says why.
	fn check_and_record_use(
		researcher: &AccountId,
		dataset: DatasetId,
		algorithm: &DocumentHash,
		purpose: &ResearchPurpose,
		reference: UseReference,
	) -> Result<GrantId, AccessDenial>;

	/// Spends `rho` (zCDP, millionths) of `dataset`'s privacy budget and returns what remains,
	/// or refuses and spends nothing if less than `rho` remains.
	fn charge_privacy_budget(dataset: DatasetId, rho: Rho) -> Result<Rho, PrivacyBudgetError>;

	/// The `rho` (millionths) that `dataset` has left, if the dataset exists.
	fn remaining_privacy_budget(dataset: DatasetId) -> Option<Rho>;

	/// The clinic, record count and privacy policy of `dataset`, if the dataset exists.
	fn training_terms(dataset: DatasetId) -> Option<TrainingTerms<AccountId>>;
}
