//! Rounds at scale: revealed updates stored in chunks of parameters, and the close of a round
//! too large for one block spread over several.
//!
//! A round of 100 clinics with 10,000 parameters each reveals 4 MB of updates, and closing it
//! checks 100 grants and records 100 uses. Done in one block, all of that would go into the
//! block's proof, far beyond what a block should carry. So every update is stored in chunks
//! of [`Config::UpdateChunkLength`] parameters ([`RevealedUpdates`]), and the round of a task
//! beyond the *compact* bounds ([`Config::MaxCompactParticipants`] ×
//! [`Config::MaxCompactParameters`]) closes in steps ([`CloseStep`]), each one unit of
//! `on_initialize`'s work, kept in [`Closing`]:
//!
//! 1. **settle** a batch of [`Config::ParticipantsPerCloseStep`] contributions (who did not
//!    reveal, whose grant ended), as every close does; below the quorum the round fails;
//! 2. **record** the uses of a batch of the usable updates on their datasets' access logs,
//!    before aggregating them: an update whose grant ended since it was settled is left out
//!    ([`Event::ContributionExcluded`]), as at any close;
//! 3. **aggregate** chunk `k` of every usable update with the task's rule into chunk `k` of
//!    the aggregate ([`AggregateChunks`]). FedAvg, median and trimmed mean work coordinate by
//!    coordinate, so the chunks put together are the very aggregate of the whole updates
//!    (`fl_core::AggregationRule::is_coordinate_wise`); Krum and secure aggregation are kept
//!    to compact tasks ([`Error::RuleNeedsCompactTask`]);
//! 4. **conclude**: put the chunks together, take the server optimiser's step, store the
//!    model, and emit [`Event::RoundAggregated`] (or [`Event::RoundFailed`]);
//! 5. **prune** the updates of the round leaving the retained window, a batch of
//!    participants at a time, and then open the next round.
//!
//! `on_initialize` runs these units, and the closes of compact rounds, within one budget
//! ([`Pallet::initialize_budget`]): the first unit of a block always runs, so every close
//! advances; each next one only if the block's total stays within the budget. A round of 100
//! clinics × 10,000 parameters, in batches of 25 and chunks of 512, takes 4 settle, 4 record,
//! 20 chunk, 1 conclude and 4 prune units: a few dozen blocks at most, during which its next
//! round waits. That is the latency its size costs; a compact round closes in the last
//! reveal's own dispatch.
//!
//! The reveals themselves spread over blocks through [`crate::CheckRevealSpace`].

use crate::{impls::SettledRound, types::*, *};
use alloc::vec::Vec;
use fl_core::ClientUpdate;
use frame_support::{pallet_prelude::*, traits::Defensive};
use frame_system::pallet_prelude::*;
use ivf_primitives::data_access::{DatasetAccess, DatasetId, UseReference};

/// One unit of `on_initialize`'s work on a large round (a compact round's close is one unit
/// too, priced by [`Pallet::whole_close_weight`]); see [`CloseStep`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CloseUnit {
	/// Settle a batch of contributions.
	Settle,
	/// Record the uses of a batch of usable updates.
	Record,
	/// Aggregate one chunk of every usable update.
	Chunk,
	/// Put the aggregate together, step the server optimiser, store the model.
	Conclude,
	/// Prune a batch of participants' updates of the round leaving the retained window, and
	/// after the last batch open the next round.
	Prune,
}

/// What `on_initialize` may still spend this block on closes: the first unit always runs,
/// each next one only if the total stays within [`Pallet::initialize_budget`].
pub(crate) struct CloseBudget {
	used: Weight,
	limit: Weight,
	units: u32,
	exhausted: bool,
}

impl CloseBudget {
	/// A budget of `limit` of which `used` is already spent (the scan of the open rounds).
	pub(crate) fn new(used: Weight, limit: Weight) -> Self {
		Self { used, limit, units: 0, exhausted: false }
	}

