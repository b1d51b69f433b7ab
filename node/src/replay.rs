//! `ivf-node fl-replay`: recomputes every round of a federated training task from what is on
//! chain, natively, and checks each stored model hash.
//!
//! The replay trusts neither the node it reads from nor the runtime's own `fl_replay`: it
//! reads raw storage and blocks over the node's JSON-RPC (HTTP), decodes them with the
//! pallet's types, starts from the spec's initial model (`fl_core::ModelSpec::
//! initial_global_model`) and recomputes each aggregated round with `fl-core` compiled into
//! this binary. Each recomputed model's hash must equal the hash the round stored, and the
//! recomputed model is the next round's starting point, so one wrong round cannot hide behind
//! a later one.
//!
//! **A round in the clear** is the aggregate (the task's rule) of its revealed updates. They
//! come from state while the chain keeps them (`MaxRoundsKept`); older ones come from the
//! `reveal_update` extrinsics in the blocks of the round's reveal phase (those that succeeded,
//! where the blocks' events can still be read, as below), each checked against the clinic's
//! commitment (`commitment_hash` of the update and salt in the commitment's context: the
//! genesis hash, task, round, dataset and clinic).
//!
//! **A securely aggregated round** (rule `SecureFedAvg`) never shows an update: the replay
//! recomputes what closing the round computed, the sum of the survivors' masked weighted
//! updates with every mask removed (`pallet_federated_learning::secure::
//! unmask_weighted_sum`, the function the runtime closes the round with) and FedAvg of that
//! sum (`fl_core::secure_aggregation::fedavg_from_weighted_sum`). It reads the round's
//! participants and their keys (`SecureRounds`), the masked update of every contribution the
//! round summed (`MaskedUpdates`) and the unmasking shares of every participant that revealed
//! them (`UnmaskingShares`) from state while the chain keeps them (pruned together with the
//! clear rounds' updates). Once they are pruned it rebuilds them from the round's blocks
//! (`opened_at ..= closed_at`): the `publish_mask_keys` extrinsics give the participants in
//! participant order, `reveal_masked_update` the masked updates (each checked against the
//! clinic's commitment, `masked_commitment_hash`), `reveal_unmasking_shares` the shares (each
//! checked against the commitment its dealer published with `deal_mask_shares`, as the
//! runtime checked it). Which of those extrinsics succeeded is read from each block's events
//! (`System::Events`, its `ExtrinsicSuccess` records) while the node still has the block's
//! state; without it (a node that prunes state) every such extrinsic counts, and the checks
//! above, the keys phase's window, and that every participant of an aggregated round dealt
//! its shares tell the accepted ones apart. Either way a wrong pick can only make the replay
//! fail, never pass: the final model hash still has to match.
//!
//! It prints one line per round and `OK` at the end, or stops at the first mismatch and
//! exits with an error.

use codec::{Decode, Encode};
use fl_core::{
	secure_aggregation::{
		check_public_key, check_share, fedavg_from_weighted_sum, ParticipantKeys, SecretKind,
		Share, SharesForRecipient,
	},
	AggregationRule, ClientUpdate, ModelSpec,
};
use fl_rpc::hex;
use ivf_runtime::{Runtime, RuntimeCall, RuntimeEvent, UncheckedExtrinsic};
use pallet_federated_learning::{
	commitment_hash, mask_context, masked_commitment_hash, model_hash, secure::unmask_weighted_sum,
	unmasking_threshold, Call as FlCall, CommitmentContext, Contribution, ContributionState,
	DealtShares, Hash32, MaskedUpdates, Models, RevealedUpdates, RoundOf, RoundOutcome, Rounds,
	SecureRoundOf, SecureRounds, TaskOf, Tasks, UnmaskingShares,
};
use serde_json::{json, Value};
use std::{
	collections::{BTreeMap, BTreeSet},
	io::{Read, Write},
	net::TcpStream,
	time::Duration,
};

/// `ivf-node fl-replay --task <id> [--url http://127.0.0.1:9944] [--at <block hash>]`
#[derive(Debug, clap::Parser)]
pub struct ReplayCmd {
	/// The task to replay.
	#[arg(long)]
	pub task: u64,

	/// JSON-RPC endpoint of any node of the chain (plain HTTP; the node's `--rpc-port`).
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub url: String,

	/// Replay the chain as of this block (hex hash); the finalized head by default.
	#[arg(long)]
	pub at: Option<String>,
}

/// Why a replay could not say OK.
#[derive(Debug)]
pub enum ReplayError {
	/// The node could not be asked, or answered something unreadable.
	Rpc(String),
	/// The chain holds no such task, or not the data to replay it.
	Missing(String),
	/// A recomputed model differs from the stored one.
	Mismatch(String),
}

impl std::fmt::Display for ReplayError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			ReplayError::Rpc(why) => write!(f, "cannot read the chain: {why}"),
			ReplayError::Missing(why) => write!(f, "cannot replay: {why}"),
			ReplayError::Mismatch(why) => write!(f, "MISMATCH {why}"),
		}
	}
}

