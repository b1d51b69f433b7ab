//! Tests of `pallet-federated-learning`: one test per behaviour, every error, every event,
//! automatic closing, the off-chain worker and replay.

use crate::{mock::*, offchain, pallet::*, types::*, CloseUnit, Event};
use codec::{Decode, Encode};
use fl_core::{AggregationRule, Architecture, ClientUpdate};
use frame_support::{
	assert_noop, assert_ok, dispatch::DispatchResultWithPostInfo, traits::Hooks, BoundedVec,
};
use ivf_clinic_host::{native::ClinicNode, ClinicNodeExt};
use ivf_primitives::data_access::{DatasetId, UseReference};
use sp_core::offchain::{
	testing::{PoolState, TestOffchainExt, TestTransactionPoolExt},
	OffchainDbExt, OffchainWorkerExt, TransactionPoolExt,
};
use sp_runtime::{generic::Preamble, testing::UintAuthorityId, traits::Dispatchable};
use std::sync::Arc;

type E = Error<Test>;

/// Two rounds, quorum 2, commit and reveal windows of 3 blocks, at most 100 samples.
fn params() -> TaskParams<u64> {
	TaskParams {
		rounds: 2,
		quorum: 2,
		commit_window: 3,
		reveal_window: 3,
		max_samples: 100,
		max_update_norm_ppm: 1_000_000,
	}
}

fn datasets(ids: &[DatasetId]) -> DatasetsOf<Test> {
	BoundedVec::truncate_from(ids.to_vec())
}

/// The algorithm hash of a task of `spec`, `params` and `rule`: what its grants name.
fn algorithm(spec: &fl_core::ModelSpec, params: &TaskParams<u64>, rule: AggregationRule) -> Hash32 {
	task_algorithm(&spec.id(), params, &rule)
}

/// The researcher's grants on those of `ids` that are datasets 0, 1 or 2 for a task of `spec`,
/// `params` and `rule` (dataset 3 stays ungranted).
fn grant_task(
	spec: &fl_core::ModelSpec,
	ids: &[DatasetId],
	params: &TaskParams<u64>,
	rule: AggregationRule,
) {
	for &dataset in ids.iter().filter(|&&d| d < 3) {
		DataAccess::grant(RESEARCHER, dataset, algorithm(spec, params, rule));
	}
}

/// The researcher asks for a task of `spec` on the datasets `ids`, with `params` and `rule`.
fn submit_task(
	spec: fl_core::ModelSpec,
	ids: &[DatasetId],
	params: TaskParams<u64>,
	rule: AggregationRule,
) -> sp_runtime::DispatchResult {
	FederatedLearning::create_task(
		RuntimeOrigin::signed(RESEARCHER),
		spec,
		purpose(),
		datasets(ids),
		params,
		rule,
	)
}

/// The task [`submit_task`] creates, with its id.
fn submitted(
	spec: fl_core::ModelSpec,
	ids: &[DatasetId],
	params: TaskParams<u64>,
	rule: AggregationRule,
) -> TaskId {
	let id = NextTaskId::<Test>::get();
	assert_ok!(submit_task(spec, ids, params, rule));
	id
}

/// [`grant_task`], then [`submit_task`]: what a task that the grants permit meets.
fn create_err(
	spec: fl_core::ModelSpec,
	ids: &[DatasetId],
	params: TaskParams<u64>,
	rule: AggregationRule,
) -> sp_runtime::DispatchResult {
	grant_task(&spec, ids, &params, rule);
	submit_task(spec, ids, params, rule)
}

/// A task of `spec` on the granted datasets `ids` with `params` and `rule`; returns its id.
fn create_with(
	spec: fl_core::ModelSpec,
	ids: &[DatasetId],
	params: TaskParams<u64>,
	rule: AggregationRule,
) -> TaskId {
	grant_task(&spec, ids, &params, rule);
	submitted(spec, ids, params, rule)
}

/// Creates a task on datasets 0, 1, 2 with `params` and FedAvg; returns its id.
fn create(dp: bool, params: TaskParams<u64>) -> TaskId {
	create_with(spec(dp), &[0, 1, 2], params, AggregationRule::FedAvg)
}

/// A 20-parameter update whose every value is `v`.
fn update(v: i32) -> Vec<i32> {
	vec![v; 20]
}

fn salt(clinic: u64) -> Hash32 {
	[clinic as u8; 32]
}

/// The histogram every test commitment carries: 3 positives and 7 negatives per bin.
fn scores() -> ScoreHistogram {
	ScoreHistogram { positives: [3; 10], negatives: [7; 10] }
}

/// The commitment of `clinic` for `dataset` in `round` of `task` to `update` and `salt`.
fn commitment_for(
	clinic: u64,
	task: TaskId,
	round: RoundNumber,
	dataset: DatasetId,
	update: &[i32],
	salt: &Hash32,
	samples: u32,
) -> Commitment {
	let context = FederatedLearning::commitment_context(task, round, dataset, &clinic);
	Commitment {
		update_hash: commitment_hash(&context, update, salt),
		samples,
		cohort_hash: [samples as u8; 32],
		scores: scores(),
	}
}

/// `clinic` commits `commitment` for `dataset` in `round` of `task`.
fn commit_as(
	clinic: u64,
	task: TaskId,
	round: RoundNumber,
	dataset: DatasetId,
	commitment: Commitment,
) -> sp_runtime::DispatchResult {
	FederatedLearning::commit_update(
		RuntimeOrigin::signed(clinic),
		task,
		round,
		dataset,
		commitment,
	)
}

/// `clinic` commits for `dataset` in `round` of `task` to the update of `v`s (with its salt)
/// weighing `samples`.
fn try_commit(
	clinic: u64,
	task: TaskId,
	round: RoundNumber,
	dataset: DatasetId,
	v: i32,
	samples: u32,
) -> sp_runtime::DispatchResult {
	let commitment =
		commitment_for(clinic, task, round, dataset, &update(v), &salt(clinic), samples);
	commit_as(clinic, task, round, dataset, commitment)
}

/// [`try_commit`], which must succeed.
fn commit(clinic: u64, task: TaskId, round: RoundNumber, dataset: DatasetId, v: i32, samples: u32) {
	assert_ok!(try_commit(clinic, task, round, dataset, v, samples));
}

fn reveal(clinic: u64, task: TaskId, round: RoundNumber, dataset: DatasetId, v: i32) {
	assert_ok!(FederatedLearning::reveal_update(
		RuntimeOrigin::signed(clinic),
		task,
		round,
		dataset,
		BoundedVec::truncate_from(update(v)),
		salt(clinic),
	));
}

/// The three clinics commit `v = 100, 200, 300` with 10, 20, 30 samples.
fn commit_all(task: TaskId, round: RoundNumber) {
	commit(CLINIC_A, task, round, 0, 100, 10);
	commit(CLINIC_B, task, round, 1, 200, 20);
	commit(CLINIC_C, task, round, 2, 300, 30);
}

/// A FedAvg task whose round 1 the three mock clinics committed to, at block 2, where a round
/// all its participants committed to takes reveals.
fn task_in_reveal() -> TaskId {
	let task = create(false, params());
	commit_all(task, 1);
	run_to_block(2);
	task
}

fn reveal_all(task: TaskId, round: RoundNumber) {
	reveal(CLINIC_A, task, round, 0, 100);
	reveal(CLINIC_B, task, round, 1, 200);
	reveal(CLINIC_C, task, round, 2, 300);
}

/// The event of round 1 of `task` aggregating `model` from the datasets `contributors`, which
/// weighed `samples`, every committed dataset having revealed.
fn first_round_aggregated(
	task: TaskId,
	model: &[i32],
	contributors: &[DatasetId],
	samples: u64,
) -> RuntimeEvent {
	let (contributors, not_revealed) = (datasets(contributors), datasets(&[]));
	let model_hash = model_hash(model);
	Event::RoundAggregated {
		task,
		round: 1,
		version: 1,
		model_hash,
		contributors,
		samples,
		not_revealed,
	}
	.into()
}

fn round_of(task: TaskId, round: RoundNumber) -> RoundOf<Test> {
	Rounds::<Test>::get(task, round).expect("round exists")
}

// ---------------------------------------------------------------------------------------------
// create_task

#[test]
fn create_task_stores_task_initial_model_and_opens_round_one() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		let stored = Tasks::<Test>::get(task).unwrap();
		assert_eq!(stored.researcher, RESEARCHER);
		assert_eq!(stored.spec_id, spec(false).id());
		assert_eq!(stored.model_spec(), Some(spec(false)));
		assert_eq!(stored.parameter_count, 20);
		assert_eq!(stored.round, 1);
		assert_eq!(stored.status, TaskStatus::Running);
		assert_eq!(
			stored.participants.iter().map(|p| (p.dataset, p.clinic)).collect::<Vec<_>>(),
			vec![(0, CLINIC_A), (1, CLINIC_B), (2, CLINIC_C)]
		);
		let initial = spec(false).initial_global_model().unwrap();
		let model = Models::<Test>::get(task, 0).unwrap();
		assert_eq!(model.parameters.to_vec(), initial);
		assert_eq!(model.hash, model_hash(&initial));
		let record = round_of(task, 1);
		assert_eq!((record.opened_at, record.reveal_from, record.close_at), (1, 4, 7));
		assert_eq!(record.started_at, START + BLOCK_MILLIS);
		assert_eq!(OpenRounds::<Test>::get().len(), 1);
		System::assert_has_event(
			Event::TaskCreated {
				task,
				researcher: RESEARCHER,
				spec_id: spec(false).id(),
				algorithm: algorithm(&spec(false), &params(), AggregationRule::FedAvg),
				datasets: datasets(&[0, 1, 2]),
				params: params(),
				rule: AggregationRule::FedAvg,
			}
			.into(),
		);
		System::assert_last_event(
			Event::RoundOpened {
				task,
				round: 1,
				base_version: 0,
				started_at: START + BLOCK_MILLIS,
				reveal_from: 4,
				close_at: 7,
			}
			.into(),
		);
	});
}

#[test]
fn create_task_refuses_a_non_researcher() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			FederatedLearning::create_task(
				RuntimeOrigin::signed(OUTSIDER),
				spec(false),
				purpose(),
				datasets(&[0, 1]),
				params(),
				AggregationRule::FedAvg,
			),
			E::NotAnActiveResearcher
		);
	});
}

#[test]
fn create_task_refuses_once_every_task_id_is_given_out() {
	new_test_ext().execute_with(|| {
		// The last id is never given out: a task under it could not be followed by another.
		NextTaskId::<Test>::put(u64::MAX);
		assert_noop!(
			create_err(spec(false), &[0, 1, 2], params(), AggregationRule::FedAvg),
			E::TaskIdsExhausted
		);
		NextTaskId::<Test>::put(u64::MAX - 1);
		assert_ok!(create_err(spec(false), &[0, 1, 2], params(), AggregationRule::FedAvg));
		assert!(Tasks::<Test>::contains_key(u64::MAX - 1));
		assert_eq!(NextTaskId::<Test>::get(), u64::MAX);
	});
}

#[test]
fn create_task_refuses_a_bad_spec() {
	new_test_ext().execute_with(|| {
		// The IVF default (no question) has its 19 inputs.
		let mut wide = spec(false);
		wide.architecture = Architecture::LogisticRegression { features: 5 };
		wide.normalisation.truncate(5);
		assert_noop!(
			create_err(wide, &[0, 1], params(), AggregationRule::FedAvg),
			E::QuestionWidthMismatch
		);
		let mut bad = spec(false);
		bad.training.epochs = 0;
		assert_noop!(create_err(bad, &[0, 1], params(), AggregationRule::FedAvg), E::InvalidSpec);
		let mut big = spec(false);
		big.architecture = Architecture::Mlp { features: 19, hidden: 8 };
		assert_noop!(
			create_err(big, &[0, 1], params(), AggregationRule::FedAvg),
			E::TooManyParameters
		);
		// A valid spec whose question's column names make it longer than MaxSpecLength.
		let mut question = study::question();
		for (i, feature) in question.features.iter_mut().enumerate() {
			feature.column =
				format!("a_long_column_name_that_fills_the_spec_{i}_{}", "x".repeat(40));
		}
		let long = study::study_spec(question, fl_core::ServerOptimiser::Sgd);
		assert_noop!(create_err(long, &[0, 1], params(), AggregationRule::FedAvg), E::SpecTooLong);
	});
}

#[test]
fn create_task_refuses_bad_dataset_lists() {
	new_test_ext().execute_with(|| {
		let fedavg = AggregationRule::FedAvg;
		assert_noop!(create_err(spec(false), &[0], params(), fedavg), E::TooFewDatasets);
		assert_noop!(create_err(spec(false), &[0, 1, 0], params(), fedavg), E::DuplicateDataset);
		assert_noop!(create_err(spec(false), &[0, 9], params(), fedavg), E::UnknownDataset);
		assert_noop!(create_err(spec(false), &[0, 3], params(), fedavg), E::NoLiveGrant);
	});
}

#[test]
fn create_task_refuses_bad_parameters() {
	new_test_ext().execute_with(|| {
		let fedavg = AggregationRule::FedAvg;
		let with = |f: fn(&mut TaskParams<u64>)| {
			let mut p = params();
			f(&mut p);
			p
		};
		type Change = fn(&mut TaskParams<u64>);
		let refused: [(Change, E); 10] = [
			(|p| p.rounds = 0, E::InvalidRounds),
			(|p| p.rounds = 11, E::InvalidRounds),
			(|p| p.quorum = 0, E::InvalidQuorum),
			(|p| p.quorum = 3, E::InvalidQuorum),
			(|p| p.commit_window = 0, E::InvalidWindow),
			(|p| p.reveal_window = 21, E::InvalidWindow),
			(|p| p.max_samples = 0, E::InvalidMaxSamples),
			(|p| p.commit_window = 1, E::InvalidWindow),
			(|p| p.reveal_window = 1, E::InvalidWindow),
			(|p| p.max_update_norm_ppm = 0, E::InvalidNormBound),
		];
		for (change, error) in refused {
			assert_noop!(create_err(spec(false), &[0, 1], with(change), fedavg), error);
		}
		assert_noop!(
			create_err(
				spec(false),
				&[0, 1],
				params(),
				AggregationRule::TrimmedMean { trim_each_side: 0 }
			),
			E::TrimTooSmall
		);
		assert_noop!(
			create_err(
				spec(false),
				&[0, 1, 2],
				with(|p| p.quorum = 2),
				AggregationRule::TrimmedMean { trim_each_side: 1 }
			),
			E::TrimTooLarge
		);
	});
}

#[test]
fn create_task_refuses_when_a_budget_cannot_pay_every_round() {
	new_test_ext().execute_with(|| {
		// 7 steps per round at σ = 8: ρ = 7 / 128 = 0.0546875 per round, and one more step
		// (1 / 128) for the score histogram.
		let per_round = spec(true).round_rho(100).unwrap();
		assert_eq!(per_round, 54_688);
		let histogram = FederatedLearning::histogram_rho(&spec(true)).unwrap();
		assert_eq!(histogram, 7_813);
		// Two rounds, each of which may fail `MaxConsecutiveFailures` (2) times: 4 rounds.
		let most = 4 * (per_round + histogram);
		DataAccess::add_dataset(1, CLINIC_B, most - 1);
		assert_noop!(
			create_err(spec(true), &[0, 1], params(), AggregationRule::FedAvg),
			E::InsufficientPrivacyBudget
		);
		DataAccess::add_dataset(1, CLINIC_B, most);
		assert_ok!(create_err(spec(true), &[0, 1], params(), AggregationRule::FedAvg));
	});
}

#[test]
fn the_task_list_comes_in_pages_of_tasks_page() {
	new_test_ext().execute_with(|| {
		// Only the id counter matters to the page bounds: tasks past it are not read.
		NextTaskId::<Test>::put(crate::TASKS_PAGE * 2 + 5);
		let task = create(false, params());
		assert_eq!(task, crate::TASKS_PAGE * 2 + 5);
		assert_eq!(FederatedLearning::tasks(task - crate::TASKS_PAGE + 1).len(), 1);
		assert_eq!(FederatedLearning::tasks(task - crate::TASKS_PAGE).len(), 0);
		assert_eq!(FederatedLearning::tasks(task), vec![(task, TaskStatus::Running)]);
	});
}

#[test]
fn create_task_refuses_beyond_max_open_tasks() {
	new_test_ext().execute_with(|| {
		create(false, params());
		create(true, params());
		assert_noop!(
			create_err(spec(false), &[0, 1], params(), AggregationRule::FedAvg),
			E::TooManyOpenTasks
		);
	});
}

// ---------------------------------------------------------------------------------------------
// commit_update

#[test]
fn commit_update_records_the_commitment() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		commit(CLINIC_A, task, 1, 0, 100, 10);
		let record = round_of(task, 1);
		assert_eq!(record.contributions.len(), 1);
		assert_eq!(record.contributions[0].state, ContributionState::Committed);
		assert_eq!(record.reveal_from, 4);
		assert_eq!(OpenRounds::<Test>::get()[0].committed, 1);
		System::assert_last_event(
			Event::UpdateCommitted {
				task,
				round: 1,
				dataset: 0,
				clinic: CLINIC_A,
				commitment: commitment_for(CLINIC_A, task, 1, 0, &update(100), &salt(CLINIC_A), 10),
				rho_charged: 0,
			}
			.into(),
		);
	});
}

#[test]
fn last_commitment_opens_the_reveal_phase_at_the_next_block() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		commit_all(task, 1);
		assert_eq!(round_of(task, 1).reveal_from, 2);
		assert_eq!(OpenRounds::<Test>::get()[0].reveal_from, 2);
		System::assert_last_event(
			Event::RevealPhaseOpened { task, round: 1, reveal_from: 2 }.into(),
		);
	});
}

#[test]
fn commit_update_refuses_what_it_must() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		let c = commitment_for(CLINIC_B, task, 1, 1, &update(1), &salt(CLINIC_B), 10);
		let call =
			|who: u64, task: TaskId, round: RoundNumber, dataset: DatasetId, c: Commitment| {
				commit_as(who, task, round, dataset, c)
			};
		assert_noop!(call(CLINIC_A, 7, 1, 0, c), E::UnknownTask);
		assert_noop!(call(CLINIC_A, task, 2, 0, c), E::WrongRound);
		assert_noop!(call(CLINIC_D, task, 1, 3, c), E::DatasetNotInTask);
		assert_noop!(call(CLINIC_B, task, 1, 0, c), E::NotDatasetClinic);
		// Another clinic's worker key is no better than that clinic's own.
		assert_noop!(call(WORKER_OFFSET + CLINIC_B, task, 1, 0, c), E::NotDatasetClinic);
		assert_noop!(call(CLINIC_A, task, 1, 0, Commitment { samples: 0, ..c }), E::ZeroSamples);
		assert_noop!(
			call(CLINIC_A, task, 1, 0, Commitment { samples: 101, ..c }),
			E::TooManySamples
		);
		DataAccess::revoke(
			RESEARCHER,
			0,
			algorithm(&spec(false), &params(), AggregationRule::FedAvg),
		);
		assert_noop!(call(CLINIC_A, task, 1, 0, c), E::GrantNotLive);
		assert_ok!(call(CLINIC_B, task, 1, 1, c));
		assert_noop!(call(CLINIC_B, task, 1, 1, c), E::AlreadyCommitted);
		System::set_block_number(4);
		let own = Commitment { update_hash: [9; 32], ..c };
		assert_noop!(call(CLINIC_C, task, 1, 2, own), E::CommitPhaseOver);
	});
}

