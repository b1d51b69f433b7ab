//! A call-sequence fuzzer over the mock runtime: random sequences of every call of the pallet,
//! valid and invalid, from random members and outsiders, with random arguments, and blocks
//! in between. After every call and every block it checks that nothing panicked, that a
//! refused call changed nothing (not even an event), that no call used more weight than it
//! declared, that a block start stayed within a block, and that every invariant of the
//! pallet's `try_state` holds.
//!
//! It runs bounded in `cargo test` (a fixed seed and case count, both printed) and longer on
//! demand:
//!
//! ```text
//! IVF_FUZZ_CASES=5000 IVF_FUZZ_SEED=$RANDOM cargo test --release -p pallet-federated-learning \
//!     fuzz_ -- --nocapture
//! ```
//!
//! A failure prints the seed, the case and the step, and the calls of the case so far, so that
//! the same run replays it.

use crate::{mock::*, *};
use fl_core::{
	metrics::ScoreHistogram,
	rng::{self, env_or, Prng},
	secure_aggregation::{DealtShare, MaskKeys, ParticipantKeys, Share, SharesForRecipient},
	AggregationRule,
};
use frame_support::{
	dispatch::{GetDispatchInfo, PostDispatchInfo},
	traits::{Get, Hooks},
	BoundedVec,
};
use ivf_primitives::data_access::DatasetId;
use sp_runtime::traits::Dispatchable;

/// Cases and steps of the bounded run, unless `IVF_FUZZ_CASES` / `IVF_FUZZ_STEPS` say more.
const CASES: u64 = 300;
const STEPS: u32 = 120;
/// The bounded run's seed, unless `IVF_FUZZ_SEED` gives another.
const SEED: u64 = 0x1f5_2026;

/// A number in `0..bound`.
fn below(prng: &mut Prng, bound: u64) -> u64 {
	rng::below(prng, bound)
}

/// True with probability `percent`/100.
fn chance(prng: &mut Prng, percent: u64) -> bool {
	below(prng, 100) < percent
}

/// Someone to sign: the researcher, a clinic (A to E), a clinic's worker, an outsider.
fn signer(prng: &mut Prng) -> u64 {
	match below(prng, 10) {
		0 => RESEARCHER,
		1 => OUTSIDER,
		2..=3 => WORKER_OFFSET + 1 + below(prng, 5),
		_ => 1 + below(prng, 5),
	}
}

/// A spec: the mock's with or without DP, or with distributed noise, sometimes broken.
fn random_spec(prng: &mut Prng) -> fl_core::ModelSpec {
	let mut spec = spec(chance(prng, 50));
	if chance(prng, 20) {
		spec.privacy = Some(fl_core::DpSgd::distributed(1_000_000, 8_000_000));
		spec.training.batch_size = [16, 100, 400][below(prng, 3) as usize];
	}
	if chance(prng, 10) {
		spec.training.epochs = below(prng, 3) as u32;
	}
	if chance(prng, 5) {
		spec.normalisation.pop();
	}
	spec
}

fn random_rule(prng: &mut Prng) -> AggregationRule {
	match below(prng, 8) {
		0 => AggregationRule::Median,
		1 => AggregationRule::TrimmedMean { trim_each_side: below(prng, 3) as u32 },
		2 | 3 => AggregationRule::SecureFedAvg,
		_ => AggregationRule::FedAvg,
	}
}

/// Mostly parameters a researcher would choose, sometimes any.
fn random_params(prng: &mut Prng) -> TaskParams<u64> {
	if chance(prng, 70) {
		return TaskParams {
			rounds: 1 + below(prng, 3) as u32,
			quorum: 1 + below(prng, 2) as u32,
			commit_window: 2 + below(prng, 4),
			reveal_window: 2 + below(prng, 4),
			max_samples: [30, 100][below(prng, 2) as usize],
			max_update_norm_ppm: 1_000_000,
		};
	}
	TaskParams {
		rounds: below(prng, 4) as u32,
		quorum: below(prng, 5) as u32,
		commit_window: below(prng, 8),
		reveal_window: below(prng, 8),
		max_samples: [0, 10, 30, 100, 400][below(prng, 5) as usize],
		max_update_norm_ppm: [0, 1_000, 1_000_000, u32::MAX][below(prng, 4) as usize],
	}
}