impl ReplayCmd {
	/// Runs the replay, printing a line per round; `Ok` only if every aggregated round verified.
	pub fn run(&self) -> Result<(), ReplayError> {
		let rpc = HttpRpc::new(&self.url)?;
		let at = match &self.at {
			Some(hash) => hash.clone(),
			None => rpc.call_str("chain_getFinalizedHead", json!([]))?,
		};
		let header = rpc.call("chain_getHeader", json!([at]))?;
		let at_number = header["number"].as_str().and_then(parse_hex_u64).unwrap_or_default();
		let chain = Chain { rpc, at };

		let task: TaskOf<Runtime> =
			chain.storage(&Tasks::<Runtime>::hashed_key_for(self.task))?.ok_or_else(|| {
				ReplayError::Missing(format!("no task {} at block #{at_number}", self.task))
			})?;
		let spec: ModelSpec = task
			.model_spec()
			.ok_or_else(|| ReplayError::Missing("the task's spec does not decode".into()))?;
		println!(
			"task {}: {:?}, {} of {} rounds aggregated, rule {}, {} parameters; chain at block #{at_number} {}",
			self.task,
			task.status,
			task.aggregated_rounds,
			task.params.rounds,
			rule_name(task.rule),
			task.parameter_count,
			chain.at,
		);

		// Version 0 is the spec's initial model; each aggregated round adds the next version.
		let mut models: BTreeMap<u32, Vec<i32>> = BTreeMap::new();
		let initial = spec
			.initial_global_model()
			.map_err(|e| ReplayError::Missing(format!("the spec's initial model: {e:?}")))?;
		self.check_version(&chain, 0, &initial)?;
		models.insert(0, initial);
		// The server optimiser's moments after each version, carried from zero at version 0.
		let mut moments: BTreeMap<u32, fl_core::OptimiserState> = BTreeMap::new();
		moments.insert(0, fl_core::OptimiserState::default());

		let mut verified = 0u32;
		for round in 1..=task.round {
			let record: RoundOf<Runtime> = chain
				.storage(&Rounds::<Runtime>::hashed_key_for(self.task, round))?
				.ok_or_else(|| ReplayError::Missing(format!("round {round} is not in state")))?;
			let (version, stored_hash) = match record.outcome {
				RoundOutcome::Aggregated { version, model_hash, .. } => (version, model_hash),
				RoundOutcome::Failed { reason, .. } => {
					println!("round {round}: failed ({reason:?}), no model to check");
					continue;
				},
				RoundOutcome::Open => {
					println!("round {round}: open, nothing to check yet");
					continue;
				},
			};
			let base = models.get(&record.base_version).ok_or_else(|| {
				ReplayError::Missing(format!(
					"round {round} starts from version {}, which no earlier round made",
					record.base_version
				))
			})?;

			let replayed = ReplayedRound {
				chain: &chain,
				task_id: self.task,
				task: &task,
				round,
				record: &record,
			};
			let (aggregated, made_from) = if task.rule.is_secure() {
				replayed.secure(base)?
			} else {
				replayed.clear(base)?
			};
			// The task's server optimiser steps from the round's starting model to the
			// aggregate (`Sgd`, the default, takes the aggregate as it is).
			let mut state = moments.get(&record.base_version).cloned().unwrap_or_default();
			let recomputed =
				spec.server_optimiser.step(base, &aggregated, &mut state).map_err(|e| {
					ReplayError::Mismatch(format!("at round {round}: the server step fails: {e:?}"))
				})?;
			moments.insert(version, state);
			let recomputed_hash = model_hash(&recomputed);
			if recomputed_hash != stored_hash {
				return Err(ReplayError::Mismatch(format!(
					"at round {round}: stored model hash {}, recomputed {}",
					hex(&stored_hash),
					hex(&recomputed_hash)
				)));
			}
			self.check_version(&chain, version, &recomputed)?;
			println!("round {round}: OK  model v{version} {} {made_from}", hex(&recomputed_hash));
			models.insert(version, recomputed);
			verified += 1;
		}
		println!("OK: {verified} aggregated rounds of task {} verified", self.task);
		Ok(())
	}

	/// If the chain still holds model `version`, it must be `parameters` with its hash.
	fn check_version(
		&self,
		chain: &Chain,
		version: u32,
		parameters: &[i32],
	) -> Result<(), ReplayError> {
		let key = Models::<Runtime>::hashed_key_for(self.task, version);
		let stored: Option<pallet_federated_learning::ModelOf<Runtime>> = chain.storage(&key)?;
		match stored {
			Some(model)
				if model.parameters.as_slice() != parameters
					|| model.hash != model_hash(parameters) =>
			{
				Err(ReplayError::Mismatch(format!(
					"in model v{version}: the stored parameters are not the recomputed ones"
				)))
			},
			_ => Ok(()),
		}
	}
}

/// Federated-learning calls found in blocks, each with its block's number.
type BlockCalls = Vec<(u32, FlCall<Runtime>)>;

/// One round of the replayed task, and the chain it is read from: what recomputing it needs.
struct ReplayedRound<'a> {
	chain: &'a Chain,
	task_id: u64,
	task: &'a TaskOf<Runtime>,
	round: u32,
	record: &'a RoundOf<Runtime>,
}