	/// Takes `cost` for one more unit, if it is the block's first or fits; whether it may run.
	pub(crate) fn take(&mut self, cost: Weight) -> bool {
		let total = self.used.saturating_add(cost);
		if self.exhausted || (self.units > 0 && !total.all_lte(self.limit)) {
			self.exhausted = true;
			return false;
		}
		self.used = total;
		self.units = self.units.saturating_add(1);
		true
	}

	/// Adds weight spent outside the units (reads that decide what to do).
	pub(crate) fn spend(&mut self, cost: Weight) {
		self.used.saturating_accrue(cost);
	}

	/// Whether a unit was refused: nothing more runs this block.
	pub(crate) fn exhausted(&self) -> bool {
		self.exhausted
	}

	/// All that was spent.
	pub(crate) fn used(&self) -> Weight {
		self.used
	}
}

impl<T: Config> Pallet<T> {
	/// Whether a task of `participants` datasets and `parameters` parameters is compact: its
	/// round closes at once, in the last reveal's dispatch or one block's `on_initialize`.
	pub fn is_compact(participants: u32, parameters: u32) -> bool {
		participants <= T::MaxCompactParticipants::get()
			&& parameters <= T::MaxCompactParameters::get()
	}

	/// Whether state keeps the parameter vectors (updates, secure-round records) of `round`
	/// of `task`: the open round and the latest `MaxRoundsKept` closed ones.
	pub fn round_retained(task: &TaskOf<T>, round: RoundNumber) -> bool {
		let last_closed = match task.status {
			TaskStatus::Running => task.round.saturating_sub(1),
			TaskStatus::Completed | TaskStatus::Failed => task.round,
		};
		round <= task.round && round.saturating_add(T::MaxRoundsKept::get()) > last_closed
	}

	/// Whether state keeps model version `version` of `task` (and its server moments): the
	/// latest `MaxRoundsKept + 1` versions.
	pub fn version_retained(task: &TaskOf<T>, version: ModelVersion) -> bool {
		version <= task.model_version && task.model_version - version <= T::MaxRoundsKept::get()
	}

	/// Whether `task` is compact ([`Self::is_compact`]).
	pub(crate) fn task_is_compact(task: &TaskOf<T>) -> bool {
		Self::is_compact(task.participants.len() as u32, task.parameter_count)
	}

	/// How many chunks an update of `parameters` parameters is stored in.
	pub fn chunk_count(parameters: u32) -> u32 {
		parameters.div_ceil(T::UpdateChunkLength::get().max(1))
	}

	/// The parameters chunk `chunk` of an update of `parameters` parameters holds.
	pub(crate) fn chunk_range(chunk: u32, parameters: u32) -> core::ops::Range<usize> {
		let length = T::UpdateChunkLength::get().max(1) as usize;
		let start = (chunk as usize).saturating_mul(length).min(parameters as usize);
		start..start.saturating_add(length).min(parameters as usize)
	}

	/// Stores a revealed update in chunks ([`RevealedUpdates`]).
	pub(crate) fn store_update(
		task: TaskId,
		round: RoundNumber,
		dataset: DatasetId,
		update: &[i32],
	) {
		let length = T::UpdateChunkLength::get().max(1) as usize;
		for (index, chunk) in update.chunks(length).enumerate() {
			// Cannot be refused: `chunks` yields at most `UpdateChunkLength` values.
			if let Ok(chunk) = ChunkOf::<T>::try_from(chunk.to_vec()).defensive() {
				RevealedUpdates::<T>::insert((task, round, dataset, index as u32), chunk);
			}
		}
	}

	/// A revealed update put back together from its chunks, while state keeps it; `None`
	/// if it was never revealed or was pruned.
	pub fn revealed_update(
		task: TaskId,
		round: RoundNumber,
		dataset: DatasetId,
	) -> Option<Vec<i32>> {
		let mut update = Vec::new();
		for chunk in 0.. {
			match RevealedUpdates::<T>::get((task, round, dataset, chunk)) {
				Some(values) => update.extend_from_slice(&values),
				None if chunk == 0 => return None,
				None => break,
			}
		}
		Some(update)
	}

