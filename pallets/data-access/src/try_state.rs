//! The pallet's invariants, as code: the `try_state` hook runs them on a live chain's state
//! (`try-runtime`) and every unit test runs them when it ends (`mock::new_test_ext`).
//!
//! They say that ids come from their counters, that every index lists exactly the records it
//! indexes (pending requests by dataset, grants by researcher and by dataset), that no budget
//! is overspent, and that the access log keeps the latest `MaxLogEntries` uses of each
//! dataset and no other, and that every declared schema is a valid schema of an existing
//! dataset whose `schema_hash` is its id.

use crate::pallet::*;
use frame_support::{ensure, traits::Get};
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the module docs; the first that fails names itself.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::datasets_and_their_logs()?;
		Self::requests_and_their_inboxes()?;
		Self::grants_and_their_indexes()?;
		Self::declared_schemas()?;
		Ok(())
	}

	/// Every declared schema decodes, is valid, and is the one its dataset was registered
	/// with.
	fn declared_schemas() -> Result<(), TryRuntimeError> {
		for id in DatasetSchemas::<T>::iter_keys() {
			let dataset = Datasets::<T>::get(id).ok_or("a schema of an unknown dataset")?;
			let schema =
				Self::dataset_schema(id).ok_or("a declared schema that does not decode")?;
			ensure!(schema.validate().is_ok(), "a declared schema that is not valid");
			ensure!(schema.id() == dataset.schema_hash, "a schema other than the registered one");
		}
		Ok(())
	}

	/// Dataset ids are below [`NextDatasetId`], budgets are not overspent, and each dataset's
	/// log holds uses `uses_recorded - MaxLogEntries .. uses_recorded` only.
	fn datasets_and_their_logs() -> Result<(), TryRuntimeError> {
		let next = NextDatasetId::<T>::get();
		for (id, dataset) in Datasets::<T>::iter() {
			ensure!(id < next, "a dataset id at or past NextDatasetId");
			ensure!(
				dataset.privacy_budget.spent <= dataset.privacy_budget.total,
				"a privacy budget spent beyond its total"
			);
		}
		let kept = u64::from(T::MaxLogEntries::get());
		for (id, seq, _) in AccessLog::<T>::iter() {
			let dataset = Datasets::<T>::get(id).ok_or("a log entry of an unknown dataset")?;
			ensure!(seq < dataset.uses_recorded, "a log entry past the dataset's use count");
			ensure!(
				seq.saturating_add(kept) >= dataset.uses_recorded,
				"a log entry older than MaxLogEntries uses"
			);
		}
		for (id, _) in SecureAggregationRequired::<T>::iter() {
			ensure!(Datasets::<T>::contains_key(id), "a secure-aggregation flag of no dataset");
		}
		Ok(())
	}

	/// Every pending request is in its dataset's inbox, and every inbox lists pending requests
	/// on that dataset only.
	fn requests_and_their_inboxes() -> Result<(), TryRuntimeError> {
		let next = NextRequestId::<T>::get();
		for (id, request) in Requests::<T>::iter() {
			ensure!(id < next, "a request id at or past NextRequestId");
			ensure!(Datasets::<T>::contains_key(request.dataset), "a request on no dataset");
			ensure!(
				PendingRequests::<T>::get(request.dataset).contains(&id),
				"a pending request missing from its dataset's inbox"
			);
		}
		for (dataset, inbox) in PendingRequests::<T>::iter() {
			ensure!(!inbox.is_empty(), "an empty inbox left in state");
			for id in inbox {
				let request = Requests::<T>::get(id).ok_or("an inbox lists a closed request")?;
				ensure!(request.dataset == dataset, "an inbox lists another dataset's request");
			}
		}
		Ok(())
	}

	/// Every grant answers a request id, is listed under its researcher, its dataset and its
	/// use (researcher, dataset, algorithm), and the lists hold nothing else.
	fn grants_and_their_indexes() -> Result<(), TryRuntimeError> {
		let next = NextRequestId::<T>::get();
		for (id, grant) in Grants::<T>::iter() {
			ensure!(id < next, "a grant id at or past NextRequestId");
			ensure!(Datasets::<T>::contains_key(grant.dataset), "a grant on no dataset");
			ensure!(
				ResearcherGrants::<T>::get(&grant.researcher).contains(&id),
				"a grant missing from its researcher's list"
			);
			ensure!(
				DatasetGrants::<T>::get(grant.dataset).contains(&id),
				"a grant missing from its dataset's list"
			);
			ensure!(
				GrantsByUse::<T>::get((&grant.researcher, grant.dataset, grant.algorithm))
					.contains(&id),
				"a grant missing from its use's list"
			);
		}
		for ((researcher, dataset, algorithm), ids) in GrantsByUse::<T>::iter() {
			ensure!(!ids.is_empty(), "an empty use list is kept");
			for id in ids {
				let grant = Grants::<T>::get(id).ok_or("a use lists a missing grant")?;
				ensure!(
					grant.researcher == researcher
						&& grant.dataset == dataset
						&& grant.algorithm == algorithm,
					"a use lists another use's grant"
				);
			}
		}
		for (researcher, ids) in ResearcherGrants::<T>::iter() {
			for id in ids {
				let grant = Grants::<T>::get(id).ok_or("a researcher lists a missing grant")?;
				ensure!(grant.researcher == researcher, "a researcher lists another's grant");
			}
		}
		for (dataset, ids) in DatasetGrants::<T>::iter() {
			for id in ids {
				let grant = Grants::<T>::get(id).ok_or("a dataset lists a missing grant")?;
				ensure!(grant.dataset == dataset, "a dataset lists another dataset's grant");
			}
		}
		Ok(())
	}
}
