//! The pallet's workings behind its calls: the checks and records of requests and grants,
//! each use's check against the dataset's current terms, the access log, the privacy budget,
//! the views the runtime API answers with, and [`DatasetAccess`] for the federated-learning
//! pallet. `lib.rs` holds the FRAME items (config, storage, events, errors, calls, hooks) and
//! their docs.

use crate::{duo::*, privacy::*, types::*, *};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Time};
use frame_system::pallet_prelude::*;
use ivf_primitives::{ConsortiumMembership, DocumentHash};

impl<T: Config> Pallet<T> {
	/// Chain time now, in milliseconds since the Unix epoch.
	pub(crate) fn now() -> Moment {
		T::Time::now()
	}

	/// `dataset`, if `clinic` is an active clinic and the dataset is its own.
	/// Refuses a privacy policy below the consortium's floor or one no task could meet.
	pub(crate) fn ensure_policy_acceptable(policy: &PrivacyPolicy) -> DispatchResult {
		ensure!(policy.min_cohort >= MIN_COHORT_FLOOR, Error::<T>::CohortFloorBelowMinimum);
		ensure!(
			!policy.dp_required
				|| (policy.min_noise_multiplier_ppm > 0 && policy.max_clip_norm_ppm > 0),
			Error::<T>::UnsatisfiablePrivacyPolicy
		);
		Ok(())
	}

	/// The schema declared for `dataset`, decoded; `None` if none is declared.
	pub fn dataset_schema(dataset: DatasetId) -> Option<fl_core::DatasetSchema> {
		let bytes = DatasetSchemas::<T>::get(dataset)?;
		fl_core::DatasetSchema::decode(&mut &bytes[..]).ok()
	}

	/// The weight of [`Pallet::declare_schema`] for a schema of `bytes` encoded bytes: what
	/// [`Pallet::set_secure_aggregation_required`] costs (its origin and dataset checks),
	/// plus the schema's presence check and write, plus decoding, hashing and validating
	/// the schema, priced at 10 ns per byte (validation compares each column with the common
	/// data model's definition of its name, a bounded scan) and its write's bytes.
	pub fn declare_schema_weight(bytes: u32) -> Weight {
		T::WeightInfo::update_privacy_policy()
			.saturating_add(T::DbWeight::get().reads_writes(1, 1))
			.saturating_add(Weight::from_parts(10_000u64.saturating_mul(bytes.into()), 0))
	}

	/// `dataset`, for a call of its clinic: `clinic` is an active clinic, the dataset is its
	/// own, and it is not retired.
	pub(crate) fn own_active_dataset(
		clinic: &T::AccountId,
		dataset: DatasetId,
	) -> Result<DatasetOf<T>, DispatchError> {
		ensure!(T::Membership::is_clinic(clinic), Error::<T>::NotAnActiveClinic);
		let record = Datasets::<T>::get(dataset).ok_or(Error::<T>::UnknownDataset)?;
		ensure!(record.clinic == *clinic, Error::<T>::NotDatasetClinic);
		ensure!(record.status == DatasetStatus::Active, Error::<T>::DatasetRetired);
		Ok(record)
	}

	/// Pending request `request`, for a decision of its dataset's clinic: `clinic` is an
	/// active clinic and the request is on one of its datasets.
	pub(crate) fn request_to(
		clinic: &T::AccountId,
		request: RequestId,
	) -> Result<AccessRequest<T::AccountId>, DispatchError> {
		ensure!(T::Membership::is_clinic(clinic), Error::<T>::NotAnActiveClinic);
		let pending = Requests::<T>::get(request).ok_or(Error::<T>::UnknownRequest)?;
		ensure!(pending.clinic == *clinic, Error::<T>::NotDatasetClinic);
		Ok(pending)
	}

	/// Whether `terms` permit `purpose` by the DUOS rules, with the ethics approval that
	/// `IRB` demands.
	pub(crate) fn ensure_terms_permit(
		terms: &TermsOf<T>,
		purpose: &ResearchPurpose,
		ethics_approval: &Option<DocumentHash>,
	) -> DispatchResult {
		check_request(terms, purpose).map_err(Error::<T>::from)?;
		ensure!(
			!terms.requires_ethics_approval() || ethics_approval.is_some(),
			Error::<T>::EthicsApprovalRequired
		);
		Ok(())
	}