	/// Removes the chunks of an update of `parameters` parameters.
	pub(crate) fn remove_update(
		task: TaskId,
		round: RoundNumber,
		dataset: DatasetId,
		parameters: u32,
	) {
		for chunk in 0..Self::chunk_count(parameters) {
			RevealedUpdates::<T>::remove((task, round, dataset, chunk));
		}
	}

	/// The weight of pruning the updates of a round of `participants` datasets and
	/// `parameters` parameters, which every close does for the round leaving the retained
	/// window.
	pub(crate) fn prune_weight(participants: u32, parameters: u32) -> Weight {
		T::DbWeight::get()
			.writes(u64::from(participants).saturating_mul(Self::chunk_count(parameters).into()))
	}

	/// The weight of one unit of closing work on a large round of `participants` datasets
	/// and `parameters` parameters, at its largest batch.
	pub fn unit_weight(unit: CloseUnit, participants: u32, parameters: u32) -> Weight {
		let batch = T::ParticipantsPerCloseStep::get().min(participants);
		match unit {
			CloseUnit::Settle => T::WeightInfo::close_settle(batch),
			CloseUnit::Record => T::WeightInfo::close_record(batch),
			CloseUnit::Chunk => T::WeightInfo::close_chunk(participants),
			CloseUnit::Conclude => T::WeightInfo::close_conclude(parameters)
				.saturating_add(Self::server_step_weight(parameters)),
			CloseUnit::Prune => {
				T::WeightInfo::close_advance().saturating_add(Self::prune_weight(batch, parameters))
			},
		}
	}

	/// What `withdraw_departed_clinic` adds for rounds closing in steps: in each of the most
	/// running tasks, the close in progress read and written, and its aggregated chunks
	/// removed.
	pub fn withdraw_from_closes_weight() -> Weight {
		let tasks = u64::from(T::MaxOpenTasks::get());
		let chunks = u64::from(Self::chunk_count(T::MaxParameters::get()));
		T::DbWeight::get().reads_writes(tasks, tasks.saturating_mul(chunks.saturating_add(1)))
	}

	/// How many blocks a round of `participants` datasets (all revealed, all usable) and
	/// `parameters` parameters takes to close in steps when it is the only round closing:
	/// its units in order (settle and record batches, chunks, conclusion, prune batches),
	/// as many a block as `on_initialize`'s budget takes (`CloseBudget`, the hook's own
	/// rule). The latency a round's size costs, in blocks after its reveals.
	pub fn blocks_to_close(participants: u32, parameters: u32) -> u32 {
		let batches = participants.div_ceil(T::ParticipantsPerCloseStep::get().max(1)) as usize;
		let mut units = core::iter::repeat_n(CloseUnit::Settle, batches)
			.chain(core::iter::repeat_n(CloseUnit::Record, batches))
			.chain(core::iter::repeat_n(CloseUnit::Chunk, Self::chunk_count(parameters) as usize))
			.chain(core::iter::once(CloseUnit::Conclude))
			.chain(core::iter::repeat_n(CloseUnit::Prune, batches))
			.peekable();
		let mut blocks = 0;
		while units.peek().is_some() {
			blocks += 1;
			let mut budget =
				CloseBudget::new(T::WeightInfo::scan_open_rounds(1), Self::initialize_budget());
			while let Some(unit) = units.peek() {
				if !budget.take(Self::unit_weight(*unit, participants, parameters)) {
					break;
				}
				units.next();
			}
		}
		blocks
	}

	/// Begins the close of a large round (not compact): enters it in [`Closing`], at its
	/// first settle step, for [`Self::continue_close`].
	pub(crate) fn begin_close(task_id: TaskId, round: RoundNumber) {
		Closing::<T>::insert(
			task_id,
			CloseProgress {
				round,
				step: CloseStep::Settle { next: 0 },
				usable: BoundedVec::new(),
				not_revealed: BoundedVec::new(),
				failure: None,
			},
		);
	}