fn random_hash(prng: &mut Prng) -> [u8; 32] {
	core::array::from_fn(|_| below(prng, 256) as u8)
}

/// Any 64-bit word.
fn random_word(prng: &mut Prng) -> u64 {
	below(prng, 1 << 32) << 32 | below(prng, 1 << 32)
}

/// Mostly a task that exists, sometimes one that does not.
fn random_task(prng: &mut Prng) -> TaskId {
	let next = NextTaskId::<Test>::get();
	below(prng, next + 1)
}

fn random_round(prng: &mut Prng, task: TaskId) -> RoundNumber {
	let current = Tasks::<Test>::get(task).map_or(1, |t| t.round);
	match below(prng, 4) {
		0 => current.saturating_add(1),
		1 => current.saturating_sub(1),
		_ => current,
	}
}

fn random_dataset(prng: &mut Prng) -> DatasetId {
	below(prng, 6) as DatasetId
}

/// An honest clinic's commitment that may be revealed later: task, round, dataset, clinic,
/// update, salt.
type Pending = (TaskId, RoundNumber, DatasetId, u64, Vec<i32>, [u8; 32]);

/// An honest clinic's commitment in a running task's open round (so that rounds can
/// aggregate), remembered in `pending` for its reveal.
fn honest_commit(prng: &mut Prng, pending: &mut Vec<Pending>) -> Option<(Option<u64>, Call<Test>)> {
	let running: Vec<(TaskId, TaskOf<Test>)> =
		Tasks::<Test>::iter().filter(|(_, t)| t.status == TaskStatus::Running).collect();
	let (task, record) = running.get(below(prng, running.len().max(1) as u64) as usize)?.clone();
	let participant = record
		.participants
		.get(below(prng, record.participants.len() as u64) as usize)?
		.clone();
	let value = below(prng, 2_000) as i32 - 1_000;
	let update = vec![value; record.parameter_count as usize];
	let salt = random_hash(prng);
	let context = FederatedLearning::commitment_context(
		task,
		record.round,
		participant.dataset,
		&participant.clinic,
	);
	let commitment = Commitment {
		update_hash: commitment_hash(&context, &update, &salt),
		samples: 10 + below(prng, 100) as u32,
		cohort_hash: random_hash(prng),
		scores: ScoreHistogram::default(),
	};
	pending.push((task, record.round, participant.dataset, participant.clinic, update, salt));
	Some((
		Some(participant.clinic),
		Call::commit_update { task, round: record.round, dataset: participant.dataset, commitment },
	))
}

