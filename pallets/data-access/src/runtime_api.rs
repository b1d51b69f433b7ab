//! The runtime API through which researchers, clinics and auditors query datasets, grants and
//! the access log. Each call is answered by a function of the same name on
//! [`Pallet`](crate::Pallet), so the runtime's implementation is one line per call.

use crate::{
	duo::ResearchPurpose,
	types::{AccessDecision, AccessLogView, DatasetId, DatasetView, GrantView},
};
use alloc::vec::Vec;
use ivf_primitives::DocumentHash;

sp_api::decl_runtime_apis! {
	/// Questions about datasets, grants and the access log.
	pub trait DataAccessApi<AccountId, BlockNumber>
	where
		AccountId: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// A dataset: its clinic, terms, policy, status, use count, and its privacy budget in
		/// zCDP `rho` and, for people, in `(epsilon, delta)` at `delta = 10^-6`. `None` if no
		/// dataset has this id.
		fn dataset(dataset: DatasetId) -> Option<DatasetView<AccountId>>;

		/// The columns a dataset's clinic declared (`declareSchema`): names, types, units,
		/// plausible ranges, levels, which may be missing. No row. `None` if the dataset does
		/// not exist or has declared none.
		fn dataset_schema(dataset: DatasetId) -> Option<crate::DatasetSchema>;

		/// The grants of a researcher still in state (live, expired or revoked, not pruned),
		/// oldest first, each with its state now.
		fn grants_of_researcher(researcher: AccountId) -> Vec<GrantView<AccountId>>;

		/// The grants on a dataset still in state, oldest first, each with its state now.
		fn grants_on_dataset(dataset: DatasetId) -> Vec<GrantView<AccountId>>;

		/// "Who touched dataset D, and when?": the dataset's total use count and its retained
		/// log entries (who, which grant and algorithm, what, when, in which block), oldest
		/// first. `None` if no dataset has this id.
		fn access_log(dataset: DatasetId) -> Option<AccessLogView<AccountId, BlockNumber>>;

		/// "May researcher R run algorithm A on dataset D for purpose P now, and if not, why?"
		fn access_decision(
			researcher: AccountId,
			dataset: DatasetId,
			algorithm: DocumentHash,
			purpose: ResearchPurpose,
		) -> AccessDecision;
	}
}