	/// The researcher's, the dataset's and the use's grant lists with `grant` added, or the
	/// error saying which is full. Writes nothing.
	pub(crate) fn room_for_grant(
		researcher: &T::AccountId,
		dataset: DatasetId,
		algorithm: &DocumentHash,
		grant: GrantId,
	) -> Result<GrantListsOf<T>, DispatchError> {
		let mut of_researcher = ResearcherGrants::<T>::get(researcher);
		of_researcher.try_push(grant).map_err(|_| Error::<T>::ResearcherGrantsFull)?;
		let mut on_dataset = DatasetGrants::<T>::get(dataset);
		on_dataset.try_push(grant).map_err(|_| Error::<T>::DatasetGrantsFull)?;
		let mut for_use = GrantsByUse::<T>::get((researcher, dataset, algorithm));
		for_use.try_push(grant).map_err(|_| Error::<T>::GrantsForUseFull)?;
		Ok((of_researcher, on_dataset, for_use))
	}

	/// Stores the grant answering `request`, with the lists from [`Self::room_for_grant`].
	/// Called only after every check passed.
	pub(crate) fn issue_grant(
		grant: GrantId,
		request: AccessRequest<T::AccountId>,
		terms: &TermsOf<T>,
		automatic: bool,
		(of_researcher, on_dataset, for_use): GrantListsOf<T>,
		now: Moment,
	) {
		// TS (DUO:0000025) caps the requested duration: a grant records its expiry, the
		// requested duration capped by TS where present (docs/domain.md, "Data-use terms").
		let span = terms.time_span().map_or(request.duration, |ts| request.duration.min(ts));
		let expires_at = now.saturating_add(span);
		let obligations = terms.obligations();
		ResearcherGrants::<T>::insert(&request.researcher, of_researcher);
		DatasetGrants::<T>::insert(request.dataset, on_dataset);
		GrantsByUse::<T>::insert(
			(&request.researcher, request.dataset, request.algorithm),
			for_use,
		);
		Grants::<T>::insert(
			grant,
			AccessGrant {
				dataset: request.dataset,
				clinic: request.clinic,
				researcher: request.researcher.clone(),
				purpose: request.purpose,
				algorithm: request.algorithm,
				ethics_approval: request.ethics_approval,
				granted_at: now,
				expires_at,
				obligations: obligations.clone(),
				automatic,
				uses: 0,
				revoked: None,
			},
		);
		Self::deposit_event(Event::AccessGranted {
			grant,
			dataset: request.dataset,
			researcher: request.researcher,
			algorithm: request.algorithm,
			purpose: request.purpose,
			expires_at,
			obligations,
			automatic,
		});
	}

	/// Removes a pending request and takes it out of its dataset's inbox.
	pub(crate) fn close_request(request: RequestId, dataset: DatasetId) {
		Requests::<T>::remove(request);
		PendingRequests::<T>::mutate_exists(dataset, |inbox| {
			if let Some(ids) = inbox {
				ids.retain(|id| *id != request);
				if ids.is_empty() {
					*inbox = None;
				}
			}
		});
	}

	/// Whether `grant` permits a use at `now`, and if so its dataset. The one check behind
	/// `record_use`, [`DatasetAccess`] and the runtime API, in this order: revoked, expired,
	/// the researcher active, the dataset's clinic active, the current terms permit the
	/// grant's purpose (DUOS rules), and carry no `IRB` that the grant cannot meet.
	pub(crate) fn check_use(grant: &GrantOf<T>, now: Moment) -> Result<DatasetOf<T>, AccessDenial> {
		match grant.state(now) {
			GrantState::Revoked => return Err(AccessDenial::GrantRevoked),
			GrantState::Expired => return Err(AccessDenial::GrantExpired),
			GrantState::Live => {},
		}
		if !T::Membership::is_researcher(&grant.researcher) {
			return Err(AccessDenial::NotAnActiveResearcher);
		}
		let dataset = Datasets::<T>::get(grant.dataset).ok_or(AccessDenial::UnknownDataset)?;
		if !T::Membership::is_clinic(&dataset.clinic) {
			return Err(AccessDenial::DatasetClinicInactive);
		}
		check_request(&dataset.terms, &grant.purpose).map_err(AccessDenial::TermsForbid)?;
		if dataset.terms.requires_ethics_approval() && grant.ethics_approval.is_none() {
			return Err(AccessDenial::EthicsApprovalMissing);
		}
		Ok(dataset)
	}

