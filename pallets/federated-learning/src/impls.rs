//! The pallet's workings behind its calls and hooks: task creation checks, the life of a
//! round (open, settle, aggregate, advance), commitments and reveals, privacy charges, and the
//! views the runtime API answers with. `lib.rs` holds the FRAME items (config, storage,
//! events, errors, calls, hooks) and their docs; secure aggregation is in [`crate::secure`],
//! the clinics' off-chain worker in [`crate::offchain`].

use crate::{types::*, *};
use alloc::vec::Vec;
use fl_core::{AggregationRule, ClientUpdate, ModelSpec};
use frame_support::{
	pallet_prelude::*,
	traits::{Defensive, Time},
};
use frame_system::pallet_prelude::*;
use ivf_primitives::data_access::{DatasetAccess, DatasetId, Rho, TrainingTerms, UseReference};
use ivf_primitives::ConsortiumMembership;
use sp_runtime::traits::{One, Saturating, Zero};

/// A closing round's contributions once settled: the usable updates (dataset, samples) and
/// the datasets that committed without revealing.
#[derive(Default)]
pub(crate) struct SettledRound {
	pub(crate) usable: Vec<(DatasetId, u32)>,
	pub(crate) not_revealed: Vec<DatasetId>,
}

impl<T: Config> Pallet<T> {
	/// Every check of `create_task` on the datasets list and the parameters that needs no
	/// storage.
	pub(crate) fn check_params(
		datasets: &DatasetsOf<T>,
		params: &TaskParams<BlockNumberFor<T>>,
		rule: AggregationRule,
	) -> DispatchResult {
		ensure!(datasets.len() >= 2, Error::<T>::TooFewDatasets);
		let mut sorted = datasets.clone().into_inner();
		sorted.sort_unstable();
		ensure!(sorted.windows(2).all(|w| w[0] != w[1]), Error::<T>::DuplicateDataset);
		ensure!(
			params.rounds >= 1 && params.rounds <= T::MaxRounds::get(),
			Error::<T>::InvalidRounds
		);
		ensure!(
			params.quorum >= 1 && params.quorum as usize <= datasets.len(),
			Error::<T>::InvalidQuorum
		);
		if rule.is_secure() {
			ensure!(
				datasets.len() <= fl_core::secure_aggregation::MAX_SECURE_PARTICIPANTS,
				Error::<T>::TooManyDatasetsForSecureAggregation
			);
		}
		match rule {
			AggregationRule::TrimmedMean { trim_each_side } => {
				ensure!(trim_each_side >= 1, Error::<T>::TrimTooSmall);
				ensure!(trim_each_side.saturating_mul(2) < params.quorum, Error::<T>::TrimTooLarge);
			},
			AggregationRule::Krum { byzantine } | AggregationRule::MultiKrum { byzantine, .. } => {
				ensure!(
					byzantine.saturating_mul(2).saturating_add(3) <= params.quorum,
					Error::<T>::KrumQuorumTooSmall
				);
				if let AggregationRule::MultiKrum { selected, .. } = rule {
					ensure!(
						selected >= 1 && selected <= params.quorum - byzantine,
						Error::<T>::KrumSelectionInvalid
					);
				}
			},
			_ => {},
		}
		let window_ok = |w: BlockNumberFor<T>| w >= MIN_WINDOW.into() && w <= T::MaxWindow::get();
		ensure!(
			window_ok(params.commit_window) && window_ok(params.reveal_window),
			Error::<T>::InvalidWindow
		);
		ensure!(params.max_samples >= 1, Error::<T>::InvalidMaxSamples);
		ensure!(params.max_update_norm_ppm >= 1, Error::<T>::InvalidNormBound);
		Ok(())
	}

	/// Whether `dataset`'s declared schema can answer `question`: a question needs a schema
	/// with its columns; the IVF default (no question) needs no schema, or one holding the
	/// IVF cycle columns with their common definitions.
	pub(crate) fn ensure_schema_answers(
		dataset: DatasetId,
		question: Option<&fl_core::StudyQuestion>,
	) -> DispatchResult {
		use fl_core::question::QuestionError;
		let schema = T::DataAccess::dataset_schema(dataset);
		let Some(question) = question else {
			// The IVF schema is built only for a dataset that declared one.
			let ivf_shaped = schema.is_none_or(|schema| {
				let ivf = fl_core::schema::ivf_schema();
				ivf.columns.iter().all(|column| schema.columns.contains(column))
			});
			ensure!(ivf_shaped, Error::<T>::DatasetNotIvfShaped);
			return Ok(());
		};
		let schema = schema.ok_or(Error::<T>::DatasetHasNoSchema)?;
		question.check_schema(&schema).map_err(|error| {
			match error {
				QuestionError::OutcomeColumnMissing => Error::<T>::OutcomeColumnMissing,
				QuestionError::OutcomeTypeMismatch => Error::<T>::OutcomeTypeMismatch,
				QuestionError::FeatureColumnMissing { .. } => Error::<T>::FeatureColumnMissing,
				QuestionError::FeatureTypeMismatch { .. } => Error::<T>::FeatureTypeMismatch,
				// The question passed `ModelSpec::validate` already.
				QuestionError::FeatureCount
				| QuestionError::DuplicateColumn
				| QuestionError::InvalidLevels => Error::<T>::InvalidQuestion,
			}
			.into()
		})
	}

	/// A spec `fl-core` refuses, as the pallet's error: the distributed-noise cases by
	/// name (a researcher can fix them), every other one as [`Error::InvalidSpec`].
	pub(crate) fn spec_error(error: fl_core::SpecError) -> DispatchError {
		match error {
			fl_core::SpecError::DistributedNoiseNeedsOneStep => {
				Error::<T>::DistributedNoiseNeedsOneStep
			},
			fl_core::SpecError::DistributedNoiseTooSmall => Error::<T>::DistributedNoiseTooSmall,
			fl_core::SpecError::Question => Error::<T>::InvalidQuestion,
			fl_core::SpecError::QuestionWidth => Error::<T>::QuestionWidthMismatch,
			fl_core::SpecError::ServerOptimiser => Error::<T>::InvalidServerOptimiser,
			_ => Error::<T>::InvalidSpec,
		}
		.into()
	}

