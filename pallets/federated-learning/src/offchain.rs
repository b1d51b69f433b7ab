//! The clinic's off-chain worker: trains on the clinic's own rows and submits the commitment,
//! then the reveal, of every round of every task that lists one of its datasets.
//!
//! ## Where the data is
//!
//! In the clinic's own files, which its node reads (`ivf-node --dataset ID=FILE`) and trains
//! on natively: the worker reaches them only through the host functions of
//! `ivf_clinic_host::clinic_node`. It sees the pseudonyms of a dataset's rows (to ask the
//! consent ledger about each), asks the node to train on the consented ones, and gets back the
//! clipped update and the score histogram: no row ever enters Wasm memory, and nothing of the
//! data is in the off-chain database. A node without the clinic extension answers
//! `NoClinicNode`, and the worker logs that and takes no part.
//!
//! ## Each block
//!
//! For every open round of a task that lists a dataset whose clinic's registered worker key
//! (`consortium.setWorker`; key type `ivfl`, see [`crate::KEY_TYPE`]) or, failing that, the
//! clinic's own key is in the keystore, and looking at the next block (where a transaction
//! sent now lands at the earliest):
//!
//! - **Commit phase**, not yet committed on chain: train once and keep the result, then send
//!   `commit_update`. Training reads the round's starting model from chain state, keeps only
//!   the rows whose patient holds an AI-training consent active at the round's start
//!   (`ConsentProvider::is_consented(pseudonym, AiTraining, clinic, started_at)`), at most
//!   `min(max_samples, registered record count)` of them in file order, and gives up the
//!   round (saying so in its log) if fewer remain than the dataset's `min_cohort`. Under a
//!   study question (`ModelSpec::question`) the node's file must have been checked against
//!   the schema declared on chain, and the rows the question cannot use (missing outcome, or
//!   a missing feature whose policy drops the row) are left out, of the commitment's count
//!   and cohort too, before the `min_cohort` check. The node
//!   then counts the starting model's scores on them into a histogram (noised under DP: the
//!   commitment's `scores`), trains with `fl_core::train::local_update` (DP-SGD when the spec
//!   asks for it) from a seed that includes the node's own secret, the task and the starting
//!   model's hash (so no two tasks or rounds share noise, and nobody else can regenerate it),
//!   and clips the quantised update to the task's norm bound. The worker draws a salt and has
//!   the node keep update, salt and commitment (in a 0600 file of the node, under
//!   `b"ivf-fl/update/" ++ SCALE((task, round, dataset))`) *before* anything is sent, so a
//!   restarted node can still reveal.
//! - **Reveal phase**, committed but not revealed on chain: send `reveal_update` with the
//!   kept update and salt, after checking that they hash to the commitment on chain: a kept
//!   update changed by anyone is never revealed.
//!
//! Training that outlasts [`TRAINING_TIME_LIMIT_MILLIS`] is not committed, and a round whose
//! training began in an earlier run that never finished (the node stopped, or the run
//! outlived its lock) is not trained again: the worker gives the round up and says so.
//!
//! Kept updates and markers of a round are dropped once the round shows the reveal on chain
//! or has closed (an index under `b"ivf-fl/kept"` lists them), so local storage stays small.
//!
//! ## Securely aggregated rounds
//!
//! In a task of rule `SecureFedAvg` ([`crate::secure`]) the worker runs five steps instead of
//! two, each when the next block falls in its phase:
//!
//! - **Keys**: draw a fresh 32-byte round seed (`sp_io::offchain::random_seed`), have the node
//!   keep it (a 0600 file, under `b"ivf-fl/secagg-seed/" ++ SCALE((task, round, dataset))`)
//!   *before* anything is sent, and publish the public keys
//!   `fl_core::secure_aggregation::MaskKeys::from_seed(seed)` derives. Nothing else of the
//!   seed ever leaves the node.
//! - **Shares**: once every participant's keys are on chain, deal the encrypted shares of
//!   the round's mask key and self-mask seed to every participant
//!   (`fl_core::secure_aggregation::deal_shares`, threshold [`unmasking_threshold`]).
//! - **Commit**: once every participant has dealt, train as in the clear, then mask the
//!   weighted update (`weighted_update`, `mask`) and commit to the masked vector
//!   ([`masked_commitment_hash`]). Only the masked vector is kept (under
//!   `b"ivf-fl/masked/" ++ …`); the cleartext update is dropped from memory.
//! - **Masked reveal**: send `reveal_masked_update` with the kept masked vector and salt,
//!   after checking them against the commitment on chain.
//! - **Unmasking**: decrypt the share every participant dealt to this one, of the self-mask
//!   of each survivor and of the mask key of each participant whose masked update did not
//!   arrive (`open_share`, which checks each against its commitment), and send
//!   `reveal_unmasking_shares`.
//!
//! A round's seed and masked vector are dropped once the round has closed.
//!
//! ## Double submission
//!
//! Chain state says what has landed; a marker per `(task, round, dataset, step)` holds the
//! block a transaction was sent in, and a sent transaction is repeated only after
//! [`RESEND_AFTER`] blocks without effect (it was dropped). A per-account marker keeps the
//! worker from signing with a nonce still held by one of its pending transactions. A storage
//! lock per `(task, round, dataset)` keeps overlapping worker runs from training or sending
//! twice. The pallet refuses a second commitment or reveal anyway.
//!
//! ## Logs
//!
//! The worker logs ids, counts and hashes only, never a row or a pseudonym.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use fl_core::secure_aggregation::{MaskKeys, SecretKind};
use frame_system::{
	offchain::{Account, SendSignedTransaction, Signer},
	pallet_prelude::BlockNumberFor,
};
use ivf_clinic_host::{clinic_node, TrainingRequest};
use ivf_primitives::data_access::{DatasetAccess, DatasetId};
use ivf_primitives::{ConsentProvider, ConsentPurpose, ConsortiumMembership, Pseudonym};
use sp_runtime::{
	offchain::{
		storage::{MutateStorageError, StorageValueRef},
		storage_lock::{StorageLock, Time},
		Duration,
	},
	traits::{One, Saturating},
};