	/// May `researcher` run `algorithm` on `dataset` for `purpose` at `now`? On success the
	/// grant that permits it (the oldest live one), with the dataset; otherwise why not.
	pub(crate) fn decide(
		researcher: &T::AccountId,
		dataset: DatasetId,
		algorithm: &DocumentHash,
		purpose: &ResearchPurpose,
		now: Moment,
	) -> Result<(GrantId, GrantOf<T>, DatasetOf<T>), AccessDenial> {
		if !T::Membership::is_researcher(researcher) {
			return Err(AccessDenial::NotAnActiveResearcher);
		}
		let record = Datasets::<T>::get(dataset).ok_or(AccessDenial::UnknownDataset)?;
		if !T::Membership::is_clinic(&record.clinic) {
			return Err(AccessDenial::DatasetClinicInactive);
		}
		check_request(&record.terms, purpose).map_err(AccessDenial::TermsForbid)?;
		// The grants for exactly this researcher, dataset and algorithm (at most
		// `MAX_GRANTS_PER_USE`, one read): the oldest live one for this purpose permits. The
		// most specific reason wins otherwise: a dead grant for exactly this use, then a grant
		// for this algorithm but another purpose, then one for another algorithm.
		let for_use = GrantsByUse::<T>::get((researcher, dataset, algorithm));
		let mut denial = None;
		for id in for_use {
			let Some(grant) = Grants::<T>::get(id) else { continue };
			if grant.purpose != *purpose {
				denial.get_or_insert(AccessDenial::PurposeNotGranted);
				continue;
			}
			match Self::check_use(&grant, now) {
				Ok(record) => return Ok((id, grant, record)),
				Err(reason) => denial = Some(reason),
			}
		}
		Err(denial.unwrap_or_else(|| {
			// No grant for this algorithm: is there one for another? (A refusal only: one
			// more read.)
			let other_algorithm =
				GrantsByUse::<T>::iter_key_prefix((researcher, dataset)).next().is_some();
			if other_algorithm {
				AccessDenial::AlgorithmNotGranted
			} else {
				AccessDenial::NoGrant
			}
		}))
	}

	/// Appends a use to the dataset's access log, pruning the entry that falls out of the
	/// retained window, and counts it on the dataset and the grant.
	pub(crate) fn append_use(
		grant_id: GrantId,
		mut grant: GrantOf<T>,
		mut dataset: DatasetOf<T>,
		reference: UseReference,
		now: Moment,
	) {
		let dataset_id = grant.dataset;
		let seq = dataset.uses_recorded;
		AccessLog::<T>::insert(
			dataset_id,
			seq,
			AccessLogEntry {
				grant: grant_id,
				researcher: grant.researcher.clone(),
				algorithm: grant.algorithm,
				purpose: grant.purpose,
				reference,
				at: now,
				block: frame_system::Pallet::<T>::block_number(),
			},
		);
		if let Some(pruned) = seq.checked_sub(u64::from(T::MaxLogEntries::get())) {
			AccessLog::<T>::remove(dataset_id, pruned);
		}
		dataset.uses_recorded = seq.saturating_add(1);
		grant.uses = grant.uses.saturating_add(1);
		let (researcher, algorithm, purpose) =
			(grant.researcher.clone(), grant.algorithm, grant.purpose);
		Datasets::<T>::insert(dataset_id, dataset);
		Grants::<T>::insert(grant_id, grant);
		Self::deposit_event(Event::AccessRecorded {
			dataset: dataset_id,
			seq,
			grant: grant_id,
			researcher,
			algorithm,
			purpose,
			reference,
			at: now,
		});
	}

	pub(crate) fn grant_view(
		id: GrantId,
		grant: GrantOf<T>,
		now: Moment,
	) -> GrantView<T::AccountId> {
		GrantView {
			id,
			state: grant.state(now),
			dataset: grant.dataset,
			clinic: grant.clinic,
			researcher: grant.researcher,
			purpose: grant.purpose,
			algorithm: grant.algorithm,
			granted_at: grant.granted_at,
			expires_at: grant.expires_at,
			obligations: grant.obligations.into_inner(),
			automatic: grant.automatic,
			uses: grant.uses,
			revoked: grant.revoked,
		}
	}

	pub(crate) fn grant_views(
		ids: impl IntoIterator<Item = GrantId>,
	) -> Vec<GrantView<T::AccountId>> {
		let now = Self::now();
		ids.into_iter()
			.filter_map(|id| Grants::<T>::get(id).map(|grant| Self::grant_view(id, grant, now)))
			.collect()
	}

	/// Runtime API: a dataset, with its privacy budget in `rho` and `(epsilon, delta)`.
	pub fn dataset_view(id: DatasetId) -> Option<DatasetView<T::AccountId>> {
		Datasets::<T>::get(id).map(|d| DatasetView {
			id,
			clinic: d.clinic,
			jurisdiction: d.jurisdiction,
			schema_hash: d.schema_hash,
			record_count: d.record_count,
			permission: d.terms.permission,
			modifiers: d.terms.modifiers.into_inner(),
			policy: d.policy,
			status: d.status,
			registered_at: d.registered_at,
			uses_recorded: d.uses_recorded,
			privacy: d.privacy_budget.into(),
			privacy_policy: d.privacy_policy,
			secure_aggregation_required: SecureAggregationRequired::<T>::get(id),
		})
	}