#[test]
fn nothing_can_be_submitted_to_an_ended_task() {
	new_test_ext().execute_with(|| {
		let task = create(false, TaskParams { rounds: 1, ..params() });
		commit_all(task, 1);
		run_to_block(2);
		reveal_all(task, 1);
		run_to_block(3);
		assert_eq!(Tasks::<Test>::get(task).unwrap().status, TaskStatus::Completed);
		assert_noop!(try_commit(CLINIC_A, task, 1, 0, 1, 10), E::TaskNotRunning);
	});
}

// ---------------------------------------------------------------------------------------------
// reveal_update

#[test]
fn reveal_update_stores_the_update_and_charges_the_budget() {
	new_test_ext().execute_with(|| {
		let task = create(true, params());
		commit_all(task, 1);
		run_to_block(2);
		let histogram = FederatedLearning::histogram_rho(&spec(true)).unwrap();
		assert_eq!(DataAccess::remaining(0), BUDGET - histogram);
		reveal(CLINIC_A, task, 1, 0, 100);
		let rho = spec(true).round_rho(10).unwrap();
		assert_eq!(DataAccess::remaining(0), BUDGET - histogram - rho);
		assert_eq!(FederatedLearning::revealed_update(task, 1, 0).unwrap(), update(100));
		let record = round_of(task, 1);
		assert_eq!(record.contributions[0].state, ContributionState::Revealed);
		assert_eq!(record.contributions[0].rho_charged, histogram + rho);
		assert_eq!(OpenRounds::<Test>::get()[0].revealed, 1);
		System::assert_last_event(
			Event::UpdateRevealed {
				task,
				round: 1,
				dataset: 0,
				clinic: CLINIC_A,
				rho_charged: rho,
			}
			.into(),
		);
	});
}

#[test]
fn reveal_update_without_dp_charges_nothing() {
	new_test_ext().execute_with(|| {
		let task = task_in_reveal();
		reveal(CLINIC_A, task, 1, 0, 100);
		assert_eq!(DataAccess::remaining(0), BUDGET);
	});
}

#[test]
fn reveal_update_refuses_what_it_must() {
	new_test_ext().execute_with(|| {
		let task = create(true, params());
		commit(CLINIC_A, task, 1, 0, 100, 10);
		commit(CLINIC_B, task, 1, 1, 200, 20);
		let call = |who: u64, dataset: DatasetId, values: Vec<i32>, salt: Hash32| {
			FederatedLearning::reveal_update(
				RuntimeOrigin::signed(who),
				task,
				1,
				dataset,
				BoundedVec::truncate_from(values),
				salt,
			)
		};
		assert_noop!(call(CLINIC_A, 0, update(100), salt(CLINIC_A)), E::RevealPhaseNotStarted);
		System::set_block_number(4);
		assert_noop!(call(CLINIC_C, 2, update(300), salt(CLINIC_C)), E::NotCommitted);
		assert_noop!(call(CLINIC_A, 0, vec![100; 19], salt(CLINIC_A)), E::UpdateLengthMismatch);
		assert_noop!(call(CLINIC_A, 0, update(101), salt(CLINIC_A)), E::CommitmentMismatch);
		assert_noop!(call(CLINIC_A, 0, update(100), salt(CLINIC_B)), E::CommitmentMismatch);
		DataAccess::revoke(
			RESEARCHER,
			1,
			algorithm(&spec(true), &params(), AggregationRule::FedAvg),
		);
		assert_noop!(call(CLINIC_B, 1, update(200), salt(CLINIC_B)), E::GrantNotLive);
		DataAccess::add_dataset(0, CLINIC_A, 1);
		assert_noop!(call(CLINIC_A, 0, update(100), salt(CLINIC_A)), E::PrivacyBudgetExhausted);
		DataAccess::add_dataset(0, CLINIC_A, BUDGET);
		assert_ok!(call(CLINIC_A, 0, update(100), salt(CLINIC_A)));
		assert_noop!(call(CLINIC_A, 0, update(100), salt(CLINIC_A)), E::AlreadyRevealed);
		System::set_block_number(7);
		DataAccess::grant(
			RESEARCHER,
			1,
			algorithm(&spec(true), &params(), AggregationRule::FedAvg),
		);
		assert_noop!(call(CLINIC_B, 1, update(200), salt(CLINIC_B)), E::RevealPhaseOver);
	});
}

#[test]
fn reveal_update_refuses_an_update_beyond_the_dp_clipping_bound() {
	new_test_ext().execute_with(|| {
		let task = create(true, params());
		// 7 steps × lr 0.1 × C 1 = 0.7: in Q15.16, 45_875 (below the task's bound of 1).
		let bound = update_norm_bound_squared(&spec(true), &params());
		assert_eq!(bound, 45_875u128 * 45_875);
		let mut big = vec![0; 20];
		big[3] = 45_876;
		let reveal = committed_reveal(task, big);
		assert_noop!(reveal(), E::UpdateOutOfBounds);
	});
}

/// Clinic A commits `values` to round 1 of `task` (dataset 0) and the chain moves to the
/// reveal phase; returns the reveal call to make.
fn committed_reveal(task: TaskId, values: Vec<i32>) -> impl Fn() -> DispatchResultWithPostInfo {
	let s = salt(CLINIC_A);
	assert_ok!(commit_as(
		CLINIC_A,
		task,
		1,
		0,
		commitment_for(CLINIC_A, task, 1, 0, &values, &s, 10)
	));
	System::set_block_number(4);
	move || {
		FederatedLearning::reveal_update(
			RuntimeOrigin::signed(CLINIC_A),
			task,
			1,
			0,
			BoundedVec::truncate_from(values.clone()),
			s,
		)
	}
}

// ---------------------------------------------------------------------------------------------
// Closing rounds

#[test]
fn the_last_reveal_closes_the_round_in_its_own_block() {
	new_test_ext().execute_with(|| {
		let task = task_in_reveal();
		reveal(CLINIC_A, task, 1, 0, 100);
		reveal(CLINIC_B, task, 1, 1, 200);
		assert_eq!(round_of(task, 1).outcome, RoundOutcome::Open);
		reveal(CLINIC_C, task, 1, 2, 300);

		let initial = spec(false).initial_global_model().unwrap();
		let (a, b, c) = (update(100), update(200), update(300));
		let expected = fl_core::aggregate(
			AggregationRule::FedAvg,
			&initial,
			&[
				ClientUpdate { delta: &a, samples: 10 },
				ClientUpdate { delta: &b, samples: 20 },
				ClientUpdate { delta: &c, samples: 30 },
			],
		)
		.unwrap();
		let model = Models::<Test>::get(task, 1).unwrap();
		assert_eq!(model.parameters.to_vec(), expected);
		assert_eq!(model.round, 1);
		let record = round_of(task, 1);
		assert_eq!(
			record.outcome,
			RoundOutcome::Aggregated {
				version: 1,
				model_hash: model_hash(&expected),
				closed_at: 2
			}
		);
		assert!(record.contributions.iter().all(|c| c.state == ContributionState::Aggregated));
		assert_eq!(
			DataAccess::uses(),
			(0..3)
				.map(|d| (d, UseReference::FederatedRound { task, round: 1 }))
				.collect::<Vec<_>>()
		);
		let stored = Tasks::<Test>::get(task).unwrap();
		assert_eq!((stored.round, stored.model_version, stored.aggregated_rounds), (2, 1, 1));
		System::assert_has_event(first_round_aggregated(task, &expected, &[0, 1, 2], 60));
		System::assert_last_event(
			Event::RoundOpened {
				task,
				round: 2,
				base_version: 1,
				started_at: START + 2 * BLOCK_MILLIS,
				reveal_from: 5,
				close_at: 8,
			}
			.into(),
		);
	});
}

#[test]
fn round_closes_at_the_reveal_deadline_and_records_non_revealers() {
	new_test_ext().execute_with(|| {
		let task = task_in_reveal();
		reveal(CLINIC_A, task, 1, 0, 100);
		reveal(CLINIC_B, task, 1, 1, 200);
		run_to_block(6);
		assert_eq!(round_of(task, 1).outcome, RoundOutcome::Open);
		run_to_block(7);
		let record = round_of(task, 1);
		assert!(matches!(
			record.outcome,
			RoundOutcome::Aggregated { version: 1, closed_at: 7, .. }
		));
		assert_eq!(record.contributions[2].state, ContributionState::NotRevealed);
		assert_eq!(MissedReveals::<Test>::get(2), 1);
		assert_eq!(FederatedLearning::round(task, Some(1)).unwrap().not_revealed, vec![2]);
		System::assert_has_event(
			Event::RoundAggregated {
				task,
				round: 1,
				version: 1,
				model_hash: Models::<Test>::get(task, 1).unwrap().hash,
				contributors: datasets(&[0, 1]),
				samples: 30,
				not_revealed: datasets(&[2]),
			}
			.into(),
		);
	});
}

#[test]
fn round_without_quorum_fails_and_the_next_opens() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		commit(CLINIC_A, task, 1, 0, 100, 10);
		run_to_block(4);
		reveal(CLINIC_A, task, 1, 0, 100);
		// Everyone who committed revealed: the reveal closes the round, short of quorum.
		let reason = RoundFailure::QuorumNotMet { revealed: 1, quorum: 2 };
		assert_eq!(round_of(task, 1).outcome, RoundOutcome::Failed { reason, closed_at: 4 });
		assert_eq!(Models::<Test>::get(task, 1), None);
		let stored = Tasks::<Test>::get(task).unwrap();
		assert_eq!((stored.round, stored.consecutive_failures, stored.model_version), (2, 1, 0));
		assert_eq!(round_of(task, 2).base_version, 0);
		assert!(DataAccess::uses().is_empty());
		System::assert_has_event(
			Event::RoundFailed { task, round: 1, reason, not_revealed: datasets(&[]) }.into(),
		);
	});
}

#[test]
fn round_nobody_joined_closes_when_its_commit_phase_ends() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		run_to_block(4);
		assert!(matches!(
			round_of(task, 1).outcome,
			RoundOutcome::Failed {
				reason: RoundFailure::QuorumNotMet { revealed: 0, .. },
				closed_at: 4
			}
		));
	});
}

#[test]
fn task_fails_after_max_consecutive_failures() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		run_to_block(4);
		run_to_block(7);
		let stored = Tasks::<Test>::get(task).unwrap();
		assert_eq!(stored.status, TaskStatus::Failed);
		assert_eq!(stored.consecutive_failures, 2);
		assert!(OpenRounds::<Test>::get().is_empty());
		assert_eq!(Rounds::<Test>::get(task, 3), None);
		System::assert_last_event(
			Event::TaskFailed { task, round: 2, consecutive_failures: 2 }.into(),
		);
	});
}

#[test]
fn an_aggregated_round_resets_the_failure_count() {
	new_test_ext().execute_with(|| {
		let task = create(false, TaskParams { rounds: 3, ..params() });
		run_to_block(4);
		commit_all(task, 2);
		run_to_block(5);
		reveal_all(task, 2);
		run_to_block(6);
		let stored = Tasks::<Test>::get(task).unwrap();
		assert_eq!(
			(stored.consecutive_failures, stored.aggregated_rounds, stored.round),
			(0, 1, 3)
		);
	});
}

#[test]
fn task_completes_after_its_rounds() {
	new_test_ext().execute_with(|| {
		let task = task_in_reveal();
		reveal_all(task, 1);
		run_to_block(3);
		commit_all(task, 2);
		run_to_block(4);
		reveal_all(task, 2);
		run_to_block(5);
		let stored = Tasks::<Test>::get(task).unwrap();
		assert_eq!(stored.status, TaskStatus::Completed);
		assert_eq!((stored.round, stored.model_version), (2, 2));
		assert!(OpenRounds::<Test>::get().is_empty());
		System::assert_last_event(
			Event::TaskCompleted {
				task,
				version: 2,
				model_hash: Models::<Test>::get(task, 2).unwrap().hash,
			}
			.into(),
		);
		// Nothing else happens to it.
		run_to_block(20);
		assert_eq!(Tasks::<Test>::get(task).unwrap().round, 2);
	});
}

#[test]
fn revoked_grant_excludes_a_revealed_update_at_close() {
	new_test_ext().execute_with(|| {
		let task = task_in_reveal();
		reveal(CLINIC_A, task, 1, 0, 100);
		// Revoked after A revealed and before the round closes (at the last reveal).
		DataAccess::revoke(RESEARCHER, 0, Tasks::<Test>::get(task).unwrap().algorithm);
		reveal(CLINIC_B, task, 1, 1, 200);
		reveal(CLINIC_C, task, 1, 2, 300);
		let record = round_of(task, 1);
		assert_eq!(record.contributions[0].state, ContributionState::Excluded);
		assert!(DataAccess::uses().iter().all(|(d, _)| *d != 0));
		System::assert_has_event(Event::ContributionExcluded { task, round: 1, dataset: 0 }.into());
		assert_eq!(
			FederatedLearning::replay(task).unwrap()[0].result,
			ReplayResult::Verified { model_hash: Models::<Test>::get(task, 1).unwrap().hash }
		);
	});
}

#[test]
fn due_rounds_beyond_max_closes_per_block_wait_a_block() {
	new_test_ext().execute_with(|| {
		let first = create(false, params());
		let second = create(false, params());
		run_to_block(4);
		assert!(matches!(round_of(first, 1).outcome, RoundOutcome::Failed { closed_at: 4, .. }));
		assert_eq!(round_of(second, 1).outcome, RoundOutcome::Open);
		run_to_block(5);
		assert!(matches!(round_of(second, 1).outcome, RoundOutcome::Failed { closed_at: 5, .. }));
	});
}

#[test]
fn on_initialize_accounts_for_every_close() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		commit_all(task, 1);
		// Nobody reveals: the round closes when its reveal window ends.
		let close_at = round_of(task, 1).close_at;
		System::set_block_number(close_at);
		let weight = FederatedLearning::on_initialize(close_at);
		// FedAvg closes in steps, all in this block: two settle batches (three contributions
		// in batches of two; nobody revealed, so the round fails), its conclusion, then two
		// prune batches, the last opening round 2. (The mock's database weights are zero.)
		let unit = |u| FederatedLearning::unit_weight(u, 3, 20);
		assert_eq!(
			weight,
			<() as crate::WeightInfo>::scan_open_rounds(1)
				.saturating_add(unit(CloseUnit::Settle).saturating_mul(2))
				.saturating_add(unit(CloseUnit::Conclude))
				.saturating_add(unit(CloseUnit::Prune).saturating_mul(2))
		);
		assert!(matches!(round_of(task, 1).outcome, RoundOutcome::Failed { closed_at, .. } if closed_at == close_at));
		assert_eq!(Tasks::<Test>::get(task).unwrap().round, 2);
		// A whole close (the last reveal's, or Krum's) is its benchmarked weight, the server
		// step's and the read of whether the task has a server optimiser.
		assert_eq!(
			FederatedLearning::close_weight(task),
			<() as crate::WeightInfo>::close_round(3, 20)
				.saturating_add(FederatedLearning::server_step_weight(20))
				.saturating_add(
					<<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
						frame_support::weights::RuntimeDbWeight,
					>>::get()
					.reads(1)
				)
		);
		assert_eq!(
			FederatedLearning::on_initialize(close_at + 1),
			<() as crate::WeightInfo>::scan_open_rounds(1)
		);
	});
}

#[test]
fn a_reveal_pays_for_the_close_only_when_it_is_the_last() {
	new_test_ext().execute_with(|| {
		let task = task_in_reveal();
		let max_participants =
			<<Test as Config>::MaxParticipants as frame_support::traits::Get<u32>>::get();
		let reveal_weight = <() as crate::WeightInfo>::reveal_update(max_participants, 20);
		let reveal_of = |clinic: u64, dataset: DatasetId, v: i32| {
			FederatedLearning::reveal_update(
				RuntimeOrigin::signed(clinic),
				task,
				1,
				dataset,
				BoundedVec::truncate_from(update(v)),
				salt(clinic),
			)
			.unwrap()
			.actual_weight
		};
		assert_eq!(reveal_of(CLINIC_A, 0, 100), Some(reveal_weight));
		assert_eq!(reveal_of(CLINIC_B, 1, 200), Some(reveal_weight));
		let last = reveal_of(CLINIC_C, 2, 300);
		assert_eq!(last, Some(reveal_weight.saturating_add(FederatedLearning::close_weight(task))));
		// The declared weight covers the close at the bounds.
		let call = Call::<Test>::reveal_update {
			task,
			round: 1,
			dataset: 0,
			update: BoundedVec::truncate_from(update(1)),
			salt: [0; 32],
		};
		let declared =
			frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call).call_weight;
		assert!(declared.all_gte(last.unwrap()));
	});
}

// ---------------------------------------------------------------------------------------------
// Retention and replay

/// Runs `n` aggregated rounds of `task`, each in two blocks.
fn aggregate_rounds(task: TaskId, n: u32) {
	for _ in 0..n {
		let round = Tasks::<Test>::get(task).unwrap().round;
		commit_all(task, round);
		run_to_block(System::block_number() + 1);
		reveal_all(task, round);
		run_to_block(System::block_number() + 1);
	}
}

#[test]
fn old_updates_and_models_are_pruned_beyond_max_rounds_kept() {
	new_test_ext().execute_with(|| {
		let task = create(false, TaskParams { rounds: 4, ..params() });
		aggregate_rounds(task, 4);
		// MaxRoundsKept = 2: updates of rounds 3 and 4, models 1 to 4 minus the oldest.
		assert_eq!(FederatedLearning::revealed_update(task, 2, 0), None);
		assert_eq!(RevealedUpdates::<Test>::iter_prefix((task, 2)).count(), 0);
		assert!(FederatedLearning::revealed_update(task, 3, 0).is_some());
		assert_eq!(Models::<Test>::get(task, 1), None);
		assert!(Models::<Test>::get(task, 2).is_some());
		assert!(Models::<Test>::get(task, 4).is_some());
		// Every round keeps its record and model hash.
		assert!(
			(1..=4).all(|r| matches!(round_of(task, r).outcome, RoundOutcome::Aggregated { .. }))
		);
	});
}