	/// Works on the close of `task_id` (in [`Closing`]) a unit at a time, while `budget`
	/// allows; what it leaves undone waits for the next block.
	pub(crate) fn continue_close(
		task_id: TaskId,
		now: BlockNumberFor<T>,
		budget: &mut CloseBudget,
	) {
		budget.spend(T::DbWeight::get().reads(1));
		let Some(mut progress) = Closing::<T>::get(task_id) else { return };
		loop {
			budget.spend(T::DbWeight::get().reads(2));
			let task = Tasks::<T>::get(task_id)
				.filter(|t| t.status == TaskStatus::Running && t.round == progress.round);
			let (Some(task), Some(record)) = (task, Rounds::<T>::get(task_id, progress.round))
			else {
				// The task ended meanwhile (governance withdrew too many of its clinics):
				// there is nothing left to close.
				Self::abandon_close(task_id);
				return;
			};
			let unit = match progress.step {
				CloseStep::Settle { .. } => CloseUnit::Settle,
				CloseStep::Record { .. } => CloseUnit::Record,
				CloseStep::Aggregate { next } if next < Self::chunk_count(task.parameter_count) => {
					CloseUnit::Chunk
				},
				CloseStep::Aggregate { .. } => CloseUnit::Conclude,
				CloseStep::Prune { .. } => CloseUnit::Prune,
			};
			let participants = task.participants.len() as u32;
			if !budget.take(Self::unit_weight(unit, participants, task.parameter_count)) {
				Closing::<T>::insert(task_id, progress);
				return;
			}
			let done = Self::close_unit(task_id, task, record, &mut progress, now);
			if done {
				Closing::<T>::remove(task_id);
				return;
			}
		}
	}