	/// Distributed DP noise only under secure aggregation, and only where a round is one
	/// full-batch step for every clinic (`batch_size` at least `max_samples`; the spec's
	/// own check has refused more than one epoch).
	pub(crate) fn check_distributed_noise(
		spec: &ModelSpec,
		params: &TaskParams<BlockNumberFor<T>>,
		rule: AggregationRule,
	) -> DispatchResult {
		if spec.privacy.is_some_and(|dp| dp.is_distributed()) {
			ensure!(rule.is_secure(), Error::<T>::DistributedNoiseNeedsSecureAggregation);
			ensure!(
				spec.training.batch_size >= params.max_samples,
				Error::<T>::DistributedNoiseNeedsOneStep
			);
		}
		Ok(())
	}

	/// Checks that a task of `spec` and `params` meets a dataset's privacy policy at
	/// `samples` examples per round, and returns the `rho` one round costs the dataset
	/// (its update and its score histogram).
	pub(crate) fn ensure_policy_met(
		spec: &ModelSpec,
		params: &TaskParams<BlockNumberFor<T>>,
		terms: &TrainingTerms<T::AccountId>,
		samples: u32,
	) -> Result<Rho, DispatchError> {
		let policy = &terms.privacy_policy;
		match spec.privacy {
			None => ensure!(!policy.dp_required, Error::<T>::PrivacyRequired),
			Some(dp) => {
				ensure!(
					dp.noise_multiplier_ppm >= policy.min_noise_multiplier_ppm,
					Error::<T>::NoiseBelowPolicy
				);
				ensure!(
					dp.clip_norm_ppm <= policy.max_clip_norm_ppm,
					Error::<T>::ClipNormAbovePolicy
				);
			},
		}
		ensure!(
			params.max_samples >= policy.min_cohort && terms.record_count >= policy.min_cohort,
			Error::<T>::CohortBelowPolicy
		);
		let round_cost = Self::round_cost(spec, samples).ok_or(Error::<T>::InvalidSpec)?;
		ensure!(round_cost <= policy.max_rho_per_round, Error::<T>::RoundRhoAbovePolicy);
		Ok(round_cost)
	}

	/// `rho` (millionths) one round costs a dataset of `samples` examples under `spec`:
	/// its update and its score histogram; 0 without DP.
	pub fn round_cost(spec: &ModelSpec, samples: u32) -> Option<Rho> {
		Some(Self::round_rho(spec, samples)?.saturating_add(Self::histogram_rho(spec)?))
	}

	/// `rho` (millionths) a clinic's score histogram costs under `spec`: one Gaussian step
	/// of sensitivity one count at the task's noise multiplier; 0 without DP.
	pub fn histogram_rho(spec: &ModelSpec) -> Option<Rho> {
		match spec.privacy {
			None => Some(0),
			Some(dp) => fl_core::dp::rho_for_steps(dp.noise_multiplier_ppm, 1).ok(),
		}
	}