const LOG_TARGET: &str = "runtime::federated-learning";

/// Blocks after which a transaction that has not taken effect is sent again.
///
/// A transaction lands in the next block when nothing is wrong; one that has not after two
/// was dropped, e.g. because the clinic's staff signed another transaction of the clinic
/// account with the same nonce. Two blocks leave room to send a lost commitment again within
/// the shortest useful commit window; a resend of a transaction still in the pool is refused
/// by the pool, which is harmless.
pub const RESEND_AFTER: u32 = 2;

/// How long one worker run may hold a `(task, round, dataset)` lock, in milliseconds.
const LOCK_MILLIS: u64 = 120_000;

/// The longest local training the worker commits, in milliseconds: half the lock, so that a
/// training run never outlives the lock that keeps a second run from starting the same
/// training.
pub const TRAINING_TIME_LIMIT_MILLIS: u64 = LOCK_MILLIS / 2;

/// What the worker prepared for a round and keeps until it has revealed.
#[derive(Clone, PartialEq, Debug, Encode, Decode)]
pub struct PreparedUpdate {
	/// The quantised update (Q15.16 delta from the round's starting model); empty under
	/// distributed noise.
	pub update: Vec<i32>,
	/// Under distributed noise: the weighted update with this clinic's share of the noise,
	/// what a securely aggregated round masks; `None` otherwise.
	pub weighted: Option<Vec<i64>>,
	/// The salt of the commitment.
	pub salt: Hash32,
	/// The commitment sent for it.
	pub commitment: Commitment,
}

/// What the worker prepared for a securely aggregated round and keeps until it has revealed.
#[derive(Clone, PartialEq, Debug, Encode, Decode)]
pub struct PreparedMaskedUpdate {
	/// The masked weighted update (`u64` words of `Z_2^64`).
	pub masked: Vec<u64>,
	/// The salt of the commitment.
	pub salt: Hash32,
	/// The commitment sent for it.
	pub commitment: Commitment,
}

/// The step of a round a transaction was sent for.
#[derive(Clone, Copy, Encode)]
enum Step {
	Commit,
	Reveal,
	Keys,
	Shares,
	Unmask,
}

/// Every step, for clearing a round's sent markers.
const STEPS: [Step; 5] = [Step::Commit, Step::Reveal, Step::Keys, Step::Shares, Step::Unmask];

/// `b"ivf-fl/update/" ++ SCALE((task, round, dataset))`: the prepared update of a round.
pub fn update_key(task: TaskId, round: RoundNumber, dataset: DatasetId) -> Vec<u8> {
	[&b"ivf-fl/update/"[..], &(task, round, dataset).encode()[..]].concat()
}

/// `b"ivf-fl/secagg-seed/" ++ SCALE((task, round, dataset))`: the round seed of a securely
/// aggregated round, from which the worker derives its mask keys.
pub fn seed_key(task: TaskId, round: RoundNumber, dataset: DatasetId) -> Vec<u8> {
	[&b"ivf-fl/secagg-seed/"[..], &(task, round, dataset).encode()[..]].concat()
}

/// `b"ivf-fl/masked/" ++ SCALE((task, round, dataset))`: the prepared masked update.
pub fn masked_key(task: TaskId, round: RoundNumber, dataset: DatasetId) -> Vec<u8> {
	[&b"ivf-fl/masked/"[..], &(task, round, dataset).encode()[..]].concat()
}

fn sent_key(task: TaskId, round: RoundNumber, dataset: DatasetId, step: Step) -> Vec<u8> {
	[&b"ivf-fl/sent/"[..], &(task, round, dataset, step).encode()[..]].concat()
}

