//! Benchmarks for `pallet-federated-learning`, each in its worst case: `p` participants and a
//! model of `n` parameters, the last commitment (which also opens the reveal phase), a reveal
//! under DP (hash, norm bound and privacy charge), and a close that aggregates every
//! participant's update with the sorting rule (trimmed mean), records every use, prunes an old
//! round and an old model, and opens the next round.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as FederatedLearning;
use alloc::{vec, vec::Vec};
use fl_core::{
	fixed, AggregationRule, Architecture, DpSgd, FeatureScaling, ModelSpec, TrainingParams,
};
use frame_benchmarking::v2::*;
use frame_support::{pallet_prelude::*, traits::Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use ivf_primitives::{ConsortiumMembership, Jurisdiction, RoleKind};
use pallet_data_access::{DatasetId, ResearchAim, ResearchPurpose};

fn assert_last_event<T: Config>(event: Event<T>) {
	frame_system::Pallet::<T>::assert_last_event(event.into());
}

fn purpose() -> ResearchPurpose {
	ResearchPurpose {
		aim: ResearchAim::MethodsDevelopment(None),
		commercial: false,
		genetic: false,
	}
}

/// A valid spec of about `n` parameters (exactly `n` up to 3; at most `n` beyond), with a
/// short encoding: logistic regression for tiny models, else a one-hidden-layer MLP over few
/// features, which reaches thousands of parameters with a normalisation of a few entries.
fn spec_with(n: u32, dp: bool) -> ModelSpec {
	let n = n.max(2);
	let architecture = if n < 4 {
		Architecture::LogisticRegression { features: n - 1 }
	} else {
		let features = ((n - 1) / 256).max(1);
		let hidden = ((n - 1) / (features + 2)).clamp(1, fl_core::spec::MAX_HIDDEN_UNITS);
		Architecture::Mlp { features, hidden }
	};
	ModelSpec {
		normalisation: vec![FeatureScaling { mean: 0, scale: fixed::ONE }; architecture.features()],
		architecture,
		training: TrainingParams {
			learning_rate_ppm: 100_000,
			epochs: 1,
			batch_size: 16,
			l2_ppm: 0,
		},
		privacy: dp.then_some(DpSgd { clip_norm_ppm: 1_000_000, noise_multiplier_ppm: 8_000_000 }),
		initial_model_seed: 1,
	}
}

fn params<T: Config>(p: u32) -> TaskParams<BlockNumberFor<T>> {
	TaskParams {
		rounds: T::MaxRounds::get(),
		quorum: p,
		commit_window: T::MaxWindow::get(),
		reveal_window: T::MaxWindow::get(),
		max_samples: 1_000,
		max_update_norm_ppm: 1_000_000_000,
	}
}

/// A researcher and `p` datasets of distinct clinics, each granting the researcher `spec`.
fn participants<T: Config>(
	p: u32,
	spec: &ModelSpec,
	rule: AggregationRule,
) -> (T::AccountId, Vec<(DatasetId, T::AccountId)>) {
	let algorithm = task_algorithm(&spec.id(), &params::<T>(p), &rule);
	let researcher: T::AccountId = account("researcher", 0, 0);
	T::Membership::admit_for_benchmarks(&researcher, RoleKind::Researcher, Jurisdiction(*b"GB"));
	let datasets = (0..p)
		.map(|i| {
			let clinic: T::AccountId = account("clinic", i, 0);
			let dataset = T::BenchmarkHelper::dataset_with_grant(
				&clinic,
				&researcher,
				algorithm,
				purpose(),
				u64::MAX / 4,
			);
			(dataset, clinic)
		})
		.collect();
	(researcher, datasets)
}

/// A running task over `p` datasets with a model of about `n` parameters, in round 1.
fn task<T: Config>(
	p: u32,
	n: u32,
	dp: bool,
	rule: AggregationRule,
) -> Result<(TaskId, Vec<(DatasetId, T::AccountId)>), BenchmarkError> {
	frame_system::Pallet::<T>::set_block_number(1u32.into());
	let spec = spec_with(n, dp);
	let (researcher, datasets) = participants::<T>(p, &spec, rule);
	let id = NextTaskId::<T>::get();
	FederatedLearning::<T>::create_task(
		RawOrigin::Signed(researcher).into(),
		spec,
		purpose(),
		BoundedVec::truncate_from(datasets.iter().map(|(d, _)| *d).collect()),
		params::<T>(p),
		rule,
	)?;
	Ok((id, datasets))
}

fn one_update<T: Config>(task: TaskId) -> Vec<i32> {
	let n = Tasks::<T>::get(task).map_or(0, |t| t.parameter_count);
	vec![1; n as usize]
}

fn commitment<T: Config>(
	task: TaskId,
	dataset: DatasetId,
	clinic: &T::AccountId,
	update: &[i32],
	salt: &Hash32,
) -> Commitment {
	let context = FederatedLearning::<T>::commitment_context(task, 1, dataset, clinic);
	Commitment {
		update_hash: commitment_hash(&context, update, salt),
		samples: 1_000,
		cohort_hash: [3; 32],
		scores: ScoreHistogram { positives: [30; 10], negatives: [70; 10] },
	}
}

fn commit_all<T: Config>(
	task: TaskId,
	datasets: &[(DatasetId, T::AccountId)],
	update: &[i32],
) -> Result<(), BenchmarkError> {
	for (dataset, clinic) in datasets {
		FederatedLearning::<T>::commit_update(
			RawOrigin::Signed(clinic.clone()).into(),
			task,
			1,
			*dataset,
			commitment::<T>(task, *dataset, clinic, update, &[7; 32]),
		)?;
	}
	Ok(())
}

fn reveal_all<T: Config>(
	task: TaskId,
	datasets: &[(DatasetId, T::AccountId)],
	update: &[i32],
) -> Result<(), BenchmarkError> {
	for (dataset, clinic) in datasets {
		FederatedLearning::<T>::reveal_update(
			RawOrigin::Signed(clinic.clone()).into(),
			task,
			1,
			*dataset,
			BoundedVec::truncate_from(update.to_vec()),
			[7; 32],
		)?;
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_task(
		p: Linear<2, { T::MaxParticipants::get() }>,
		n: Linear<2, { T::MaxParameters::get() }>,
	) -> Result<(), BenchmarkError> {
		frame_system::Pallet::<T>::set_block_number(1u32.into());
		let spec = spec_with(n, true);
		let rule = AggregationRule::FedAvg;
		let (researcher, datasets) = participants::<T>(p, &spec, rule);
		let ids: DatasetsOf<T> =
			BoundedVec::truncate_from(datasets.iter().map(|(d, _)| *d).collect());

		#[extrinsic_call]
		_(RawOrigin::Signed(researcher), spec, purpose(), ids, params::<T>(p), rule);

		ensure!(Tasks::<T>::contains_key(0), "task created");
		Ok(())
	}

	#[benchmark]
	fn commit_update(p: Linear<2, { T::MaxParticipants::get() }>) -> Result<(), BenchmarkError> {
		// Under DP: the commitment's score histogram is charged to the budget.
		let (task, datasets) = task::<T>(p, 2, true, AggregationRule::FedAvg)?;
		let update = one_update::<T>(task);
		let (last, others) = datasets.split_last().ok_or(BenchmarkError::Weightless)?;
		commit_all::<T>(task, others, &update)?;
		let (dataset, clinic) = last.clone();
		let commitment = commitment::<T>(task, dataset, &clinic, &update, &[7; 32]);

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), task, 1, dataset, commitment);

		assert_last_event::<T>(Event::RevealPhaseOpened {
			task,
			round: 1,
			reveal_from: 2u32.into(),
		});
		Ok(())
	}

	#[benchmark]
	fn reveal_update(
		p: Linear<2, { T::MaxParticipants::get() }>,
		n: Linear<2, { T::MaxParameters::get() }>,
	) -> Result<(), BenchmarkError> {
		let (task, datasets) = task::<T>(p, n, true, AggregationRule::FedAvg)?;
		let update = one_update::<T>(task);
		commit_all::<T>(task, &datasets, &update)?;
		frame_system::Pallet::<T>::set_block_number(2u32.into());
		let (last, others) = datasets.split_last().ok_or(BenchmarkError::Weightless)?;
		reveal_all::<T>(task, others, &update)?;
		let (dataset, clinic) = last.clone();
		let bounded: ParametersOf<T> = BoundedVec::truncate_from(update.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), task, 1, dataset, bounded, [7; 32]);

		ensure!(RevealedUpdates::<T>::contains_key((task, 1, dataset)), "update stored");
		Ok(())
	}

	/// Closes a round of `p` revealed updates of `n` parameters with the trimmed mean, in a
	/// round late enough that an old round's updates and an old model are pruned.
	#[benchmark]
	fn close_round(
		p: Linear<3, { T::MaxParticipants::get() }>,
		n: Linear<2, { T::MaxParameters::get() }>,
	) -> Result<(), BenchmarkError> {
		// A trimmed mean trims at least one from each side, so it needs three updates.
		let rule = AggregationRule::TrimmedMean { trim_each_side: 1 };
		let (task, datasets) = task::<T>(p, n, true, rule)?;
		let update = one_update::<T>(task);
		commit_all::<T>(task, &datasets, &update)?;
		frame_system::Pallet::<T>::set_block_number(2u32.into());
		reveal_all::<T>(task, &datasets, &update)?;

		// Move round 1 to round `kept + 1` and the starting model to version `kept + 1`, so the
		// close prunes round 1's updates and model version 1.
		let kept = T::MaxRoundsKept::get();
		let (round, version) = (kept.saturating_add(1), kept.saturating_add(1));
		let mut record = Rounds::<T>::get(task, 1).ok_or(BenchmarkError::Weightless)?;
		let base = Models::<T>::get(task, 0).ok_or(BenchmarkError::Weightless)?;
		record.base_version = version;
		Rounds::<T>::insert(task, round, record);
		Models::<T>::insert(task, version, base.clone());
		Models::<T>::insert(task, 1, base);
		for (dataset, _) in &datasets {
			let revealed =
				RevealedUpdates::<T>::get((task, 1, *dataset)).ok_or(BenchmarkError::Weightless)?;
			RevealedUpdates::<T>::insert((task, round, *dataset), revealed);
		}
		Tasks::<T>::mutate(task, |t| {
			if let Some(t) = t {
				t.round = round;
				t.model_version = version;
			}
		});
		OpenRounds::<T>::mutate(|open| {
			if let Some(entry) = open.iter_mut().find(|e| e.task == task) {
				entry.round = round;
			}
		});
		let now: BlockNumberFor<T> = 3u32.into();
		frame_system::Pallet::<T>::set_block_number(now);

		#[block]
		{
			FederatedLearning::<T>::close_round(task, round, now);
		}

		ensure!(Models::<T>::contains_key(task, version + 1), "aggregated");
		ensure!(!Models::<T>::contains_key(task, 1), "old model pruned");
		ensure!(
			datasets.iter().all(|(d, _)| !RevealedUpdates::<T>::contains_key((task, 1, *d))),
			"old round pruned"
		);
		Ok(())
	}

	/// The block-start scan of `t` open rounds, none of them due.
	#[benchmark]
	fn scan_open_rounds(t: Linear<0, { T::MaxOpenTasks::get() }>) {
		let far: BlockNumberFor<T> = 1_000u32.into();
		let entries: Vec<_> = (0..t)
			.map(|i| OpenRound {
				task: i as TaskId,
				round: 1,
				reveal_from: far,
				close_at: far,
				committed: 1,
				revealed: 0,
			})
			.collect();
		OpenRounds::<T>::put(BoundedVec::truncate_from(entries));

		#[block]
		{
			FederatedLearning::<T>::on_initialize(10u32.into());
		}

		assert_eq!(OpenRounds::<T>::get().len() as u32, t);
	}

	/// Worst case: `t` running tasks of `MaxParticipants` datasets, each listing the departed
	/// clinic's dataset with a commitment in the open round, and each left below its quorum
	/// (the quorum is every dataset), so every task ends.
	#[benchmark]
	fn withdraw_departed_clinic(
		t: Linear<1, { T::MaxOpenTasks::get() }>,
	) -> Result<(), BenchmarkError> {
		let p = T::MaxParticipants::get();
		// Outside the consortium: the runtime's helper admits every dataset's clinic.
		let departed: T::AccountId = account("departed", 0, 0);
		for _ in 0..t {
			let (id, datasets) = task::<T>(p, 2, false, AggregationRule::FedAvg)?;
			let (dataset, clinic) = datasets.first().cloned().ok_or(BenchmarkError::Weightless)?;
			let update = one_update::<T>(id);
			let commitment = commitment::<T>(id, dataset, &clinic, &update, &[1; 32]);
			Rounds::<T>::try_mutate(id, 1, |record| {
				let record = record.as_mut().ok_or(())?;
				record
					.contributions
					.try_push(Contribution {
						dataset,
						commitment,
						state: ContributionState::Committed,
						rho_charged: 0,
					})
					.map_err(|_| ())
			})
			.map_err(|()| BenchmarkError::Stop("cannot commit"))?;
			Tasks::<T>::mutate(id, |task| {
				if let Some(participant) =
					task.as_mut().and_then(|t| t.participants.iter_mut().next())
				{
					participant.clinic = departed.clone();
				}
			});
		}
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, departed.clone());

		assert!(OpenRounds::<T>::get().is_empty());
		assert_last_event::<T>(Event::DepartedClinicWithdrawn {
			clinic: departed,
			tasks: t,
			ended: t,
		});
		Ok(())
	}

	impl_benchmark_test_suite!(FederatedLearning, crate::mock::new_test_ext(), crate::mock::Test);
}