/// A call of the pallet with random arguments, and who signs it (`None`: root); now and then
/// an honest clinic's commitment or the reveal of one.
fn random_call(prng: &mut Prng, pending: &mut Vec<Pending>) -> (Option<u64>, Call<Test>) {
	if chance(prng, 25) {
		if let Some(call) = honest_commit(prng, pending) {
			return call;
		}
	}
	if !pending.is_empty() && chance(prng, 30) {
		let (task, round, dataset, clinic, update, salt) =
			pending.swap_remove(below(prng, pending.len() as u64) as usize);
		return (
			Some(clinic),
			Call::reveal_update {
				task,
				round,
				dataset,
				update: BoundedVec::truncate_from(update),
				salt,
			},
		);
	}
	let task = random_task(prng);
	let round = random_round(prng, task);
	let dataset = random_dataset(prng);
	let call = match below(prng, 9) {
		0 => {
			let spec = random_spec(prng);
			let params = random_params(prng);
			let rule = random_rule(prng);
			let count = 2 + below(prng, 4) as usize;
			let mut ids: Vec<DatasetId> = (0..count).map(|_| random_dataset(prng)).collect();
			if chance(prng, 70) {
				ids.sort();
				ids.dedup();
			}
			// Usually granted, as a researcher would have it.
			if chance(prng, 80) {
				let algorithm = task_algorithm(&spec.id(), &params, &rule);
				for &d in &ids {
					DataAccess::grant(RESEARCHER, d, algorithm);
				}
			}
			return (
				Some(if chance(prng, 85) { RESEARCHER } else { signer(prng) }),
				Call::create_task {
					spec,
					purpose: purpose(),
					datasets: BoundedVec::truncate_from(ids),
					params,
					rule,
				},
			);
		},
		1 | 2 => Call::commit_update {
			task,
			round,
			dataset,
			commitment: Commitment {
				update_hash: random_hash(prng),
				samples: [0, 5, 10, 30, 300, 301, u32::MAX][below(prng, 7) as usize],
				cohort_hash: random_hash(prng),
				scores: ScoreHistogram {
					positives: core::array::from_fn(|_| below(prng, 50) as u32),
					negatives: core::array::from_fn(|_| below(prng, 50) as u32),
				},
			},
		},
		3 => {
			let length = [0, 20, 21, 64][below(prng, 4) as usize];
			let values =
				(0..length).map(|_| (random_word(prng) as i32) >> below(prng, 32)).collect();
			Call::reveal_update {
				task,
				round,
				dataset,
				update: BoundedVec::truncate_from(values),
				salt: random_hash(prng),
			}
		},
		4 => {
			let keys = if chance(prng, 80) {
				MaskKeys::from_seed(&random_hash(prng)).public_keys()
			} else {
				ParticipantKeys { mask: [below(prng, 2) as u8; 32], transport: random_hash(prng) }
			};
			Call::publish_mask_keys { task, round, dataset, keys }
		},
		5 => {
			let count = below(prng, 6) as u32;
			let dealt = |prng: &mut Prng| DealtShare {
				encrypted: random_hash(prng),
				commitment: random_hash(prng),
			};
			let shares = (0..count)
				.map(|recipient| SharesForRecipient {
					recipient: if chance(prng, 90) { recipient } else { 7 },
					mask_key: dealt(prng),
					self_mask: dealt(prng),
				})
				.collect();
			Call::deal_mask_shares {
				task,
				round,
				dataset,
				shares: BoundedVec::truncate_from(shares),
			}
		},
		6 => {
			let length = [0, 20, 64][below(prng, 3) as usize];
			let masked = (0..length).map(|_| random_word(prng)).collect();
			Call::reveal_masked_update {
				task,
				round,
				dataset,
				masked: BoundedVec::truncate_from(masked),
				salt: random_hash(prng),
			}
		},
		7 => {
			let count = below(prng, 6);
			let shares = (0..count)
				.map(|x| Share {
					x: if chance(prng, 90) { x as u8 + 1 } else { 0 },
					y: random_hash(prng),
				})
				.collect();
			Call::reveal_unmasking_shares {
				task,
				round,
				dataset,
				shares: BoundedVec::truncate_from(shares),
			}
		},
		_ => {
			// Governance takes a departed clinic out of its tasks (sometimes one still active,
			// sometimes asked by someone else).
			let clinic = 1 + below(prng, 5);
			if chance(prng, 50) {
				Consortium::remove_clinic(clinic);
			}
			let origin = if chance(prng, 80) { None } else { Some(signer(prng)) };
			return (origin, Call::withdraw_departed_clinic { clinic });
		},
	};
	(Some(signer(prng)), call)
}