	/// Runtime API: the grants of `researcher` still in state, oldest first, with their
	/// state now.
	pub fn grants_of_researcher(researcher: &T::AccountId) -> Vec<GrantView<T::AccountId>> {
		Self::grant_views(ResearcherGrants::<T>::get(researcher))
	}

	/// Runtime API: the grants on `dataset` still in state, oldest first, with their state
	/// now.
	pub fn grants_on_dataset(dataset: DatasetId) -> Vec<GrantView<T::AccountId>> {
		Self::grant_views(DatasetGrants::<T>::get(dataset))
	}

	/// Runtime API: "who touched dataset D, and when?": the dataset's use count and its
	/// retained log entries, oldest first.
	pub fn access_log(
		dataset: DatasetId,
	) -> Option<AccessLogView<T::AccountId, BlockNumberFor<T>>> {
		let record = Datasets::<T>::get(dataset)?;
		let total_uses = record.uses_recorded;
		let first = total_uses.saturating_sub(u64::from(T::MaxLogEntries::get()));
		let entries = (first..total_uses)
			.filter_map(|seq| {
				AccessLog::<T>::get(dataset, seq).map(|entry| AccessLogRecord { seq, entry })
			})
			.collect();
		Some(AccessLogView { dataset, total_uses, records: entries })
	}

	/// Runtime API: "may `researcher` run `algorithm` on `dataset` for `purpose` now, and if
	/// not, why?".
	pub fn access_decision(
		researcher: &T::AccountId,
		dataset: DatasetId,
		algorithm: &DocumentHash,
		purpose: &ResearchPurpose,
	) -> AccessDecision {
		match Self::decide(researcher, dataset, algorithm, purpose, Self::now()) {
			Ok((grant, record, data)) => AccessDecision::Permitted {
				grant,
				expires_at: record.expires_at,
				remaining_rho: data.privacy_budget.remaining(),
			},
			Err(reason) => AccessDecision::Denied { reason },
		}
	}
}

impl<T: Config> DatasetAccess<T::AccountId> for Pallet<T> {
	fn has_live_grant(
		researcher: &T::AccountId,
		dataset: DatasetId,
		algorithm: &DocumentHash,
		purpose: &ResearchPurpose,
	) -> bool {
		Self::decide(researcher, dataset, algorithm, purpose, Self::now()).is_ok()
	}

	fn check_and_record_use(
		researcher: &T::AccountId,
		dataset: DatasetId,
		algorithm: &DocumentHash,
		purpose: &ResearchPurpose,
		reference: UseReference,
	) -> Result<GrantId, AccessDenial> {
		let now = Self::now();
		let (grant_id, grant, record) = Self::decide(researcher, dataset, algorithm, purpose, now)?;
		Self::append_use(grant_id, grant, record, reference, now);
		Ok(grant_id)
	}

	fn charge_privacy_budget(dataset: DatasetId, rho: Rho) -> Result<Rho, PrivacyBudgetError> {
		let mut record = Datasets::<T>::get(dataset).ok_or(PrivacyBudgetError::UnknownDataset)?;
		let remaining = record
			.privacy_budget
			.charge(rho)
			.map_err(|remaining| PrivacyBudgetError::Exhausted { remaining })?;
		let spent = record.privacy_budget.spent;
		Datasets::<T>::insert(dataset, record);
		Self::deposit_event(Event::PrivacyBudgetCharged { dataset, rho, spent, remaining });
		Ok(remaining)
	}

	fn remaining_privacy_budget(dataset: DatasetId) -> Option<Rho> {
		Datasets::<T>::get(dataset).map(|d| d.privacy_budget.remaining())
	}

	fn dataset_schema(dataset: DatasetId) -> Option<fl_core::DatasetSchema> {
		Pallet::<T>::dataset_schema(dataset)
	}

	fn training_terms(dataset: DatasetId) -> Option<TrainingTerms<T::AccountId>> {
		Datasets::<T>::get(dataset).map(|d| TrainingTerms {
			clinic: d.clinic,
			record_count: d.record_count,
			privacy_policy: d.privacy_policy,
			secure_aggregation_required: SecureAggregationRequired::<T>::get(dataset),
		})
	}
}