	/// Runs the next unit of a large round's close and moves `progress` on; whether the
	/// close is over (the next round is open, or the task ended).
	fn close_unit(
		task_id: TaskId,
		mut task: TaskOf<T>,
		mut record: RoundOf<T>,
		progress: &mut CloseProgressOf<T>,
		now: BlockNumberFor<T>,
	) -> bool {
		let round = progress.round;
		let batch = T::ParticipantsPerCloseStep::get().max(1);
		let quorum = task.params.quorum as usize;
		match progress.step {
			CloseStep::Settle { next } => {
				let end = next.saturating_add(batch);
				let mut settled = SettledRound::default();
				let range = next as usize..end as usize;
				Self::settle_some(task_id, round, &mut task, &mut record, range, &mut settled);
				for (dataset, samples) in settled.usable {
					// Cannot overflow: at most one entry per contribution, and contributions
					// are bounded as `usable` is.
					let _ = progress.usable.try_push((dataset, samples)).defensive();
				}
				for dataset in settled.not_revealed {
					let _ = progress.not_revealed.try_push(dataset).defensive();
				}
				let more = ((end as usize) < record.contributions.len()).then_some(end);
				let next_unit = more.map(|next| CloseStep::Settle { next });
				progress.step =
					Self::after_pass(&task, progress, next_unit, CloseStep::Record { next: 0 });
				Rounds::<T>::insert(task_id, round, record);
				Tasks::<T>::insert(task_id, task);
			},
			CloseStep::Record { next } => {
				let end = next.saturating_add(batch).min(progress.usable.len() as u32);
				let batch: Vec<(DatasetId, u32)> = progress
					.usable
					.iter()
					.skip(next as usize)
					.take((end - next) as usize)
					.copied()
					.collect();
				let mut kept = next;
				let reference = UseReference::FederatedRound { task: task_id, round };
				for (dataset, _) in batch {
					let recorded = T::DataAccess::check_and_record_use(
						&task.researcher,
						dataset,
						&task.algorithm,
						&task.purpose,
						reference,
					);
					if recorded.is_ok() {
						kept = kept.saturating_add(1);
						continue;
					}
					// The grant ended since the round was settled: left out, as at any close.
					progress.usable.retain(|(d, _)| *d != dataset);
					if let Some(c) = record.contributions.iter_mut().find(|c| c.dataset == dataset)
					{
						c.state = ContributionState::Excluded;
					}
					Self::deposit_event(Event::ContributionExcluded {
						task: task_id,
						round,
						dataset,
					});
				}
				let more = ((kept as usize) < progress.usable.len()).then_some(kept);
				let next_unit = more.map(|next| CloseStep::Record { next });
				let next_pass = CloseStep::Aggregate { next: 0 };
				progress.step = Self::after_pass(&task, progress, next_unit, next_pass);
				Rounds::<T>::insert(task_id, round, record);
			},
			CloseStep::Aggregate { next: 0 }
				if progress.failure.is_none() && progress.usable.len() < quorum =>
			{
				// Fewer usable updates than the quorum since a dataset was withdrawn.
				let failure = Self::quorum_not_met(&task, progress.usable.len());
				progress.step = Self::fail_close(&task, progress, failure);
			},
			CloseStep::Aggregate { next } if next < Self::chunk_count(task.parameter_count) => {
				match Self::aggregate_chunk(task_id, &task, &record, progress, next) {
					Ok(values) => {
						AggregateChunks::<T>::insert(task_id, next, values);
						progress.step = CloseStep::Aggregate { next: next.saturating_add(1) };
					},
					Err(reason) => progress.step = Self::fail_close(&task, progress, reason),
				}
			},
			CloseStep::Aggregate { .. } => {
				Self::conclude_large(task_id, &mut task, &mut record, progress, now);
				Rounds::<T>::insert(task_id, round, record);
				Tasks::<T>::insert(task_id, task);
				progress.step = CloseStep::Prune { next: 0 };
			},
			CloseStep::Prune { next } => {
				let end = next.saturating_add(batch);
				if let Some(old) = round.checked_sub(T::MaxRoundsKept::get()) {
					for participant in
						task.participants.iter().take(end as usize).skip(next as usize)
					{
						Self::remove_update(
							task_id,
							old,
							participant.dataset,
							task.parameter_count,
						);
					}
				}
				if (end as usize) < task.participants.len() {
					progress.step = CloseStep::Prune { next: end };
				} else {
					Self::advance_task(task_id, round, task, record, now, false);
					return true;
				}
			},
		}
		false
	}

	/// The step after a unit of a settling or recording pass: `next_unit`, the pass's next
	/// unit, while the pass goes on; once it is over, the close's failure if fewer usable
	/// updates than the quorum are left, and `next_pass` otherwise.
	fn after_pass(
		task: &TaskOf<T>,
		progress: &mut CloseProgressOf<T>,
		next_unit: Option<CloseStep>,
		next_pass: CloseStep,
	) -> CloseStep {
		match next_unit {
			Some(step) => step,
			None if progress.usable.len() < task.params.quorum as usize => {
				let failure = Self::quorum_not_met(task, progress.usable.len());
				Self::fail_close(task, progress, failure)
			},
			None => next_pass,
		}
	}

	/// Fails a close with `reason` (below the quorum, or `fl-core`'s refusal): no chunk is
	/// aggregated any more, and the next unit concludes the round. The step to go to.
	fn fail_close(
		task: &TaskOf<T>,
		progress: &mut CloseProgressOf<T>,
		reason: RoundFailure,
	) -> CloseStep {
		progress.failure = Some(reason);
		CloseStep::Aggregate { next: Self::chunk_count(task.parameter_count) }
	}