impl ReplayedRound<'_> {
	/// The model a round in the clear made onto `base`, recomputed with the task's rule from
	/// its revealed updates; and what it was made from, as the round's line says it.
	fn clear(&self, base: &[i32]) -> Result<(Vec<i32>, String), ReplayError> {
		let ReplayedRound { task, round, .. } = *self;
		let (updates, from_blocks) = self.revealed_updates()?;
		let client_updates: Vec<ClientUpdate<'_>> = updates
			.iter()
			.map(|(delta, samples)| ClientUpdate { delta, samples: *samples as u64 })
			.collect();
		let recomputed = fl_core::aggregate(task.rule, base, &client_updates).map_err(|e| {
			ReplayError::Mismatch(format!("at round {round}: aggregation fails here: {e:?}"))
		})?;
		let made_from = format!(
			"from {} updates ({} samples; {} read from blocks)",
			updates.len(),
			updates.iter().map(|(_, s)| *s as u64).sum::<u64>(),
			from_blocks,
		);
		Ok((recomputed, made_from))
	}

	/// The model a securely aggregated round made onto `base`, recomputed from its masked
	/// updates and unmasking shares; and what it was made from, as the round's line says it.
	fn secure(&self, base: &[i32]) -> Result<(Vec<i32>, String), ReplayError> {
		let ReplayedRound { task_id, task, round, .. } = *self;
		let (inputs, from_blocks) = self.secure_inputs()?;
		let recomputed = recompute_secure(task_id, round, task.parameter_count, base, &inputs)
			.map_err(|why| ReplayError::Mismatch(format!("at round {round}: {why}")))?;
		let made_from = format!(
			"from {} masked updates ({} samples; unmasked with shares of {} participants; {} \
			 read from blocks)",
			inputs.masked.len(),
			inputs.masked.iter().map(|(_, _, s)| *s as u64).sum::<u64>(),
			inputs.revealed.len(),
			from_blocks,
		);
		Ok((recomputed, made_from))
	}

	/// What recomputing securely aggregated `round` needs, from state where the chain still
	/// keeps it and from the round's blocks otherwise; and how many masked updates and share
	/// lists had to be read from blocks.
	fn secure_inputs(&self) -> Result<(SecureRoundInputs, usize), ReplayError> {
		let ReplayedRound { chain, task_id, task, round, record } = *self;
		// Only an aggregated round is replayed, and one that aggregated summed exactly these.
		let summed: Vec<&Contribution> = record
			.contributions
			.iter()
			.filter(|c| c.state == ContributionState::Aggregated)
			.collect();
		let secure: Option<SecureRoundOf<Runtime>> =
			chain.storage(&SecureRounds::<Runtime>::hashed_key_for(task_id, round))?;
		let mut masked_in_state = BTreeMap::new();
		for c in &summed {
			let key = MaskedUpdates::<Runtime>::hashed_key_for((task_id, round, c.dataset));
			if let Some(masked) = chain.storage::<Vec<u64>>(&key)? {
				masked_in_state.insert(c.dataset, masked);
			}
		}
		let mut shares_in_state = BTreeMap::new();
		for holder in secure.iter().flat_map(|s| s.unmasked_by.iter()) {
			let key = UnmaskingShares::<Runtime>::hashed_key_for((task_id, round, *holder));
			if let Some(shares) = chain.storage::<Vec<Share>>(&key)? {
				shares_in_state.insert(*holder, shares);
			}
		}
		if let Some(secure) = &secure {
			if masked_in_state.len() == summed.len()
				&& shares_in_state.len() == secure.unmasked_by.len()
			{
				let inputs = SecureRoundInputs {
					participants: secure.participants.to_vec(),
					masked: summed
						.iter()
						.filter_map(|c| {
							let masked = masked_in_state.remove(&c.dataset)?;
							Some((c.dataset, masked, c.commitment.samples))
						})
						.collect(),
					revealed: secure
						.unmasked_by
						.iter()
						.filter_map(|holder| Some((*holder, shares_in_state.remove(holder)?)))
						.collect(),
				};
				return Ok((inputs, 0));
			}
		}

		let blocks = self.secure_round_in_blocks()?;
		let participants = match &secure {
			Some(secure) => secure.participants.to_vec(),
			None => blocks.participants(|d| task.participant(d).is_some()).ok_or_else(|| {
				ReplayError::Missing(format!(
					"round {round}: its participants are no longer in state, and the \
					 publish_mask_keys extrinsics of blocks #{}..=#{} do not tell them apart \
					 ({}); replay against a node that keeps those blocks' state \
					 (--state-pruning archive)",
					record.opened_at,
					closed_at(record),
					if blocks.exact { "with their events" } else { "without their events" },
				))
			})?,
		};
		let n = participants.len();
		let mut from_blocks = 0;
		let mut masked = Vec::with_capacity(summed.len());
		for c in &summed {
			let update = match masked_in_state.remove(&c.dataset) {
				Some(update) => update,
				None => {
					let update = blocks.masked.get(&c.dataset).cloned().ok_or_else(|| {
						let what = format!("dataset {}'s masked update", c.dataset);
						self.missing(what, record.opened_at)
					})?;
					from_blocks += 1;
					update
				},
			};
			masked.push((c.dataset, update, c.commitment.samples));
		}

		// A share read from a block counts only if it matches the commitment its dealer
		// published for this holder and for the secret the round asked for, as the runtime
		// checked it: a share list the runtime refused is left out.
		let mut dealt = Vec::with_capacity(n);
		for (dealer, _) in &participants {
			let key = DealtShares::<Runtime>::hashed_key_for((task_id, round, *dealer));
			let in_state = chain.storage::<Vec<SharesForRecipient>>(&key)?;
			dealt.push(in_state.or_else(|| blocks.dealt_by(*dealer, n).cloned()));
		}
		let survived: Vec<bool> = participants
			.iter()
			.map(|(d, _)| summed.iter().any(|c| c.dataset == *d))
			.collect();
		let context = mask_context(task_id, round, task.parameter_count);
		let checked = |holder: usize, shares: &[Share]| {
			shares.len() == n
				&& shares.iter().enumerate().all(|(dealer, share)| {
					let kind =
						if survived[dealer] { SecretKind::SelfMask } else { SecretKind::MaskKey };
					let commitment =
						dealt[dealer].as_ref().and_then(|d| d.get(holder)).map(|d| match kind {
							SecretKind::SelfMask => d.self_mask.commitment,
							SecretKind::MaskKey => d.mask_key.commitment,
						});
					commitment.is_some_and(|commitment| {
						check_share(
							&context,
							dealer as u32,
							holder as u32,
							kind,
							share,
							&commitment,
						)
						.is_ok()
					})
				})
		};
		let holders: Vec<u32> = match &secure {
			Some(secure) => secure.unmasked_by.to_vec(),
			None => {
				let mut holders = Vec::new();
				for (holder, _) in &blocks.unmasking {
					if !holders.contains(holder) {
						holders.push(*holder);
					}
				}
				holders
			},
		};
		let mut revealed = Vec::with_capacity(holders.len());
		for holder in holders {
			if let Some(shares) = shares_in_state.remove(&holder) {
				revealed.push((holder, shares));
				continue;
			}
			let index = participants.iter().position(|(d, _)| *d == holder);
			let found = index.and_then(|index| {
				blocks
					.unmasking
					.iter()
					.find(|(d, shares)| *d == holder && checked(index, shares))
			});
			match found {
				Some((_, shares)) => {
					revealed.push((holder, shares.clone()));
					from_blocks += 1;
				},
				// The round's record names this holder: its shares must be somewhere.
				None if secure.is_some() => {
					let what = format!("dataset {holder}'s unmasking shares");
					return Err(self.missing(what, record.opened_at));
				},
				// Only refused share lists of this dataset are in the blocks: it revealed none.
				None => {},
			}
		}
		Ok((SecureRoundInputs { participants, masked, revealed }, from_blocks))
	}

	/// The secure-aggregation extrinsics of this task and `round` in the round's blocks, only
	/// those that succeeded where the block's events say so.
	fn secure_round_in_blocks(&self) -> Result<SecureRoundBlocks, ReplayError> {
		let ReplayedRound { chain, task, record, .. } = *self;
		let genesis = chain.genesis()?;
		// Keys are accepted before `shares_from`, at most a commit window after the round
		// opened (earlier, if everyone published sooner).
		let keys_until = record.opened_at.saturating_add(task.params.commit_window);
		let (calls, exact) = self.calls_in_blocks(record.opened_at)?;
		let mut found = SecureRoundBlocks { exact, ..Default::default() };
		for (number, call) in calls {
			match call {
				FlCall::publish_mask_keys { dataset, keys, .. } if number < keys_until => {
					found.keys.push((dataset, keys));
				},
				FlCall::deal_mask_shares { dataset, shares, .. } => {
					found.dealt.push((dataset, shares.into_inner()));
				},
				FlCall::reveal_masked_update { dataset, masked, salt, .. } => {
					let matches = self.is_committed(&genesis, dataset, |context| {
						masked_commitment_hash(context, &masked, &salt)
					});
					if matches {
						found.masked.entry(dataset).or_insert_with(|| masked.into_inner());
					}
				},
				FlCall::reveal_unmasking_shares { dataset, shares, .. } => {
					found.unmasking.push((dataset, shares.into_inner()));
				},
				_ => {},
			}
		}
		Ok(found)
	}

	/// This task's federated-learning calls for this round in blocks `from ..= ` the round's
	/// close, with their block numbers, in block order; only those that succeeded where the
	/// block's events say so, and whether every block's events said so.
	fn calls_in_blocks(&self, from: u32) -> Result<(BlockCalls, bool), ReplayError> {
		let ReplayedRound { chain, task_id, round, record, .. } = *self;
		let mut calls = Vec::new();
		let mut exact = true;
		for number in from..=closed_at(record) {
			let hash = chain.rpc.call_str("chain_getBlockHash", json!([number]))?;
			let block = chain.rpc.call("chain_getBlock", json!([hash]))?;
			let succeeded = chain.succeeded_extrinsics(&hash);
			exact &= succeeded.is_some();
			let extrinsics = block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
			for (index, encoded) in extrinsics.iter().enumerate() {
				if succeeded.as_ref().is_some_and(|ok| !ok.contains(&(index as u32))) {
					continue;
				}
				let bytes = encoded.as_str().and_then(from_hex).unwrap_or_default();
				let Ok(xt) = UncheckedExtrinsic::decode(&mut &bytes[..]) else { continue };
				let RuntimeCall::FederatedLearning(call) = xt.function else { continue };
				if task_and_round(&call) == Some((task_id, round)) {
					calls.push((number, call));
				}
			}
		}
		Ok((calls, exact))
	}

	/// Whether `dataset`'s commitment in this round is `opened`, the hash (under the
	/// commitment's context) of what a reveal in a block opened.
	fn is_committed(
		&self,
		genesis: &[u8],
		dataset: u32,
		opened: impl FnOnce(&CommitmentContext) -> Hash32,
	) -> bool {
		let commitment = self.record.contributions.iter().find(|c| c.dataset == dataset);
		let context = commitment_context(genesis, self.task, self.task_id, self.round, dataset);
		match (commitment, context) {
			(Some(c), Some(context)) => c.commitment.update_hash == opened(&context),
			_ => false,
		}
	}

	/// That `what` of this round, needed to recompute it, is neither in state nor in its blocks
	/// from `from`.
	fn missing(&self, what: String, from: u32) -> ReplayError {
		ReplayError::Missing(format!(
			"round {}: {what} is neither in state nor in blocks #{from}..=#{}",
			self.round,
			closed_at(self.record),
		))
	}

	/// The updates that made `round`, in the order of its contributions, with their sample
	/// counts; and how many of them had to be read from blocks.
	fn revealed_updates(&self) -> Result<(Vec<WeightedUpdate>, usize), ReplayError> {
		let ReplayedRound { chain, task_id, task, round, record } = *self;
		let contributors: Vec<_> = record
			.contributions
			.iter()
			.filter(|c| c.state == ContributionState::Aggregated)
			.collect();
		let mut from_state = BTreeMap::new();
		let chunks =
			pallet_federated_learning::Pallet::<Runtime>::chunk_count(task.parameter_count);
		'contributors: for c in &contributors {
			// An update is stored in chunks; one missing chunk (pruned) sends it to the blocks.
			let mut update = Vec::with_capacity(task.parameter_count as usize);
			for chunk in 0..chunks {
				let key =
					RevealedUpdates::<Runtime>::hashed_key_for((task_id, round, c.dataset, chunk));
				match chain.storage::<Vec<i32>>(&key)? {
					Some(values) => update.extend(values),
					None => continue 'contributors,
				}
			}
			from_state.insert(c.dataset, update);
		}
		let from_blocks = if from_state.len() < contributors.len() {
			self.reveals_in_blocks()?
		} else {
			BTreeMap::new()
		};
		let mut updates = Vec::with_capacity(contributors.len());
		for c in contributors {
			let update = from_state
				.get(&c.dataset)
				.or_else(|| from_blocks.get(&c.dataset))
				.cloned()
				.ok_or_else(|| {
					let what = format!("dataset {}'s revealed update", c.dataset);
					self.missing(what, record.reveal_from)
				})?;
			updates.push((update, c.commitment.samples));
		}
		let read_from_blocks = updates.len() - from_state.len();
		Ok((updates, read_from_blocks))
	}

	/// Every `reveal_update` of this task and round in the blocks of the round's reveal phase
	/// whose update and salt match the dataset's commitment, by dataset.
	fn reveals_in_blocks(&self) -> Result<BTreeMap<u32, Vec<i32>>, ReplayError> {
		let genesis = self.chain.genesis()?;
		let mut found = BTreeMap::new();
		for (_, call) in self.calls_in_blocks(self.record.reveal_from)?.0 {
			let FlCall::reveal_update { dataset, update, salt, .. } = call else { continue };
			if self
				.is_committed(&genesis, dataset, |context| commitment_hash(context, &update, &salt))
			{
				found.insert(dataset, update.into_inner());
			}
		}
		Ok(found)
	}
}