fn run_case(seed: u64, case: u64, steps: u32) {
	let mut prng = rng::prng(rng::seed_from_u64(seed ^ case.wrapping_mul(0x9e37_79b9_7f4a_7c15)));
	let mut log: Vec<String> = Vec::new();
	let mut pending: Vec<Pending> = Vec::new();
	let fail = |log: &[String], step: u32, why: String| -> ! {
		panic!(
			"fuzz: seed {seed} case {case} step {step}: {why}\ncalls so far:\n{}",
			log.join("\n")
		)
	};
	let max_block = <<Test as frame_system::Config>::BlockWeights as Get<
		frame_system::limits::BlockWeights,
	>>::get()
	.max_block;
	for step in 0..steps {
		if chance(&mut prng, 25) {
			let next = System::block_number() + 1 + below(&mut prng, 3);
			log.push(format!("run to block {next}"));
			while System::block_number() < next {
				let n = System::block_number() + 1;
				System::set_block_number(n);
				pallet_timestamp::Now::<Test>::put(START + n * BLOCK_MILLIS);
				let used = FederatedLearning::on_initialize(n);
				if !used.all_lte(max_block) {
					fail(
						&log,
						step,
						format!("block {n} started with {used:?}, over {max_block:?}"),
					);
				}
			}
		} else {
			let (who, call) = random_call(&mut prng, &mut pending);
			log.push(format!("{who:?}: {call:?}"));
			let declared = call.get_dispatch_info().call_weight;
			let origin = match who {
				Some(who) => RuntimeOrigin::signed(who),
				None => RuntimeOrigin::root(),
			};
			let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
			let events = System::event_count();
			let result = RuntimeCall::FederatedLearning(call).dispatch(origin);
			let post: PostDispatchInfo = match result {
				Ok(post) => post,
				Err(error) => {
					if sp_io::storage::root(sp_runtime::StateVersion::V1) != before
						|| System::event_count() != events
					{
						fail(
							&log,
							step,
							format!("refused with {:?} yet changed state", error.error),
						);
					}
					error.post_info
				},
			};
			if let Some(actual) = post.actual_weight {
				if !actual.all_lte(declared) {
					fail(
						&log,
						step,
						format!("used {actual:?}, more than the declared {declared:?}"),
					);
				}
			}
		}
		if let Err(why) = FederatedLearning::do_try_state() {
			fail(&log, step, format!("{why:?}"));
		}
	}
}

#[test]
fn fuzz_random_call_sequences_keep_every_invariant() {
	let seed = env_or("IVF_FUZZ_SEED", SEED);
	let cases = env_or("IVF_FUZZ_CASES", CASES);
	let steps = env_or("IVF_FUZZ_STEPS", STEPS as u64) as u32;
	println!("fuzz: seed {seed}, {cases} cases of {steps} steps (IVF_FUZZ_SEED, IVF_FUZZ_CASES, IVF_FUZZ_STEPS)");
	let mut created = 0;
	let mut aggregated = 0;
	for case in 0..cases {
		// A panic inside the runtime names the case it happened in, so that it can be replayed.
		let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
			new_test_ext().execute_with(|| {
				run_case(seed, case, steps);
				(
					NextTaskId::<Test>::get(),
					Tasks::<Test>::iter().map(|(_, t)| t.aggregated_rounds as u64).sum::<u64>(),
				)
			})
		}));
		match outcome {
			Ok((tasks, rounds)) => {
				created += tasks;
				aggregated += rounds;
			},
			Err(panic) => {
				println!("fuzz: seed {seed} case {case} panicked (replay: IVF_FUZZ_SEED={seed})");
				std::panic::resume_unwind(panic);
			},
		}
	}
	println!("fuzz: {created} tasks created, {aggregated} rounds aggregated, no invariant broken");
	// The sequences reach deep enough to matter: tasks are created in most cases, and rounds
	// aggregate.
	assert!(created >= cases / 2, "only {created} tasks in {cases} cases");
	assert!(aggregated > 0, "no round aggregated in {cases} cases");
}