	/// Chunk `chunk` of the aggregate of a closing round: the task's rule over that chunk of
	/// every usable update, from that chunk of the round's starting model.
	fn aggregate_chunk(
		task_id: TaskId,
		task: &TaskOf<T>,
		record: &RoundOf<T>,
		progress: &CloseProgressOf<T>,
		chunk: u32,
	) -> Result<ChunkOf<T>, RoundFailure> {
		let missing = RoundFailure::Aggregation(fl_core::AggregationError::NoUpdates);
		let base = Models::<T>::get(task_id, record.base_version).ok_or(missing)?;
		let range = Self::chunk_range(chunk, task.parameter_count);
		let global = base.parameters.get(range).ok_or(missing)?;
		let mut updates = Vec::with_capacity(progress.usable.len());
		for (dataset, samples) in progress.usable.iter() {
			// Every usable update was stored whole at its reveal; a missing chunk would make
			// this chunk's aggregate differ from the others', so the round fails instead.
			let values = RevealedUpdates::<T>::get((task_id, progress.round, *dataset, chunk))
				.defensive_proof("a usable update lacks a chunk")
				.ok_or(missing)?;
			updates.push((values, *samples));
		}
		let client_updates: Vec<ClientUpdate<'_>> = updates
			.iter()
			.map(|(delta, samples)| ClientUpdate { delta, samples: u64::from(*samples) })
			.collect();
		let values = fl_core::aggregate(task.rule, global, &client_updates)
			.map_err(RoundFailure::Aggregation)?;
		ChunkOf::<T>::try_from(values)
			.map_err(|_| RoundFailure::Aggregation(fl_core::AggregationError::TooManyParameters))
	}

	/// Concludes a large round: its failure, or the aggregate put together from its chunks,
	/// then as a compact close (server step, model, outcome, event); the usable updates'
	/// contributions become `Aggregated` (their uses are recorded already).
	fn conclude_large(
		task_id: TaskId,
		task: &mut TaskOf<T>,
		record: &mut RoundOf<T>,
		progress: &CloseProgressOf<T>,
		now: BlockNumberFor<T>,
	) {
		let mut aggregate = Vec::with_capacity(task.parameter_count as usize);
		for chunk in 0..Self::chunk_count(task.parameter_count) {
			if let Some(values) = AggregateChunks::<T>::take(task_id, chunk) {
				aggregate.extend_from_slice(&values);
			}
		}
		let aggregated = match progress.failure {
			Some(reason) => Err(reason),
			None => ParametersOf::<T>::try_from(aggregate).map_err(|_| {
				RoundFailure::Aggregation(fl_core::AggregationError::TooManyParameters)
			}),
		};
		let settled = SettledRound {
			usable: progress.usable.to_vec(),
			not_revealed: progress.not_revealed.to_vec(),
		};
		if Self::conclude_round(task_id, progress.round, task, record, &settled, aggregated, now) {
			Self::mark_aggregated(record, &progress.usable);
		}
	}

	/// Leaves `dataset`'s update out of its task's close in progress, if any: it was
	/// withdrawn, so it is not aggregated. Chunks aggregated with it are computed again.
	/// (A use already logged for it stays logged: its update was about to be used.)
	pub(crate) fn withdraw_from_close(task_id: TaskId, dataset: DatasetId) {
		let Some(mut progress) = Closing::<T>::get(task_id) else { return };
		let Some(index) = progress.usable.iter().position(|(d, _)| *d == dataset) else { return };
		progress.usable.remove(index);
		let index = index as u32;
		match progress.step {
			CloseStep::Record { next } if index < next => {
				progress.step = CloseStep::Record { next: next.saturating_sub(1) };
			},
			CloseStep::Aggregate { .. } => {
				let _ = AggregateChunks::<T>::clear_prefix(task_id, u32::MAX, None);
				progress.step = CloseStep::Aggregate { next: 0 };
			},
			_ => {},
		}
		Closing::<T>::insert(task_id, progress);
	}

	/// Drops the close of a task that ended while it was closing, with its chunks.
	pub(crate) fn abandon_close(task_id: TaskId) {
		Closing::<T>::remove(task_id);
		let _ = AggregateChunks::<T>::clear_prefix(task_id, u32::MAX, None);
	}
}