fn closed_at(record: &RoundOf<Runtime>) -> u32 {
	match record.outcome {
		RoundOutcome::Aggregated { closed_at, .. } | RoundOutcome::Failed { closed_at, .. } => {
			closed_at
		},
		RoundOutcome::Open => record.close_at,
	}
}

/// The task and round a federated-learning call of a clinic is for; `None` for any other call.
fn task_and_round(call: &FlCall<Runtime>) -> Option<(u64, u32)> {
	match call {
		FlCall::commit_update { task, round, .. }
		| FlCall::reveal_update { task, round, .. }
		| FlCall::publish_mask_keys { task, round, .. }
		| FlCall::deal_mask_shares { task, round, .. }
		| FlCall::reveal_masked_update { task, round, .. }
		| FlCall::reveal_unmasking_shares { task, round, .. } => Some((*task, *round)),
		_ => None,
	}
}

fn rule_name(rule: AggregationRule) -> String {
	match rule {
		AggregationRule::FedAvg => "FedAvg".into(),
		AggregationRule::Median => "median".into(),
		AggregationRule::TrimmedMean { trim_each_side } => {
			format!("trimmed mean ({trim_each_side} each side)")
		},
		AggregationRule::SecureFedAvg => "secure FedAvg".into(),
		AggregationRule::Krum { byzantine } => format!("Krum ({byzantine} Byzantine)"),
		AggregationRule::MultiKrum { byzantine, selected } => {
			format!("multi-Krum ({byzantine} Byzantine, {selected} averaged)")
		},
	}
}

