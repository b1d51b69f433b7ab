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
//!   round (saying so in its log) if fewer remain than the dataset's `min_cohort`. The node
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
use frame_system::{
	offchain::{Account, SendSignedTransaction, Signer},
	pallet_prelude::BlockNumberFor,
};
use ivf_clinic_host::{clinic_node, TrainingRequest};
use ivf_primitives::{ConsentProvider, ConsentPurpose, ConsortiumMembership, Pseudonym};
use pallet_data_access::{DatasetAccess, DatasetId};
use sp_runtime::{
	offchain::{
		storage::StorageValueRef,
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
	/// The quantised update (Q15.16 delta from the round's starting model).
	pub update: Vec<i32>,
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
}

/// `b"ivf-fl/update/" ++ SCALE((task, round, dataset))`: the prepared update of a round.
pub fn update_key(task: TaskId, round: RoundNumber, dataset: DatasetId) -> Vec<u8> {
	[&b"ivf-fl/update/"[..], &(task, round, dataset).encode()[..]].concat()
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

fn remember_kept(task: TaskId, round: RoundNumber, dataset: DatasetId) {
	let index = StorageValueRef::persistent(KEPT_KEY);
	let mut kept = index
		.get::<Vec<(TaskId, RoundNumber, DatasetId)>>()
		.ok()
		.flatten()
		.unwrap_or_default();
	if !kept.contains(&(task, round, dataset)) {
		kept.push((task, round, dataset));
		index.set(&kept);
	}
}

/// Drops the prepared update and the sent markers of every round this node took part in that
/// no longer needs them: revealed on chain, or closed.
fn forget_finished<T: Config>() {
	let index = StorageValueRef::persistent(KEPT_KEY);
	let Some(kept) = index.get::<Vec<(TaskId, RoundNumber, DatasetId)>>().ok().flatten() else {
		return;
	};
	let (finished, pending): (Vec<_>, Vec<_>) =
		kept.into_iter().partition(|&(task, round, dataset)| {
			Rounds::<T>::get(task, round).is_none_or(|record| {
				record.outcome != RoundOutcome::Open
					|| record
						.contributions
						.iter()
						.any(|c| c.dataset == dataset && c.state != ContributionState::Committed)
			})
		});
	if finished.is_empty() {
		return;
	}
	for (task, round, dataset) in finished {
		clinic_node::forget(&update_key(task, round, dataset));
		StorageValueRef::persistent(&training_key(task, round, dataset)).clear();
		StorageValueRef::persistent(&sent_key(task, round, dataset, Step::Commit)).clear();
		StorageValueRef::persistent(&sent_key(task, round, dataset, Step::Reveal)).clear();
	}
	index.set(&pending);
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
			if next < record.reveal_from {
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
		None => match prepare::<T>(ctx, dataset, clinic) {
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

/// Trains the clinic's part of a round; `None` (with a log line) if it cannot.
fn prepare<T: Config>(
	ctx: &RoundContext<'_, T>,
	dataset: DatasetId,
	clinic: &T::AccountId,
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
	let loaded = index.pseudonyms.len();
	let most = ctx.task.params.max_samples.min(terms.record_count) as usize;
	let (rows, mut cohort): (Vec<u32>, Vec<Pseudonym>) = index
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
	let samples = rows.len() as u32;
	let request = TrainingRequest {
		dataset,
		dataset_version: index.version,
		rows,
		spec_id: ctx.task.spec_id,
		update_norm_bound: update_norm_bound(&spec, &ctx.task.params),
		spec,
		task: ctx.id,
		round: ctx.round,
		base_model: global.parameters.into_inner(),
		base_model_hash: global.hash,
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
		ctx.id, ctx.round, dataset, samples, loaded, outcome.update.len(),
		outcome.training_micros / 1000, outcome.training_micros % 1000,
	);
	Some(PreparedUpdate { update: outcome.update, salt, commitment })
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