/// `b"ivf-fl/training/" ++ SCALE((task, round, dataset))`: set when training of a round
/// begins, so that a later run knows an unfinished earlier one existed.
fn training_key(task: TaskId, round: RoundNumber, dataset: DatasetId) -> Vec<u8> {
	[&b"ivf-fl/training/"[..], &(task, round, dataset).encode()[..]].concat()
}

fn lock_key(task: TaskId, round: RoundNumber, dataset: DatasetId) -> Vec<u8> {
	[&b"ivf-fl/lock/"[..], &(task, round, dataset).encode()[..]].concat()
}

fn pending_key(account: &[u8]) -> Vec<u8> {
	[&b"ivf-fl/pending/"[..], account].concat()
}

/// Key of the list of `(task, round, dataset)` whose prepared update this node keeps.
const KEPT_KEY: &[u8] = b"ivf-fl/kept";

/// The rounds (task, round, dataset) whose prepared update this node keeps, under [`KEPT_KEY`].
type Kept = Vec<(TaskId, RoundNumber, DatasetId)>;

fn remember_kept(task: TaskId, round: RoundNumber, dataset: DatasetId) {
	// `mutate` is a compare-and-set: two workers (blocks imported in quick succession) that
	// add to the index at once do not overwrite each other's entries; the loser of a race
	// finds its entry missing and adds it on its next run.
	let added = StorageValueRef::persistent(KEPT_KEY).mutate(|kept: Result<Option<Kept>, _>| {
		let mut kept = kept.ok().flatten().unwrap_or_default();
		if kept.contains(&(task, round, dataset)) {
			return Err(());
		}
		kept.push((task, round, dataset));
		Ok(kept)
	});
	if let Err(MutateStorageError::ConcurrentModification(_)) = added {
		log::debug!(target: LOG_TARGET, "kept-update index changed under this worker; retrying next block");
	}
}

/// Drops the prepared update and the sent markers of every round this node took part in that
/// no longer needs them: revealed on chain, or closed.
fn forget_finished<T: Config>() {
	// Only what this worker took out of the index (compare-and-set) is forgotten, so an entry
	// another worker adds meanwhile is kept.
	let mut taken_out = Vec::new();
	let taken = StorageValueRef::persistent(KEPT_KEY).mutate(|kept: Result<Option<Kept>, _>| {
		let kept = kept.ok().flatten().unwrap_or_default();
		let (finished, pending): (Vec<_>, Vec<_>) =
			kept.into_iter().partition(|&(task, round, dataset)| {
				// A securely aggregated round needs its seed until unmasking is over.
				let secure = Tasks::<T>::get(task).is_some_and(|t| t.rule.is_secure());
				Rounds::<T>::get(task, round).is_none_or(|record| {
					record.outcome != RoundOutcome::Open
						|| (!secure
							&& record.contributions.iter().any(|c| {
								c.dataset == dataset && c.state != ContributionState::Committed
							}))
				})
			});
		if finished.is_empty() {
			return Err(());
		}
		taken_out = finished;
		Ok(pending)
	});
	if taken.is_err() {
		return;
	}
	for (task, round, dataset) in taken_out {
		clinic_node::forget(&update_key(task, round, dataset));
		clinic_node::forget(&seed_key(task, round, dataset));
		clinic_node::forget(&masked_key(task, round, dataset));
		StorageValueRef::persistent(&training_key(task, round, dataset)).clear();
		for step in STEPS {
			StorageValueRef::persistent(&sent_key(task, round, dataset, step)).clear();
		}
	}
}

/// The worker's entry point, called by `offchain_worker` after block `now` was imported.
pub fn run<T: Config>(now: BlockNumberFor<T>) {
	let accounts: Vec<Account<T>> = Signer::<T, T::AuthorityId>::keystore_accounts().collect();
	if accounts.is_empty() {
		return;
	}
	forget_finished::<T>();
	// The clinic each key is the registered worker of, read once a run, not per participant.
	let worker_of: Vec<Option<T::AccountId>> =
		accounts.iter().map(|a| T::Membership::clinic_of_worker(&a.id)).collect();
	let next = now.saturating_add(One::one());
	for open in OpenRounds::<T>::get() {
		let (Some(task), Some(record)) =
			(Tasks::<T>::get(open.task), Rounds::<T>::get(open.task, open.round))
		else {
			continue;
		};
		for participant in task.participants.iter() {
			// The clinic's registered worker key if the keystore holds it, else the clinic's
			// own key (a node that still holds it).
			let Some(account) = accounts
				.iter()
				.zip(&worker_of)
				.find(|(_, of)| of.as_ref() == Some(&participant.clinic))
				.map(|(account, _)| account)
				.or_else(|| accounts.iter().find(|a| a.id == participant.clinic))
			else {
				continue;
			};
			let lock_key = lock_key(open.task, open.round, participant.dataset);
			let mut lock =
				StorageLock::<Time>::with_deadline(&lock_key, Duration::from_millis(LOCK_MILLIS));
			let Ok(_guard) = lock.try_lock() else {
				log::debug!(
					target: LOG_TARGET,
					"task {} round {} dataset {}: another worker run holds it",
					open.task, open.round, participant.dataset,
				);
				continue;
			};
			let round =
				RoundContext { id: open.task, task: &task, record: &record, round: open.round };
			let clinic = &participant.clinic;
			if task.rule.is_secure() {
				secure_step::<T>(&round, participant.dataset, clinic, account, now);
			} else if next < record.reveal_from {
				commit_step::<T>(&round, participant.dataset, clinic, account, now);
			} else if next < record.close_at {
				reveal_step::<T>(&round, participant.dataset, clinic, account, now);
			}
		}
	}
}