/// What a clinic's commitment to `round` of task `task_id` on `dataset` is bound to: the
/// chain's genesis hash, the task, round and dataset, and the dataset's clinic.
fn commitment_context(
	genesis: &[u8],
	task: &TaskOf<Runtime>,
	task_id: u64,
	round: u32,
	dataset: u32,
) -> Option<CommitmentContext> {
	task.participant(dataset).map(|p| CommitmentContext {
		genesis: genesis.to_vec(),
		task: task_id,
		round,
		dataset,
		clinic: p.clinic.encode(),
	})
}

/// What recomputing a securely aggregated round takes, decoded.
#[derive(Clone, Debug, Default)]
struct SecureRoundInputs {
	/// The participants in participant order (publication order of their keys).
	participants: Vec<(u32, ParticipantKeys)>,
	/// The contributions the round summed: dataset, masked weighted update, sample count.
	masked: Vec<(u32, Vec<u64>, u32)>,
	/// Every holder that revealed unmasking shares, with its shares: one per participant, in
	/// participant order.
	revealed: Vec<(u32, Vec<Share>)>,
}

/// The model securely aggregated `round` of task `task_id` (models of `parameters` values)
/// made onto `base`: the survivors' masked updates summed with every mask removed, as closing
/// the round computed it, then FedAvg of the sum. Pure, so that it can be tested on a round
/// built in memory.
fn recompute_secure(
	task_id: u64,
	round: u32,
	parameters: u32,
	base: &[i32],
	inputs: &SecureRoundInputs,
) -> Result<Vec<i32>, String> {
	let index_of = |dataset: u32| {
		inputs.participants.iter().position(|(d, _)| *d == dataset).map(|i| i as u32)
	};
	let masked = inputs
		.masked
		.iter()
		.map(|(dataset, update, _)| {
			let index = index_of(*dataset).ok_or_else(|| {
				format!("dataset {dataset}'s masked update was summed, but it has no mask keys")
			})?;
			Ok((index, &update[..]))
		})
		.collect::<Result<Vec<(u32, &[u64])>, String>>()?;
	let keys: Vec<ParticipantKeys> = inputs.participants.iter().map(|(_, keys)| *keys).collect();
	let revealed: Vec<&[Share]> = inputs.revealed.iter().map(|(_, shares)| &shares[..]).collect();
	let context = mask_context(task_id, round, parameters);
	let threshold = unmasking_threshold(keys.len() as u32);
	let sum = unmask_weighted_sum(&context, &keys, &masked, &revealed, threshold)
		.map_err(|e| format!("unmasking fails here: {e:?}"))?;
	let total: u64 = inputs.masked.iter().map(|(_, _, samples)| *samples as u64).sum();
	fedavg_from_weighted_sum(base, &sum, total)
		.map_err(|e| format!("aggregation fails here: {e:?}"))
}

