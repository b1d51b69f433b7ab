//! The pallet's invariants, as code: the `try_state` hook runs them on a live chain's state
//! (`try-runtime`), every unit test runs them when it ends (`mock::new_test_ext`), and the
//! call-sequence fuzzer after every call and every block.
//!
//! They say that the indexes agree with the records, and that what the crate docs' "Design"
//! retains is what state holds: the open round of every running task and of no other, the
//! latest `MaxRoundsKept + 1` model versions and the revealed updates of the latest
//! `MaxRoundsKept` closed rounds, and the server optimiser's moments of the retained
//! versions of tasks that have an optimiser, one entry per parameter.

use crate::{pallet::*, types::*};
use frame_support::{ensure, traits::Get};
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the module docs; the first that fails names itself.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::open_rounds_match_their_tasks()?;
		Self::tasks_hold_their_models()?;
		Self::rounds_and_updates_belong_to_their_tasks()?;
		Self::moments_belong_to_optimised_tasks()?;
		Ok(())
	}

	/// Server moments exist only for a task with an optimiser other than `Sgd`, for a
	/// retained aggregated version (1 to the task's version), with one entry per parameter.
	fn moments_belong_to_optimised_tasks() -> Result<(), TryRuntimeError> {
		for (id, optimiser) in TaskOptimisers::<T>::iter() {
			ensure!(Tasks::<T>::contains_key(id), "an optimiser of an unknown task");
			ensure!(optimiser != fl_core::ServerOptimiser::Sgd, "an Sgd optimiser kept in state");
		}
		let kept = T::MaxRoundsKept::get();
		for (id, version, moments) in ServerMoments::<T>::iter() {
			let task = Tasks::<T>::get(id).ok_or("moments of an unknown task")?;
			ensure!(TaskOptimisers::<T>::contains_key(id), "moments of a task without optimiser");
			ensure!(
				version >= 1 && version <= task.model_version,
				"moments of a version the task never made"
			);
			ensure!(
				version.saturating_add(kept) >= task.model_version,
				"moments older than the retention"
			);
			let length = task.parameter_count as usize;
			ensure!(
				moments.first_moment.len() == length && moments.second_moment.len() == length,
				"moments of another length than the task's model"
			);
		}
		Ok(())
	}

	/// Every open round is the current round of a running task, with an open record that
	/// closes when the index says and commitments from the task's own datasets only.
	fn open_rounds_match_their_tasks() -> Result<(), TryRuntimeError> {
		for entry in OpenRounds::<T>::get() {
			let task = Tasks::<T>::get(entry.task).ok_or("an open round of an unknown task")?;
			ensure!(task.status == TaskStatus::Running, "an open round of a task that ended");
			ensure!(task.round == entry.round, "an open round that is not its task's round");
			let record = Rounds::<T>::get(entry.task, entry.round)
				.ok_or("an open round without a round record")?;
			// A round closing in steps has its outcome from its conclusion on, and leaves the
			// index when the next round opens, after its last prune step.
			let concluded = matches!(
				Closing::<T>::get(entry.task).map(|p| p.step),
				Some(CloseStep::Prune { .. })
			);
			ensure!(
				record.outcome == RoundOutcome::Open || concluded,
				"an open round whose record is closed"
			);
			ensure!(record.close_at == entry.close_at, "an open round's deadline differs");
			ensure!(
				record.contributions.iter().all(|c| task.participant(c.dataset).is_some()),
				"a commitment from a dataset outside the task"
			);
		}
		Ok(())
	}

	/// Every task has an id below [`NextTaskId`], one open round while running and none
	/// after, as many model versions as aggregated rounds (never more than it asked for),
	/// its current model in state, and no model older than the retention.
	fn tasks_hold_their_models() -> Result<(), TryRuntimeError> {
		let open = OpenRounds::<T>::get();
		let next = NextTaskId::<T>::get();
		for (id, task) in Tasks::<T>::iter() {
			ensure!(id < next, "a task id at or past NextTaskId");
			let indexed = open.iter().filter(|e| e.task == id).count();
			ensure!(
				indexed == usize::from(task.status == TaskStatus::Running),
				"a running task without exactly one open round, or an ended one with one"
			);
			ensure!(
				task.aggregated_rounds <= task.params.rounds,
				"more rounds aggregated than the task asked for"
			);
			ensure!(
				task.model_version == task.aggregated_rounds,
				"a model version that is not the number of aggregated rounds"
			);
			ensure!(
				Models::<T>::contains_key(id, task.model_version),
				"a task's current model is not in state"
			);
		}
		for (id, version, _) in Models::<T>::iter() {
			let task = Tasks::<T>::get(id).ok_or("a model of an unknown task")?;
			ensure!(version <= task.model_version, "a model version past its task's");
			ensure!(
				task.model_version - version <= T::MaxRoundsKept::get(),
				"a model version older than MaxRoundsKept + 1 versions"
			);
		}
		Ok(())
	}

	/// Round records, revealed and masked updates and secure-round records belong to a task,
	/// to one of its rounds so far and to one of its datasets; updates are those of the latest
	/// `MaxRoundsKept` closed rounds or of the open one.
	fn rounds_and_updates_belong_to_their_tasks() -> Result<(), TryRuntimeError> {
		for (id, round, _) in Rounds::<T>::iter() {
			let task = Tasks::<T>::get(id).ok_or("a round of an unknown task")?;
			ensure!(round >= 1 && round <= task.round, "a round record past its task's round");
		}
		let retained = Pallet::<T>::round_retained;
		for ((id, round, dataset, chunk), values) in RevealedUpdates::<T>::iter() {
			let task = Tasks::<T>::get(id).ok_or("a revealed update of an unknown task")?;
			ensure!(task.participant(dataset).is_some(), "a revealed update of another dataset");
			ensure!(retained(&task, round), "a revealed update kept past MaxRoundsKept rounds");
			ensure!(
				values.len() == Pallet::<T>::chunk_range(chunk, task.parameter_count).len(),
				"a chunk of a revealed update out of its task's shape"
			);
		}
		for (id, progress) in Closing::<T>::iter() {
			let task = Tasks::<T>::get(id).ok_or("a closing round of an unknown task")?;
			ensure!(task.status == TaskStatus::Running, "a closing round of an ended task");
			ensure!(progress.round == task.round, "a closing round other than the open one");
			ensure!(
				task.rule.is_coordinate_wise(),
				"a round of Krum or secure aggregation in steps"
			);
			let chunks = Pallet::<T>::chunk_count(task.parameter_count);
			let in_range = match progress.step {
				CloseStep::Settle { next } => (next as usize) < task.participants.len(),
				CloseStep::Record { next } => next as usize <= progress.usable.len(),
				CloseStep::Aggregate { next } => next <= chunks,
				CloseStep::Prune { next } => (next as usize) < task.participants.len(),
			};
			ensure!(in_range, "a closing round's step past its end");
		}
		for (id, chunk) in AggregateChunks::<T>::iter_keys() {
			let progress =
				Closing::<T>::get(id).ok_or("an aggregated chunk of no closing round")?;
			let aggregated = matches!(progress.step, CloseStep::Aggregate { next } if chunk < next);
			ensure!(aggregated, "an aggregated chunk not yet computed, or left after the close");
		}
		for ((id, round, dataset), _) in MaskedUpdates::<T>::iter() {
			let task = Tasks::<T>::get(id).ok_or("a masked update of an unknown task")?;
			ensure!(task.rule.is_secure(), "a masked update of a task in the clear");
			ensure!(task.participant(dataset).is_some(), "a masked update of another dataset");
			ensure!(retained(&task, round), "a masked update kept past MaxRoundsKept rounds");
		}
		for (id, round, _) in SecureRounds::<T>::iter() {
			let task = Tasks::<T>::get(id).ok_or("a secure round of an unknown task")?;
			ensure!(task.rule.is_secure(), "a secure round of a task in the clear");
			ensure!(retained(&task, round), "a secure round kept past MaxRoundsKept rounds");
		}
		Ok(())
	}
}