/// The round a step works on.
struct RoundContext<'a, T: Config> {
	id: TaskId,
	task: &'a TaskOf<T>,
	record: &'a RoundOf<T>,
	round: RoundNumber,
}

fn commit_step<T: Config>(
	ctx: &RoundContext<'_, T>,
	dataset: DatasetId,
	clinic: &T::AccountId,
	account: &Account<T>,
	now: BlockNumberFor<T>,
) {
	if ctx.record.contributions.iter().any(|c| c.dataset == dataset) {
		return;
	}
	let marker = sent_key(ctx.id, ctx.round, dataset, Step::Commit);
	let sent = SentMarker::<T>::read(&marker);
	if sent.is_recent(now) {
		return;
	}
	let key = update_key(ctx.id, ctx.round, dataset);
	let prepared = match kept_update(&key) {
		Some(prepared) => prepared,
		None => match prepare::<T>(ctx, dataset, clinic, None) {
			// Kept before anything is sent: a node restarted after the commitment landed can
			// still reveal. (`prepare` already listed the round for clean-up.)
			Some(prepared) => match clinic_node::keep(&key, &prepared.encode()) {
				Ok(()) => prepared,
				Err(error) => {
					log::warn!(
						target: LOG_TARGET,
						"task {} round {} dataset {}: not committing: {}",
						ctx.id, ctx.round, dataset, error.reason(),
					);
					return;
				},
			},
			None => return,
		},
	};
	let call = Call::<T>::commit_update {
		task: ctx.id,
		round: ctx.round,
		dataset,
		commitment: prepared.commitment,
	};
	if submit::<T>(account, call, now) {
		StorageValueRef::persistent(&marker).set(&now);
		log::info!(
			target: LOG_TARGET,
			"task {} round {} dataset {}: commitment sent{} ({} samples)",
			ctx.id, ctx.round, dataset, sent.again(), prepared.commitment.samples,
		);
	}
}

fn reveal_step<T: Config>(
	ctx: &RoundContext<'_, T>,
	dataset: DatasetId,
	clinic: &T::AccountId,
	account: &Account<T>,
	now: BlockNumberFor<T>,
) {
	let Some(contribution) = ctx.record.contributions.iter().find(|c| c.dataset == dataset) else {
		return;
	};
	let key = update_key(ctx.id, ctx.round, dataset);
	if contribution.state != ContributionState::Committed {
		return;
	}
	let marker = sent_key(ctx.id, ctx.round, dataset, Step::Reveal);
	let sent = SentMarker::<T>::read(&marker);
	if sent.is_recent(now) {
		return;
	}
	let Some(prepared) = kept_update(&key) else {
		log::warn!(
			target: LOG_TARGET,
			"task {} round {} dataset {}: committed, but this node keeps no update to reveal",
			ctx.id, ctx.round, dataset,
		);
		return;
	};
	let context = Pallet::<T>::commitment_context(ctx.id, ctx.round, dataset, clinic);
	if commitment_hash(&context, &prepared.update, &prepared.salt)
		!= contribution.commitment.update_hash
	{
		log::warn!(
			target: LOG_TARGET,
			"task {} round {} dataset {}: the kept update does not match the commitment on chain",
			ctx.id, ctx.round, dataset,
		);
		return;
	}
	let Ok(update) = ParametersOf::<T>::try_from(prepared.update) else {
		return;
	};
	let call = Call::<T>::reveal_update {
		task: ctx.id,
		round: ctx.round,
		dataset,
		update,
		salt: prepared.salt,
	};
	if submit::<T>(account, call, now) {
		StorageValueRef::persistent(&marker).set(&now);
		log::info!(
			target: LOG_TARGET,
			"task {} round {} dataset {}: reveal sent{}",
			ctx.id, ctx.round, dataset, sent.again(),
		);
	}
}