/// The secure-aggregation extrinsics of one task and round found in the round's blocks, each
/// list in block order.
#[derive(Default)]
struct SecureRoundBlocks {
	/// Whether every block's events could be read, so that only extrinsics that succeeded
	/// are listed.
	exact: bool,
	/// `publish_mask_keys` within the keys phase's window: dataset and keys.
	keys: Vec<(u32, ParticipantKeys)>,
	/// `deal_mask_shares`: dealer dataset and its shares.
	dealt: Vec<(u32, Vec<SharesForRecipient>)>,
	/// The first `reveal_masked_update` of each dataset that matches its commitment.
	masked: BTreeMap<u32, Vec<u64>>,
	/// `reveal_unmasking_shares`: holder dataset and its shares.
	unmasking: Vec<(u32, Vec<Share>)>,
}

impl SecureRoundBlocks {
	/// The round's participants in participant order: the first keys each dataset the task
	/// lists (`listed`) published that the runtime could have accepted (valid keys, no key of an earlier
	/// participant) from a dataset that dealt shares. `None` unless every one of them dealt
	/// one share pair to each of them: every participant of an aggregated round did.
	fn participants(&self, listed: impl Fn(u32) -> bool) -> Option<Vec<(u32, ParticipantKeys)>> {
		let mut accepted: Vec<(u32, ParticipantKeys)> = Vec::new();
		for (dataset, keys) in &self.keys {
			let taken = |key: &[u8; 32]| {
				accepted.iter().any(|(_, other)| other.mask == *key || other.transport == *key)
			};
			if listed(*dataset)
				&& !accepted.iter().any(|(d, _)| d == dataset)
				&& check_public_key(&keys.mask)
				&& check_public_key(&keys.transport)
				&& keys.mask != keys.transport
				&& !taken(&keys.mask)
				&& !taken(&keys.transport)
				&& self.dealt.iter().any(|(dealer, _)| dealer == dataset)
			{
				accepted.push((*dataset, *keys));
			}
		}
		let n = accepted.len();
		let every_one_dealt = accepted.iter().all(|(d, _)| self.dealt_by(*d, n).is_some());
		(n >= 2 && every_one_dealt).then_some(accepted)
	}

	/// The first dealing of `dealer` that holds one share pair per participant of `n`, in
	/// participant order, as the runtime accepts one.
	fn dealt_by(&self, dealer: u32, n: usize) -> Option<&Vec<SharesForRecipient>> {
		self.dealt.iter().find_map(|(d, shares)| {
			let well_formed = shares.len() == n
				&& shares.iter().enumerate().all(|(i, s)| s.recipient == i as u32);
			(*d == dealer && well_formed).then_some(shares)
		})
	}
}

/// Storage and blocks of one chain as of one block.
struct Chain {
	rpc: HttpRpc,
	at: String,
}

impl Chain {
	/// The chain's genesis hash, to which every commitment is bound.
	fn genesis(&self) -> Result<Vec<u8>, ReplayError> {
		self.rpc
			.call_str("chain_getBlockHash", json!([0]))
			.ok()
			.and_then(|hash| from_hex(&hash))
			.ok_or_else(|| ReplayError::Missing("the chain's genesis hash".into()))
	}