#[test]
fn replay_verifies_every_retained_round() {
	new_test_ext().execute_with(|| {
		let task = create(false, TaskParams { rounds: 4, ..params() });
		aggregate_rounds(task, 4);
		let report = FederatedLearning::replay(task).unwrap();
		assert_eq!(report.len(), 4);
		assert_eq!(report[0].result, ReplayResult::NotRetained);
		assert_eq!(report[1].result, ReplayResult::NotRetained);
		for entry in &report[2..] {
			let hash = Models::<Test>::get(task, entry.version).unwrap().hash;
			assert_eq!(entry.result, ReplayResult::Verified { model_hash: hash });
		}
		assert_eq!(FederatedLearning::replay(9), None);
	});
}

#[test]
fn replay_finds_a_tampered_update() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		aggregate_rounds(task, 1);
		FederatedLearning::store_update(task, 1, 1, &update(201));
		let stored = Models::<Test>::get(task, 1).unwrap().hash;
		let report = FederatedLearning::replay(task).unwrap();
		assert!(matches!(
			report[0].result,
			ReplayResult::Mismatch { stored: s, recomputed: Some(r) } if s == stored && r != stored
		));
	});
}

// ---------------------------------------------------------------------------------------------
// Views

#[test]
fn views_show_task_round_phases_and_model() {
	new_test_ext().execute_with(|| {
		let task = create(true, params());
		let view = FederatedLearning::task(task).unwrap();
		assert_eq!(view.spec, spec(true));
		assert_eq!(
			view.rho_per_round,
			spec(true).round_rho(100).unwrap()
				+ FederatedLearning::histogram_rho(&spec(true)).unwrap()
		);
		assert_eq!(FederatedLearning::tasks(0), vec![(task, TaskStatus::Running)]);
		assert_eq!(FederatedLearning::tasks(task + 1), vec![]);
		assert_eq!(FederatedLearning::round(task, None).unwrap().phase, RoundPhase::Commit);
		commit(CLINIC_A, task, 1, 0, 100, 10);
		let round = FederatedLearning::round(task, None).unwrap();
		assert_eq!(round.not_committed, vec![1, 2]);
		assert_eq!(round.contributions[0].1, CLINIC_A);
		System::set_block_number(4);
		assert_eq!(FederatedLearning::round(task, None).unwrap().phase, RoundPhase::Reveal);
		System::set_block_number(7);
		assert_eq!(FederatedLearning::round(task, None).unwrap().phase, RoundPhase::Closing);
		run_to_block(8);
		assert_eq!(FederatedLearning::round(task, Some(1)).unwrap().phase, RoundPhase::Closed);
		let model = FederatedLearning::global_model(task, None).unwrap();
		assert_eq!((model.version, model.round), (0, 0));
		assert_eq!(model.parameters, spec(true).initial_global_model().unwrap());
		assert_eq!(FederatedLearning::global_model(task, Some(5)), None);
		assert_eq!(FederatedLearning::task(9), None);
	});
}

#[test]
fn hashes_are_order_independent_and_bind_the_salt() {
	let mut one = [[1u8; 32], [3u8; 32], [2u8; 32]];
	let mut other = [[2u8; 32], [1u8; 32], [3u8; 32]];
	assert_eq!(cohort_hash(&mut one), cohort_hash(&mut other));
	assert_ne!(cohort_hash(&mut one[..2]), cohort_hash(&mut other));
	let context = CommitmentContext {
		genesis: vec![0; 32],
		task: 0,
		round: 1,
		dataset: 0,
		clinic: CLINIC_A.encode(),
	};
	assert_ne!(
		commitment_hash(&context, &[1, 2], &[0; 32]),
		commitment_hash(&context, &[1, 2], &[1; 32])
	);
	// Without DP the task's own bound applies: a norm of 1 is 2^16 in Q15.16.
	assert_eq!(update_norm_bound_squared(&spec(false), &params()), 65_536u128 * 65_536);
}

// ---------------------------------------------------------------------------------------------
// Off-chain worker

type Pool = Arc<parking_lot::RwLock<PoolState>>;

thread_local! {
	/// The clinic node of the test's off-chain worker: its datasets and kept updates.
	static CLINIC_NODE: std::cell::RefCell<Arc<ClinicNode>> =
		std::cell::RefCell::new(Arc::new(ClinicNode::in_memory([5; 32])));
}

fn clinic_node() -> Arc<ClinicNode> {
	CLINIC_NODE.with(|node| node.borrow().clone())
}

/// Externalities with an off-chain worker whose keystore holds the clinic keys `keys`, on a
/// clinic node with no dataset yet (see [`load`]).
fn offchain_ext(keys: &[u64]) -> (CheckedExternalities, Pool) {
	let (mut ext, pool) = offchain_ext_without_clinic_node(keys);
	let node = Arc::new(ClinicNode::in_memory([5; 32]));
	CLINIC_NODE.with(|cell| *cell.borrow_mut() = node.clone());
	ext.register_extension(ClinicNodeExt(node));
	(ext, pool)
}

/// Externalities with an off-chain worker but no clinic node (no native training).
fn offchain_ext_without_clinic_node(keys: &[u64]) -> (CheckedExternalities, Pool) {
	let mut ext = new_test_ext();
	let (offchain, _state) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	ext.register_extension(OffchainDbExt::new(offchain.clone()));
	ext.register_extension(OffchainWorkerExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	UintAuthorityId::set_all_keys(keys.iter().copied());
	(ext, pool_state)
}

/// The synthetic rows (pseudonym, cycle) of clinic `clinic` (1-based).
fn rows(clinic: usize, n: usize) -> Vec<([u8; 32], fl_core::features::IvfCycle)> {
	fl_core::synth::Generator::new(3, 11)
		.clinic_records(clinic, n)
		.into_iter()
		.map(|r| (r.pseudonym, r.cycle))
		.collect()
}

/// Gives the clinic node `rows` as dataset `dataset`, as reading its file would.
fn load(dataset: DatasetId, rows: &[([u8; 32], fl_core::features::IvfCycle)]) {
	clinic_node().insert_rows(dataset, rows.to_vec());
}

/// Takes the pool's transactions and dispatches each from its signer; returns the calls.
fn dispatch_pool(pool: &Pool) -> Vec<RuntimeCall> {
	let transactions = std::mem::take(&mut pool.write().transactions);
	transactions
		.into_iter()
		.map(|bytes| {
			let xt = Extrinsic::decode(&mut &bytes[..]).unwrap();
			let Preamble::Signed(who, _, _) = xt.preamble else { panic!("not signed") };
			assert_ok!(xt.function.clone().dispatch(RuntimeOrigin::signed(who)));
			xt.function
		})
		.collect()
}

/// Imports block `n` (its `on_initialize`), then runs the worker on it.
fn worker_at(n: u64) {
	run_to_block(n);
	FederatedLearning::offchain_worker(n);
}

#[test]
fn worker_commits_then_reveals_and_the_round_aggregates() {
	let (mut ext, pool) = offchain_ext(&[CLINIC_A, CLINIC_B, CLINIC_C]);
	ext.execute_with(|| {
		for (dataset, clinic) in [(0, 1), (1, 2), (2, 3)] {
			load(dataset, &rows(clinic, 40));
		}
		let task = create(true, TaskParams { max_samples: 30, ..params() });
		FederatedLearning::offchain_worker(1);
		let calls = dispatch_pool(&pool);
		assert_eq!(calls.len(), 3);
		assert!(calls.iter().all(|c| matches!(
			c,
			RuntimeCall::FederatedLearning(Call::commit_update { commitment, .. })
				if commitment.samples == 30
					&& commitment.scores.positives.iter().chain(&commitment.scores.negatives).sum::<u32>() > 0
		)));
		assert_eq!(round_of(task, 1).reveal_from, 2);

		worker_at(2);
		let calls = dispatch_pool(&pool);
		assert_eq!(calls.len(), 3);
		assert!(calls
			.iter()
			.all(|c| matches!(c, RuntimeCall::FederatedLearning(Call::reveal_update { .. }))));
		run_to_block(3);
		assert!(matches!(round_of(task, 1).outcome, RoundOutcome::Aggregated { version: 1, .. }));
		assert!(matches!(
			FederatedLearning::replay(task).unwrap()[0].result,
			ReplayResult::Verified { .. }
		));
		// The revealed updates respect the DP clipping bound the chain enforces.
		let bound =
			update_norm_bound_squared(&spec(true), &TaskParams { max_samples: 30, ..params() });
		assert!((0..3).all(|d| squared_norm(
			&FederatedLearning::revealed_update(task, 1, d).unwrap()
		) <= bound));
	});
}

#[test]
fn the_worker_signs_with_the_clinics_worker_key_and_the_round_counts_it_as_the_clinics() {
	// The keystore holds clinic A's worker key only: A's own key stays off the node.
	let (mut ext, pool) = offchain_ext(&[WORKER_OFFSET + CLINIC_A]);
	ext.execute_with(|| {
		load(0, &rows(1, 20));
		let task = create(false, params());
		FederatedLearning::offchain_worker(1);
		let signers: Vec<u64> = pool
			.read()
			.transactions
			.iter()
			.map(|bytes| match Extrinsic::decode(&mut &bytes[..]).unwrap().preamble {
				Preamble::Signed(who, _, _) => who,
				_ => panic!("not signed"),
			})
			.collect();
		assert_eq!(signers, vec![WORKER_OFFSET + CLINIC_A]);
		dispatch_pool(&pool);
		worker_at(2);
		worker_at(3);
		run_to_block(4);
		dispatch_pool(&pool);
		let contribution = &round_of(task, 1).contributions[0];
		assert_eq!(contribution.state, ContributionState::Revealed);
		// The commitment is bound to the clinic, not to its worker key.
		let context = FederatedLearning::commitment_context(task, 1, 0, &CLINIC_A);
		let update = FederatedLearning::revealed_update(task, 1, 0).unwrap();
		let prepared = offchain::PreparedUpdate::decode(
			&mut &clinic_node().kept(&offchain::update_key(task, 1, 0)).unwrap()[..],
		)
		.unwrap();
		assert_eq!(
			commitment_hash(&context, &update, &prepared.salt),
			contribution.commitment.update_hash
		);
	});
}

#[test]
fn worker_does_not_submit_twice() {
	let (mut ext, pool) = offchain_ext(&[CLINIC_A]);
	ext.execute_with(|| {
		load(0, &rows(1, 20));
		let task = create(false, params());
		FederatedLearning::offchain_worker(1);
		assert_eq!(pool.read().transactions.len(), 1);
		// The commitment has not landed yet: the next run waits.
		FederatedLearning::offchain_worker(1);
		assert_eq!(pool.read().transactions.len(), 1);
		dispatch_pool(&pool);
		// Landed: nothing more to do in the commit phase.
		worker_at(2);
		assert!(pool.read().transactions.is_empty());
		assert_eq!(round_of(task, 1).contributions.len(), 1);
	});
}

#[test]
fn worker_sends_a_dropped_commitment_again_after_resend_after_blocks() {
	let (mut ext, pool) = offchain_ext(&[CLINIC_A]);
	ext.execute_with(|| {
		load(0, &rows(1, 20));
		let task = create(false, TaskParams { commit_window: 6, ..params() });
		FederatedLearning::offchain_worker(1);
		// The pool drops it (as a full pool or a clashing nonce would).
		let dropped = std::mem::take(&mut pool.write().transactions);
		assert_eq!(dropped.len(), 1);
		let resend_at = 1 + offchain::RESEND_AFTER as u64;
		worker_at(resend_at - 1);
		assert!(pool.read().transactions.is_empty(), "sent again too early");
		worker_at(resend_at);
		// The same commitment, from the kept update: not a fresh training with a new salt.
		assert_eq!(pool.read().transactions, dropped);
		dispatch_pool(&pool);
		assert_eq!(round_of(task, 1).contributions.len(), 1);
	});
}

/// Runs `test` where the clinic A's worker, with 20 rows of dataset 0, committed in block 1
/// to round 1 of a new task, whose commitment is on chain: with the pool and the task.
fn with_worker_committed(test: impl FnOnce(Pool, TaskId)) {
	let (mut ext, pool) = offchain_ext(&[CLINIC_A]);
	ext.execute_with(|| {
		load(0, &rows(1, 20));
		let task = create(false, params());
		FederatedLearning::offchain_worker(1);
		dispatch_pool(&pool);
		test(pool, task)
	});
}

#[test]
fn worker_reveals_from_its_kept_update_after_a_restart() {
	with_worker_committed(|pool, task| {
		let kept = offchain::update_key(task, 1, 0);
		assert!(clinic_node().kept(&kept).is_some());
		// The data is gone (a restarted node that lost its dataset): the kept update suffices.
		clinic_node().remove_rows(0);
		worker_at(2);
		assert!(pool.read().transactions.is_empty());
		// Block 4 opens the reveal phase: the worker at block 3 sends for it.
		worker_at(3);
		run_to_block(4);
		let calls = dispatch_pool(&pool);
		assert!(matches!(&calls[..], [RuntimeCall::FederatedLearning(Call::reveal_update { .. })]));
		assert_eq!(round_of(task, 1).contributions[0].state, ContributionState::Revealed);
		// Once revealed on chain, the kept copy is dropped.
		worker_at(5);
		assert!(clinic_node().kept(&kept).is_none());
	});
}

#[test]
fn worker_never_reveals_a_kept_update_changed_after_its_commitment() {
	with_worker_committed(|pool, task| {
		// Someone with the node's files swaps the kept update for one of their own choosing.
		let kept = offchain::update_key(task, 1, 0);
		let mut prepared =
			offchain::PreparedUpdate::decode(&mut &clinic_node().kept(&kept).unwrap()[..]).unwrap();
		prepared.update[0] = prepared.update[0].wrapping_add(1 << 16);
		clinic_node().keep(&kept, &prepared.encode()).unwrap();
		worker_at(2);
		worker_at(3);
		assert!(pool.read().transactions.is_empty(), "a changed update was revealed");
		assert_eq!(round_of(task, 1).contributions[0].state, ContributionState::Committed);
	});
}

#[test]
fn worker_on_a_node_without_the_clinic_extension_takes_no_part() {
	let (mut ext, pool) = offchain_ext_without_clinic_node(&[CLINIC_A]);
	ext.execute_with(|| {
		create(false, params());
		FederatedLearning::offchain_worker(1);
		assert!(pool.read().transactions.is_empty());
		assert!(
			ivf_clinic_host::clinic_node::dataset_index(0)
				== Err(ivf_clinic_host::ClinicNodeError::NoClinicNode)
		);
	});
}

#[test]
fn withdrawn_consent_excludes_the_row_from_later_rounds() {
	let (mut ext, pool) = offchain_ext(&[CLINIC_A, CLINIC_B]);
	ext.execute_with(|| {
		let clinic_a = rows(1, 20);
		load(0, &clinic_a);
		load(1, &rows(2, 20));
		assert_ok!(create_err(spec(false), &[0, 1], params(), AggregationRule::FedAvg));
		let task = 0;
		FederatedLearning::offchain_worker(1);
		dispatch_pool(&pool);
		// Withdrawn after round 1 started (block 1) and before round 2 starts (block 2, in
		// the last reveal of round 1).
		Consent::withdraw(clinic_a[4].0, START + BLOCK_MILLIS + 1);
		worker_at(2);
		dispatch_pool(&pool);
		worker_at(3);
		dispatch_pool(&pool);
		let before = round_of(task, 1).contributions[0].commitment;
		let after = round_of(task, 2).contributions[0].commitment;
		assert_eq!((before.samples, after.samples), (20, 19));
		assert_ne!(before.cohort_hash, after.cohort_hash);
		// The other clinic's cohort is unchanged.
		assert_eq!(
			round_of(task, 1).contributions[1].commitment.cohort_hash,
			round_of(task, 2).contributions[1].commitment.cohort_hash
		);
	});
}

#[test]
fn worker_without_a_key_or_data_sends_nothing() {
	let (mut ext, pool) = offchain_ext(&[CLINIC_D]);
	ext.execute_with(|| {
		load(0, &rows(1, 20));
		create(false, params());
		FederatedLearning::offchain_worker(1);
		assert!(pool.read().transactions.is_empty());
		UintAuthorityId::set_all_keys([CLINIC_B]);
		FederatedLearning::offchain_worker(1);
		assert!(pool.read().transactions.is_empty());
	});
}

// ---------------------------------------------------------------------------------------------
// Attacks on privacy and influence, each refused by its named error

/// The default policy (DP required, σ ≥ 1, C ≤ 1, ρ ≤ 1 per round, cohort ≥ 20) on datasets
/// 0, 1 and 2.
fn require_default_policy() {
	for dataset in 0..3 {
		DataAccess::set_policy(dataset, ivf_primitives::data_access::PrivacyPolicy::default());
	}
}

#[test]
fn a_one_row_task_is_refused_by_the_cohort_floor() {
	new_test_ext().execute_with(|| {
		require_default_policy();
		let one_row = TaskParams { max_samples: 1, ..params() };
		assert_noop!(
			create_err(spec(true), &[0, 1], one_row, AggregationRule::FedAvg),
			E::CohortBelowPolicy
		);
		// At the floor it is accepted.
		let floor = TaskParams { max_samples: 20, ..params() };
		assert_ok!(create_err(spec(true), &[0, 1], floor, AggregationRule::FedAvg));
	});
}

#[test]
fn a_task_without_dp_on_a_dataset_that_requires_it_is_refused() {
	new_test_ext().execute_with(|| {
		require_default_policy();
		assert_noop!(
			create_err(spec(false), &[0, 1], params(), AggregationRule::FedAvg),
			E::PrivacyRequired
		);
	});
}

#[test]
fn a_task_below_a_dataset_s_dp_floor_is_refused_by_each_rule() {
	new_test_ext().execute_with(|| {
		require_default_policy();
		let with_dp = |clip: u32, noise: u32, epochs: u32| {
			let mut s = spec(true);
			s.privacy = Some(fl_core::DpSgd::local(clip, noise));
			s.training.epochs = epochs;
			s
		};
		let fedavg = AggregationRule::FedAvg;
		assert_noop!(
			create_err(with_dp(1_000_000, 999_999, 1), &[0, 1], params(), fedavg),
			E::NoiseBelowPolicy
		);
		assert_noop!(
			create_err(with_dp(1_000_001, 8_000_000, 1), &[0, 1], params(), fedavg),
			E::ClipNormAbovePolicy
		);
		// σ = 1, 7 steps: ρ = 3.5 + 0.5 for the histogram, above the policy's 1 per round.
		assert_noop!(
			create_err(with_dp(1_000_000, 1_000_000, 1), &[0, 1], params(), fedavg),
			E::RoundRhoAbovePolicy
		);
	});
}

#[test]
fn a_grant_covers_only_the_task_it_names() {
	new_test_ext().execute_with(|| {
		let fedavg = AggregationRule::FedAvg;
		// Granted: the spec with params() and FedAvg.
		grant_task(&spec(true), &[0, 1], &params(), fedavg);
		let call = |params: TaskParams<u64>, rule| submit_task(spec(true), &[0, 1], params, rule);
		// More rounds, more rows per round, a looser norm bound, another rule: not granted.
		assert_noop!(call(TaskParams { rounds: 3, ..params() }, fedavg), E::NoLiveGrant);
		assert_noop!(call(TaskParams { max_samples: 200, ..params() }, fedavg), E::NoLiveGrant);
		assert_noop!(
			call(TaskParams { max_update_norm_ppm: 2_000_000, ..params() }, fedavg),
			E::NoLiveGrant
		);
		assert_noop!(call(params(), AggregationRule::Median), E::NoLiveGrant);
		// Windows and quorum do not touch privacy: the grant covers them.
		assert_ok!(call(TaskParams { commit_window: 5, ..params() }, fedavg));
		assert_eq!(
			FederatedLearning::task_algorithm_of(&spec(true), &params(), &fedavg),
			algorithm(&spec(true), &params(), fedavg)
		);
	});
}

#[test]
fn two_datasets_of_one_clinic_are_refused() {
	new_test_ext().execute_with(|| {
		DataAccess::add_dataset(4, CLINIC_A, BUDGET);
		assert_noop!(
			create_err(spec(false), &[0, 4, 1], params(), AggregationRule::FedAvg),
			E::ClinicListedTwice
		);
	});
}

#[test]
fn an_oversized_training_spec_is_refused() {
	new_test_ext().execute_with(|| {
		// 100 samples × 500 epochs × 20 parameters = 1,000,000: the mock's bound.
		let mut heavy = spec(false);
		heavy.training.epochs = 500;
		assert_ok!(create_err(heavy.clone(), &[0, 1], params(), AggregationRule::FedAvg));
		heavy.training.epochs = 501;
		assert_noop!(
			create_err(heavy, &[0, 1], params(), AggregationRule::FedAvg),
			E::TrainingWorkTooLarge
		);
	});
}

#[test]
fn an_inflated_or_too_small_sample_count_is_refused() {
	new_test_ext().execute_with(|| {
		let task = create(false, TaskParams { max_samples: 1_000, ..params() });
		let c =
			|samples| commitment_for(CLINIC_A, task, 1, 0, &update(1), &salt(CLINIC_A), samples);
		let commit = |c| commit_as(CLINIC_A, task, 1, 0, c);
		// The dataset has RECORDS (300) rows: a clinic cannot weigh more than that.
		assert_noop!(commit(c(RECORDS + 1)), E::SamplesAboveRecordCount);
		// Below the dataset's cohort floor (10 in the mock's policy).
		assert_noop!(commit(c(9)), E::CohortTooSmall);
		assert_ok!(commit(c(RECORDS)));
	});
}

#[test]
fn a_copied_commitment_is_refused_and_cannot_be_revealed() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		commit(CLINIC_A, task, 1, 0, 100, 10);
		let copied = round_of(task, 1).contributions[0].commitment;
		// Clinic B commits A's published hash: refused.
		assert_noop!(commit_as(CLINIC_B, task, 1, 1, copied), E::DuplicateCommitment);
		// Where A's hash is not in the round (a round A has not committed to yet), B's copy
		// is accepted but worthless: the hash binds A's context, so B cannot reveal A's update
		// under it.
		let task2 = create(true, params());
		let a_hash = commitment_for(CLINIC_A, task2, 1, 0, &update(100), &salt(CLINIC_A), 10);
		assert_ok!(commit_as(CLINIC_B, task2, 1, 1, a_hash));
		System::set_block_number(4);
		assert_noop!(
			FederatedLearning::reveal_update(
				RuntimeOrigin::signed(CLINIC_B),
				task2,
				1,
				1,
				BoundedVec::truncate_from(update(100)),
				salt(CLINIC_A)
			),
			E::CommitmentMismatch
		);
	});
}