/// The step of a securely aggregated round the next block falls in, if any.
fn secure_step<T: Config>(
	ctx: &RoundContext<'_, T>,
	dataset: DatasetId,
	clinic: &T::AccountId,
	account: &Account<T>,
	now: BlockNumberFor<T>,
) {
	let Some(secure) = SecureRounds::<T>::get(ctx.id, ctx.round) else {
		return;
	};
	let next = now.saturating_add(One::one());
	let step = SecureContext { ctx, secure: &secure, dataset, account, now };
	if next < secure.shares_from {
		step.publish_keys();
	} else if next < secure.commit_from {
		step.deal_shares();
	} else if next < ctx.record.reveal_from {
		step.commit(clinic);
	} else if next < secure.unmask_from {
		step.reveal_masked(clinic);
	} else if next < ctx.record.close_at {
		step.reveal_shares();
	}
}

/// One step of a securely aggregated round, for one dataset.
struct SecureContext<'a, T: Config> {
	ctx: &'a RoundContext<'a, T>,
	secure: &'a SecureRoundOf<T>,
	dataset: DatasetId,
	account: &'a Account<T>,
	now: BlockNumberFor<T>,
}

impl<T: Config> SecureContext<'_, T> {
	fn log_skip(&self, why: &str) {
		log::warn!(
			target: LOG_TARGET,
			"task {} round {} dataset {}: secure aggregation: {}",
			self.ctx.id, self.ctx.round, self.dataset, why,
		);
	}

	fn mask_context(&self) -> fl_core::secure_aggregation::MaskContext {
		mask_context(self.ctx.id, self.ctx.round, self.ctx.task.parameter_count)
	}

	/// The round's secrets, from the seed the node keeps; `None` if it keeps none.
	fn keys(&self) -> Option<MaskKeys> {
		let seed = clinic_node::kept(&seed_key(self.ctx.id, self.ctx.round, self.dataset))?;
		let seed: [u8; 32] = seed.try_into().ok()?;
		Some(MaskKeys::from_seed(&seed))
	}

	/// Sends `call` for `step` unless it was sent fewer than [`RESEND_AFTER`] blocks ago; logs
	/// what was sent.
	fn send(&self, step: Step, call: Call<T>, what: &str) {
		let marker = sent_key(self.ctx.id, self.ctx.round, self.dataset, step);
		let sent = SentMarker::<T>::read(&marker);
		if sent.is_recent(self.now) {
			return;
		}
		if submit::<T>(self.account, call, self.now) {
			StorageValueRef::persistent(&marker).set(&self.now);
			log::info!(
				target: LOG_TARGET,
				"task {} round {} dataset {}: {} sent{}",
				self.ctx.id, self.ctx.round, self.dataset, what, sent.again(),
			);
		}
	}

	fn publish_keys(&self) {
		if self.secure.index_of(self.dataset).is_some() {
			return;
		}
		let keys = match self.keys() {
			Some(keys) => keys,
			None => {
				// The node's randomness, bound to the round and dataset, so that a clinic with
				// several datasets (or a poor random source) never reuses a round's secrets.
				let seed = sp_io::hashing::blake2_256(
					&(sp_io::offchain::random_seed(), self.ctx.id, self.ctx.round, self.dataset)
						.encode(),
				);
				// Kept before anything is sent: a restarted node still holds its round's secrets.
				let key = seed_key(self.ctx.id, self.ctx.round, self.dataset);
				if let Err(error) = clinic_node::keep(&key, &seed) {
					self.log_skip(error.reason());
					return;
				}
				remember_kept(self.ctx.id, self.ctx.round, self.dataset);
				MaskKeys::from_seed(&seed)
			},
		};
		let call = Call::<T>::publish_mask_keys {
			task: self.ctx.id,
			round: self.ctx.round,
			dataset: self.dataset,
			keys: keys.public_keys(),
		};
		self.send(Step::Keys, call, "mask keys");
	}

	fn deal_shares(&self) {
		let Some(index) = self.secure.index_of(self.dataset) else {
			return;
		};
		if self.secure.dealt.contains(&self.dataset) {
			return;
		}
		let Some(keys) = self.keys() else {
			self.log_skip("published keys, but this node keeps no round seed");
			return;
		};
		let dealt = match fl_core::secure_aggregation::deal_shares(
			&self.mask_context(),
			&keys,
			index,
			&self.secure.keys(),
			self.secure.threshold() as usize,
		) {
			Ok(dealt) => dealt,
			Err(error) => {
				log::warn!(
					target: LOG_TARGET,
					"task {} round {} dataset {}: secure aggregation: cannot deal shares: {:?}",
					self.ctx.id, self.ctx.round, self.dataset, error,
				);
				return;
			},
		};
		let Ok(shares) = DealtSharesOf::<T>::try_from(dealt) else {
			return;
		};
		let call = Call::<T>::deal_mask_shares {
			task: self.ctx.id,
			round: self.ctx.round,
			dataset: self.dataset,
			shares,
		};
		self.send(Step::Shares, call, "mask shares");
	}

	fn commit(&self, clinic: &T::AccountId) {
		let Some(index) = self.secure.index_of(self.dataset) else {
			return;
		};
		if self.ctx.record.contributions.iter().any(|c| c.dataset == self.dataset) {
			return;
		}
		if self.secure.dealt.len() != self.secure.participants.len() {
			self.log_skip("not every participant dealt its shares; the round will fail");
			return;
		}
		let key = masked_key(self.ctx.id, self.ctx.round, self.dataset);
		let prepared = match kept_masked(&key) {
			Some(prepared) => prepared,
			None => {
				let Some(keys) = self.keys() else {
					self.log_skip("published keys, but this node keeps no round seed");
					return;
				};
				// The participants are final by now, and so is the unmasking threshold.
				let threshold = Some(self.secure.threshold());
				let Some(trained) = prepare::<T>(self.ctx, self.dataset, clinic, threshold) else {
					return;
				};
				let weighted = match &trained.weighted {
					Some(noised) => fl_core::secure_aggregation::weighted_from_i64(noised),
					None => fl_core::secure_aggregation::weighted_update(
						&trained.update,
						trained.commitment.samples as u64,
					),
				};
				let masked = weighted.and_then(|weighted| {
					fl_core::secure_aggregation::mask(
						&self.mask_context(),
						&keys,
						index,
						&self.secure.keys(),
						&weighted,
					)
				});
				let masked = match masked {
					Ok(masked) => masked,
					Err(error) => {
						log::warn!(
							target: LOG_TARGET,
							"task {} round {} dataset {}: secure aggregation: cannot mask: {:?}",
							self.ctx.id, self.ctx.round, self.dataset, error,
						);
						return;
					},
				};
				let context = Pallet::<T>::commitment_context(
					self.ctx.id,
					self.ctx.round,
					self.dataset,
					clinic,
				);
				let commitment = Commitment {
					update_hash: masked_commitment_hash(&context, &masked, &trained.salt),
					..trained.commitment
				};
				let prepared = PreparedMaskedUpdate { masked, salt: trained.salt, commitment };
				if let Err(error) = clinic_node::keep(&key, &prepared.encode()) {
					self.log_skip(error.reason());
					return;
				}
				prepared
			},
		};
		let call = Call::<T>::commit_update {
			task: self.ctx.id,
			round: self.ctx.round,
			dataset: self.dataset,
			commitment: prepared.commitment,
		};
		self.send(Step::Commit, call, "commitment to the masked update");
	}

	fn reveal_masked(&self, clinic: &T::AccountId) {
		let Some(contribution) =
			self.ctx.record.contributions.iter().find(|c| c.dataset == self.dataset)
		else {
			return;
		};
		if contribution.state != ContributionState::Committed {
			return;
		}
		let Some(prepared) = kept_masked(&masked_key(self.ctx.id, self.ctx.round, self.dataset))
		else {
			self.log_skip("committed, but this node keeps no masked update to reveal");
			return;
		};
		let context =
			Pallet::<T>::commitment_context(self.ctx.id, self.ctx.round, self.dataset, clinic);
		if masked_commitment_hash(&context, &prepared.masked, &prepared.salt)
			!= contribution.commitment.update_hash
		{
			self.log_skip("the kept masked update does not match the commitment on chain");
			return;
		}
		let Ok(masked) = MaskedUpdateOf::<T>::try_from(prepared.masked) else {
			return;
		};
		let call = Call::<T>::reveal_masked_update {
			task: self.ctx.id,
			round: self.ctx.round,
			dataset: self.dataset,
			masked,
			salt: prepared.salt,
		};
		self.send(Step::Reveal, call, "masked update");
	}

	fn reveal_shares(&self) {
		let Some(holder) = self.secure.index_of(self.dataset) else {
			return;
		};
		if self.secure.unmasked_by.contains(&self.dataset) {
			return;
		}
		let Some(keys) = self.keys() else {
			self.log_skip("published keys, but this node keeps no round seed");
			return;
		};
		let context = self.mask_context();
		let participants = self.secure.keys();
		let mut shares = Vec::with_capacity(participants.len());
		for (dealer, (dealer_dataset, _)) in self.secure.participants.iter().enumerate() {
			let survived =
				self.ctx.record.contributions.iter().any(|c| {
					c.dataset == *dealer_dataset && c.state == ContributionState::Revealed
				});
			let kind = if survived { SecretKind::SelfMask } else { SecretKind::MaskKey };
			let Some(dealt) = DealtShares::<T>::get((self.ctx.id, self.ctx.round, *dealer_dataset))
				.and_then(|dealt| dealt.get(holder as usize).copied())
			else {
				self.log_skip("a participant's dealt shares are not in state");
				return;
			};
			let sealed = match kind {
				SecretKind::SelfMask => dealt.self_mask,
				SecretKind::MaskKey => dealt.mask_key,
			};
			match fl_core::secure_aggregation::open_share(
				&context,
				&keys,
				holder,
				dealer as u32,
				&participants,
				kind,
				&sealed,
			) {
				Ok(share) => shares.push(share),
				Err(error) => {
					log::warn!(
						target: LOG_TARGET,
						"task {} round {} dataset {}: secure aggregation: the share dealt by 						 participant {} does not open: {:?}",
						self.ctx.id, self.ctx.round, self.dataset, dealer, error,
					);
					return;
				},
			}
		}
		let Ok(shares) = UnmaskingSharesOf::<T>::try_from(shares) else {
			return;
		};
		let call = Call::<T>::reveal_unmasking_shares {
			task: self.ctx.id,
			round: self.ctx.round,
			dataset: self.dataset,
			shares,
		};
		self.send(Step::Unmask, call, "shares for unmasking");
	}
}