	/// The indices of the extrinsics of block `hash` that succeeded, from the block's events;
	/// `None` if the node no longer has the block's state (or its events do not decode).
	/// An honest block always has events: its inherents succeed.
	fn succeeded_extrinsics(&self, hash: &str) -> Option<BTreeSet<u32>> {
		let key =
			[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat();
		let value = self.rpc.call("state_getStorage", json!([hex(&key), hash])).ok()?;
		let bytes = from_hex(value.as_str()?)?;
		type Record =
			frame_system::EventRecord<RuntimeEvent, <Runtime as frame_system::Config>::Hash>;
		let records = Vec::<Record>::decode(&mut &bytes[..]).ok()?;
		Some(
			records
				.iter()
				.filter_map(|record| match (&record.phase, &record.event) {
					(
						frame_system::Phase::ApplyExtrinsic(index),
						RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }),
					) => Some(*index),
					_ => None,
				})
				.collect(),
		)
	}

	/// The value under `key` at the replayed block, decoded; `None` if there is none.
	fn storage<V: Decode>(&self, key: &[u8]) -> Result<Option<V>, ReplayError> {
		let value = self.rpc.call("state_getStorage", json!([hex(key), self.at]))?;
		let Some(encoded) = value.as_str() else { return Ok(None) };
		let bytes = from_hex(encoded)
			.ok_or_else(|| ReplayError::Rpc(format!("storage value is not hex: {encoded}")))?;
		V::decode(&mut &bytes[..]).map(Some).map_err(|e| {
			ReplayError::Rpc(format!("storage value {} does not decode: {e}", hex(key)))
		})
	}
}

/// A minimal JSON-RPC client over HTTP/1.1 (the node serves HTTP and WebSocket on one port):
/// one request per connection, so nothing but the standard library is needed.
struct HttpRpc {
	host_port: String,
	path: String,
}

impl HttpRpc {
	fn new(url: &str) -> Result<Self, ReplayError> {
		let rest =
			url.strip_prefix("http://")
				.or_else(|| url.strip_prefix("ws://"))
				.ok_or_else(|| {
					ReplayError::Rpc(format!("{url}: give an http:// URL (TLS is not supported)"))
				})?;
		let (host_port, path) = match rest.find('/') {
			Some(i) => (&rest[..i], &rest[i..]),
			None => (rest, "/"),
		};
		Ok(Self { host_port: host_port.into(), path: path.into() })
	}

	fn call(&self, method: &str, params: Value) -> Result<Value, ReplayError> {
		let body =
			json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
		let rpc_error =
			|why: String| ReplayError::Rpc(format!("{method} at {}: {why}", self.host_port));
		let mut stream =
			TcpStream::connect(&self.host_port).map_err(|e| rpc_error(e.to_string()))?;
		stream.set_read_timeout(Some(Duration::from_secs(60))).ok();
		write!(
			stream,
			"POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
			self.path,
			self.host_port,
			body.len(),
			body
		)
		.map_err(|e| rpc_error(e.to_string()))?;
		let mut response = Vec::new();
		stream.read_to_end(&mut response).map_err(|e| rpc_error(e.to_string()))?;
		let split = response
			.windows(4)
			.position(|w| w == b"\r\n\r\n")
			.ok_or_else(|| rpc_error("no HTTP header".into()))?;
		let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
		let mut payload = response[split + 4..].to_vec();
		if head.contains("transfer-encoding: chunked") {
			payload = dechunk(&payload).ok_or_else(|| rpc_error("bad chunked body".into()))?;
		}
		let answer: Value =
			serde_json::from_slice(&payload).map_err(|e| rpc_error(e.to_string()))?;
		if let Some(error) = answer.get("error") {
			return Err(rpc_error(error.to_string()));
		}
		Ok(answer["result"].clone())
	}

	fn call_str(&self, method: &str, params: Value) -> Result<String, ReplayError> {
		self.call(method, params)?
			.as_str()
			.map(str::to_owned)
			.ok_or_else(|| ReplayError::Rpc(format!("{method}: no answer")))
	}
}

/// The body of a `Transfer-Encoding: chunked` response.
/// A revealed update (Q15.16) and the sample count that weighs it in FedAvg.
type WeightedUpdate = (Vec<i32>, u32);

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
	let mut out = Vec::new();
	loop {
		let line_end = body.windows(2).position(|w| w == b"\r\n")?;
		let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
		let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
		body = &body[line_end + 2..];
		if size == 0 {
			return Some(out);
		}
		out.extend_from_slice(body.get(..size)?);
		body = body.get(size + 2..)?;
	}
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	if !digits.len().is_multiple_of(2) {
		return None;
	}
	(0..digits.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&digits[i..i + 2], 16).ok())
		.collect()
}

