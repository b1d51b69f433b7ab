//! Benchmarks for `pallet-federated-learning`, each in its worst case: `p` participants and a
//! model of `n` parameters, the last commitment (which also opens the reveal phase), a reveal
//! under DP (hash, norm bound and privacy charge), and a close that aggregates every
//! participant's update with the sorting rule (trimmed mean), records every use, prunes an old
//! round and an old model, and opens the next round. Securely aggregated rounds: the last
//! participant's keys, dealing and unmasking shares (each checked against `p` commitments),
//! and a close that unmasks with the most pairwise masks to remove: the fewest survivors the
//! threshold allows, every other participant dropped.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as FederatedLearning;
use alloc::{vec, vec::Vec};
use fl_core::{fixed, AggregationRule, Architecture, DpSgd, FeatureScaling, ModelSpec};
use frame_benchmarking::v2::*;
use frame_support::{pallet_prelude::*, traits::Hooks};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use ivf_primitives::data_access::{DatasetId, ResearchAim, ResearchPurpose};
use ivf_primitives::{ConsortiumMembership, Jurisdiction, RoleKind};

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

/// A valid spec of about `n` parameters (20 below 42; at most `n` beyond): logistic
/// regression for small models, else a one-hidden-layer MLP over the IVF default's inputs.
fn spec_with(n: u32, dp: bool) -> ModelSpec {
	// The IVF default's 19 inputs (a spec without a study question must have them): logistic
	// regression (20 parameters) below 42, else an MLP of `21 h + 1` parameters.
	let features = fl_core::features::FEATURE_COUNT as u32;
	let architecture = if n < 42 {
		Architecture::LogisticRegression { features }
	} else {
		let hidden = ((n - 1) / (features + 2)).clamp(1, fl_core::spec::MAX_HIDDEN_UNITS);
		Architecture::Mlp { features, hidden }
	};
	ModelSpec {
		normalisation: vec![FeatureScaling { mean: 0, scale: fixed::ONE }; architecture.features()],
		architecture,
		privacy: dp.then_some(DpSgd::local(1_000_000, 8_000_000)),
		..ModelSpec::reference_logistic(1)
	}
}

fn params<T: Config>(p: u32, rule: AggregationRule) -> TaskParams<BlockNumberFor<T>> {
	TaskParams {
		rounds: T::MaxRounds::get(),
		// A secure round may aggregate from the threshold's survivors; the other rules wait for
		// every participant.
		quorum: if rule.is_secure() { crate::unmasking_threshold(p).min(p) } else { p },
		commit_window: T::MaxWindow::get(),
		reveal_window: T::MaxWindow::get(),
		max_samples: 1_000,
		max_update_norm_ppm: 1_000_000_000,
	}
}