/// The prepared masked update the node keeps under `key`, if any (and if it decodes).
fn kept_masked(key: &[u8]) -> Option<PreparedMaskedUpdate> {
	clinic_node::kept(key).and_then(|bytes| PreparedMaskedUpdate::decode(&mut &bytes[..]).ok())
}

/// Trains the clinic's part of a round; `None` (with a log line) if it cannot.
/// `unmasking_threshold` is a securely aggregated round's (`None` in the clear): under
/// distributed noise the node sizes its share of the noise by it.
fn prepare<T: Config>(
	ctx: &RoundContext<'_, T>,
	dataset: DatasetId,
	clinic: &T::AccountId,
	unmasking_threshold: Option<u32>,
) -> Option<PreparedUpdate> {
	let skip = |why: &str| {
		log::warn!(
			target: LOG_TARGET,
			"task {} round {} dataset {}: not taking part: {}",
			ctx.id, ctx.round, dataset, why,
		);
	};
	let Some(spec) = ctx.task.model_spec() else {
		skip("the task's spec does not decode");
		return None;
	};
	let Some(global) = Models::<T>::get(ctx.id, ctx.record.base_version) else {
		skip("the round's starting model is not in state");
		return None;
	};
	let Some(terms) = T::DataAccess::training_terms(dataset) else {
		skip("the dataset is not registered on chain");
		return None;
	};
	let training_marker = training_key(ctx.id, ctx.round, dataset);
	let training = StorageValueRef::persistent(&training_marker);
	if training.get::<BlockNumberFor<T>>().ok().flatten().is_some() {
		skip("an earlier run began training this round and did not finish in time");
		return None;
	}
	let index = match clinic_node::dataset_index(dataset) {
		Ok(index) => index,
		Err(error) => {
			skip(error.reason());
			return None;
		},
	};
	if spec.question.is_some() {
		let declared = T::DataAccess::dataset_schema(dataset).map(|schema| schema.id());
		if declared.is_none() || index.schema_id != declared {
			skip("the dataset's file was not checked against the schema declared on chain");
			return None;
		}
	}
	let loaded = index.pseudonyms.len();
	let most = ctx.task.params.max_samples.min(terms.record_count) as usize;
	let (rows, cohort): (Vec<u32>, Vec<Pseudonym>) = index
		.pseudonyms
		.into_iter()
		.enumerate()
		.filter(|(_, pseudonym)| {
			T::Consent::is_consented(
				pseudonym,
				ConsentPurpose::AiTraining,
				clinic,
				ctx.record.started_at,
			)
		})
		.take(most)
		.map(|(row, pseudonym)| (row as u32, pseudonym))
		.unzip();
	if rows.is_empty() {
		skip("no row has an active AI-training consent at the round's start");
		return None;
	}
	if (rows.len() as u32) < terms.privacy_policy.min_cohort {
		skip("fewer consented rows than the dataset's minimum cohort");
		return None;
	}
	// Under distributed noise the node adds its share of the noise, sized for the round's
	// unmasking threshold.
	let noise_threshold = spec.privacy.filter(|dp| dp.is_distributed()).and(unmasking_threshold);
	let request = TrainingRequest {
		dataset,
		dataset_version: index.version,
		rows: rows.clone(),
		spec_id: ctx.task.spec_id,
		update_norm_bound: update_norm_bound(&spec, &ctx.task.params),
		spec,
		task: ctx.id,
		round: ctx.round,
		base_model: global.parameters.into_inner(),
		base_model_hash: global.hash,
		noise_threshold,
	};
	training.set(&frame_system::Pallet::<T>::block_number());
	remember_kept(ctx.id, ctx.round, dataset);
	let outcome = match clinic_node::train(request) {
		Ok(outcome) => outcome,
		Err(error) => {
			skip(error.reason());
			return None;
		},
	};
	// A study question leaves out the rows it cannot use (a missing outcome, or a missing
	// feature whose policy drops the row): the commitment counts, and its cohort lists, the
	// rows trained on, and the minimum cohort applies to them.
	let chosen: Vec<(u32, Pseudonym)> = rows.into_iter().zip(cohort).collect();
	let mut cohort: Vec<Pseudonym> = chosen
		.iter()
		.filter(|(row, _)| outcome.rows_used.binary_search(row).is_ok())
		.map(|(_, pseudonym)| *pseudonym)
		.collect();
	if cohort.len() != outcome.rows_used.len() {
		skip("the node trained on rows it was not asked for");
		return None;
	}
	if (cohort.len() as u32) < terms.privacy_policy.min_cohort {
		skip("fewer usable rows (outcome and required features present) than the minimum cohort");
		return None;
	}
	let samples = cohort.len() as u32;
	let training_ms = outcome.training_micros / 1000;
	if training_ms > TRAINING_TIME_LIMIT_MILLIS {
		log::warn!(
			target: LOG_TARGET,
			"task {} round {} dataset {}: giving the round up: local training took {} ms, more \
			 than the {} ms a round allows",
			ctx.id, ctx.round, dataset, training_ms, TRAINING_TIME_LIMIT_MILLIS,
		);
		return None;
	}
	let salt = sp_io::offchain::random_seed();
	let context = Pallet::<T>::commitment_context(ctx.id, ctx.round, dataset, clinic);
	let commitment = Commitment {
		update_hash: commitment_hash(&context, &outcome.update, &salt),
		samples,
		cohort_hash: cohort_hash(&mut cohort),
		scores: outcome.scores,
	};
	log::info!(
		target: LOG_TARGET,
		"task {} round {} dataset {}: trained natively on {} of {} rows (consented at the \
		 round's start), {} parameters, local training {}.{:03} ms",
		ctx.id, ctx.round, dataset, samples, loaded,
		outcome.weighted.as_ref().map_or(outcome.update.len(), Vec::len),
		outcome.training_micros / 1000, outcome.training_micros % 1000,
	);
	Some(PreparedUpdate { update: outcome.update, weighted: outcome.weighted, salt, commitment })
}