fn parse_hex_u64(text: &str) -> Option<u64> {
	u64::from_str_radix(text.strip_prefix("0x").unwrap_or(text), 16).ok()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dechunk_joins_chunks() {
		assert_eq!(dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").as_deref(), Some(&b"abcde"[..]));
		assert_eq!(dechunk(b"3\r\nab"), None);
	}

	#[test]
	fn urls_without_http_are_refused() {
		assert!(HttpRpc::new("https://node.example:443").is_err());
		let rpc = HttpRpc::new("http://127.0.0.1:9944").unwrap();
		assert_eq!((rpc.host_port.as_str(), rpc.path.as_str()), ("127.0.0.1:9944", "/"));
	}

	use fl_core::secure_aggregation::{
		simulation::SimulatedRound, weighted_update, DealtShare, MaskContext, MaskKeys,
	};

	/// A securely aggregated round of three clinics (datasets 10, 11, 12) in memory: 11 dealt
	/// its shares and then dropped out; 10 and 12 masked their updates and revealed their
	/// shares. Returns the inputs the replay reads and the cleartext updates.
	fn secure_round(parameters: usize) -> (SecureRoundInputs, Vec<(Vec<i32>, u64)>) {
		let context: MaskContext = mask_context(5, 3, parameters as u32);
		let datasets = [10u32, 11, 12];
		let mut rng = fl_core::rng::prng(fl_core::rng::seed_from_u64(5));
		let threshold = unmasking_threshold(3) as usize;
		let round = SimulatedRound::new(3, threshold, context, &mut rng).unwrap();
		let updates: Vec<(Vec<i32>, u64)> = [(0usize, 30u64), (2, 45)]
			.iter()
			.map(|&(i, samples)| {
				let delta =
					(0..parameters).map(|k| (k as i32 - 3) * 977 + i as i32 * 311).collect();
				(delta, samples)
			})
			.collect();
		let masked = [0usize, 2]
			.iter()
			.zip(&updates)
			.map(|(&i, (delta, samples))| {
				let weighted = weighted_update(delta, *samples).unwrap();
				(datasets[i], round.mask(i, &weighted).unwrap(), *samples as u32)
			})
			.collect();
		// The survivors reveal the self-mask shares of the survivors and the mask-key shares
		// of the one that dropped out.
		let revealed = [0usize, 2]
			.iter()
			.map(|&holder| {
				let shares = (0..3)
					.map(|dealer| {
						let kind =
							if dealer == 1 { SecretKind::MaskKey } else { SecretKind::SelfMask };
						round.open(holder, dealer, kind).unwrap()
					})
					.collect();
				(datasets[holder], shares)
			})
			.collect();
		let participants = datasets.iter().copied().zip(round.participants).collect();
		(SecureRoundInputs { participants, masked, revealed }, updates)
	}

	#[test]
	fn a_secure_round_recomputes_to_fedavg_of_the_cleartext_updates() {
		let (inputs, updates) = secure_round(8);
		let base: Vec<i32> = (0..8).map(|k| k * 1000 - 4000).collect();
		let clear: Vec<ClientUpdate<'_>> = updates
			.iter()
			.map(|(delta, samples)| ClientUpdate { delta, samples: *samples })
			.collect();
		let expected = fl_core::aggregate(AggregationRule::FedAvg, &base, &clear).unwrap();
		assert_eq!(recompute_secure(5, 3, 8, &base, &inputs), Ok(expected.clone()));

		// One altered masked word, or another round's context, gives another model.
		let mut altered = inputs.clone();
		altered.masked[0].1[2] ^= 1 << 20;
		assert_ne!(recompute_secure(5, 3, 8, &base, &altered), Ok(expected.clone()));
		assert_ne!(recompute_secure(5, 4, 8, &base, &inputs), Ok(expected));
		// Too few holders for the threshold, a summed dataset with no keys, a model of another
		// length: refused, without a panic.
		let mut one_holder = inputs.clone();
		one_holder.revealed.truncate(1);
		assert!(recompute_secure(5, 3, 8, &base, &one_holder).is_err());
		let mut stranger = inputs.clone();
		stranger.masked[1].0 = 99;
		assert!(recompute_secure(5, 3, 8, &base, &stranger).unwrap_err().contains("dataset 99"));
		assert!(recompute_secure(5, 3, 8, &base[..7], &inputs).is_err());
	}

	#[test]
	fn participants_from_blocks_are_the_first_acceptable_keys_of_datasets_that_dealt() {
		let context = mask_context(5, 3, 8);
		let keys =
			|i: u8| MaskKeys::from_seed(&MaskKeys::round_seed(&[i; 32], &context)).public_keys();
		let dealing = |n: u32| -> Vec<SharesForRecipient> {
			let share = DealtShare { encrypted: [0; 32], commitment: [0; 32] };
			(0..n)
				.map(|recipient| SharesForRecipient {
					recipient,
					mask_key: share,
					self_mask: share,
				})
				.collect()
		};
		let listed = |d: u32| (10..=13).contains(&d);
		let mut blocks = SecureRoundBlocks {
			keys: vec![
				(12, keys(2)),
				// Not a dataset of the task.
				(99, keys(9)),
				(10, keys(0)),
				// 12's second publication, then 12's keys for 11: the runtime refused both.
				(12, keys(7)),
				(11, keys(2)),
				// Never dealt: no participant of a round that aggregated.
				(13, keys(3)),
				(11, keys(1)),
			],
			dealt: vec![(12, dealing(3)), (10, dealing(3)), (11, dealing(2)), (11, dealing(3))],
			..Default::default()
		};
		assert_eq!(
			blocks.participants(listed),
			Some(vec![(12, keys(2)), (10, keys(0)), (11, keys(1))])
		);
		assert_eq!(blocks.dealt_by(11, 3).map(Vec::len), Some(3));
		// A participant with no dealing to three: the blocks do not tell the round apart.
		blocks.dealt.retain(|(d, _)| *d != 10);
		blocks.dealt.push((10, dealing(4)));
		assert_eq!(blocks.participants(listed), None);
	}

	#[test]
	fn hex_round_trips() {
		assert_eq!(from_hex(&hex(&[0, 1, 254, 255])), Some(vec![0, 1, 254, 255]));
		assert_eq!(from_hex("0x123"), None);
	}
}