	/// The context a commitment of `clinic` for `dataset` in `round` of `task` is bound
	/// to, on this chain.
	pub fn commitment_context(
		task: TaskId,
		round: RoundNumber,
		dataset: DatasetId,
		clinic: &T::AccountId,
	) -> CommitmentContext {
		CommitmentContext {
			genesis: frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()).encode(),
			task,
			round,
			dataset,
			clinic: clinic.encode(),
		}
	}

	/// The weight of a reveal of `parameters` values, without closing the round.
	pub(crate) fn reveal_weight(parameters: u32) -> Weight {
		T::WeightInfo::reveal_update(T::MaxParticipants::get(), parameters)
	}

	/// The clinic a commitment or reveal is signed for: the signer's, if it is a clinic's
	/// registered worker account, or else the signer itself (a clinic signing with its own
	/// key).
	pub(crate) fn clinic_of_signer(origin: OriginFor<T>) -> Result<T::AccountId, DispatchError> {
		let signer = ensure_signed(origin)?;
		Ok(T::Membership::clinic_of_worker(&signer).unwrap_or(signer))
	}

	/// The checks shared by commit and reveal: the task runs, `round` is its open round,
	/// it lists `dataset`, and `who` is the dataset's clinic.
	pub(crate) fn ensure_submitter(
		task: &TaskOf<T>,
		round: RoundNumber,
		dataset: DatasetId,
		who: &T::AccountId,
	) -> DispatchResult {
		ensure!(task.status == TaskStatus::Running, Error::<T>::TaskNotRunning);
		ensure!(task.round == round, Error::<T>::WrongRound);
		let participant = task.participant(dataset).ok_or(Error::<T>::DatasetNotInTask)?;
		ensure!(participant.clinic == *who, Error::<T>::NotDatasetClinic);
		ensure!(participant.dropped_after.is_none(), Error::<T>::DatasetDropped);
		Ok(())
	}

	/// `rho` (millionths) one round costs a dataset of `samples` examples under `spec`:
	/// 0 without DP; `None` if `fl-core` cannot compute it.
	pub fn round_rho(spec: &ModelSpec, samples: u32) -> Option<Rho> {
		match spec.privacy {
			None => Some(0),
			Some(_) => spec.round_rho(samples as u64).ok(),
		}
	}

	/// The last checks and the charge of a reveal (in the clear or masked), once everything
	/// else about it is checked: the grant is still live, and the dataset's budget pays
	/// `round_rho(samples)` (the update becomes public now, or its part of the sum does).
	/// Marks `dataset`'s contribution (which [`Self::round_to_reveal`] found) revealed and
	/// returns the `rho` charged. The budget is the only write that can fail, and changes
	/// nothing when it does.
	pub(crate) fn charge_reveal(
		task: &TaskOf<T>,
		spec: &ModelSpec,
		state: &mut RoundOf<T>,
		dataset: DatasetId,
	) -> Result<Rho, DispatchError> {
		let contribution = state
			.contributions
			.iter_mut()
			.find(|c| c.dataset == dataset)
			.ok_or(Error::<T>::NotCommitted)?;
		Self::ensure_grant_live(task, dataset)?;
		let rho = Self::round_rho(spec, contribution.commitment.samples)
			.ok_or(Error::<T>::InvalidSpec)?;
		if !rho.is_zero() {
			T::DataAccess::charge_privacy_budget(dataset, rho)
				.map_err(|_| Error::<T>::PrivacyBudgetExhausted)?;
		}
		contribution.state = ContributionState::Revealed;
		contribution.rho_charged = contribution.rho_charged.saturating_add(rho);
		Ok(rho)
	}

	/// That the researcher's grant on `dataset` is live for `task`'s algorithm and purpose.
	pub(crate) fn ensure_grant_live(task: &TaskOf<T>, dataset: DatasetId) -> DispatchResult {
		ensure!(
			T::DataAccess::has_live_grant(
				&task.researcher,
				dataset,
				&task.algorithm,
				&task.purpose
			),
			Error::<T>::GrantNotLive
		);
		Ok(())
	}

	/// Changes the [`OpenRounds`] entry of `task`, if it has one.
	pub(crate) fn update_open_round(
		task: TaskId,
		f: impl FnOnce(&mut OpenRound<BlockNumberFor<T>>),
	) {
		OpenRounds::<T>::mutate(|open| {
			if let Some(entry) = open.iter_mut().find(|e| e.task == task) {
				f(entry);
			}
		});
	}

	/// Opens `task`'s next round at block `now`: stores its record, emits
	/// [`Event::RoundOpened`] and returns its [`OpenRounds`] entry for the caller to place.
	pub(crate) fn open_next_round(
		id: TaskId,
		task: &mut TaskOf<T>,
		now: BlockNumberFor<T>,
	) -> OpenRound<BlockNumberFor<T>> {
		let round = task.round.saturating_add(1);
		task.round = round;
		let (commit, reveal) = (task.params.commit_window, task.params.reveal_window);
		// A securely aggregated round has keys and shares phases (a commit window each)
		// before its commit phase, and an unmasking phase (a reveal window) after its
		// reveal phase.
		let (reveal_from, close_at, entry_from) = if task.rule.is_secure() {
			let shares_from = now.saturating_add(commit);
			let commit_from = shares_from.saturating_add(commit);
			let reveal_from = commit_from.saturating_add(commit);
			let unmask_from = reveal_from.saturating_add(reveal);
			SecureRounds::<T>::insert(
				id,
				round,
				SecureRoundOf::<T> {
					shares_from,
					commit_from,
					unmask_from,
					participants: BoundedVec::new(),
					dealt: BoundedVec::new(),
					unmasked_by: BoundedVec::new(),
				},
			);
			(reveal_from, unmask_from.saturating_add(reveal), unmask_from)
		} else {
			let reveal_from = now.saturating_add(commit);
			(reveal_from, reveal_from.saturating_add(reveal), reveal_from)
		};
		let started_at = T::Time::now();
		Rounds::<T>::insert(
			id,
			round,
			RoundOf::<T> {
				base_version: task.model_version,
				opened_at: now,
				started_at,
				reveal_from,
				close_at,
				contributions: BoundedVec::new(),
				outcome: RoundOutcome::Open,
			},
		);
		Self::deposit_event(Event::RoundOpened {
			task: id,
			round,
			base_version: task.model_version,
			started_at,
			reveal_from,
			close_at,
		});
		OpenRound { task: id, round, reveal_from: entry_from, close_at, committed: 0, revealed: 0 }
	}

	/// The benchmarked weight of closing `task`'s open round, as [`Self::close_weight_of`];
	/// nothing for an unknown task. (For the tests: the hook reads the task once for both.)
	#[cfg(test)]
	pub(crate) fn close_weight(task: TaskId) -> Weight {
		Tasks::<T>::get(task).map_or(Weight::zero(), |task| Self::close_weight_of(&task))
	}

	/// The benchmarked weight of closing `task`'s open round whole ([`Self::close_round`]).
	pub(crate) fn close_weight_of(task: &TaskOf<T>) -> Weight {
		Self::whole_close_weight(task.participants.len() as u32, task.parameter_count, task.rule)
	}

	/// The benchmarked weight of closing whole a round of `participants` datasets and
	/// `parameters` parameters under `rule`: by its rule (a secure close is benchmarked on its
	/// own, at its worst: most masks) and its size.
	pub fn whole_close_weight(participants: u32, parameters: u32, rule: AggregationRule) -> Weight {
		let close = if rule.is_secure() {
			T::WeightInfo::unmask_round(participants, parameters)
		} else {
			T::WeightInfo::close_round(participants, parameters)
		};
		let krum = match rule {
			AggregationRule::Krum { .. } | AggregationRule::MultiKrum { .. } => {
				Self::krum_weight(participants, parameters)
			},
			_ => Weight::zero(),
		};
		// Whether the task has a server optimiser is one more read; its step is priced always.
		close
			.saturating_add(krum)
			.saturating_add(Self::server_step_weight(parameters))
			.saturating_add(Self::prune_weight(participants, parameters))
			.saturating_add(T::DbWeight::get().reads(1))
	}

	/// Round `context.round` of `context.task` and the block now, for a reveal (in the clear
	/// or masked) by `context.dataset` of `opened`: how many values it reveals, and how to hash
	/// them under `context`. Now must be within the round's reveal window, from its
	/// `reveal_from` until `ends_at` (its close, or a secure round's unmasking) excluded; the
	/// dataset must have committed and not yet revealed; the values must be as many as `task`'s
	/// `parameter_count`, and their hash the commitment. The hash, over every value, is taken
	/// last, once the cheap checks have passed.
	pub(crate) fn round_to_reveal(
		context: &CommitmentContext,
		ends_at: impl FnOnce(&RoundOf<T>) -> BlockNumberFor<T>,
		task: &TaskOf<T>,
		(length, hash): (usize, impl FnOnce(&CommitmentContext) -> Hash32),
	) -> Result<(RoundOf<T>, BlockNumberFor<T>), DispatchError> {
		let state = Rounds::<T>::get(context.task, context.round).ok_or(Error::<T>::WrongRound)?;
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now >= state.reveal_from, Error::<T>::RevealPhaseNotStarted);
		ensure!(now < ends_at(&state), Error::<T>::RevealPhaseOver);
		let contribution = state
			.contributions
			.iter()
			.find(|c| c.dataset == context.dataset)
			.ok_or(Error::<T>::NotCommitted)?;
		ensure!(contribution.state == ContributionState::Committed, Error::<T>::AlreadyRevealed);
		ensure!(length == task.parameter_count as usize, Error::<T>::UpdateLengthMismatch);
		ensure!(
			hash(context) == contribution.commitment.update_hash,
			Error::<T>::CommitmentMismatch
		);
		Ok((state, now))
	}

	/// What `on_initialize`'s closing work beyond its first unit may spend:
	/// [`INITIALIZE_SHARE`] of the block's weight and of [`MAX_BLOCK_PROOF`].
	pub fn initialize_budget() -> Weight {
		let block = T::BlockWeights::get().max_block;
		INITIALIZE_SHARE
			* Weight::from_parts(block.ref_time(), block.proof_size().min(MAX_BLOCK_PROOF))
	}

	/// The dearest single unit of closing work at the bounds: the close of a compact round
	/// ([`Self::max_close_weight`]), or a step of a large one's.
	pub fn dearest_close_unit() -> Weight {
		let (p, n) = (T::MaxParticipants::get(), T::MaxParameters::get());
		[
			CloseUnit::Settle,
			CloseUnit::Record,
			CloseUnit::Chunk,
			CloseUnit::Conclude,
			CloseUnit::Prune,
		]
		.into_iter()
		.map(|unit| Self::unit_weight(unit, p, n))
		.fold(Self::max_close_weight(), |worst, unit| worst.max(unit))
	}

	/// The most `on_initialize` spends in a block: the scan of the most open rounds and the
	/// reads that find the due and closing ones, then closing work. Its first unit always
	/// runs and every next one only within [`Self::initialize_budget`] (see
	/// `on_initialize`), so the work is at most the larger of the dearest unit and the budget.
	pub fn worst_initialize() -> Weight {
		let open = T::MaxOpenTasks::get();
		let scan = T::WeightInfo::scan_open_rounds(open)
			.saturating_add(T::DbWeight::get().reads(u64::from(open).saturating_mul(6)));
		scan.saturating_add(Self::dearest_close_unit()).max(Self::initialize_budget())
	}

	/// What the last reveal of a round may spend closing it in its own dispatch:
	/// [`INLINE_CLOSE_SHARE`] of the block's weight and of [`MAX_BLOCK_PROOF`]. A reveal's
	/// weight reserves it, and refunds what it did not spend.
	pub fn inline_close_budget() -> Weight {
		let block = T::BlockWeights::get().max_block;
		INLINE_CLOSE_SHARE
			* Weight::from_parts(block.ref_time(), block.proof_size().min(MAX_BLOCK_PROOF))
	}

	/// Whether the last reveal of `task`'s round closes it in its own dispatch: a compact
	/// task whose close fits [`Self::inline_close_budget`]. Otherwise the round closes at the
	/// next block's start (in steps, if its rule allows).
	pub fn closes_inline(task: &TaskOf<T>) -> bool {
		Self::task_is_compact(task)
			&& Self::close_weight_of(task).all_lte(Self::inline_close_budget())
	}

	/// The most a whole close can weigh: a compact round's, at the compact bounds, in the
	/// clear with Krum or securely, with a server step. Krum and secure rounds close so in
	/// one unit of `on_initialize`'s work.
	pub fn max_close_weight() -> Weight {
		let (n, p) = (T::MaxCompactParticipants::get(), T::MaxCompactParameters::get());
		T::WeightInfo::close_round(n, p)
			.saturating_add(Self::krum_weight(n, p))
			.max(T::WeightInfo::unmask_round(n, p))
			.saturating_add(Self::server_step_weight(p))
			.saturating_add(Self::prune_weight(n, p))
			.saturating_add(T::DbWeight::get().reads(1))
	}

	/// Closes `round` of `task` at the start of block `now`, in three steps: settle the
	/// contributions (who did not reveal, whose grant ended), aggregate them or fail the
	/// round, and advance the task (prune what falls out of the retained window, then open
	/// the next round or end the task). Returns its benchmarked weight.
	pub(crate) fn close_round(
		task_id: TaskId,
		round: RoundNumber,
		now: BlockNumberFor<T>,
	) -> Weight {
		let (Some(mut task), Some(mut record)) =
			(Tasks::<T>::get(task_id), Rounds::<T>::get(task_id, round))
		else {
			// Unreachable while the index and the records agree; drop the stray entry so it
			// cannot be scanned for ever.
			OpenRounds::<T>::mutate(|open| open.retain(|e| e.task != task_id));
			return T::DbWeight::get().reads_writes(2, 1);
		};
		let weight = Self::close_weight_of(&task);
		let settled = Self::settle_contributions(task_id, round, &mut task, &mut record);
		Self::aggregate_round(task_id, round, &mut task, &mut record, settled, now);
		Self::advance_task(task_id, round, task, record, now, true);
		weight
	}

	/// Settles a closing round's contributions: a committed dataset that did not reveal is
	/// marked `NotRevealed` (and counted against it), a revealed one whose grant is no
	/// longer live is `Excluded`; the others are usable, with their sample counts.
	pub(crate) fn settle_contributions(
		task_id: TaskId,
		round: RoundNumber,
		task: &mut TaskOf<T>,
		record: &mut RoundOf<T>,
	) -> SettledRound {
		let mut settled = SettledRound::default();
		let all = 0..record.contributions.len();
		Self::settle_some(task_id, round, task, record, all, &mut settled);
		settled
	}

	/// [`Self::settle_contributions`] for the contributions in `range` of the round's list,
	/// adding to `settled`: a large round settles a batch a block.
	pub(crate) fn settle_some(
		task_id: TaskId,
		round: RoundNumber,
		task: &mut TaskOf<T>,
		record: &mut RoundOf<T>,
		range: core::ops::Range<usize>,
		settled: &mut SettledRound,
	) {
		for contribution in record.contributions.iter_mut().take(range.end).skip(range.start) {
			match contribution.state {
				ContributionState::Committed => {
					contribution.state = ContributionState::NotRevealed;
					MissedReveals::<T>::mutate(contribution.dataset, |n| n.saturating_inc());
					settled.not_revealed.push(contribution.dataset);
					Self::count_missed_reveal(task_id, task, contribution.dataset, round);
				},
				ContributionState::Revealed => {
					if T::DataAccess::has_live_grant(
						&task.researcher,
						contribution.dataset,
						&task.algorithm,
						&task.purpose,
					) {
						let samples = contribution.commitment.samples;
						settled.usable.push((contribution.dataset, samples));
					} else {
						contribution.state = ContributionState::Excluded;
						Self::deposit_event(Event::ContributionExcluded {
							task: task_id,
							round,
							dataset: contribution.dataset,
						});
					}
				},
				_ => {},
			}
		}
	}

	/// Aggregates a settled round's usable updates (masked, for a secure rule) into the
	/// task's next model version, records each contributor's use of its dataset and marks
	/// it `Aggregated`; or fails the round, below the quorum or on `fl-core`'s refusal.
	/// Records the outcome and emits `RoundAggregated` or `RoundFailed`.
	pub(crate) fn aggregate_round(
		task_id: TaskId,
		round: RoundNumber,
		task: &mut TaskOf<T>,
		record: &mut RoundOf<T>,
		SettledRound { usable, not_revealed }: SettledRound,
		now: BlockNumberFor<T>,
	) {
		let aggregated = if usable.len() < task.params.quorum as usize {
			Err(Self::quorum_not_met(task, usable.len()))
		} else {
			Self::aggregate(task_id, round, task, record.base_version, &usable)
		};
		let settled = SettledRound { usable, not_revealed };
		if Self::conclude_round(task_id, round, task, record, &settled, aggregated, now) {
			Self::record_uses(task_id, round, task, record, &settled.usable);
		}
	}

	/// The failure of a round with `usable` updates below the task's quorum.
	pub(crate) fn quorum_not_met(task: &TaskOf<T>, usable: usize) -> RoundFailure {
		RoundFailure::QuorumNotMet { revealed: usable as u32, quorum: task.params.quorum }
	}

	/// Concludes a settled round with its aggregate (before the server step) or its failure:
	/// on success steps the server optimiser and stores the next model version; on failure
	/// counts it. Records the outcome, emits `RoundAggregated` or `RoundFailed`, and returns
	/// whether the round aggregated: then the caller records the contributors' uses
	/// ([`Self::record_uses`]).
	pub(crate) fn conclude_round(
		task_id: TaskId,
		round: RoundNumber,
		task: &mut TaskOf<T>,
		record: &mut RoundOf<T>,
		SettledRound { usable, not_revealed }: &SettledRound,
		aggregated: Result<ParametersOf<T>, RoundFailure>,
		now: BlockNumberFor<T>,
	) -> bool {
		let not_revealed = BoundedVec::truncate_from(not_revealed.clone());
		let version = task.model_version.saturating_add(1);
		let aggregated = aggregated.and_then(|parameters| {
			Self::server_step(task_id, record.base_version, version, parameters)
		});
		let parameters = match aggregated {
			Ok(parameters) => parameters,
			Err(reason) => {
				task.consecutive_failures = task.consecutive_failures.saturating_add(1);
				record.outcome = RoundOutcome::Failed { reason, closed_at: now };
				Self::deposit_event(Event::RoundFailed {
					task: task_id,
					round,
					reason,
					not_revealed,
				});
				return false;
			},
		};
		let model_hash = model_hash(&parameters);
		Models::<T>::insert(task_id, version, ModelOf::<T> { parameters, hash: model_hash, round });
		if let Some(old) = version.checked_sub(T::MaxRoundsKept::get().saturating_add(1)) {
			Models::<T>::remove(task_id, old);
		}
		task.model_version = version;
		task.aggregated_rounds = task.aggregated_rounds.saturating_add(1);
		task.consecutive_failures = 0;
		record.outcome = RoundOutcome::Aggregated { version, model_hash, closed_at: now };
		Self::deposit_event(Event::RoundAggregated {
			task: task_id,
			round,
			version,
			model_hash,
			contributors: BoundedVec::truncate_from(usable.iter().map(|(d, _)| *d).collect()),
			samples: usable.iter().map(|(_, n)| *n as u64).sum(),
			not_revealed,
		});
		true
	}

	/// Records the use of each dataset of `contributors` (usable updates of an aggregated
	/// round) on its access log, and marks its contribution `Aggregated`: all of them for a
	/// compact round, a batch a block for a large one.
	pub(crate) fn record_uses(
		task_id: TaskId,
		round: RoundNumber,
		task: &TaskOf<T>,
		record: &mut RoundOf<T>,
		contributors: &[(DatasetId, u32)],
	) {
		let reference = UseReference::FederatedRound { task: task_id, round };
		for dataset in Self::mark_aggregated(record, contributors) {
			// Cannot be refused: the grant was found live when the round was settled, and a
			// grant revoked since then ends at once only for new uses. Were it refused, the
			// round would stand and the error be logged on the `runtime::defensive` target (a
			// panic in debug builds).
			T::DataAccess::check_and_record_use(
				&task.researcher,
				dataset,
				&task.algorithm,
				&task.purpose,
				reference,
			)
			.defensive_proof("a grant found live at settling refused its use")
			.ok();
		}
	}

	/// Marks the contributions of the `usable` datasets `Aggregated`; the datasets marked.
	pub(crate) fn mark_aggregated(
		record: &mut RoundOf<T>,
		usable: &[(DatasetId, u32)],
	) -> Vec<DatasetId> {
		let mut marked = Vec::with_capacity(usable.len());
		for contribution in record.contributions.iter_mut() {
			if usable.iter().any(|(d, _)| *d == contribution.dataset) {
				contribution.state = ContributionState::Aggregated;
				marked.push(contribution.dataset);
			}
		}
		marked
	}

	/// The task's server optimiser's step from the round's starting model (version `base`)
	/// to the aggregate: the model of version `version`, whose moments it stores (and
	/// prunes the moments that fall out of the retained window, as [`Models`] are). A task
	/// without an optimiser ([`ServerOptimiser::Sgd`]) takes the aggregate as it is.
	pub(crate) fn server_step(
		task_id: TaskId,
		base: ModelVersion,
		version: ModelVersion,
		aggregated: ParametersOf<T>,
	) -> Result<ParametersOf<T>, RoundFailure> {
		let Some(optimiser) = TaskOptimisers::<T>::get(task_id) else {
			return Ok(aggregated);
		};
		let global = Models::<T>::get(task_id, base).map(|m| m.parameters).unwrap_or_default();
		let mut state = Self::moments_at(task_id, base).unwrap_or_default();
		let stepped = optimiser
			.step(&global, &aggregated, &mut state)
			.map_err(RoundFailure::ServerOptimiser)?;
		let parameters = ParametersOf::<T>::try_from(stepped)
			.map_err(|_| RoundFailure::Aggregation(fl_core::AggregationError::TooManyParameters))?;
		ServerMoments::<T>::insert(task_id, version, MomentsOf::<T>::from_state(state));
		if let Some(old) = version.checked_sub(T::MaxRoundsKept::get().saturating_add(1)) {
			ServerMoments::<T>::remove(task_id, old);
		}
		Ok(parameters)
	}

	/// [`Self::server_step`] for [`Self::replay`]: the same step from the retained moments of
	/// version `base`, storing nothing. `None` if the moments are no longer retained.
	fn replay_server_step(
		task_id: TaskId,
		base: ModelVersion,
		global: &[i32],
		aggregated: Vec<i32>,
	) -> Option<Vec<i32>> {
		let Some(optimiser) = TaskOptimisers::<T>::get(task_id) else {
			return Some(aggregated);
		};
		let mut state = Self::moments_at(task_id, base)?;
		optimiser.step(global, &aggregated, &mut state).ok()
	}

	/// The server optimiser's moments a step from model version `base` starts with: both
	/// zero at version 0, which no step made; `None` once they fall out of the retention.
	fn moments_at(task_id: TaskId, base: ModelVersion) -> Option<fl_core::OptimiserState> {
		match ServerMoments::<T>::get(task_id, base) {
			Some(moments) => Some(moments.into_state()),
			None if base == 0 => Some(fl_core::OptimiserState::default()),
			None => None,
		}
	}

	/// The weight of a server optimiser's step on a model of `parameters` parameters: reading
	/// the starting model and the moments again, writing the new moments, and the step's
	/// arithmetic (a square root and a few `i128` products per parameter, priced at 500 ns:
	/// `aggregate-bench` measures FedAdam's step at 90–150 ns a parameter natively, and Wasm
	/// runs it slower). Its proof holds the starting model (4 bytes a parameter) and the
	/// moments (16).
	pub(crate) fn server_step_weight(parameters: u32) -> Weight {
		Weight::from_parts(
			500_000u64.saturating_mul(parameters.into()),
			20u64.saturating_mul(parameters.into()).saturating_add(1_024),
		)
		.saturating_add(T::DbWeight::get().reads_writes(3, 2))
	}

	/// The weight of checking `datasets` declared schemas against a spec of `spec_bytes`
	/// encoded bytes ([`Self::ensure_schema_answers`], which the create benchmark, asking the
	/// IVF default of datasets without schemas, does not run): per dataset, reading and
	/// decoding a schema of at most [`MAX_SCHEMA_BYTES`](ivf_primitives::data_access::MAX_SCHEMA_BYTES), and comparing every name and
	/// level of the question (at most `spec_bytes` of them) with at most 64 columns or levels
	/// of the schema, priced at 10 ns a byte.
	pub(crate) fn schema_check_weight(datasets: u32, spec_bytes: u32) -> Weight {
		const SCHEMA_BYTES: u64 = ivf_primitives::data_access::MAX_SCHEMA_BYTES as u64;
		let bytes = u64::from(spec_bytes).saturating_mul(64).saturating_add(SCHEMA_BYTES);
		Weight::from_parts(10_000u64.saturating_mul(bytes), SCHEMA_BYTES)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_mul(datasets.into())
	}

	/// The weight Krum adds to a close over `participants` updates of `parameters`
	/// parameters: a squared distance per pair of updates, `n(n−1)/2 · p` `i128`
	/// multiply-adds, priced at 5 ns each (`aggregate-bench` measures 0.8 ns natively: 38 ms
	/// for 100 clinics of 10,000 parameters).
	pub(crate) fn krum_weight(participants: u32, parameters: u32) -> Weight {
		let n = u64::from(participants);
		let pairs = n.saturating_mul(n.saturating_sub(1)) / 2;
		Weight::from_parts(5_000u64.saturating_mul(pairs).saturating_mul(parameters.into()), 0)
	}

	/// Advances a task past its closed round: prunes the updates (unless `prune_updates` is
	/// false: done already) and secure-round records of the round that falls out of the
	/// retained window, stores the round, and completes
	/// the task, fails it after too many failures in a row, or opens its next round, keeping
	/// [`OpenRounds`] in step.
	pub(crate) fn advance_task(
		task_id: TaskId,
		round: RoundNumber,
		mut task: TaskOf<T>,
		record: RoundOf<T>,
		now: BlockNumberFor<T>,
		prune_updates: bool,
	) {
		if let Some(old) = round.checked_sub(T::MaxRoundsKept::get()) {
			// A large round's close prunes its updates in batches before (see `chunked`).
			for participant in task.participants.iter().filter(|_| prune_updates) {
				Self::remove_update(task_id, old, participant.dataset, task.parameter_count);
			}
			if task.rule.is_secure() {
				Self::prune_secure_round(task_id, old, &task);
			}
		}
		Rounds::<T>::insert(task_id, round, record);

		let next = if task.aggregated_rounds >= task.params.rounds {
			task.status = TaskStatus::Completed;
			let model_hash = Models::<T>::get(task_id, task.model_version)
				.map(|m| m.hash)
				.unwrap_or_default();
			Self::deposit_event(Event::TaskCompleted {
				task: task_id,
				version: task.model_version,
				model_hash,
			});
			None
		} else if task.consecutive_failures >= T::MaxConsecutiveFailures::get() {
			task.status = TaskStatus::Failed;
			Self::deposit_event(Event::TaskFailed {
				task: task_id,
				round,
				consecutive_failures: task.consecutive_failures,
			});
			None
		} else {
			Some(Self::open_next_round(task_id, &mut task, now))
		};
		OpenRounds::<T>::mutate(|open| match next {
			Some(entry) => {
				if let Some(slot) = open.iter_mut().find(|e| e.task == task_id) {
					*slot = entry;
				}
			},
			None => open.retain(|e| e.task != task_id),
		});
		Tasks::<T>::insert(task_id, task);
	}

	/// Drops `clinic`'s datasets from running task `task_id` at block `now`, marks their
	/// contributions to the open round withdrawn, and either lets the round go on with the
	/// others or, when fewer datasets than the quorum remain, ends the task as failed.
	/// Returns whether the task ended.
	pub(crate) fn withdraw_clinic_from_task(
		task_id: TaskId,
		task: &mut TaskOf<T>,
		clinic: &T::AccountId,
		now: BlockNumberFor<T>,
	) -> bool {
		let round = task.round;
		let mut record = Rounds::<T>::get(task_id, round);
		for participant in task.participants.iter_mut() {
			if participant.clinic != *clinic || participant.dropped_after.is_some() {
				continue;
			}
			participant.dropped_after = Some(round.saturating_sub(1));
			if let Some(record) = record.as_mut() {
				for contribution in record.contributions.iter_mut() {
					if contribution.dataset == participant.dataset {
						contribution.state = ContributionState::Withdrawn;
					}
				}
			}
			Self::withdraw_from_close(task_id, participant.dataset);
			Self::deposit_event(Event::DatasetWithdrawn {
				task: task_id,
				dataset: participant.dataset,
				round,
			});
		}

		let participants = task.active_participants() as u32;
		let quorum = task.params.quorum;
		let ends = participants < quorum;
		if ends {
			let reason = RoundFailure::QuorumUnreachable { participants, quorum };
			task.status = TaskStatus::Failed;
			task.consecutive_failures = task.consecutive_failures.saturating_add(1);
			OpenRounds::<T>::mutate(|open| open.retain(|e| e.task != task_id));
			if let Some(mut record) = record {
				record.outcome = RoundOutcome::Failed { reason, closed_at: now };
				Rounds::<T>::insert(task_id, round, record);
			}
			Self::deposit_event(Event::RoundFailed {
				task: task_id,
				round,
				reason,
				not_revealed: BoundedVec::new(),
			});
			Self::deposit_event(Event::TaskFailed {
				task: task_id,
				round,
				consecutive_failures: task.consecutive_failures,
			});
		} else if let Some(mut record) = record {
			// As after the last commitment: nobody left to wait for, so reveals may start.
			let next = now.saturating_add(One::one());
			let everyone = record.committed_count() >= participants as usize;
			let reveal_opened = everyone && next < record.reveal_from;
			if reveal_opened {
				record.reveal_from = next;
			}
			let reveal_from = record.reveal_from;
			match SecureRounds::<T>::get(task_id, round) {
				Some(secure) => {
					Self::refresh_secure_entry(task_id, &record, &secure);
				},
				None => Self::update_open_round(task_id, |entry| {
					entry.committed = record.contributions.len() as u32;
					entry.revealed = record.revealed_count();
					entry.reveal_from = reveal_from;
				}),
			}
			Rounds::<T>::insert(task_id, round, record);
			if reveal_opened {
				Self::deposit_event(Event::RevealPhaseOpened { task: task_id, round, reveal_from });
			}
		}
		Tasks::<T>::insert(task_id, &*task);
		ends
	}

	/// Counts a missed reveal of `dataset` in `task`, and drops the dataset from the task
	/// (with [`Event::DatasetDropped`]) at its `MAX_MISSED_REVEALS`-th.
	pub(crate) fn count_missed_reveal(
		task_id: TaskId,
		task: &mut TaskOf<T>,
		dataset: DatasetId,
		round: RoundNumber,
	) {
		let Some(participant) = task.participants.iter_mut().find(|p| p.dataset == dataset) else {
			return;
		};
		participant.missed_reveals = participant.missed_reveals.saturating_add(1);
		if participant.missed_reveals >= MAX_MISSED_REVEALS && participant.dropped_after.is_none() {
			participant.dropped_after = Some(round);
			Self::deposit_event(Event::DatasetDropped {
				task: task_id,
				dataset,
				missed: participant.missed_reveals,
			});
		}
	}

	/// Aggregates the updates of `usable` datasets `(dataset, samples)` onto model version
	/// `base` with the task's rule: the revealed updates, or for a securely aggregated round
	/// the survivors' masked updates, unmasked.
	pub(crate) fn aggregate(
		task_id: TaskId,
		round: RoundNumber,
		task: &TaskOf<T>,
		base: ModelVersion,
		usable: &[(DatasetId, u32)],
	) -> Result<ParametersOf<T>, RoundFailure> {
		let global = Models::<T>::get(task_id, base).map(|m| m.parameters).unwrap_or_default();
		if task.rule.is_secure() {
			return Self::unmask_from_state(task_id, round, task, &global, usable);
		}
		let updates: Vec<(ParametersOf<T>, u32)> = usable
			.iter()
			.filter_map(|(dataset, samples)| {
				let update = Self::revealed_update(task_id, round, *dataset)?;
				Some((BoundedVec::try_from(update).ok()?, *samples))
			})
			.collect();
		Self::aggregate_updates(task.rule, &global, &updates).map_err(RoundFailure::Aggregation)
	}

	/// `fl_core::aggregate` over stored parameter vectors, bounded again on the way out.
	pub(crate) fn aggregate_updates(
		rule: AggregationRule,
		global: &[i32],
		updates: &[(ParametersOf<T>, u32)],
	) -> Result<ParametersOf<T>, fl_core::AggregationError> {
		let client_updates: Vec<ClientUpdate<'_>> = updates
			.iter()
			.map(|(delta, samples)| ClientUpdate { delta, samples: *samples as u64 })
			.collect();
		let parameters = fl_core::aggregate(rule, global, &client_updates)?;
		parameters.try_into().map_err(|_| fl_core::AggregationError::TooManyParameters)
	}

	/// Recomputes every retained aggregated round of `task` from the stored starting model
	/// and revealed updates, and compares the result's hash with the stored model hash.
	/// Pure: reads state, writes nothing. `None` if no task has this id.
	pub fn replay(task_id: TaskId) -> Option<Vec<RoundReplay>> {
		let task = Tasks::<T>::get(task_id)?;
		let mut report = Vec::new();
		for round in 1..=task.round {
			let Some(record) = Rounds::<T>::get(task_id, round) else {
				continue;
			};
			let RoundOutcome::Aggregated { version, model_hash: stored, .. } = record.outcome
			else {
				continue;
			};
			let contributors: Vec<&Contribution> = record
				.contributions
				.iter()
				.filter(|c| c.state == ContributionState::Aggregated)
				.collect();
			let updates: Option<Vec<(ParametersOf<T>, u32)>> = contributors
				.iter()
				.map(|c| {
					let update = Self::revealed_update(task_id, round, c.dataset)?;
					Some((BoundedVec::try_from(update).ok()?, c.commitment.samples))
				})
				.collect();
			let base = Models::<T>::get(task_id, record.base_version);
			let secure = task.rule.is_secure();
			let retained = if secure {
				SecureRounds::<T>::contains_key(task_id, round).then(Vec::new)
			} else {
				updates
			};
			let result = match (base, retained) {
				(Some(base), Some(updates)) => {
					let recomputed = if secure {
						let contributors: Vec<(DatasetId, u32)> = contributors
							.iter()
							.map(|c| (c.dataset, c.commitment.samples))
							.collect();
						Self::unmask_from_state(
							task_id,
							round,
							&task,
							&base.parameters,
							&contributors,
						)
						.ok()
					} else {
						Self::aggregate_updates(task.rule, &base.parameters, &updates).ok()
					}
					.and_then(|aggregated| {
						Self::replay_server_step(
							task_id,
							record.base_version,
							&base.parameters,
							aggregated.into_inner(),
						)
					})
					.map(|p| model_hash(&p));
					let kept = Models::<T>::get(task_id, version).map(|m| m.hash);
					if recomputed == Some(stored) && kept.is_none_or(|h| h == stored) {
						ReplayResult::Verified { model_hash: stored }
					} else {
						ReplayResult::Mismatch { stored, recomputed }
					}
				},
				_ => ReplayResult::NotRetained,
			};
			report.push(RoundReplay { round, version, result });
		}
		Some(report)
	}

	/// The phase of a round at block `now`.
	pub fn phase_at(
		record: &RoundOf<T>,
		secure: Option<&SecureRoundOf<T>>,
		now: BlockNumberFor<T>,
	) -> RoundPhase {
		if record.outcome != RoundOutcome::Open {
			RoundPhase::Closed
		} else if let Some(secure) = secure {
			Self::secure_phase_at(record, secure, now)
		} else if now < record.reveal_from {
			RoundPhase::Commit
		} else if now < record.close_at
			&& record.revealed_count() < record.contributions.len() as u32
		{
			RoundPhase::Reveal
		} else {
			RoundPhase::Closing
		}
	}

	/// A task as the runtime API shows it.
	pub fn task(id: TaskId) -> Option<TaskView<T::AccountId, BlockNumberFor<T>>> {
		let task = Tasks::<T>::get(id)?;
		let spec = task.model_spec()?;
		Some(TaskView {
			id,
			rho_per_round: Self::round_cost(&spec, task.params.max_samples).unwrap_or_default(),
			researcher: task.researcher,
			spec,
			spec_id: task.spec_id,
			algorithm: task.algorithm,
			parameter_count: task.parameter_count,
			purpose: task.purpose,
			participants: task.participants.into_inner(),
			params: task.params,
			rule: task.rule,
			status: task.status,
			round: task.round,
			aggregated_rounds: task.aggregated_rounds,
			consecutive_failures: task.consecutive_failures,
			model_version: task.model_version,
			created_at: task.created_at,
		})
	}

	/// The algorithm hash a grant must name for a task of `spec`, `params` and `rule`.
	pub fn task_algorithm_of(
		spec: &ModelSpec,
		params: &TaskParams<BlockNumberFor<T>>,
		rule: &AggregationRule,
	) -> Hash32 {
		task_algorithm(&spec.id(), params, rule)
	}

	/// The id and status of at most [`TASKS_PAGE`] tasks, from task `from` on, in creation
	/// order: a page of the list, so that no call reads every task the chain ever had.
	/// Ask for the next page from the last id plus one.
	pub fn tasks(from: TaskId) -> Vec<(TaskId, TaskStatus)> {
		let end = NextTaskId::<T>::get().min(from.saturating_add(TASKS_PAGE));
		(from..end)
			.filter_map(|id| Tasks::<T>::get(id).map(|t| (id, t.status)))
			.collect()
	}

	/// A round of a task as the runtime API shows it; `None` for `round` asks for the
	/// task's open (or last) round.
	pub fn round(
		id: TaskId,
		round: Option<RoundNumber>,
	) -> Option<RoundView<T::AccountId, BlockNumberFor<T>>> {
		let task = Tasks::<T>::get(id)?;
		let round = round.unwrap_or(task.round);
		let record = Rounds::<T>::get(id, round)?;
		let phase = Self::phase_at(
			&record,
			SecureRounds::<T>::get(id, round).as_ref(),
			frame_system::Pallet::<T>::block_number(),
		);
		let clinic_of = |dataset: DatasetId| task.participant(dataset).map(|p| p.clinic.clone());
		Some(RoundView {
			task: id,
			round,
			phase,
			base_version: record.base_version,
			opened_at: record.opened_at,
			started_at: record.started_at,
			reveal_from: record.reveal_from,
			close_at: record.close_at,
			contributions: record
				.contributions
				.iter()
				.filter_map(|c| clinic_of(c.dataset).map(|clinic| (*c, clinic)))
				.collect(),
			not_committed: task
				.participants
				.iter()
				.map(|p| p.dataset)
				.filter(|d| !record.contributions.iter().any(|c| c.dataset == *d))
				.collect(),
			not_revealed: record
				.contributions
				.iter()
				.filter(|c| c.state == ContributionState::NotRevealed)
				.map(|c| c.dataset)
				.collect(),
			outcome: record.outcome,
			federated_auc_ppm: {
				let mut sum = ScoreHistogram::default();
				for c in record.contributions.iter() {
					fl_core::metrics::add_histogram(&mut sum, &c.commitment.scores);
				}
				fl_core::metrics::histogram_auc_ppm(&sum)
			},
		})
	}

	/// A task's global model at `version`, or its current one for `None`; `None` if the
	/// task or the version is not in state.
	pub fn global_model(id: TaskId, version: Option<ModelVersion>) -> Option<GlobalModelView> {
		let version = match version {
			Some(v) => v,
			None => Tasks::<T>::get(id)?.model_version,
		};
		let model = Models::<T>::get(id, version)?;
		Some(GlobalModelView {
			task: id,
			version,
			round: model.round,
			hash: model.hash,
			parameters: model.parameters.into_inner(),
		})
	}
}