/// The prepared update the node keeps under `key`, if any (and if it decodes).
fn kept_update(key: &[u8]) -> Option<PreparedUpdate> {
	clinic_node::kept(key).and_then(|bytes| PreparedUpdate::decode(&mut &bytes[..]).ok())
}

/// The block a step's transaction was last sent in (its marker under [`sent_key`]), read
/// once per step: it decides both whether to send now and how the log words the sending.
struct SentMarker<T: Config>(Option<BlockNumberFor<T>>);

impl<T: Config> SentMarker<T> {
	fn read(marker: &[u8]) -> Self {
		Self(StorageValueRef::persistent(marker).get::<BlockNumberFor<T>>().ok().flatten())
	}

	/// Whether the transaction was sent fewer than [`RESEND_AFTER`] blocks ago.
	fn is_recent(&self, now: BlockNumberFor<T>) -> bool {
		self.0.is_some_and(|sent| now < sent.saturating_add(RESEND_AFTER.into()))
	}

	/// What the log adds when the transaction is sent again: an operator reading two "sent"
	/// lines for one round should know the first was dropped, not doubled.
	fn again(&self) -> &'static str {
		if self.0.is_some() {
			" again (the earlier one had not landed)"
		} else {
			""
		}
	}
}

/// Signs `call` with `account`'s clinic key and hands it to the pool; whether it was taken.
///
/// Refrains while an earlier transaction of the account, sent fewer than [`RESEND_AFTER`]
/// blocks ago, has not landed: signing now would reuse its nonce.
fn submit<T: Config>(account: &Account<T>, call: Call<T>, now: BlockNumberFor<T>) -> bool {
	let pending = pending_key(&account.id.encode());
	let nonce = frame_system::Pallet::<T>::account_nonce(&account.id);
	let waiting = StorageValueRef::persistent(&pending)
		.get::<(T::Nonce, BlockNumberFor<T>)>()
		.ok()
		.flatten()
		.is_some_and(|(expected, sent)| {
			expected > nonce && now < sent.saturating_add(RESEND_AFTER.into())
		});
	if waiting {
		log::debug!(target: LOG_TARGET, "waiting for an earlier transaction to land");
		return false;
	}
	let sent = Signer::<T, T::AuthorityId>::all_accounts()
		.with_filter(alloc::vec![account.public.clone()])
		.send_signed_transaction(|_| call.clone())
		.into_iter()
		.any(|(_, result)| result.is_ok());
	if sent {
		// The signer raised the nonce in this run's overlay; remember what must land.
		let expected = frame_system::Pallet::<T>::account_nonce(&account.id);
		StorageValueRef::persistent(&pending).set(&(expected, now));
	} else {
		log::warn!(target: LOG_TARGET, "the transaction pool refused a transaction");
	}
	sent
}