#[test]
fn commitments_bind_chain_task_round_dataset_and_clinic() {
	new_test_ext().execute_with(|| {
		let (update, salt) = (update(5), salt(CLINIC_A));
		let base = FederatedLearning::commitment_context(0, 1, 0, &CLINIC_A);
		let hash = commitment_hash(&base, &update, &salt);
		let others = [
			CommitmentContext { genesis: vec![1; 32], ..base.clone() },
			CommitmentContext { task: 1, ..base.clone() },
			CommitmentContext { round: 2, ..base.clone() },
			CommitmentContext { dataset: 1, ..base.clone() },
			CommitmentContext { clinic: CLINIC_B.encode(), ..base.clone() },
		];
		for other in others {
			assert_ne!(commitment_hash(&other, &update, &salt), hash, "{other:?}");
		}
	});
}

#[test]
fn a_second_task_on_the_same_spec_and_dataset_draws_new_noise() {
	let spec = spec(true);
	let examples = fl_core::features::labelled_set(
		&rows(1, 40).into_iter().map(|r| r.1).collect::<Vec<_>>(),
		&spec.normalisation,
	)
	.unwrap();
	let global = spec.initial_global_model().unwrap();
	let base = model_hash(&global);
	let secret = [42; 32];
	let first = fl_core::train::clinic_seed(&spec.id(), 0, 1, &base, &secret, 0);
	let second = fl_core::train::clinic_seed(&spec.id(), 1, 1, &base, &secret, 0);
	assert_ne!(first, second, "two tasks share a seed");
	// A retried round from another starting model draws new noise too.
	assert_ne!(first, fl_core::train::clinic_seed(&spec.id(), 0, 1, &[1; 32], &secret, 0));
	// The same inputs give the same seed: the clinic can replay its own training.
	assert_eq!(first, fl_core::train::clinic_seed(&spec.id(), 0, 1, &base, &secret, 0));
	let train = |seed| fl_core::train::local_update(&spec, &global, &examples, seed).unwrap().delta;
	let (a, b) = (train(first), train(second));
	assert_ne!(a, b, "the two tasks' updates carry the same noise");
	// Subtracting them leaves noise, not zero: nothing cancels.
	assert!(a.iter().zip(&b).filter(|(x, y)| x != y).count() > a.len() / 2);
}

#[test]
fn an_oversized_update_is_refused_without_dp_too() {
	new_test_ext().execute_with(|| {
		// No DP: the task's bound of 1.0 (2^16 in Q15.16) still holds.
		let task = create(false, params());
		let mut big = vec![0; 20];
		big[0] = 65_537;
		let reveal = committed_reveal(task, big);
		assert_noop!(reveal(), E::UpdateOutOfBounds);
	});
}

#[test]
fn an_update_at_the_norm_bound_is_accepted() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		let mut at_bound = vec![0; 20];
		at_bound[0] = 65_536;
		let reveal = committed_reveal(task, at_bound);
		assert_ok!(reveal());
	});
}

#[test]
fn a_withholding_clinic_is_dropped_after_two_misses() {
	new_test_ext().execute_with(|| {
		let task = create(false, TaskParams { rounds: 5, ..params() });
		for round in 1..=2 {
			let opened = round_of(task, round).opened_at;
			commit_all(task, round);
			run_to_block(opened + 1);
			// A and B reveal; C withholds.
			reveal(CLINIC_A, task, round, 0, 100);
			reveal(CLINIC_B, task, round, 1, 200);
			run_to_block(round_of(task, round).close_at);
		}
		System::assert_has_event(Event::DatasetDropped { task, dataset: 2, missed: 2 }.into());
		let stored = Tasks::<Test>::get(task).unwrap();
		assert_eq!(stored.participant(2).unwrap().dropped_after, Some(2));
		assert_eq!(stored.active_participants(), 2);
		let round = stored.round;
		assert_noop!(try_commit(CLINIC_C, task, round, 2, 3, 10), E::DatasetDropped);
		// The two remaining clinics open the reveal phase by themselves.
		commit(CLINIC_A, task, round, 0, 100, 10);
		commit(CLINIC_B, task, round, 1, 200, 20);
		System::assert_last_event(
			Event::RevealPhaseOpened { task, round, reveal_from: System::block_number() + 1 }
				.into(),
		);
	});
}

#[test]
fn the_score_histogram_is_charged_at_commit_under_dp() {
	new_test_ext().execute_with(|| {
		let task = create(true, params());
		commit(CLINIC_A, task, 1, 0, 100, 10);
		let histogram = FederatedLearning::histogram_rho(&spec(true)).unwrap();
		assert!(histogram > 0);
		assert_eq!(DataAccess::remaining(0), BUDGET - histogram);
		assert_eq!(round_of(task, 1).contributions[0].rho_charged, histogram);
		// A dataset whose budget cannot pay for the histogram cannot commit.
		DataAccess::add_dataset(1, CLINIC_B, histogram - 1);
		assert_noop!(try_commit(CLINIC_B, task, 1, 1, 1, 10), E::PrivacyBudgetExhausted);
	});
}

#[test]
fn the_round_shows_the_federated_auc_of_the_summed_histograms_only() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		assert_eq!(FederatedLearning::round(task, None).unwrap().federated_auc_ppm, None);
		commit_all(task, 1);
		let view = FederatedLearning::round(task, None).unwrap();
		let mut sum = ScoreHistogram::default();
		for _ in 0..3 {
			fl_core::metrics::add_histogram(&mut sum, &scores());
		}
		assert_eq!(view.federated_auc_ppm, fl_core::metrics::histogram_auc_ppm(&sum));
		// Equal shares in every bin: a model no better than chance.
		assert_eq!(view.federated_auc_ppm, Some(500_000));
	});
}

// ---------------------------------------------------------------------------------------------
// withdraw_departed_clinic

fn withdraw(clinic: u64) -> DispatchResultWithPostInfo {
	FederatedLearning::withdraw_departed_clinic(RuntimeOrigin::root(), clinic)
}