/// Researcher `researcher` and `p` datasets of distinct clinics, each granting the researcher
/// `spec`.
fn participants<T: Config>(
	researcher: u32,
	p: u32,
	spec: &ModelSpec,
	rule: AggregationRule,
) -> (T::AccountId, Vec<(DatasetId, T::AccountId)>) {
	let algorithm = task_algorithm(&spec.id(), &params::<T>(p, rule), &rule);
	let researcher: T::AccountId = account("researcher", researcher, 0);
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

/// A task and its participants: each dataset with its clinic's account.
type TaskAndParticipants<T> = (TaskId, Vec<(DatasetId, <T as frame_system::Config>::AccountId)>);

/// A running task over `p` datasets with a model of about `n` parameters, in round 1.
fn task<T: Config>(
	p: u32,
	n: u32,
	dp: bool,
	rule: AggregationRule,
) -> Result<TaskAndParticipants<T>, BenchmarkError> {
	task_of::<T>(0, p, n, dp, rule)
}

/// [`task`] of researcher `researcher`: tasks of several researchers do not fill one
/// researcher's grant list (`MaxGrantsPerResearcher`).
fn task_of<T: Config>(
	researcher: u32,
	p: u32,
	n: u32,
	dp: bool,
	rule: AggregationRule,
) -> Result<TaskAndParticipants<T>, BenchmarkError> {
	frame_system::Pallet::<T>::set_block_number(1u32.into());
	let spec = spec_with(n, dp);
	let (researcher, datasets) = participants::<T>(researcher, p, &spec, rule);
	let id = NextTaskId::<T>::get();
	FederatedLearning::<T>::create_task(
		RawOrigin::Signed(researcher).into(),
		spec,
		purpose(),
		BoundedVec::truncate_from(datasets.iter().map(|(d, _)| *d).collect()),
		params::<T>(p, rule),
		rule,
	)?;
	Ok((id, datasets))
}

/// The most parameters a benchmark's spec has: [`spec_with`]'s MLP over the IVF default's 19
/// inputs reaches 5,377 at its widest hidden layer, so the parameter components run to
/// 5,000 (or the bound, if lower) and the weights are linear in them beyond.
fn max_bench_parameters<T: Config>() -> u32 {
	T::MaxParameters::get().min(5_000)
}

/// A task of `p` datasets, about `n` parameters and `rule`, its round 1 at the start of its
/// close: every dataset committed and revealed a random update (stored as a reveal stores
/// it), at block 3.
fn revealed_round<T: Config>(
	p: u32,
	n: u32,
	rule: AggregationRule,
) -> Result<TaskAndParticipants<T>, BenchmarkError> {
	let (task, datasets) = task::<T>(p, n, false, rule)?;
	for (i, participant) in datasets.iter().enumerate() {
		let update = random_update::<T>(task, i as u32);
		commit_all::<T>(task, core::slice::from_ref(participant), &update)?;
		FederatedLearning::<T>::store_update(task, 1, participant.0, &update);
	}
	Rounds::<T>::mutate(task, 1, |record| {
		for c in record.iter_mut().flat_map(|r| r.contributions.iter_mut()) {
			c.state = ContributionState::Revealed;
		}
	});
	frame_system::Pallet::<T>::set_block_number(3u32.into());
	Ok((task, datasets))
}

/// Puts the close of round 1 of `task` at `step`, with every participant's update usable.
fn close_at_step<T: Config>(task: TaskId, datasets: &[(DatasetId, T::AccountId)], step: CloseStep) {
	let usable = datasets.iter().map(|(d, _)| (*d, 1_000)).collect();
	Closing::<T>::insert(
		task,
		CloseProgress {
			round: 1,
			step,
			usable: BoundedVec::truncate_from(usable),
			not_revealed: BoundedVec::new(),
			failure: None,
		},
	);
}

/// Runs one unit of `task`'s close, as a block whose budget allows no more than its first.
fn one_close_unit<T: Config>(task: TaskId) {
	let mut budget = crate::CloseBudget::new(Weight::zero(), Weight::zero());
	FederatedLearning::<T>::continue_close(task, 3u32.into(), &mut budget);
}

fn one_update<T: Config>(task: TaskId) -> Vec<i32> {
	let n = Tasks::<T>::get(task).map_or(0, |t| t.parameter_count);
	vec![1; n as usize]
}

/// Participant `index`'s update in the close benchmark: small pseudo-random values (well
/// inside any clipping bound), different for every participant, so that the median and the
/// trimmed mean select from unsorted coordinates, not from identical ones (their best case).
fn random_update<T: Config>(task: TaskId, index: u32) -> Vec<i32> {
	let n = Tasks::<T>::get(task).map_or(0, |t| t.parameter_count);
	let mut state = (u64::from(index) + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
	(0..n)
		.map(|_| {
			// xorshift64
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			(state % 256) as i32 - 128
		})
		.collect()
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

/// Participant `i`'s round secrets in the secure benchmarks.
fn keys_of(i: usize) -> fl_core::secure_aggregation::MaskKeys {
	fl_core::secure_aggregation::MaskKeys::from_seed(&[i as u8 + 1; 32])
}

/// A running secure task over `p` datasets with a model of about `n` parameters, its round 1
/// taken to the start of the phase `stage` names: 0 keys (none published), 1 shares (all
/// published), 2 commit (all dealt), 3 unmasking (the first `survivors` committed and revealed
/// masked updates). Returns the task and its datasets.
fn secure_task<T: Config>(
	p: u32,
	n: u32,
	stage: u8,
	survivors: usize,
) -> Result<TaskAndParticipants<T>, BenchmarkError> {
	use fl_core::secure_aggregation as secagg;
	let (task, datasets) = task::<T>(p, n, true, AggregationRule::SecureFedAvg)?;
	if stage == 0 {
		return Ok((task, datasets));
	}
	for (i, (dataset, clinic)) in datasets.iter().enumerate() {
		FederatedLearning::<T>::publish_mask_keys(
			RawOrigin::Signed(clinic.clone()).into(),
			task,
			1,
			*dataset,
			keys_of(i).public_keys(),
		)?;
	}
	frame_system::Pallet::<T>::set_block_number(2u32.into());
	if stage == 1 {
		return Ok((task, datasets));
	}
	let secure = SecureRounds::<T>::get(task, 1).ok_or(BenchmarkError::Weightless)?;
	let parameters = Tasks::<T>::get(task).map_or(0, |t| t.parameter_count);
	let context = mask_context(task, 1, parameters);
	for (i, (dataset, clinic)) in datasets.iter().enumerate() {
		let dealt = secagg::deal_shares(
			&context,
			&keys_of(i),
			i as u32,
			&secure.keys(),
			secure.threshold() as usize,
		)
		.map_err(|_| BenchmarkError::Stop("cannot deal"))?;
		FederatedLearning::<T>::deal_mask_shares(
			RawOrigin::Signed(clinic.clone()).into(),
			task,
			1,
			*dataset,
			BoundedVec::truncate_from(dealt),
		)?;
	}
	frame_system::Pallet::<T>::set_block_number(3u32.into());
	if stage == 2 {
		return Ok((task, datasets));
	}
	let update = one_update::<T>(task);
	let mut masked_updates = Vec::new();
	for (i, (dataset, clinic)) in datasets.iter().enumerate().take(survivors) {
		let weighted = secagg::weighted_update(&update, 1_000)
			.map_err(|_| BenchmarkError::Stop("cannot weigh"))?;
		let masked = secagg::mask(&context, &keys_of(i), i as u32, &secure.keys(), &weighted)
			.map_err(|_| BenchmarkError::Stop("cannot mask"))?;
		let commitment_context =
			FederatedLearning::<T>::commitment_context(task, 1, *dataset, clinic);
		FederatedLearning::<T>::commit_update(
			RawOrigin::Signed(clinic.clone()).into(),
			task,
			1,
			*dataset,
			Commitment {
				update_hash: masked_commitment_hash(&commitment_context, &masked, &[7; 32]),
				samples: 1_000,
				cohort_hash: [3; 32],
				scores: ScoreHistogram { positives: [30; 10], negatives: [70; 10] },
			},
		)?;
		masked_updates.push((*dataset, clinic.clone(), masked));
	}
	let reveal_from = Rounds::<T>::get(task, 1)
		.map(|r| r.reveal_from)
		.ok_or(BenchmarkError::Weightless)?;
	frame_system::Pallet::<T>::set_block_number(reveal_from);
	for (dataset, clinic, masked) in masked_updates {
		FederatedLearning::<T>::reveal_masked_update(
			RawOrigin::Signed(clinic).into(),
			task,
			1,
			dataset,
			BoundedVec::truncate_from(masked),
			[7; 32],
		)?;
	}
	let unmask_from = SecureRounds::<T>::get(task, 1)
		.map(|s| s.unmask_from)
		.ok_or(BenchmarkError::Weightless)?;
	frame_system::Pallet::<T>::set_block_number(unmask_from.max(reveal_from));
	Ok((task, datasets))
}

/// The shares holder `holder` (participant index) reveals at unmasking.
fn unmasking_shares<T: Config>(
	task: TaskId,
	holder: usize,
) -> Result<UnmaskingSharesOf<T>, BenchmarkError> {
	use fl_core::secure_aggregation::{self as secagg, SecretKind};
	let secure = SecureRounds::<T>::get(task, 1).ok_or(BenchmarkError::Weightless)?;
	let record = Rounds::<T>::get(task, 1).ok_or(BenchmarkError::Weightless)?;
	let parameters = Tasks::<T>::get(task).map_or(0, |t| t.parameter_count);
	let context = mask_context(task, 1, parameters);
	let mut shares = Vec::new();
	for (dealer, (dataset, _)) in secure.participants.iter().enumerate() {
		let survived = record
			.contributions
			.iter()
			.any(|c| c.dataset == *dataset && c.state == ContributionState::Revealed);
		let kind = if survived { SecretKind::SelfMask } else { SecretKind::MaskKey };
		let pair = DealtShares::<T>::get((task, 1, *dataset))
			.and_then(|d| d.get(holder).copied())
			.ok_or(BenchmarkError::Weightless)?;
		let sealed = if survived { pair.self_mask } else { pair.mask_key };
		shares.push(
			secagg::open_share(
				&context,
				&keys_of(holder),
				holder as u32,
				dealer as u32,
				&secure.keys(),
				kind,
				&sealed,
			)
			.map_err(|_| BenchmarkError::Stop("cannot open a share"))?,
		);
	}
	Ok(BoundedVec::truncate_from(shares))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_task(
		p: Linear<2, { T::MaxParticipants::get() }>,
		n: Linear<2, { max_bench_parameters::<T>() }>,
	) -> Result<(), BenchmarkError> {
		frame_system::Pallet::<T>::set_block_number(1u32.into());
		let spec = spec_with(n, true);
		let rule = AggregationRule::FedAvg;
		let (researcher, datasets) = participants::<T>(0, p, &spec, rule);
		let ids: DatasetsOf<T> =
			BoundedVec::truncate_from(datasets.iter().map(|(d, _)| *d).collect());

		#[extrinsic_call]
		_(RawOrigin::Signed(researcher), spec, purpose(), ids, params::<T>(p, rule), rule);

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
		n: Linear<2, { max_bench_parameters::<T>() }>,
	) -> Result<(), BenchmarkError> {
		let (task, datasets) = task::<T>(p, n, true, AggregationRule::FedAvg)?;
		let update = one_update::<T>(task);
		commit_all::<T>(task, &datasets, &update)?;
		frame_system::Pallet::<T>::set_block_number(2u32.into());
		// The next to last reveal, with every other one but the last done: the last reveal
		// closes the round, and is priced as this plus the close (`close_round`).
		let (last, others) = datasets.split_last().ok_or(BenchmarkError::Weightless)?;
		let (measured, before) = others.split_last().ok_or(BenchmarkError::Weightless)?;
		reveal_all::<T>(task, before, &update)?;
		let (dataset, clinic) = measured.clone();
		let bounded: ParametersOf<T> = BoundedVec::truncate_from(update.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), task, 1, dataset, bounded, [7; 32]);

		ensure!(RevealedUpdates::<T>::contains_key((task, 1, dataset, 0)), "update stored");
		ensure!(!RevealedUpdates::<T>::contains_key((task, 1, last.0, 0)), "the last to reveal");
		Ok(())
	}

	/// Closes a round of `p` revealed random updates of `n` parameters with the trimmed mean
	/// (the dearest of the clear rules the weight covers; Krum is priced on top), in a round
	/// late enough that an old round's updates and an old model are pruned.
	#[benchmark]
	fn close_round(
		p: Linear<3, { T::MaxCompactParticipants::get() }>,
		n: Linear<2, { T::MaxCompactParameters::get() }>,
	) -> Result<(), BenchmarkError> {
		// A trimmed mean trims at least one from each side, so it needs three updates.
		let rule = AggregationRule::TrimmedMean { trim_each_side: 1 };
		let (task, datasets) = task::<T>(p, n, true, rule)?;
		let updates: Vec<Vec<i32>> = (0..p).map(|i| random_update::<T>(task, i)).collect();
		for (participant, update) in datasets.iter().zip(&updates) {
			commit_all::<T>(task, core::slice::from_ref(participant), update)?;
		}
		frame_system::Pallet::<T>::set_block_number(2u32.into());
		// The last reveal would close the round in its own dispatch: store it by hand, so that
		// the close is what is measured.
		let (last, others) = datasets.split_last().ok_or(BenchmarkError::Weightless)?;
		for (participant, update) in others.iter().zip(&updates) {
			reveal_all::<T>(task, core::slice::from_ref(participant), update)?;
		}
		let last_update = updates.last().cloned().unwrap_or_default();
		FederatedLearning::<T>::store_update(task, 1, last.0, &last_update);
		Rounds::<T>::mutate(task, 1, |record| {
			if let Some(c) = record
				.as_mut()
				.and_then(|r| r.contributions.iter_mut().find(|c| c.dataset == last.0))
			{
				c.state = ContributionState::Revealed;
			}
		});

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
			let revealed = FederatedLearning::<T>::revealed_update(task, 1, *dataset)
				.ok_or(BenchmarkError::Weightless)?;
			FederatedLearning::<T>::store_update(task, round, *dataset, &revealed);
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
			datasets
				.iter()
				.all(|(d, _)| FederatedLearning::<T>::revealed_update(task, 1, *d).is_none()),
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
		for researcher in 0..t {
			let (id, datasets) = task_of::<T>(researcher, p, 2, false, AggregationRule::FedAvg)?;
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

	/// The last participant's keys: `p - 1` published before, each checked for duplicates.
	#[benchmark]
	fn publish_mask_keys(
		p: Linear<2, { T::MaxCompactParticipants::get() }>,
	) -> Result<(), BenchmarkError> {
		let (task, datasets) = secure_task::<T>(p, 2, 0, 0)?;
		let (last, others) = datasets.split_last().ok_or(BenchmarkError::Weightless)?;
		for (i, (dataset, clinic)) in others.iter().enumerate() {
			FederatedLearning::<T>::publish_mask_keys(
				RawOrigin::Signed(clinic.clone()).into(),
				task,
				1,
				*dataset,
				keys_of(i).public_keys(),
			)?;
		}
		let (dataset, clinic) = last.clone();
		let keys = keys_of(others.len()).public_keys();

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), task, 1, dataset, keys);

		ensure!(
			SecureRounds::<T>::get(task, 1).is_some_and(|s| s.participants.len() as u32 == p),
			"keys published"
		);
		Ok(())
	}

	/// The last participant deals `p` share pairs.
	#[benchmark]
	fn deal_mask_shares(
		p: Linear<2, { T::MaxCompactParticipants::get() }>,
	) -> Result<(), BenchmarkError> {
		let (task, datasets) = secure_task::<T>(p, 2, 1, 0)?;
		let secure = SecureRounds::<T>::get(task, 1).ok_or(BenchmarkError::Weightless)?;
		let parameters = Tasks::<T>::get(task).map_or(0, |t| t.parameter_count);
		let context = mask_context(task, 1, parameters);
		let deal = |i: usize| {
			fl_core::secure_aggregation::deal_shares(
				&context,
				&keys_of(i),
				i as u32,
				&secure.keys(),
				secure.threshold() as usize,
			)
			.map(BoundedVec::truncate_from)
			.map_err(|_| BenchmarkError::Stop("cannot deal"))
		};
		let (last, others) = datasets.split_last().ok_or(BenchmarkError::Weightless)?;
		for (i, (dataset, clinic)) in others.iter().enumerate() {
			FederatedLearning::<T>::deal_mask_shares(
				RawOrigin::Signed(clinic.clone()).into(),
				task,
				1,
				*dataset,
				deal(i)?,
			)?;
		}
		let (dataset, clinic) = last.clone();
		let shares = deal(others.len())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), task, 1, dataset, shares);

		ensure!(DealtShares::<T>::contains_key((task, 1, dataset)), "shares dealt");
		Ok(())
	}

	/// A holder reveals `p` shares, each checked against its dealer's commitment.
	#[benchmark]
	fn reveal_unmasking_shares(
		p: Linear<2, { T::MaxCompactParticipants::get() }>,
	) -> Result<(), BenchmarkError> {
		let (task, datasets) = secure_task::<T>(p, 2, 3, p as usize)?;
		let (dataset, clinic) = datasets.first().cloned().ok_or(BenchmarkError::Weightless)?;
		let shares = unmasking_shares::<T>(task, 0)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(clinic), task, 1, dataset, shares);

		ensure!(UnmaskingShares::<T>::contains_key((task, 1, dataset)), "shares revealed");
		Ok(())
	}

	/// Closes a secure round of `p` participants and `n` parameters with the most masks to
	/// remove: the threshold's survivors (their self-masks), every other participant dropped
	/// (its pairwise mask with every survivor), every participant's shares revealed. The close
	/// happens as on chain, in the dispatch of the last survivor's shares, so the measure is
	/// that reveal and the close together (an upper bound of the close alone).
	#[benchmark]
	fn unmask_round(
		p: Linear<2, { T::MaxCompactParticipants::get() }>,
		n: Linear<2, { T::MaxCompactParameters::get() }>,
	) -> Result<(), BenchmarkError> {
		let survivors = crate::unmasking_threshold(p).max(p.min(2)) as usize;
		let (task, datasets) = secure_task::<T>(p, n, 3, survivors)?;
		// The dropped participants first, the first survivor last.
		for (i, (dataset, clinic)) in datasets.iter().enumerate().skip(1).rev() {
			FederatedLearning::<T>::reveal_unmasking_shares(
				RawOrigin::Signed(clinic.clone()).into(),
				task,
				1,
				*dataset,
				unmasking_shares::<T>(task, i)?,
			)
			.map_err(|e| e.error)?;
		}
		ensure!(!Models::<T>::contains_key(task, 1), "the round waits for the last survivor");
		let (dataset, clinic) = datasets.first().cloned().ok_or(BenchmarkError::Weightless)?;
		let shares = unmasking_shares::<T>(task, 0)?;

		#[extrinsic_call]
		reveal_unmasking_shares(RawOrigin::Signed(clinic), task, 1, dataset, shares);

		ensure!(Models::<T>::contains_key(task, 1), "unmasked and aggregated");
		Ok(())
	}

	/// One settle step of a large round's close over `b` revealed contributions, each with a
	/// live grant to check.
	#[benchmark]
	fn close_settle(
		b: Linear<2, { T::ParticipantsPerCloseStep::get().max(2) }>,
	) -> Result<(), BenchmarkError> {
		let (task, _) = revealed_round::<T>(b, 2, AggregationRule::FedAvg)?;
		FederatedLearning::<T>::begin_close(task, 1);

		#[block]
		{
			one_close_unit::<T>(task);
		}

		let progress = Closing::<T>::get(task).ok_or(BenchmarkError::Weightless)?;
		ensure!(
			progress.usable.len() as u32 == b.min(T::ParticipantsPerCloseStep::get()),
			"settled"
		);
		Ok(())
	}

	/// One record step of a large round's close: `b` uses checked and logged.
	#[benchmark]
	fn close_record(
		b: Linear<2, { T::ParticipantsPerCloseStep::get().max(2) }>,
	) -> Result<(), BenchmarkError> {
		let (task, datasets) = revealed_round::<T>(b, 2, AggregationRule::FedAvg)?;
		close_at_step::<T>(task, &datasets, CloseStep::Record { next: 0 });

		#[block]
		{
			one_close_unit::<T>(task);
		}

		let step = Closing::<T>::get(task).map(|p| p.step);
		let next = b.min(T::ParticipantsPerCloseStep::get());
		ensure!(
			step == Some(CloseStep::Record { next })
				|| step == Some(CloseStep::Aggregate { next: 0 }),
			"recorded"
		);
		Ok(())
	}

	/// One aggregation step of a large round's close: a chunk of `p` random updates with the
	/// trimmed mean (the dearest rule a large round may use).
	#[benchmark]
	fn close_chunk(p: Linear<3, { T::MaxParticipants::get() }>) -> Result<(), BenchmarkError> {
		let rule = AggregationRule::TrimmedMean { trim_each_side: 1 };
		let n = T::UpdateChunkLength::get().min(max_bench_parameters::<T>());
		let (task, datasets) = revealed_round::<T>(p, n, rule)?;
		close_at_step::<T>(task, &datasets, CloseStep::Aggregate { next: 0 });

		#[block]
		{
			one_close_unit::<T>(task);
		}

		ensure!(AggregateChunks::<T>::contains_key(task, 0), "aggregated a chunk");
		Ok(())
	}

	/// The concluding step of a large round's close over `n` parameters: the chunks put
	/// together, the model stored (the server step is priced on its own).
	#[benchmark]
	fn close_conclude(n: Linear<2, { max_bench_parameters::<T>() }>) -> Result<(), BenchmarkError> {
		let (task, datasets) = revealed_round::<T>(2, n, AggregationRule::FedAvg)?;
		let parameters = Tasks::<T>::get(task).map_or(0, |t| t.parameter_count);
		let chunks = FederatedLearning::<T>::chunk_count(parameters);
		let values = random_update::<T>(task, 0);
		for chunk in 0..chunks {
			let range = FederatedLearning::<T>::chunk_range(chunk, parameters);
			let piece = values.get(range).ok_or(BenchmarkError::Weightless)?.to_vec();
			AggregateChunks::<T>::insert(task, chunk, BoundedVec::truncate_from(piece));
		}
		close_at_step::<T>(task, &datasets, CloseStep::Aggregate { next: chunks });

		#[block]
		{
			one_close_unit::<T>(task);
		}

		ensure!(Models::<T>::contains_key(task, 1), "concluded");
		Ok(())
	}

	/// The last prune step of a large round's close, which opens the next round (the pruning
	/// itself is priced by the database's write weight, per chunk).
	#[benchmark]
	fn close_advance() -> Result<(), BenchmarkError> {
		let (task, datasets) = revealed_round::<T>(2, 2, AggregationRule::FedAvg)?;
		close_at_step::<T>(task, &datasets, CloseStep::Prune { next: 0 });

		#[block]
		{
			one_close_unit::<T>(task);
		}

		ensure!(!Closing::<T>::contains_key(task), "closed");
		ensure!(Tasks::<T>::get(task).is_some_and(|t| t.round == 2), "next round open");
		Ok(())
	}

	impl_benchmark_test_suite!(FederatedLearning, crate::mock::new_test_ext(), crate::mock::Test);
}