#[test]
fn withdrawing_a_departed_clinic_needs_governance() {
	new_test_ext().execute_with(|| {
		create(false, params());
		Consortium::remove_clinic(CLINIC_C);
		for origin in [RuntimeOrigin::signed(CLINIC_A), RuntimeOrigin::signed(RESEARCHER)] {
			assert_noop!(
				FederatedLearning::withdraw_departed_clinic(origin, CLINIC_C),
				sp_runtime::DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn an_active_clinic_is_not_withdrawn() {
	new_test_ext().execute_with(|| {
		create(false, params());
		assert_noop!(withdraw(CLINIC_C), E::ClinicStillActive);
	});
}

#[test]
fn withdrawing_a_clinic_in_no_running_task_is_refused() {
	new_test_ext().execute_with(|| {
		create(false, params());
		Consortium::remove_clinic(CLINIC_D);
		assert_noop!(withdraw(CLINIC_D), E::NotInRunningTask);
		Consortium::remove_clinic(CLINIC_C);
		assert_ok!(withdraw(CLINIC_C));
		// Withdrawn once; there is nothing more to withdraw.
		assert_noop!(withdraw(CLINIC_C), E::NotInRunningTask);
	});
}

#[test]
fn a_running_round_no_longer_waits_for_a_departed_clinic_s_dataset() {
	new_test_ext().execute_with(|| {
		let task = task_in_reveal();
		reveal(CLINIC_A, task, 1, 0, 100);
		reveal(CLINIC_B, task, 1, 1, 200);
		Consortium::remove_clinic(CLINIC_C);

		assert_ok!(withdraw(CLINIC_C));

		System::assert_has_event(Event::DatasetWithdrawn { task, dataset: 2, round: 1 }.into());
		System::assert_last_event(
			Event::DepartedClinicWithdrawn { clinic: CLINIC_C, tasks: 1, ended: 0 }.into(),
		);
		let stored = Tasks::<Test>::get(task).unwrap();
		assert_eq!(stored.participant(2).unwrap().dropped_after, Some(0));
		assert_eq!(stored.active_participants(), 2);
		assert_eq!(round_of(task, 1).contributions[2].state, ContributionState::Withdrawn);
		// The round closes at the next block's start with the two others, without C's update.
		run_to_block(3);
		let record = round_of(task, 1);
		assert!(matches!(record.outcome, RoundOutcome::Aggregated { closed_at: 3, .. }));
		let initial = spec(false).initial_global_model().unwrap();
		let (a, b) = (update(100), update(200));
		let expected = fl_core::aggregate(
			AggregationRule::FedAvg,
			&initial,
			&[ClientUpdate { delta: &a, samples: 10 }, ClientUpdate { delta: &b, samples: 20 }],
		)
		.unwrap();
		assert_eq!(Models::<Test>::get(task, 1).unwrap().parameters.to_vec(), expected);
		assert_eq!(record.contributions[2].state, ContributionState::Withdrawn);
		System::assert_has_event(first_round_aggregated(task, &expected, &[0, 1], 30));
		assert_eq!(MissedReveals::<Test>::get(2), 0);
		// The dataset takes no further part.
		let next = commitment_for(CLINIC_C, task, 2, 2, &update(300), &salt(CLINIC_C), 30);
		assert_noop!(commit_as(CLINIC_C, task, 2, 2, next), E::DatasetDropped);
	});
}

#[test]
fn the_reveal_phase_opens_when_only_the_departed_clinic_had_not_committed() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		commit(CLINIC_A, task, 1, 0, 100, 10);
		commit(CLINIC_B, task, 1, 1, 200, 20);
		Consortium::remove_clinic(CLINIC_C);

		assert_ok!(withdraw(CLINIC_C));

		System::assert_has_event(
			Event::RevealPhaseOpened { task, round: 1, reveal_from: 2 }.into(),
		);
		assert_eq!(round_of(task, 1).reveal_from, 2);
		assert_eq!(OpenRounds::<Test>::get()[0].reveal_from, 2);
		run_to_block(2);
		reveal(CLINIC_A, task, 1, 0, 100);
		reveal(CLINIC_B, task, 1, 1, 200);
		assert!(matches!(round_of(task, 1).outcome, RoundOutcome::Aggregated { .. }));
	});
}

#[test]
fn a_withdrawn_dataset_s_commitment_does_not_stand_for_a_remaining_one() {
	new_test_ext().execute_with(|| {
		let task = create(false, params());
		commit(CLINIC_C, task, 1, 2, 300, 30);
		Consortium::remove_clinic(CLINIC_C);
		assert_ok!(withdraw(CLINIC_C));
		// A's commitment is one of two awaited: the commit phase goes on for B.
		commit(CLINIC_A, task, 1, 0, 100, 10);
		assert_eq!(round_of(task, 1).reveal_from, 4);
		commit(CLINIC_B, task, 1, 1, 200, 20);
		assert_eq!(round_of(task, 1).reveal_from, 2);
	});
}

#[test]
fn a_task_left_below_its_quorum_ends_as_failed() {
	new_test_ext().execute_with(|| {
		let task = create(false, TaskParams { quorum: 3, ..params() });
		commit(CLINIC_A, task, 1, 0, 100, 10);
		Consortium::remove_clinic(CLINIC_C);

		assert_ok!(withdraw(CLINIC_C));

		let reason = RoundFailure::QuorumUnreachable { participants: 2, quorum: 3 };
		assert_eq!(round_of(task, 1).outcome, RoundOutcome::Failed { reason, closed_at: 1 });
		let stored = Tasks::<Test>::get(task).unwrap();
		assert_eq!((stored.status, stored.consecutive_failures), (TaskStatus::Failed, 1));
		assert!(OpenRounds::<Test>::get().is_empty());
		System::assert_has_event(
			Event::RoundFailed { task, round: 1, reason, not_revealed: datasets(&[]) }.into(),
		);
		System::assert_has_event(
			Event::TaskFailed { task, round: 1, consecutive_failures: 1 }.into(),
		);
		System::assert_last_event(
			Event::DepartedClinicWithdrawn { clinic: CLINIC_C, tasks: 1, ended: 1 }.into(),
		);
		// Nothing more runs: no further round, no missed reveal charged to A.
		run_to_block(8);
		assert_eq!(Rounds::<Test>::get(task, 2), None);
		assert_eq!(MissedReveals::<Test>::get(0), 0);
	});
}

#[test]
fn withdrawing_is_charged_for_the_open_rounds_scanned() {
	new_test_ext().execute_with(|| {
		create(false, params());
		Consortium::remove_clinic(CLINIC_C);
		let info = withdraw(CLINIC_C).expect("withdraws");
		assert_eq!(
			info.actual_weight,
			Some(<() as crate::WeightInfo>::withdraw_departed_clinic(1))
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Secure aggregation (rule SecureFedAvg)

mod secure_aggregation {
	use super::*;
	use fl_core::secure_aggregation::{
		self as secagg, MaskKeys, ParticipantKeys, SecAggError, SecretKind, Share,
	};

	/// One round, quorum 2, windows of 3 blocks.
	fn secure_params() -> TaskParams<u64> {
		TaskParams { rounds: 1, ..params() }
	}

	/// The clinic of dataset `d`: datasets 0..=4 belong to clinics 1..=5.
	fn clinic(dataset: DatasetId) -> u64 {
		dataset as u64 + 1
	}

	/// Creates a SecureFedAvg task of `params` on `ids` (registering dataset 4 for clinic E
	/// when listed) and grants every dataset; returns its id.
	fn create_secure(ids: &[DatasetId], params: TaskParams<u64>) -> TaskId {
		create_secure_with(spec(false), ids, params)
	}

	/// [`create_secure`] with `spec`.
	fn create_secure_with(
		spec: fl_core::ModelSpec,
		ids: &[DatasetId],
		params: TaskParams<u64>,
	) -> TaskId {
		if ids.contains(&4) {
			DataAccess::add_dataset(4, CLINIC_E, BUDGET);
		}
		for &dataset in ids {
			DataAccess::grant(
				RESEARCHER,
				dataset,
				algorithm(&spec, &params, AggregationRule::SecureFedAvg),
			);
		}
		submitted(spec, ids, params, AggregationRule::SecureFedAvg)
	}

	/// Clinic `dataset`'s round secrets: fixed per dataset, as a test needs them again.
	fn keys_of(dataset: DatasetId) -> MaskKeys {
		MaskKeys::from_seed(&[dataset as u8 + 40; 32])
	}

	fn secure_of(task: TaskId) -> SecureRoundOf<Test> {
		SecureRounds::<Test>::get(task, 1).expect("a secure round")
	}

	fn context(task: TaskId) -> secagg::MaskContext {
		mask_context(task, 1, 20)
	}

	fn publish(task: TaskId, dataset: DatasetId) {
		assert_ok!(FederatedLearning::publish_mask_keys(
			RuntimeOrigin::signed(clinic(dataset)),
			task,
			1,
			dataset,
			keys_of(dataset).public_keys(),
		));
	}

	fn dealt(task: TaskId, dataset: DatasetId) -> DealtSharesOf<Test> {
		let secure = secure_of(task);
		let index = secure.index_of(dataset).unwrap();
		let shares = secagg::deal_shares(
			&context(task),
			&keys_of(dataset),
			index,
			&secure.keys(),
			secure.threshold() as usize,
		)
		.unwrap();
		BoundedVec::truncate_from(shares)
	}

	/// `clinic` deals `shares` for `dataset` in `round` of `task`.
	fn deal_as(
		clinic: u64,
		task: TaskId,
		round: RoundNumber,
		dataset: DatasetId,
		shares: DealtSharesOf<Test>,
	) -> sp_runtime::DispatchResult {
		FederatedLearning::deal_mask_shares(
			RuntimeOrigin::signed(clinic),
			task,
			round,
			dataset,
			shares,
		)
	}

	/// The clinic of `dataset` deals its shares in round 1 of `task`.
	fn deal(task: TaskId, dataset: DatasetId) {
		assert_ok!(deal_as(clinic(dataset), task, 1, dataset, dealt(task, dataset)));
	}

	/// Dataset `dataset`'s masked weighted update of `delta` at `samples`.
	fn masked(task: TaskId, dataset: DatasetId, delta: &[i32], samples: u32) -> Vec<u64> {
		let secure = secure_of(task);
		let weighted = secagg::weighted_update(delta, samples as u64).unwrap();
		secagg::mask(
			&context(task),
			&keys_of(dataset),
			secure.index_of(dataset).unwrap(),
			&secure.keys(),
			&weighted,
		)
		.unwrap()
	}

	fn masked_commitment(
		task: TaskId,
		dataset: DatasetId,
		masked: &[u64],
		samples: u32,
	) -> Commitment {
		let context = FederatedLearning::commitment_context(task, 1, dataset, &clinic(dataset));
		Commitment {
			update_hash: masked_commitment_hash(&context, masked, &salt(clinic(dataset))),
			samples,
			cohort_hash: [samples as u8; 32],
			scores: scores(),
		}
	}

	fn commit_masked(task: TaskId, dataset: DatasetId, delta: &[i32], samples: u32) {
		let masked = masked(task, dataset, delta, samples);
		assert_ok!(commit_as(
			clinic(dataset),
			task,
			1,
			dataset,
			masked_commitment(task, dataset, &masked, samples)
		));
	}

	fn reveal_masked(task: TaskId, dataset: DatasetId, delta: &[i32], samples: u32) {
		assert_ok!(FederatedLearning::reveal_masked_update(
			RuntimeOrigin::signed(clinic(dataset)),
			task,
			1,
			dataset,
			BoundedVec::truncate_from(masked(task, dataset, delta, samples)),
			salt(clinic(dataset)),
		));
	}

	/// The shares holder `dataset` reveals at unmasking, decrypted from what was dealt.
	fn unmasking_shares(task: TaskId, dataset: DatasetId) -> Vec<Share> {
		let secure = secure_of(task);
		let holder = secure.index_of(dataset).unwrap();
		let record = round_of(task, 1);
		secure
			.participants
			.iter()
			.enumerate()
			.map(|(dealer, (dealer_dataset, _))| {
				let survived = record.contributions.iter().any(|c| {
					c.dataset == *dealer_dataset && c.state == ContributionState::Revealed
				});
				let kind = if survived { SecretKind::SelfMask } else { SecretKind::MaskKey };
				let pair =
					DealtShares::<Test>::get((task, 1, *dealer_dataset)).unwrap()[holder as usize];
				let sealed = if survived { pair.self_mask } else { pair.mask_key };
				secagg::open_share(
					&context(task),
					&keys_of(dataset),
					holder,
					dealer as u32,
					&secure.keys(),
					kind,
					&sealed,
				)
				.unwrap()
			})
			.collect()
	}

	fn reveal_shares_of(
		task: TaskId,
		dataset: DatasetId,
		shares: Vec<Share>,
	) -> sp_runtime::DispatchResult {
		FederatedLearning::reveal_unmasking_shares(
			RuntimeOrigin::signed(clinic(dataset)),
			task,
			1,
			dataset,
			BoundedVec::truncate_from(shares),
		)
		.map(|_| ())
		.map_err(|e| e.error)
	}

	fn reveal_shares(task: TaskId, dataset: DatasetId) {
		assert_ok!(reveal_shares_of(task, dataset, unmasking_shares(task, dataset)));
	}

	/// Moves to the first block of the phase starting at `from`, if not there yet.
	fn reach(from: u64) {
		run_to_block(from.max(System::block_number()));
	}

	/// A deterministic pseudo-random update of 20 values in `±2^20`, and a sample count in
	/// `10..=100`, for `(seed, dataset)`.
	fn random_update(seed: u64, dataset: DatasetId) -> (Vec<i32>, u32) {
		let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(dataset as u64 + 1);
		let mut next = || {
			state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
			(state >> 33) as u32
		};
		let delta = (0..20).map(|_| (next() % (1 << 21)) as i32 - (1 << 20)).collect();
		(delta, 10 + next() % 91)
	}

	/// Runs round 1 of a secure task on `ids` to its close: every dataset publishes and deals,
	/// those not in `dropped` commit and reveal masked updates, and every dataset in
	/// `unmaskers` reveals its shares. Returns the survivors' `(update, samples)`.
	fn run_round(
		task: TaskId,
		ids: &[DatasetId],
		dropped: &[DatasetId],
		unmaskers: &[DatasetId],
		seed: u64,
	) -> Vec<(Vec<i32>, u32)> {
		for &d in ids {
			publish(task, d);
		}
		reach(secure_of(task).shares_from);
		for &d in ids {
			deal(task, d);
		}
		reach(secure_of(task).commit_from);
		let survivors: Vec<DatasetId> =
			ids.iter().copied().filter(|d| !dropped.contains(d)).collect();
		let updates: Vec<(Vec<i32>, u32)> =
			survivors.iter().map(|&d| random_update(seed, d)).collect();
		for (&d, (delta, samples)) in survivors.iter().zip(&updates) {
			commit_masked(task, d, delta, *samples);
		}
		reach(round_of(task, 1).reveal_from);
		for (&d, (delta, samples)) in survivors.iter().zip(&updates) {
			reveal_masked(task, d, delta, *samples);
		}
		reach(secure_of(task).unmask_from);
		for &d in unmaskers {
			reveal_shares(task, d);
		}
		run_to_block(round_of(task, 1).close_at.min(System::block_number() + 1));
		if round_of(task, 1).outcome == RoundOutcome::Open {
			run_to_block(round_of(task, 1).close_at);
		}
		updates
	}

	/// The model cleartext FedAvg makes of `updates` from the task's initial model.
	fn cleartext_fedavg(task: TaskId, updates: &[(Vec<i32>, u32)]) -> Vec<i32> {
		let global = Models::<Test>::get(task, 0).unwrap().parameters;
		let client: Vec<ClientUpdate<'_>> = updates
			.iter()
			.map(|(delta, samples)| ClientUpdate { delta, samples: *samples as u64 })
			.collect();
		fl_core::aggregate(AggregationRule::FedAvg, &global, &client).unwrap()
	}

	#[test]
	fn a_secure_round_gives_cleartext_fedavg_bit_for_bit_for_random_updates_and_weights() {
		for seed in 0..8u64 {
			new_test_ext().execute_with(|| {
				let task = create_secure(&[0, 1, 2, 3], secure_params());
				let updates = run_round(task, &[0, 1, 2, 3], &[], &[0, 1, 2, 3], seed);
				let RoundOutcome::Aggregated { version: 1, model_hash: hash, .. } =
					round_of(task, 1).outcome
				else {
					panic!(
						"seed {seed}: round 1 did not aggregate: {:?}",
						round_of(task, 1).outcome
					);
				};
				let model = Models::<Test>::get(task, 1).unwrap();
				assert_eq!(model.parameters.into_inner(), cleartext_fedavg(task, &updates));
				assert_eq!(model.hash, hash);
				// No update in the clear anywhere in state: none stored, and every masked input
				// differs from its weighted update.
				assert_eq!(RevealedUpdates::<Test>::iter().count(), 0);
				for (d, (delta, samples)) in (0..4).zip(&updates) {
					let weighted = secagg::weighted_update(delta, *samples as u64).unwrap();
					let stored = MaskedUpdates::<Test>::get((task, 1, d)).unwrap();
					assert!(stored.iter().zip(&weighted).all(|(m, w)| m != w));
				}
				// Every contributor's use is logged, and the replay verifies the round.
				assert_eq!(DataAccess::uses().len(), 4);
				assert_eq!(
					FederatedLearning::replay(task).unwrap()[0].result,
					ReplayResult::Verified { model_hash: hash }
				);
				System::assert_has_event(
					Event::TaskCompleted { task, version: 1, model_hash: hash }.into(),
				);
			});
		}
	}

	#[test]
	fn one_dropout_is_recovered_and_its_update_never_opened() {
		new_test_ext().execute_with(|| {
			let task = create_secure(&[0, 1, 2, 3], secure_params());
			// Dataset 3 publishes and deals, then drops out; the other three unmask (t = 3).
			let updates = run_round(task, &[0, 1, 2, 3], &[3], &[0, 1, 2], 11);
			assert!(matches!(round_of(task, 1).outcome, RoundOutcome::Aggregated { .. }));
			assert_eq!(
				Models::<Test>::get(task, 1).unwrap().parameters.into_inner(),
				cleartext_fedavg(task, &updates)
			);
			// The dropped clinic's mask key was rebuilt; its self-mask never was: every holder
			// revealed a share of its mask key only.
			let secure = secure_of(task);
			let index = secure.index_of(3).unwrap() as usize;
			for holder in [0, 1, 2] {
				let shares = UnmaskingShares::<Test>::get((task, 1, holder)).unwrap();
				let pair = DealtShares::<Test>::get((task, 1, 3)).unwrap()
					[secure.index_of(holder).unwrap() as usize];
				assert!(secagg::check_share(
					&context(task),
					index as u32,
					secure.index_of(holder).unwrap(),
					SecretKind::MaskKey,
					&shares[index],
					&pair.mask_key.commitment,
				)
				.is_ok());
			}
		});
	}

	#[test]
	fn two_dropouts_are_recovered() {
		new_test_ext().execute_with(|| {
			let task = create_secure(&[0, 1, 2, 3, 4], secure_params());
			assert_eq!(unmasking_threshold(5), 3);
			let updates = run_round(task, &[0, 1, 2, 3, 4], &[1, 4], &[0, 2, 3], 5);
			assert!(matches!(round_of(task, 1).outcome, RoundOutcome::Aggregated { .. }));
			assert_eq!(
				Models::<Test>::get(task, 1).unwrap().parameters.into_inner(),
				cleartext_fedavg(task, &updates)
			);
		});
	}

	#[test]
	fn below_the_threshold_the_round_fails_cleanly() {
		new_test_ext().execute_with(|| {
			let task = create_secure(&[0, 1, 2, 3], secure_params());
			// Two of four drop out: two survivors, below the threshold of 3.
			run_round(task, &[0, 1, 2, 3], &[2, 3], &[0, 1], 3);
			assert!(matches!(
				round_of(task, 1).outcome,
				RoundOutcome::Failed {
					reason: RoundFailure::Unmasking(SecAggError::TooFewSurvivors {
						survivors: 2,
						threshold: 3
					}),
					..
				}
			));
			assert_eq!(Models::<Test>::get(task, 1), None);
			// The next round opens, as after a missed quorum.
			assert!(Rounds::<Test>::get(task, 2).is_some());
		});
	}

	#[test]
	fn too_few_unmasking_shares_fail_the_round() {
		new_test_ext().execute_with(|| {
			let task = create_secure(&[0, 1, 2, 3], secure_params());
			run_round(task, &[0, 1, 2, 3], &[], &[0, 1], 4);
			assert!(matches!(
				round_of(task, 1).outcome,
				RoundOutcome::Failed {
					reason: RoundFailure::Unmasking(SecAggError::TooFewShares {
						needed: 3,
						given: 2
					}),
					..
				}
			));
		});
	}

	#[test]
	fn a_wrong_share_is_detected_and_refused() {
		new_test_ext().execute_with(|| {
			let task = create_secure(&[0, 1, 2], secure_params());
			for d in 0..3 {
				publish(task, d);
			}
			reach(secure_of(task).shares_from);
			for d in 0..3 {
				deal(task, d);
			}
			reach(secure_of(task).commit_from);
			for d in 0..2 {
				commit_masked(task, d, &update(100), 10);
			}
			reach(round_of(task, 1).reveal_from);
			for d in 0..2 {
				reveal_masked(task, d, &update(100), 10);
			}
			// Unmasking is not open before the masked reveals are final.
			assert_noop!(
				reveal_shares_of(task, 0, unmasking_shares(task, 0)),
				E::UnmaskPhaseNotStarted
			);
			reach(secure_of(task).unmask_from);
			// An altered share.
			let mut shares = unmasking_shares(task, 0);
			shares[1].y[0] ^= 1;
			assert_noop!(reveal_shares_of(task, 0, shares), E::ShareMismatch);
			// Another holder's share.
			let mut shares = unmasking_shares(task, 0);
			shares[1] = unmasking_shares(task, 1)[1];
			assert_noop!(reveal_shares_of(task, 0, shares), E::ShareMismatch);
			// The other secret of a survivor (its mask key, which with its self-mask would
			// open its update): refused.
			let secure = secure_of(task);
			let pair = DealtShares::<Test>::get((task, 1, 1)).unwrap()[0];
			let mask_key_share = secagg::open_share(
				&context(task),
				&keys_of(0),
				0,
				secure.index_of(1).unwrap(),
				&secure.keys(),
				SecretKind::MaskKey,
				&pair.mask_key,
			)
			.unwrap();
			let mut shares = unmasking_shares(task, 0);
			shares[secure.index_of(1).unwrap() as usize] = mask_key_share;
			assert_noop!(reveal_shares_of(task, 0, shares), E::ShareMismatch);
			// Too few entries.
			let mut shares = unmasking_shares(task, 0);
			shares.pop();
			assert_noop!(reveal_shares_of(task, 0, shares), E::WrongShareCount);
			// The right shares pass, once.
			reveal_shares(task, 0);
			assert_noop!(
				reveal_shares_of(task, 0, unmasking_shares(task, 0)),
				E::UnmaskingSharesAlreadyRevealed
			);
			System::assert_last_event(
				Event::UnmaskingSharesRevealed { task, round: 1, dataset: 0 }.into(),
			);
		});
	}

	#[test]
	fn keys_and_shares_are_refused_out_of_phase_or_malformed() {
		new_test_ext().execute_with(|| {
			let clear = create(false, params());
			assert_noop!(
				FederatedLearning::publish_mask_keys(
					RuntimeOrigin::signed(CLINIC_A),
					clear,
					1,
					0,
					keys_of(0).public_keys()
				),
				E::NotSecureTask
			);
			let task = create_secure(&[0, 1, 2], secure_params());
			let publish_as = |who: u64, dataset: DatasetId, keys: ParticipantKeys| {
				FederatedLearning::publish_mask_keys(
					RuntimeOrigin::signed(who),
					task,
					1,
					dataset,
					keys,
				)
			};
			assert_noop!(publish_as(CLINIC_B, 0, keys_of(0).public_keys()), E::NotDatasetClinic);
			assert_noop!(
				publish_as(
					CLINIC_A,
					0,
					ParticipantKeys {
						mask: [0; 32],
						transport: keys_of(0).public_keys().transport
					}
				),
				E::WeakMaskKey
			);
			publish(task, 0);
			System::assert_last_event(
				Event::MaskKeysPublished {
					task,
					round: 1,
					dataset: 0,
					index: 0,
					keys: keys_of(0).public_keys(),
				}
				.into(),
			);
			assert_noop!(
				publish_as(CLINIC_A, 0, keys_of(5).public_keys()),
				E::MaskKeysAlreadyPublished
			);
			// A copy of another clinic's key.
			assert_noop!(publish_as(CLINIC_B, 1, keys_of(0).public_keys()), E::DuplicateMaskKey);
			// Dealing waits for the shares phase; committing for the commit phase; a clear
			// reveal is never taken.
			assert_noop!(
				deal_as(CLINIC_A, task, 1, 0, BoundedVec::new()),
				E::SharesPhaseNotStarted
			);
			let commitment = masked_commitment(task, 0, &[0; 20], 10);
			assert_noop!(commit_as(CLINIC_A, task, 1, 0, commitment), E::CommitPhaseNotStarted);
			assert_noop!(
				FederatedLearning::reveal_update(
					RuntimeOrigin::signed(CLINIC_A),
					task,
					1,
					0,
					BoundedVec::truncate_from(update(1)),
					salt(CLINIC_A)
				),
				E::SecureTaskRevealsMasked
			);
			publish(task, 1);
			// Two of three published; the keys phase ends at its deadline.
			reach(secure_of(task).shares_from);
			assert_eq!(FederatedLearning::round(task, None).unwrap().phase, RoundPhase::Shares);
			assert_noop!(publish_as(CLINIC_C, 2, keys_of(2).public_keys()), E::KeysPhaseOver);
			assert_noop!(deal_as(CLINIC_C, task, 1, 2, BoundedVec::new()), E::NoMaskKeys);
			let mut short = dealt(task, 0);
			short.pop();
			assert_noop!(deal_as(CLINIC_A, task, 1, 0, short), E::WrongShareCount);
			deal(task, 0);
			assert_noop!(deal_as(CLINIC_A, task, 1, 0, dealt(task, 0)), E::SharesAlreadyDealt);
			// Dataset 1 never deals: no commitment is taken, and the round fails.
			reach(secure_of(task).commit_from);
			assert_noop!(deal_as(CLINIC_B, task, 1, 1, dealt(task, 1)), E::SharesPhaseOver);
			let commitment = masked_commitment(task, 0, &[0; 20], 10);
			assert_noop!(commit_as(CLINIC_A, task, 1, 0, commitment), E::DealingIncomplete);
			run_to_block(round_of(task, 1).close_at);
			assert!(matches!(
				round_of(task, 1).outcome,
				RoundOutcome::Failed { reason: RoundFailure::QuorumNotMet { revealed: 0, .. }, .. }
			));
		});
	}

	#[test]
	fn a_dataset_that_requires_secure_aggregation_refuses_every_rule_in_the_clear() {
		new_test_ext().execute_with(|| {
			DataAccess::require_secure_aggregation(1);
			for rule in [
				AggregationRule::FedAvg,
				AggregationRule::Median,
				AggregationRule::TrimmedMean { trim_each_side: 1 },
			] {
				let params = TaskParams { quorum: 3, ..params() };
				assert_noop!(
					create_err(spec(false), &[0, 1, 2], params, rule),
					E::SecureAggregationRequired
				);
			}
			create_secure(&[0, 1, 2], secure_params());
		});
	}

	#[test]
	fn every_phase_ends_early_when_everyone_is_done() {
		new_test_ext().execute_with(|| {
			let task = create_secure(&[0, 1, 2], secure_params());
			assert_eq!(FederatedLearning::round(task, None).unwrap().phase, RoundPhase::Keys);
			for d in 0..3 {
				publish(task, d);
			}
			assert_eq!(secure_of(task).shares_from, 2);
			System::assert_last_event(
				Event::SecurePhaseOpened { task, round: 1, phase: RoundPhase::Shares, from: 2 }
					.into(),
			);
			run_to_block(2);
			for d in 0..3 {
				deal(task, d);
			}
			assert_eq!(secure_of(task).commit_from, 3);
			run_to_block(3);
			for d in 0..3 {
				commit_masked(task, d, &update(50 * (d as i32 + 1)), 10);
			}
			assert_eq!(round_of(task, 1).reveal_from, 4);
			run_to_block(4);
			for d in 0..3 {
				reveal_masked(task, d, &update(50 * (d as i32 + 1)), 10);
			}
			assert_eq!(secure_of(task).unmask_from, 5);
			run_to_block(5);
			assert_eq!(FederatedLearning::round(task, None).unwrap().phase, RoundPhase::Unmask);
			for d in 0..3 {
				reveal_shares(task, d);
			}
			// The last shares closed the round in their own block.
			assert!(matches!(
				round_of(task, 1).outcome,
				RoundOutcome::Aggregated { version: 1, closed_at: 5, .. }
			));
			// Equal weights: the mean of 50, 100 and 150.
			let initial = Models::<Test>::get(task, 0).unwrap().parameters;
			let model = Models::<Test>::get(task, 1).unwrap().parameters;
			assert!(model.iter().zip(initial.iter()).all(|(m, i)| m - i == 100));
		});
	}

	#[test]
	fn a_survivor_whose_grant_ends_fails_the_round_and_stays_hidden() {
		new_test_ext().execute_with(|| {
			let params = secure_params();
			let task = create_secure(&[0, 1, 2], params);
			for d in 0..3 {
				publish(task, d);
			}
			run_to_block(2);
			for d in 0..3 {
				deal(task, d);
			}
			run_to_block(3);
			for d in 0..3 {
				commit_masked(task, d, &update(10), 10);
			}
			run_to_block(4);
			for d in 0..3 {
				reveal_masked(task, d, &update(10), 10);
			}
			run_to_block(5);
			// Dataset 2 reveals its shares, then its grant ends before the others' shares
			// (the last of which closes the round).
			reveal_shares(task, 2);
			DataAccess::revoke(
				RESEARCHER,
				2,
				algorithm(&spec(false), &params, AggregationRule::SecureFedAvg),
			);
			for d in 0..2 {
				reveal_shares(task, d);
			}
			// Its masked update cannot be taken out of the sum without its self-mask, which was
			// revealed for the sum, while its mask key never was: no model, no opened update.
			assert!(matches!(
				round_of(task, 1).outcome,
				RoundOutcome::Failed { reason: RoundFailure::Unmasking(_), .. }
			));
			assert_eq!(Models::<Test>::get(task, 1), None);
		});
	}

	#[test]
	fn the_worker_takes_part_in_every_phase_and_the_round_aggregates() {
		worker_round(spec(true), |_| ());
	}

	/// The spec of the mock, with DP noise shared among the round's clinics: one full-batch
	/// step per round.
	fn distributed_spec() -> fl_core::ModelSpec {
		let mut spec = spec(false);
		spec.privacy = Some(fl_core::DpSgd::distributed(1_000_000, 8_000_000));
		spec.training.batch_size = 100;
		spec
	}

	#[test]
	fn the_worker_adds_its_share_of_distributed_noise_and_the_sum_is_fedavg_of_the_noised() {
		worker_round(distributed_spec(), |task| {
			// What each clinic's node masked, recomputed natively from its rows and secret: the
			// round's model is FedAvg of their sum, bit for bit.
			let base = Models::<Test>::get(task, 0).unwrap().parameters.into_inner();
			let spec = distributed_spec();
			let mut sum = vec![0u64; base.len()];
			for (dataset, clinic) in [(0u32, 1usize), (1, 2), (2, 3)] {
				let cycles: Vec<_> =
					rows(clinic, 40).into_iter().take(30).map(|(_, c)| c).collect();
				let examples =
					fl_core::features::labelled_set(&cycles, &spec.normalisation).unwrap();
				let weighted = fl_core::train::ClinicRound {
					spec: &spec,
					base_model: &base,
					examples: &examples,
					clinic_secret: &[5; 32],
					dataset,
					task,
					round: 1,
				}
				.distributed_update(2)
				.unwrap();
				for (total, x) in sum.iter_mut().zip(&weighted) {
					*total = total.wrapping_add(*x as u64);
				}
			}
			let expected = secagg::fedavg_from_weighted_sum(&base, &sum, 90).unwrap();
			assert_eq!(Models::<Test>::get(task, 1).unwrap().parameters.into_inner(), expected);
			// Each dataset paid one Gaussian step for the sum (and its histogram), not per row.
			let charged = FederatedLearning::histogram_rho(&spec).unwrap()
				+ fl_core::dp::rho_for_steps(8_000_000, 1).unwrap();
			for contribution in round_of(task, 1).contributions {
				assert_eq!(contribution.rho_charged, charged);
			}
		});
	}

	/// The worker of a node holding clinics A, B and C's keys runs round 1 of a secure task of
	/// `spec` on datasets 0, 1, 2 (40 rows each, 30 trained on) through every phase, and
	/// then runs `then` on the task, in the same externalities.
	fn worker_round(spec: fl_core::ModelSpec, then: impl FnOnce(TaskId)) {
		let (mut ext, pool) = offchain_ext(&[CLINIC_A, CLINIC_B, CLINIC_C]);
		ext.execute_with(|| {
			for (dataset, clinic) in [(0, 1), (1, 2), (2, 3)] {
				load(dataset, &rows(clinic, 40));
			}
			let params = TaskParams { max_samples: 30, ..secure_params() };
			for dataset in 0..3 {
				DataAccess::grant(
					RESEARCHER,
					dataset,
					algorithm(&spec, &params, AggregationRule::SecureFedAvg),
				);
			}
			let task = submitted(spec, &[0, 1, 2], params, AggregationRule::SecureFedAvg);
			let expect = |calls: Vec<RuntimeCall>, what: fn(&RuntimeCall) -> bool| {
				assert_eq!(calls.len(), 3);
				assert!(calls.iter().all(what));
			};
			FederatedLearning::offchain_worker(1);
			expect(dispatch_pool(&pool), |c| {
				matches!(c, RuntimeCall::FederatedLearning(Call::publish_mask_keys { .. }))
			});
			worker_at(2);
			expect(dispatch_pool(&pool), |c| {
				matches!(c, RuntimeCall::FederatedLearning(Call::deal_mask_shares { .. }))
			});
			worker_at(3);
			expect(dispatch_pool(&pool), |c| {
				matches!(c, RuntimeCall::FederatedLearning(Call::commit_update { commitment, .. }) if commitment.samples == 30)
			});
			worker_at(4);
			expect(dispatch_pool(&pool), |c| {
				matches!(c, RuntimeCall::FederatedLearning(Call::reveal_masked_update { .. }))
			});
			worker_at(5);
			expect(dispatch_pool(&pool), |c| {
				matches!(c, RuntimeCall::FederatedLearning(Call::reveal_unmasking_shares { .. }))
			});
			run_to_block(6);
			assert!(matches!(round_of(task, 1).outcome, RoundOutcome::Aggregated { version: 1, .. }));
			assert!(matches!(
				FederatedLearning::replay(task).unwrap()[0].result,
				ReplayResult::Verified { .. }
			));
			assert_eq!(RevealedUpdates::<Test>::iter().count(), 0);
			// The node kept no cleartext update, and drops the round's seed and masked update
			// once the round has closed.
			worker_at(7);
			for dataset in 0..3 {
				assert_eq!(clinic_node().kept(&offchain::update_key(task, 1, dataset)), None);
				assert_eq!(clinic_node().kept(&offchain::seed_key(task, 1, dataset)), None);
				assert_eq!(clinic_node().kept(&offchain::masked_key(task, 1, dataset)), None);
			}
			then(task);
		});
	}

	/// Round latency in blocks, in the clear and securely aggregated, for 4 and 16 clinics:
	/// every clinic's real off-chain worker (training natively on 40 rows of its own) runs
	/// after each block, and what it sends is included in the next block, as on a chain. The
	/// figures of the README (`cargo test --release -p pallet-federated-learning
	/// round_latency_figures -- --nocapture`); the bytes and the runtime's costs are the
	/// runtime's `secure_aggregation_figures`.
	#[test]
	fn round_latency_figures() {
		let mut latencies = Vec::new();
		for clinics in [4usize, 16] {
			for rule in [AggregationRule::FedAvg, AggregationRule::SecureFedAvg] {
				let (blocks, phases, transactions) = latency_of_round(clinics, rule);
				println!(
					"{clinics:>2} clinics, {}: round 1 aggregated {blocks} blocks after it opened \
					 ({phases}); {transactions} transactions per clinic",
					if rule.is_secure() { "secure aggregation" } else { "FedAvg in the clear" },
				);
				latencies.push((clinics, rule.is_secure(), blocks, transactions));
			}
		}
		// With every clinic up, a round's phases end as soon as everyone is done, and the last
		// reveal closes the round in its own block: the clear round needs a block to commit
		// and one to reveal, the secure one a block for each of its five phases, whatever the
		// number of clinics.
		for (clinics, secure, blocks, transactions) in latencies {
			let (expected_blocks, expected_transactions) = if secure { (5, 5) } else { (2, 2) };
			assert_eq!(blocks, expected_blocks, "{clinics} clinics, secure {secure}");
			assert_eq!(transactions, expected_transactions, "{clinics} clinics, secure {secure}");
		}
	}

	/// Runs round 1 of a one-round task of `rule` on `clinics` datasets of distinct clinics,
	/// each clinic's worker acting after every block; returns the blocks from the round's
	/// opening to its close, the blocks each phase began in, and the transactions each clinic
	/// sent.
	fn latency_of_round(clinics: usize, rule: AggregationRule) -> (u64, String, usize) {
		// Clinics A to E, then accounts 20, 21, ...: clear of the researcher and workers.
		let accounts: Vec<u64> = (1..=5u64).chain(20..).take(clinics).collect();
		let (mut ext, pool) = offchain_ext(&accounts);
		ext.execute_with(|| {
			Consortium::widen(accounts.iter().copied(), 16);
			let generator = fl_core::synth::Generator::new(16, 11);
			let params = TaskParams {
				rounds: 1,
				quorum: clinics as u32 / 2 + 1,
				commit_window: 6,
				reveal_window: 6,
				max_samples: 30,
				max_update_norm_ppm: 1_000_000,
			};
			let ids: Vec<DatasetId> = (0..clinics as DatasetId).collect();
			for (&dataset, &clinic) in ids.iter().zip(&accounts) {
				DataAccess::add_dataset(dataset, clinic, BUDGET);
				DataAccess::grant(RESEARCHER, dataset, algorithm(&spec(true), &params, rule));
				let rows: Vec<_> = generator
					.clinic_records(dataset as usize + 1, 40)
					.into_iter()
					.map(|r| (r.pseudonym, r.cycle))
					.collect();
				load(dataset, &rows);
			}
			let task = submitted(spec(true), &ids, params, rule);
			FederatedLearning::offchain_worker(System::block_number());
			let mut sent = 0;
			while round_of(task, 1).outcome == RoundOutcome::Open && System::block_number() < 40 {
				// The block after: its start closes what is due, then it carries what the
				// workers sent.
				run_to_block(System::block_number() + 1);
				sent += dispatch_pool(&pool).len();
				FederatedLearning::offchain_worker(System::block_number());
			}
			let record = round_of(task, 1);
			let RoundOutcome::Aggregated { closed_at, .. } = record.outcome else {
				panic!(
					"{clinics} clinics, {rule:?}: round 1 did not aggregate: {:?}",
					record.outcome
				);
			};
			assert!(record.contributions.iter().all(|c| c.state == ContributionState::Aggregated));
			assert_eq!(record.contributions.len(), clinics);
			let phases = match SecureRounds::<Test>::get(task, 1) {
				Some(secure) => format!(
					"opened {}, shares from {}, commitments from {}, masked reveals from {}, \
					 unmasking from {}, closed {closed_at}",
					record.opened_at,
					secure.shares_from,
					secure.commit_from,
					record.reveal_from,
					secure.unmask_from
				),
				None => format!(
					"opened {}, reveals from {}, closed {closed_at}",
					record.opened_at, record.reveal_from
				),
			};
			(closed_at - record.opened_at, phases, sent / clinics)
		})
	}

	#[test]
	fn distributed_noise_is_refused_in_the_clear_beyond_one_step_and_when_too_small() {
		new_test_ext().execute_with(|| {
			let params = TaskParams { max_samples: 100, ..secure_params() };
			for rule in [
				AggregationRule::FedAvg,
				AggregationRule::Median,
				AggregationRule::TrimmedMean { trim_each_side: 1 },
			] {
				let params = TaskParams { quorum: 3, ..params };
				assert_noop!(
					create_err(distributed_spec(), &[0, 1, 2], params, rule),
					E::DistributedNoiseNeedsSecureAggregation
				);
			}
			let secure = AggregationRule::SecureFedAvg;
			let mut two_epochs = distributed_spec();
			two_epochs.training.epochs = 2;
			assert_noop!(
				create_err(two_epochs, &[0, 1, 2], params, secure),
				E::DistributedNoiseNeedsOneStep
			);
			// A batch below max_samples would make a clinic take two steps.
			let small_batch = TaskParams { max_samples: 101, ..params };
			assert_noop!(
				create_err(distributed_spec(), &[0, 1, 2], small_batch, secure),
				E::DistributedNoiseNeedsOneStep
			);
			let mut faint = distributed_spec();
			faint.privacy = Some(fl_core::DpSgd::distributed(1_000_000, 30));
			assert_noop!(
				create_err(faint, &[0, 1, 2], params, secure),
				E::DistributedNoiseTooSmall
			);
			// The same spec with local noise runs in the clear, and the distributed one under
			// secure aggregation.
			let mut local = distributed_spec();
			local.privacy = Some(fl_core::DpSgd::local(1_000_000, 8_000_000));
			assert_ok!(create_err(local, &[0, 1, 2], params, AggregationRule::FedAvg));
			assert_ok!(create_err(distributed_spec(), &[0, 1, 2], params, secure));
		});
	}

	#[test]
	fn a_distributed_noise_round_charges_each_dataset_one_gaussian_step_of_the_sum() {
		new_test_ext().execute_with(|| {
			let spec = distributed_spec();
			let task = create_secure_with(spec.clone(), &[0, 1, 2, 3], secure_params());
			run_round(task, &[0, 1, 2, 3], &[], &[0, 1, 2, 3], 5);
			assert!(matches!(round_of(task, 1).outcome, RoundOutcome::Aggregated { .. }));
			let step = fl_core::dp::rho_for_steps(8_000_000, 1).unwrap();
			let charged = FederatedLearning::histogram_rho(&spec).unwrap() + step;
			for (dataset, contribution) in (0..4).zip(round_of(task, 1).contributions) {
				// Whatever its sample count (10 to 100 here), as the sum's noise does not
				// depend on it.
				assert_eq!(contribution.rho_charged, charged);
				assert_eq!(DataAccess::remaining(dataset), BUDGET - charged);
			}
		});
	}
}

// ---------------------------------------------------------------------------------------------
// Study questions, robust rules and server optimisers

mod study {
	use super::*;
	use fl_core::{
		question::{Encoding, FeatureColumn, MissingPolicy, Outcome, OutcomeEvent},
		schema::{common_data_model, Column, ColumnKind},
		DatasetSchema, FeatureScaling, ServerOptimiser, StudyQuestion,
	};

	/// An OHSS study's schema: the common `age`, a free categorical protocol, a free AMH that
	/// may be missing, and the outcome.
	pub fn schema() -> DatasetSchema {
		let age = common_data_model().into_iter().find(|c| c.name == "age").unwrap();
		DatasetSchema {
			columns: vec![
				age,
				Column {
					name: "protocol".into(),
					kind: ColumnKind::Categorical {
						levels: vec!["agonist".into(), "antagonist".into(), "mild".into()],
					},
					missing_allowed: false,
				},
				Column {
					name: "amh".into(),
					kind: ColumnKind::Numeric {
						unit: "ng/mL".into(),
						min_milli: 0,
						max_milli: 30_000,
					},
					missing_allowed: true,
				},
				Column { name: "ohss".into(), kind: ColumnKind::Boolean, missing_allowed: false },
			],
		}
	}

	/// OHSS from age, protocol (one-hot, agonist the reference) and AMH (with a missing
	/// indicator): 5 inputs.
	pub fn question() -> StudyQuestion {
		StudyQuestion {
			outcome: Outcome { column: "ohss".into(), event: OutcomeEvent::IsTrue },
			features: vec![
				FeatureColumn {
					column: "age".into(),
					encoding: Encoding::Numeric,
					missing: MissingPolicy::DropRow,
				},
				FeatureColumn {
					column: "protocol".into(),
					encoding: Encoding::OneHot { levels: vec!["antagonist".into(), "mild".into()] },
					missing: MissingPolicy::DropRow,
				},
				FeatureColumn {
					column: "amh".into(),
					encoding: Encoding::Numeric,
					missing: MissingPolicy::Indicator,
				},
			],
		}
	}

	pub fn study_spec(question: StudyQuestion, optimiser: ServerOptimiser) -> fl_core::ModelSpec {
		let width = question.encoded_width();
		fl_core::ModelSpec {
			architecture: Architecture::LogisticRegression { features: width as u32 },
			normalisation: vec![FeatureScaling::new(0.0, 1.0); width],
			question: Some(question),
			server_optimiser: optimiser,
			..spec(false)
		}
	}

	fn declare_all(schema: &DatasetSchema) {
		(0..3).for_each(|d| DataAccess::declare_schema(d, schema.clone()));
	}

	const ADAM: ServerOptimiser = ServerOptimiser::Adam {
		learning_rate_ppm: 100_000,
		beta1_ppm: 900_000,
		beta2_ppm: 990_000,
		tau_ppm: 1_000,
	};

	#[test]
	fn a_task_asks_its_question_of_datasets_whose_schemas_answer_it() {
		new_test_ext().execute_with(|| {
			declare_all(&schema());
			let spec = study_spec(question(), ServerOptimiser::Sgd);
			assert_ok!(create_err(spec.clone(), &[0, 1, 2], params(), AggregationRule::FedAvg));
			let task = NextTaskId::<Test>::get() - 1;
			assert_eq!(FederatedLearning::task(task).unwrap().spec, spec);
			// Sgd is the default: nothing is kept for it.
			assert_eq!(TaskOptimisers::<Test>::get(task), None);
		});
	}

	#[test]
	fn a_question_no_listed_schema_answers_is_refused_by_name() {
		new_test_ext().execute_with(|| {
			let fedavg = AggregationRule::FedAvg;
			let ask = |question: StudyQuestion| {
				create_err(study_spec(question, ServerOptimiser::Sgd), &[0, 1], params(), fedavg)
			};
			// No schema declared.
			assert_noop!(ask(question()), E::DatasetHasNoSchema);
			declare_all(&schema());
			// A schema without the outcome's column, or without a feature's.
			let without = |name: &str| {
				let mut schema = schema();
				schema.columns.retain(|c| c.name != name);
				schema
			};
			DataAccess::declare_schema(1, without("ohss"));
			assert_noop!(ask(question()), E::OutcomeColumnMissing);
			DataAccess::declare_schema(1, without("amh"));
			assert_noop!(ask(question()), E::FeatureColumnMissing);
			DataAccess::declare_schema(1, schema());
			// An outcome event or an encoding the column's type cannot have.
			let mut wrong_event = question();
			wrong_event.outcome.event = OutcomeEvent::IsLevel("yes".into());
			assert_noop!(ask(wrong_event), E::OutcomeTypeMismatch);
			let mut wrong_encoding = question();
			wrong_encoding.features[1].encoding = Encoding::Numeric;
			assert_noop!(ask(wrong_encoding), E::FeatureTypeMismatch);
			let mut unknown_level = question();
			unknown_level.features[1].encoding = Encoding::OneHot { levels: vec!["long".into()] };
			assert_noop!(ask(unknown_level), E::FeatureTypeMismatch);
			// A malformed question, or an architecture of another width.
			let mut twice = question();
			twice.features.push(twice.features[0].clone());
			assert_noop!(ask(twice), E::InvalidQuestion);
			let mut narrow = study_spec(question(), ServerOptimiser::Sgd);
			narrow.architecture = Architecture::LogisticRegression { features: 4 };
			narrow.normalisation.pop();
			assert_noop!(create_err(narrow, &[0, 1], params(), fedavg), E::QuestionWidthMismatch);
			// The IVF default asked of a dataset whose schema is not IVF-shaped.
			assert_noop!(
				create_err(spec(false), &[0, 1], params(), fedavg),
				E::DatasetNotIvfShaped
			);
			// ... and accepted of one that declared the IVF schema.
			(0..2).for_each(|d| DataAccess::declare_schema(d, fl_core::schema::ivf_schema()));
			assert_ok!(create_err(spec(false), &[0, 1], params(), fedavg));
		});
	}

	#[test]
	fn krum_and_an_optimiser_out_of_range_are_refused_by_name() {
		new_test_ext().execute_with(|| {
			let three = TaskParams { quorum: 3, ..params() };
			let krum = |byzantine| AggregationRule::Krum { byzantine };
			assert_noop!(
				create_err(spec(false), &[0, 1, 2], three, krum(1)),
				E::KrumQuorumTooSmall
			);
			let multi = |selected| AggregationRule::MultiKrum { byzantine: 0, selected };
			assert_noop!(
				create_err(spec(false), &[0, 1, 2], three, multi(0)),
				E::KrumSelectionInvalid
			);
			assert_noop!(
				create_err(spec(false), &[0, 1, 2], three, multi(4)),
				E::KrumSelectionInvalid
			);
			let bad = ServerOptimiser::Adam {
				learning_rate_ppm: 0,
				beta1_ppm: 900_000,
				beta2_ppm: 990_000,
				tau_ppm: 1_000,
			};
			let spec = fl_core::ModelSpec { server_optimiser: bad, ..spec(false) };
			assert_noop!(
				create_err(spec, &[0, 1], params(), AggregationRule::FedAvg),
				E::InvalidServerOptimiser
			);
		});
	}

	#[test]
	fn multi_krum_averages_the_updates_nearest_each_other() {
		new_test_ext().execute_with(|| {
			let params = TaskParams { quorum: 3, rounds: 1, ..params() };
			let rule = AggregationRule::MultiKrum { byzantine: 0, selected: 2 };
			assert_ok!(create_err(spec(false), &[0, 1, 2], params, rule));
			let task = NextTaskId::<Test>::get() - 1;
			let global = Models::<Test>::get(task, 0).unwrap().parameters;
			commit(CLINIC_A, task, 1, 0, 100, 10);
			commit(CLINIC_B, task, 1, 1, 200, 20);
			commit(CLINIC_C, task, 1, 2, 5_000, 30);
			run_to_block(System::block_number() + 1);
			reveal(CLINIC_A, task, 1, 0, 100);
			reveal(CLINIC_B, task, 1, 1, 200);
			reveal(CLINIC_C, task, 1, 2, 5_000);
			// The outlier is left out; the two nearest are averaged, unweighted.
			let model = Models::<Test>::get(task, 1).unwrap().parameters;
			assert!(model.iter().zip(&global).all(|(m, g)| *m == g + 150));
		});
	}

	#[test]
	fn a_server_optimiser_steps_from_its_kept_moments_and_replays() {
		new_test_ext().execute_with(|| {
			let spec = fl_core::ModelSpec { server_optimiser: ADAM, ..spec(false) };
			let params = TaskParams { rounds: 4, ..params() };
			let task = create_with(spec, &[0, 1, 2], params, AggregationRule::FedAvg);
			assert_eq!(TaskOptimisers::<Test>::get(task), Some(ADAM));
			aggregate_rounds(task, 1);
			// The model is Adam's step from the round's FedAvg, not the FedAvg itself.
			let global = Models::<Test>::get(task, 0).unwrap().parameters.into_inner();
			let updates: Vec<(Vec<i32>, u64)> =
				vec![(update(100), 10), (update(200), 20), (update(300), 30)];
			let client: Vec<ClientUpdate<'_>> =
				updates.iter().map(|(d, n)| ClientUpdate { delta: d, samples: *n }).collect();
			let fedavg = fl_core::aggregate(AggregationRule::FedAvg, &global, &client).unwrap();
			let mut state = fl_core::OptimiserState::default();
			let expected = ADAM.step(&global, &fedavg, &mut state).unwrap();
			let model = Models::<Test>::get(task, 1).unwrap();
			assert_eq!(model.parameters.into_inner(), expected);
			assert_ne!(expected, fedavg);
			let kept = ServerMoments::<Test>::get(task, 1).unwrap().into_state();
			assert_eq!(kept, state);
			// Later rounds step from the kept moments; replay recomputes every retained one,
			// and the moments are pruned with the models (MaxRoundsKept = 2).
			aggregate_rounds(task, 3);
			assert_eq!(ServerMoments::<Test>::get(task, 1), None);
			assert!(ServerMoments::<Test>::get(task, 4).is_some());
			let report = FederatedLearning::replay(task).unwrap();
			for entry in &report[2..] {
				let hash = Models::<Test>::get(task, entry.version).unwrap().hash;
				assert_eq!(entry.result, ReplayResult::Verified { model_hash: hash });
			}
			// A tampered moment is found by replay.
			let mut moments = ServerMoments::<Test>::get(task, 3).unwrap();
			moments.first_moment[0] += 1;
			ServerMoments::<Test>::insert(task, 3, moments);
			let report = FederatedLearning::replay(task).unwrap();
			assert!(matches!(report[3].result, ReplayResult::Mismatch { .. }));
		});
	}
}

// ---------------------------------------------------------------------------------------------
// The off-chain worker under a study question

mod worker_study {
	use super::*;
	use fl_core::{
		question::{Encoding, FeatureColumn, MissingPolicy, Outcome, OutcomeEvent},
		study_synth::{study_csv, study_schema, StudyGenerator},
		table::{parse_table, Table},
		StudyQuestion,
	};

	/// OHSS from age and antral follicle count (rows without them dropped), AMH (with a
	/// missing indicator) and the hCG trigger: 5 inputs, a spec short enough for the mock.
	fn question() -> StudyQuestion {
		let feature = |column: &str, encoding, missing| FeatureColumn {
			column: column.into(),
			encoding,
			missing,
		};
		StudyQuestion {
			outcome: Outcome { column: "ohss".into(), event: OutcomeEvent::IsTrue },
			features: vec![
				feature("age", Encoding::Numeric, MissingPolicy::DropRow),
				feature("antral_follicle_count", Encoding::Numeric, MissingPolicy::DropRow),
				feature("amh_ng_ml", Encoding::Numeric, MissingPolicy::Indicator),
				feature(
					"trigger",
					Encoding::OneHot { levels: vec!["hcg".into()] },
					MissingPolicy::DropRow,
				),
			],
		}
	}

	fn question_spec() -> fl_core::ModelSpec {
		let question = question();
		fl_core::ModelSpec {
			architecture: Architecture::LogisticRegression {
				features: question.encoded_width() as u32,
			},
			normalisation: question.public_normalisation(&study_schema()).unwrap(),
			question: Some(question),
			..spec(false)
		}
	}

	/// Clinic `clinic`'s study rows, read under the study's schema in its own column order.
	fn table(clinic: usize, rows: usize) -> Table {
		let generator = StudyGenerator::new(3, 11);
		let records = generator.clinic_records(clinic, rows);
		parse_table(&study_csv(&records, &generator.column_order(clinic)), &study_schema()).unwrap()
	}

	/// Rows of `table` the question can use: outcome, age and antral follicle count present.
	fn usable(table: &Table) -> u32 {
		(0..table.len())
			.filter(|&r| {
				["ohss", "age", "antral_follicle_count", "trigger"]
					.iter()
					.all(|c| table.value(r, c) != Some(None))
			})
			.count() as u32
	}

	/// Declares the study schema for datasets 0, 1 and 2 and creates the question's task.
	fn create_question_task() -> TaskId {
		(0..3).for_each(|d| DataAccess::declare_schema(d, study_schema()));
		assert_ok!(create_err(question_spec(), &[0, 1, 2], params(), AggregationRule::FedAvg));
		NextTaskId::<Test>::get() - 1
	}

	#[test]
	fn the_worker_commits_the_rows_its_question_can_use() {
		let (mut ext, pool) = offchain_ext(&[CLINIC_A, CLINIC_B, CLINIC_C]);
		ext.execute_with(|| {
			let tables: Vec<Table> = (1..=3).map(|c| table(c, 60)).collect();
			let expected: Vec<u32> = tables.iter().map(usable).collect();
			assert!(expected.iter().any(|&n| n < 60), "some rows lack a value the question needs");
			for (dataset, table) in tables.into_iter().enumerate() {
				clinic_node().insert_table(dataset as DatasetId, table);
			}
			let task = create_question_task();
			FederatedLearning::offchain_worker(1);
			let calls = dispatch_pool(&pool);
			assert_eq!(calls.len(), 3);
			let committed: Vec<u32> = (0..3)
				.map(|d| {
					round_of(task, 1)
						.contributions
						.iter()
						.find(|c| c.dataset == d)
						.unwrap()
						.commitment
						.samples
				})
				.collect();
			assert_eq!(committed, expected);
			worker_at(2);
			dispatch_pool(&pool);
			run_to_block(3);
			assert!(matches!(round_of(task, 1).outcome, RoundOutcome::Aggregated { .. }));
		});
	}

	#[test]
	fn the_worker_trains_no_file_checked_against_another_schema_than_the_declared_one() {
		let (mut ext, pool) = offchain_ext(&[CLINIC_A]);
		ext.execute_with(|| {
			clinic_node().insert_table(0, table(1, 60));
			let task = create_question_task();
			// The chain's schema for dataset 0 is another one (say, a newer version of it).
			let mut other = study_schema();
			other.columns[0].missing_allowed = !other.columns[0].missing_allowed;
			DataAccess::declare_schema(0, other);
			FederatedLearning::offchain_worker(1);
			assert!(pool.read().transactions.is_empty());
			assert!(round_of(task, 1).contributions.is_empty());
		});
	}

	#[test]
	fn the_minimum_cohort_applies_to_the_rows_left_after_the_questions_drops() {
		let (mut ext, pool) = offchain_ext(&[CLINIC_A]);
		ext.execute_with(|| {
			let rows = table(1, 60);
			let left = usable(&rows);
			assert!(left < 60);
			clinic_node().insert_table(0, rows);
			// 60 consented rows meet a minimum cohort of `left + 1`; the usable ones do not.
			let policy =
				ivf_primitives::data_access::PrivacyPolicy { min_cohort: left + 1, ..lax_policy() };
			DataAccess::set_policy(0, policy);
			let task = create_question_task();
			FederatedLearning::offchain_worker(1);
			assert!(pool.read().transactions.is_empty());
			assert!(round_of(task, 1).contributions.is_empty());
		});
	}
}

/// What closing a round costs in the pallet itself, storage included: every update read and
/// decoded from the state, aggregated, the model written, the uses recorded and the next round
/// opened. Random updates (not identical ones, which are the best case of the selections), for
/// FedAvg, the median and the trimmed mean at 4, 16 and 100 clinics and 1,000 and 10,000
/// parameters. Printed by `cargo test --release -p pallet-federated-learning
/// close_round_figures -- --nocapture` (the table in the README); the arithmetic alone is
/// fl-core's `aggregate-bench`.
mod close_round_figures {
	use super::*;
	use frame_support::weights::Weight;
	use std::time::{Duration, Instant};

	/// The grid of the figures.
	const CLINICS: [u32; 3] = [4, 16, 100];
	const PARAMETERS: [u32; 2] = [1_000, 10_000];

	#[test]
	fn close_round_figures() {
		let rules = [
			("FedAvg", AggregationRule::FedAvg),
			("median", AggregationRule::Median),
			("trimmed mean", AggregationRule::TrimmedMean { trim_each_side: 1 }),
		];
		println!("# close_round in the pallet, random updates (median of 3 runs, ms)\n");
		println!("| rule | clinics | parameters | measured | priced by the weights |");
		println!("|---|---|---|---|---|");
		for (name, rule) in rules {
			for clinics in CLINICS {
				for parameters in PARAMETERS {
					let mut runs: Vec<(Duration, Weight)> =
						(0..3).map(|seed| close_once(rule, clinics, parameters, seed)).collect();
					runs.sort_by_key(|(took, _)| *took);
					let (took, priced) = runs[1];
					println!(
						"| {name} | {clinics} | {parameters} | {:.2} | {:.2} |",
						took.as_secs_f64() * 1e3,
						priced.ref_time() as f64 / 1e9,
					);
					// Within the bounds the weights were benchmarked over (16 clinics, 4,096
					// parameters at the reference machine), the price must cover the cost.
					if clinics <= 16 && parameters <= 4_096 {
						assert!(
							took.as_nanos() < u128::from(priced.ref_time() / 1_000),
							"{name} at {clinics} x {parameters}: {took:?} measured, {priced:?} priced"
						);
					}
				}
			}
		}
	}

	/// Opens round 1 of a task of `rule` over `clinics` datasets of a model of `parameters`
	/// parameters, stores a random update of every clinic as revealed, and times
	/// `close_round`; returns the time and the weight the pallet prices the close at.
	fn close_once(
		rule: AggregationRule,
		clinics: u32,
		parameters: u32,
		seed: u64,
	) -> (Duration, Weight) {
		new_test_ext().execute_with(|| {
			let accounts: Vec<u64> = (1_000..).take(clinics as usize).collect();
			Consortium::widen(accounts.iter().copied(), clinics);
			Consortium::allow_parameters(parameters);
			// The runtime's chunks: the reads the close makes are the runtime's.
			Consortium::set_chunk_length(512);
			let params = TaskParams { quorum: clinics, ..params() };
			let ids: Vec<DatasetId> = (0..clinics).map(|i| 100 + DatasetId::from(i)).collect();
			for (&dataset, &clinic) in ids.iter().zip(&accounts) {
				DataAccess::add_dataset(dataset, clinic, BUDGET);
				DataAccess::grant(RESEARCHER, dataset, algorithm(&spec(false), &params, rule));
			}
			let task = submitted(spec(false), &ids, params, rule);
			for (&dataset, &clinic) in ids.iter().zip(&accounts) {
				commit(clinic, task, 1, dataset, 0, 10);
			}
			// The model and the updates at the figures' size, stored as a reveal stores them
			// (the reveal's own checks are the reveal benchmark's, not this one's).
			Tasks::<Test>::mutate(task, |record| {
				record.as_mut().expect("task exists").parameter_count = parameters
			});
			let zeros = vec![0i32; parameters as usize];
			Models::<Test>::insert(
				task,
				0,
				ModelOf::<Test> {
					hash: model_hash(&zeros),
					parameters: BoundedVec::truncate_from(zeros),
					round: 0,
				},
			);
			let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
			for &dataset in &ids {
				let update: Vec<i32> = (0..parameters)
					.map(|_| {
						// xorshift64: updates within ±1.0 in Q15.16.
						state ^= state << 13;
						state ^= state >> 7;
						state ^= state << 17;
						(state % 131_072) as i32 - 65_536
					})
					.collect();
				FederatedLearning::store_update(task, 1, dataset, &update);
			}
			Rounds::<Test>::mutate(task, 1, |record| {
				for contribution in &mut record.as_mut().expect("round exists").contributions {
					contribution.state = ContributionState::Revealed;
				}
			});
			let priced = FederatedLearning::close_weight(task);
			let now = System::block_number();
			let started = Instant::now();
			FederatedLearning::close_round(task, 1, now);
			let took = started.elapsed();
			assert!(
				matches!(round_of(task, 1).outcome, RoundOutcome::Aggregated { .. }),
				"the round aggregated: {:?}",
				round_of(task, 1).outcome
			);
			(took, priced)
		})
	}
}

// ---------------------------------------------------------------------------------------------
// Rounds at scale: updates in chunks, large rounds closing chunk by chunk, reveal space

/// Clinic `k`'s update in the chunked-close tests: different in every coordinate and for
/// every clinic, so that a chunk aggregated from the wrong coordinates cannot pass unseen.
fn varied_update(k: i32) -> Vec<i32> {
	(0..20).map(|i| (i * 37 + k * 101) % 400 - 200).collect()
}

/// Creates a task on datasets 0, 1, 2 with `rule` and `quorum`, and has the three clinics
/// commit and reveal [`varied_update`]s in round 1 (samples 10, 20, 30). Returns the task and
/// the model the whole updates aggregate to.
fn reveal_varied_round(rule: AggregationRule, quorum: u32) -> (TaskId, Vec<i32>) {
	let params = TaskParams { quorum, ..params() };
	let task = create_with(spec(false), &[0, 1, 2], params, rule);
	let clinics = [(CLINIC_A, 0, 10), (CLINIC_B, 1, 20), (CLINIC_C, 2, 30)];
	for (k, (clinic, dataset, samples)) in clinics.into_iter().enumerate() {
		let values = varied_update(k as i32);
		let commitment = commitment_for(clinic, task, 1, dataset, &values, &salt(clinic), samples);
		assert_ok!(commit_as(clinic, task, 1, dataset, commitment));
	}
	run_to_block(System::block_number() + 1);
	for (k, (clinic, dataset, _)) in clinics.into_iter().enumerate() {
		assert_ok!(FederatedLearning::reveal_update(
			RuntimeOrigin::signed(clinic),
			task,
			1,
			dataset,
			BoundedVec::truncate_from(varied_update(k as i32)),
			salt(clinic),
		));
	}
	let initial = spec(false).initial_global_model().unwrap();
	let updates: Vec<Vec<i32>> = (0..3).map(varied_update).collect();
	let expected = fl_core::aggregate(
		rule,
		&initial,
		&[
			ClientUpdate { delta: &updates[0], samples: 10 },
			ClientUpdate { delta: &updates[1], samples: 20 },
			ClientUpdate { delta: &updates[2], samples: 30 },
		],
	)
	.unwrap();
	(task, expected)
}

const COORDINATE_WISE: [AggregationRule; 3] = [
	AggregationRule::FedAvg,
	AggregationRule::Median,
	AggregationRule::TrimmedMean { trim_each_side: 1 },
];

#[test]
fn a_revealed_update_is_stored_in_chunks_and_read_back_whole() {
	new_test_ext().execute_with(|| {
		let (task, _) = reveal_varied_round(AggregationRule::FedAvg, 3);
		// Chunks of 8 in the mock: 8 + 8 + 4 values.
		let lengths: Vec<usize> = (0..3)
			.map(|c| RevealedUpdates::<Test>::get((task, 1, 0, c)).unwrap().len())
			.collect();
		assert_eq!(lengths, vec![8, 8, 4]);
		assert_eq!(RevealedUpdates::<Test>::get((task, 1, 0, 3)), None);
		assert_eq!(FederatedLearning::revealed_update(task, 1, 1), Some(varied_update(1)));
	});
}

#[test]
fn a_large_round_closes_chunk_by_chunk_to_the_model_of_the_whole_updates() {
	for rule in COORDINATE_WISE {
		new_test_ext().execute_with(|| {
			// 20 parameters over a compact bound of 8: the task is large.
			Consortium::limit_compact_parameters(8);
			let (task, expected) = reveal_varied_round(rule, 3);
			// The last reveal does not close a large round: the next block starts its close.
			assert_eq!(round_of(task, 1).outcome, RoundOutcome::Open);
			assert!(!Closing::<Test>::contains_key(task));
			run_to_block(System::block_number() + 1);
			let model = Models::<Test>::get(task, 1).expect("aggregated");
			assert_eq!(model.parameters.to_vec(), expected, "{rule:?}");
			assert!(matches!(round_of(task, 1).outcome, RoundOutcome::Aggregated { .. }));
			assert!(round_of(task, 1)
				.contributions
				.iter()
				.all(|c| c.state == ContributionState::Aggregated));
			assert_eq!(DataAccess::uses().len(), 3);
			assert!(!Closing::<Test>::contains_key(task));
			assert_eq!(AggregateChunks::<Test>::iter().count(), 0);
			assert_eq!(Tasks::<Test>::get(task).unwrap().round, 2);
		});
	}
}

#[test]
fn a_compact_round_and_a_large_round_reach_the_same_model() {
	for rule in COORDINATE_WISE {
		let compact = new_test_ext().execute_with(|| {
			let (task, _) = reveal_varied_round(rule, 3);
			Models::<Test>::get(task, 1).expect("closed by the last reveal").hash
		});
		let large = new_test_ext().execute_with(|| {
			Consortium::limit_compact_parameters(8);
			let (task, _) = reveal_varied_round(rule, 3);
			run_to_block(System::block_number() + 1);
			Models::<Test>::get(task, 1).expect("closed in steps").hash
		});
		assert_eq!(compact, large, "{rule:?}");
	}
}

/// FedAvg of clinics A's and C's [`varied_update`]s (10 and 30 samples): the model of a round
/// whose clinic B was left out.
fn fedavg_without_b() -> Vec<i32> {
	let initial = spec(false).initial_global_model().unwrap();
	let (a, c) = (varied_update(0), varied_update(2));
	let updates =
		[ClientUpdate { delta: &a, samples: 10 }, ClientUpdate { delta: &c, samples: 30 }];
	fl_core::aggregate(AggregationRule::FedAvg, &initial, &updates).unwrap()
}

/// One unit of closing work, as a block whose budget allows no more than its first.
fn one_close_unit(task: TaskId) {
	let mut budget = crate::CloseBudget::new(Default::default(), Default::default());
	FederatedLearning::continue_close(task, System::block_number(), &mut budget);
}

fn step_of(task: TaskId) -> Option<CloseStep> {
	Closing::<Test>::get(task).map(|p| p.step)
}

/// The most units a close in these tests may take: far more than any of them needs, so that
/// a close that never ends fails its test instead of hanging it.
const MAX_TEST_CLOSE_UNITS: u32 = 1_000;

/// Runs `task`'s close one unit at a time until it reaches `step`, or to its end (`None`).
fn close_to(task: TaskId, step: Option<CloseStep>) {
	for _ in 0..MAX_TEST_CLOSE_UNITS {
		if step_of(task) == step {
			return;
		}
		one_close_unit(task);
	}
	panic!("task {task}'s close did not reach {step:?} in {MAX_TEST_CLOSE_UNITS} units");
}

#[test]
fn a_large_round_closes_a_step_a_block_when_the_budget_allows_no_more() {
	new_test_ext().execute_with(|| {
		Consortium::limit_compact_parameters(8);
		let (task, expected) = reveal_varied_round(AggregationRule::Median, 3);
		System::set_block_number(System::block_number() + 1);
		FederatedLearning::begin_close(task, 1);
		// Batches of two contributions, chunks of eight parameters (20 in all: three chunks),
		// then three participants' updates to prune in batches of two.
		let mut steps = vec![step_of(task).unwrap()];
		for _ in 0..MAX_TEST_CLOSE_UNITS {
			if !Closing::<Test>::contains_key(task) {
				break;
			}
			one_close_unit(task);
			if let Some(step) = step_of(task) {
				steps.push(step);
			}
			if matches!(step_of(task), Some(CloseStep::Record { next: 0 })) {
				// Settled: every revealed update is usable, none aggregated yet.
				assert_eq!(Closing::<Test>::get(task).unwrap().usable.len(), 3);
				assert_eq!(round_of(task, 1).outcome, RoundOutcome::Open);
			}
			if matches!(step_of(task), Some(CloseStep::Aggregate { next: 1 })) {
				assert_eq!(DataAccess::uses().len(), 3, "uses recorded before aggregating");
				assert!(!Models::<Test>::contains_key(task, 1));
			}
		}
		assert_eq!(
			steps,
			vec![
				CloseStep::Settle { next: 0 },
				CloseStep::Settle { next: 2 },
				CloseStep::Record { next: 0 },
				CloseStep::Record { next: 2 },
				CloseStep::Aggregate { next: 0 },
				CloseStep::Aggregate { next: 1 },
				CloseStep::Aggregate { next: 2 },
				CloseStep::Aggregate { next: 3 },
				CloseStep::Prune { next: 0 },
				CloseStep::Prune { next: 2 },
			]
		);
		assert_eq!(Models::<Test>::get(task, 1).unwrap().parameters.to_vec(), expected);
		assert!(round_of(task, 1)
			.contributions
			.iter()
			.all(|c| c.state == ContributionState::Aggregated));
		assert_eq!(AggregateChunks::<Test>::iter().count(), 0);
		assert_eq!(Tasks::<Test>::get(task).unwrap().round, 2);
	});
}

#[test]
fn a_grant_revoked_while_a_large_round_closes_leaves_its_update_out() {
	new_test_ext().execute_with(|| {
		Consortium::limit_compact_parameters(8);
		let (task, _) = reveal_varied_round(AggregationRule::FedAvg, 2);
		System::set_block_number(System::block_number() + 1);
		FederatedLearning::begin_close(task, 1);
		one_close_unit(task);
		one_close_unit(task);
		assert_eq!(step_of(task), Some(CloseStep::Record { next: 0 }));
		// Dataset 1's grant is revoked after the round was settled, before its use is logged.
		let stored = Tasks::<Test>::get(task).unwrap();
		DataAccess::revoke(RESEARCHER, 1, stored.algorithm);
		close_to(task, None);
		System::assert_has_event(Event::ContributionExcluded { task, round: 1, dataset: 1 }.into());
		let record = round_of(task, 1);
		assert_eq!(record.contributions[1].state, ContributionState::Excluded);
		assert_eq!(DataAccess::uses().iter().map(|(d, _)| *d).collect::<Vec<_>>(), vec![0, 2]);
		// The model is FedAvg of the two others' updates.
		assert_eq!(Models::<Test>::get(task, 1).unwrap().parameters.to_vec(), fedavg_without_b());
	});
}

#[test]
fn a_large_round_whose_task_ended_while_closing_is_dropped() {
	new_test_ext().execute_with(|| {
		Consortium::limit_compact_parameters(8);
		let (task, _) = reveal_varied_round(AggregationRule::FedAvg, 3);
		System::set_block_number(System::block_number() + 1);
		FederatedLearning::begin_close(task, 1);
		close_to(task, Some(CloseStep::Aggregate { next: 2 }));
		assert_eq!(AggregateChunks::<Test>::iter().count(), 2);
		// Governance ended the task meanwhile (as `withdraw_departed_clinic` does).
		Tasks::<Test>::mutate(task, |t| t.as_mut().unwrap().status = TaskStatus::Failed);
		OpenRounds::<Test>::kill();
		one_close_unit(task);
		assert!(!Closing::<Test>::contains_key(task));
		assert_eq!(AggregateChunks::<Test>::iter().count(), 0);
		assert!(!Models::<Test>::contains_key(task, 1));
	});
}

#[test]
fn a_large_round_below_its_quorum_fails_when_its_close_begins() {
	new_test_ext().execute_with(|| {
		Consortium::limit_compact_parameters(8);
		let task = create(false, TaskParams { quorum: 3, ..params() });
		commit_all(task, 1);
		run_to_block(2);
		reveal(CLINIC_A, task, 1, 0, 100);
		reveal(CLINIC_B, task, 1, 1, 200);
		let close_at = round_of(task, 1).close_at;
		run_to_block(close_at);
		assert!(matches!(
			round_of(task, 1).outcome,
			RoundOutcome::Failed {
				reason: RoundFailure::QuorumNotMet { revealed: 2, quorum: 3 },
				..
			}
		));
		assert!(!Closing::<Test>::contains_key(task));
		assert_eq!(round_of(task, 1).contributions[2].state, ContributionState::NotRevealed);
	});
}

#[test]
fn krum_and_secure_aggregation_refuse_a_task_beyond_the_compact_bounds() {
	new_test_ext().execute_with(|| {
		Consortium::limit_compact_parameters(8);
		let params = TaskParams { quorum: 3, ..params() };
		for rule in [
			AggregationRule::Krum { byzantine: 0 },
			AggregationRule::MultiKrum { byzantine: 0, selected: 2 },
			AggregationRule::SecureFedAvg,
		] {
			assert_noop!(
				create_err(spec(false), &[0, 1, 2], params, rule),
				E::RuleNeedsCompactTask
			);
		}
	});
	// FedAvg, median and trimmed mean close chunk by chunk at any size.
	for rule in COORDINATE_WISE {
		new_test_ext().execute_with(|| {
			Consortium::limit_compact_parameters(8);
			let params = TaskParams { quorum: 3, ..params() };
			assert_ok!(create_err(spec(false), &[0, 1, 2], params, rule));
		});
	}
}

mod reveal_space {
	use super::*;
	use crate::CheckRevealSpace;
	use frame_support::{dispatch::GetDispatchInfo, pallet_prelude::TransactionSource};
	use sp_runtime::{
		traits::TransactionExtension,
		transaction_validity::{InvalidTransaction, TransactionValidityError},
	};

	fn reveal_call() -> RuntimeCall {
		RuntimeCall::FederatedLearning(Call::reveal_update {
			task: 0,
			round: 1,
			dataset: 0,
			update: BoundedVec::truncate_from(update(1)),
			salt: [0; 32],
		})
	}

	fn other_call() -> RuntimeCall {
		RuntimeCall::FederatedLearning(Call::commit_update {
			task: 0,
			round: 1,
			dataset: 0,
			commitment: commitment_for(CLINIC_A, 0, 1, 0, &update(1), &salt(CLINIC_A), 10),
		})
	}

	/// What the block author's `prepare` answers for `call` of `len` bytes.
	fn prepare(call: &RuntimeCall, len: usize) -> Result<(), TransactionValidityError> {
		let info = call.get_dispatch_info();
		CheckRevealSpace::<Test>::new().prepare(
			(),
			&RuntimeOrigin::signed(CLINIC_A),
			call,
			&info,
			len,
		)
	}

	const FULL: Result<(), TransactionValidityError> =
		Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources));

	#[test]
	fn a_block_takes_reveals_up_to_its_reveal_space_and_leaves_the_rest_for_the_next() {
		new_test_ext().execute_with(|| {
			Consortium::limit_reveal_space(1_000);
			assert_eq!(prepare(&reveal_call(), 400), Ok(()));
			assert_eq!(prepare(&reveal_call(), 400), Ok(()));
			// The third would pass 1,000 bytes: left in the pool (not invalid), and nothing
			// taken from the space.
			assert_eq!(prepare(&reveal_call(), 400), FULL);
			assert_eq!(RevealBytesInBlock::<Test>::get().1, 800);
			assert_eq!(prepare(&reveal_call(), 200), Ok(()));
			// Other calls are not bound by it.
			assert_eq!(prepare(&other_call(), 10_000), Ok(()));
			// The next block starts from zero.
			System::set_block_number(System::block_number() + 1);
			assert_eq!(prepare(&reveal_call(), 400), Ok(()));
		});
	}

	#[test]
	fn a_reveal_longer_than_a_whole_block_s_space_is_refused_at_the_pool() {
		new_test_ext().execute_with(|| {
			Consortium::limit_reveal_space(1_000);
			let validate = |call: &RuntimeCall, len: usize| {
				CheckRevealSpace::<Test>::new()
					.validate(
						RuntimeOrigin::signed(CLINIC_A),
						call,
						&call.get_dispatch_info(),
						len,
						(),
						&sp_runtime::traits::TxBaseImplication(()),
						TransactionSource::External,
					)
					.map(|_| ())
			};
			assert_eq!(validate(&reveal_call(), 1_001), FULL);
			assert_eq!(validate(&reveal_call(), 1_000), Ok(()));
			assert_eq!(validate(&other_call(), 1_001), Ok(()));
		});
	}
}

#[test]
fn a_reveal_window_too_short_for_the_task_s_reveals_is_refused() {
	new_test_ext().execute_with(|| {
		// 20 parameters: 1,104 bytes a reveal at most; a block takes two of them in 2,500
		// bytes, so three reveals need two blocks, and the window at least three.
		Consortium::limit_reveal_space(2_500);
		assert_eq!(FederatedLearning::reveal_blocks(3, 20, false), 2);
		let short = TaskParams { reveal_window: 2, ..params() };
		assert_noop!(
			create_err(spec(false), &[0, 1, 2], short, AggregationRule::FedAvg),
			E::RevealWindowTooShort
		);
		let enough = TaskParams { reveal_window: 3, ..params() };
		assert_ok!(create_err(spec(false), &[0, 1, 2], enough, AggregationRule::FedAvg));
		// Masked values are 8 bytes: one masked reveal of 200 parameters a block.
		assert_eq!(FederatedLearning::reveal_blocks(3, 200, true), 3);
	});
}

#[test]
fn a_dataset_withdrawn_while_a_large_round_aggregates_is_left_out_of_its_model() {
	new_test_ext().execute_with(|| {
		Consortium::limit_compact_parameters(8);
		let (task, _) = reveal_varied_round(AggregationRule::FedAvg, 2);
		System::set_block_number(System::block_number() + 1);
		FederatedLearning::begin_close(task, 1);
		close_to(task, Some(CloseStep::Aggregate { next: 2 }));
		// Governance withdraws dataset 1's clinic mid-aggregation: the chunks aggregated with
		// its update are computed again without it.
		FederatedLearning::withdraw_from_close(task, 1);
		assert_eq!(step_of(task), Some(CloseStep::Aggregate { next: 0 }));
		assert_eq!(AggregateChunks::<Test>::iter().count(), 0);
		close_to(task, None);
		assert_eq!(Models::<Test>::get(task, 1).unwrap().parameters.to_vec(), fedavg_without_b());
	});
}

#[test]
fn a_large_round_left_below_its_quorum_by_a_withdrawal_fails() {
	new_test_ext().execute_with(|| {
		Consortium::limit_compact_parameters(8);
		let (task, _) = reveal_varied_round(AggregationRule::FedAvg, 3);
		System::set_block_number(System::block_number() + 1);
		FederatedLearning::begin_close(task, 1);
		close_to(task, Some(CloseStep::Aggregate { next: 1 }));
		FederatedLearning::withdraw_from_close(task, 2);
		close_to(task, None);
		assert!(matches!(
			round_of(task, 1).outcome,
			RoundOutcome::Failed {
				reason: RoundFailure::QuorumNotMet { revealed: 2, quorum: 3 },
				..
			}
		));
		assert!(!Models::<Test>::contains_key(task, 1));
		assert_eq!(AggregateChunks::<Test>::iter().count(), 0);
	});
}

#[test]
fn the_v2_migration_moves_kept_updates_into_chunks_and_prunes_past_the_retention() {
	use crate::migrations::v2::{MigrateV1ToV2, RevealedUpdates as WholeUpdates};
	use frame_support::traits::{OnRuntimeUpgrade, StorageVersion};
	new_test_ext().execute_with(|| {
		let task = create(false, TaskParams { rounds: 6, ..params() });
		aggregate_rounds(task, 5);
		// The state as version 1 left it under a longer retention: every round's updates stored
		// whole, and every model version. (The mock keeps 2 rounds: 4 and 5, versions 3 to 5.)
		let _ = RevealedUpdates::<Test>::clear(u32::MAX, None);
		let whole = |round: u32, dataset: u32| -> Vec<i32> {
			(0..20).map(|i| i * 7 - (round * 10 + dataset) as i32).collect()
		};
		for round in 1..=5 {
			for dataset in 0..3 {
				WholeUpdates::<Test>::insert(
					(task, round, dataset),
					BoundedVec::truncate_from(whole(round, dataset)),
				);
			}
		}
		let model = Models::<Test>::get(task, 5).unwrap();
		for version in 0..3 {
			Models::<Test>::insert(task, version, model.clone());
		}
		StorageVersion::new(1).put::<Pallet<Test>>();

		// With try-runtime, its own pre- and post-upgrade checks run too.
		#[cfg(feature = "try-runtime")]
		MigrateV1ToV2::<Test>::try_on_runtime_upgrade(true).expect("the migration's checks hold");
		#[cfg(not(feature = "try-runtime"))]
		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		for dataset in 0..3 {
			assert_eq!(
				FederatedLearning::revealed_update(task, 4, dataset),
				Some(whole(4, dataset))
			);
			assert_eq!(
				FederatedLearning::revealed_update(task, 5, dataset),
				Some(whole(5, dataset))
			);
			for round in 1..=3 {
				assert_eq!(FederatedLearning::revealed_update(task, round, dataset), None);
			}
		}
		// Chunks of 8 in the mock: 3 an update, 6 updates kept.
		assert_eq!(RevealedUpdates::<Test>::iter_keys().count(), 18);
		assert!((0..3).all(|v| !Models::<Test>::contains_key(task, v)));
		assert!((3..=5).all(|v| Models::<Test>::contains_key(task, v)));
		assert_eq!(StorageVersion::get::<Pallet<Test>>(), 2);
		// The checked externalities then run every invariant, retention included.
	});
}
