//! JSON-RPC methods through which researchers follow federated training on the IVF
//! consortium chain.
//!
//! ## Overview
//!
//! Each method calls the `FederatedLearningApi` runtime API of
//! `pallet-federated-learning` at a block (the best block unless `at` is given) and answers
//! in JSON that a person can read: hashes as `0x` hex, real-valued settings and metrics as
//! numbers, and the global model both as its Q15.16 integers (what the chain stores and
//! hashes) and as decoded floats (`fl_core::fixed::decode`).
//!
//! | method | params | answer |
//! |---|---|---|
//! | `fl_tasks` | `[from?, at?]` | `[{ id, status }]`: at most 100 tasks from id `from` (0) on; the next page from the last id + 1 |
//! | `fl_task` | `[task, at?]` | the task (spec, participants, schedule, rule, progress) or `null` |
//! | `fl_round` | `[task, round?, at?]` | a round (phase, deadlines, commitments, who revealed, outcome) or `null`; no `round`: the open (or last) one |
//! | `fl_globalModel` | `[task, version?, at?]` | `{ version, round, hash, parameters, values }` or `null` |
//! | `fl_replay` | `[task, at?]` | `{ status: "OK" \| "MISMATCH", firstMismatch, rounds }` or `null` |
//!
//! The node merges them into its RPC module with
//! `module.merge(FederatedLearning::<_, Block, AccountId, BlockNumber>::new(client).into_rpc())`.

use std::{fmt::Display, marker::PhantomData, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObject, ErrorObjectOwned},
};
use pallet_federated_learning_runtime_api::{
	Contribution, FederatedLearningApi as FederatedLearningRuntimeApi, GlobalModelView,
	ReplayResult, RoundOutcome, RoundReplay, RoundView, TaskView,
};
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

pub use pallet_federated_learning_runtime_api::FederatedLearningApi as RuntimeApi;

/// The `fl_*` methods.
#[rpc(server)]
pub trait FederatedLearningApi<BlockHash> {
	/// The id and status of at most 100 tasks, from task `from` (0 if not given) on.
	#[method(name = "fl_tasks")]
	fn tasks(&self, from: Option<u64>, at: Option<BlockHash>) -> RpcResult<Vec<TaskSummaryJson>>;

	/// A task, or `null`.
	#[method(name = "fl_task")]
	fn task(&self, task: u64, at: Option<BlockHash>) -> RpcResult<Option<TaskJson>>;

	/// A round of a task (the open or last one without `round`), or `null`.
	#[method(name = "fl_round")]
	fn round(
		&self,
		task: u64,
		round: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Option<RoundJson>>;

	/// A task's global model (the current one without `version`), or `null`.
	#[method(name = "fl_globalModel")]
	fn global_model(
		&self,
		task: u64,
		version: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Option<GlobalModelJson>>;

	/// Recomputes every retained round of a task and checks each stored model hash.
	#[method(name = "fl_replay")]
	fn replay(&self, task: u64, at: Option<BlockHash>) -> RpcResult<Option<ReplayJson>>;
}

/// The types the methods are generic over, without holding any (`Send` and `Sync` whatever they
/// are).
type Marker<Block, AccountId, BlockNumber> = PhantomData<fn() -> (Block, AccountId, BlockNumber)>;

/// The `fl_*` methods over a client.
pub struct FederatedLearning<C, Block, AccountId, BlockNumber> {
	client: Arc<C>,
	_marker: Marker<Block, AccountId, BlockNumber>,
}

impl<C, Block, AccountId, BlockNumber> FederatedLearning<C, Block, AccountId, BlockNumber> {
	/// The methods over `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

fn runtime_error(error: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(1, "runtime API call failed", Some(error.to_string()))
}

impl<C, Block, AccountId, BlockNumber> FederatedLearningApiServer<Block::Hash>
	for FederatedLearning<C, Block, AccountId, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: FederatedLearningRuntimeApi<Block, AccountId, BlockNumber>,
	AccountId: Codec + Display + 'static,
	BlockNumber: Codec + Copy + Into<u64> + 'static,
{
	fn tasks(&self, from: Option<u64>, at: Option<Block::Hash>) -> RpcResult<Vec<TaskSummaryJson>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let tasks = self
			.client
			.runtime_api()
			.tasks(at, from.unwrap_or_default())
			.map_err(runtime_error)?;
		Ok(tasks
			.into_iter()
			.map(|(id, status)| TaskSummaryJson { id, status: format!("{status:?}") })
			.collect())
	}

	fn task(&self, task: u64, at: Option<Block::Hash>) -> RpcResult<Option<TaskJson>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let view = self.client.runtime_api().task(at, task).map_err(runtime_error)?;
		Ok(view.map(TaskJson::from_view))
	}

	fn round(
		&self,
		task: u64,
		round: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<RoundJson>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let view = self.client.runtime_api().round(at, task, round).map_err(runtime_error)?;
		Ok(view.map(RoundJson::from_view))
	}

	fn global_model(
		&self,
		task: u64,
		version: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<GlobalModelJson>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let view = self
			.client
			.runtime_api()
			.global_model(at, task, version)
			.map_err(runtime_error)?;
		Ok(view.map(GlobalModelJson::from_view))
	}

	fn replay(&self, task: u64, at: Option<Block::Hash>) -> RpcResult<Option<ReplayJson>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let report = self.client.runtime_api().replay(at, task).map_err(runtime_error)?;
		Ok(report.map(|rounds| ReplayJson::from_report(task, rounds)))
	}
}

/// `0x`-prefixed lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
	let mut out = String::with_capacity(2 + 2 * bytes.len());
	out.push_str("0x");
	for byte in bytes {
		out.push_str(&format!("{byte:02x}"));
	}
	out
}

fn millionths(v: u32) -> f64 {
	v as f64 / 1e6
}

/// A task's id and status.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskSummaryJson {
	/// The task's id.
	pub id: u64,
	/// `Running`, `Completed` or `Failed`.
	pub status: String,
}

/// A dataset and its clinic.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantJson {
	/// The dataset.
	pub dataset: u32,
	/// Its clinic's account (SS58).
	pub clinic: String,
}

/// A task.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskJson {
	pub id: u64,
	pub researcher: String,
	/// The spec id: `blake2_256(SCALE(spec))`.
	pub spec_id: String,
	/// The algorithm hash the grants name: the spec with the task's rounds, sample cap, norm
	/// bound and rule.
	pub algorithm: String,
	/// `LogisticRegression { features: 19 }` or `Mlp { features, hidden }`.
	pub architecture: String,
	pub parameter_count: u32,
	pub learning_rate: f64,
	pub epochs: u32,
	pub batch_size: u32,
	pub l2: f64,
	/// DP-SGD clipping bound `C`, or `null` without DP.
	pub dp_clip_norm: Option<f64>,
	/// DP-SGD noise multiplier `σ`, or `null` without DP.
	pub dp_noise_multiplier: Option<f64>,
	/// Where the DP noise is added: `Local` (each clinic, every step) or `Distributed`
	/// (shared among a secure round's clinics), or `null` without DP.
	pub dp_noise: Option<String>,
	/// zCDP `ρ` one round costs a dataset at `maxSamples`.
	pub rho_per_round: f64,
	pub purpose: String,
	pub participants: Vec<ParticipantJson>,
	pub rounds: u32,
	pub quorum: u32,
	pub commit_window: u64,
	pub reveal_window: u64,
	pub max_samples: u32,
	/// The largest L2 norm of an update, as a real number.
	pub max_update_norm: f64,
	/// `FedAvg`, `Median` or `TrimmedMean { trim_each_side: k }`.
	pub rule: String,
	pub status: String,
	pub round: u32,
	pub aggregated_rounds: u32,
	pub consecutive_failures: u32,
	pub model_version: u32,
	pub created_at: u64,
}

impl TaskJson {
	fn from_view<A: Display, B: Copy + Into<u64>>(view: TaskView<A, B>) -> Self {
		let spec = &view.spec;
		Self {
			id: view.id,
			researcher: view.researcher.to_string(),
			spec_id: hex(&view.spec_id),
			algorithm: hex(&view.algorithm),
			architecture: format!("{:?}", spec.architecture),
			parameter_count: view.parameter_count,
			learning_rate: spec.training.learning_rate(),
			epochs: spec.training.epochs,
			batch_size: spec.training.batch_size,
			l2: spec.training.l2(),
			dp_clip_norm: spec.privacy.map(|dp| dp.clip_norm()),
			dp_noise_multiplier: spec.privacy.map(|dp| dp.noise_multiplier()),
			dp_noise: spec.privacy.map(|dp| format!("{:?}", dp.noise)),
			rho_per_round: fl_core::dp::rho_value(view.rho_per_round),
			purpose: format!("{:?}", view.purpose),
			participants: view
				.participants
				.iter()
				.map(|p| ParticipantJson { dataset: p.dataset, clinic: p.clinic.to_string() })
				.collect(),
			rounds: view.params.rounds,
			quorum: view.params.quorum,
			commit_window: view.params.commit_window.into(),
			reveal_window: view.params.reveal_window.into(),
			max_samples: view.params.max_samples,
			max_update_norm: millionths(view.params.max_update_norm_ppm),
			rule: format!("{:?}", view.rule),
			status: format!("{:?}", view.status),
			round: view.round,
			aggregated_rounds: view.aggregated_rounds,
			consecutive_failures: view.consecutive_failures,
			model_version: view.model_version,
			created_at: view.created_at.into(),
		}
	}
}

/// One dataset's part in a round.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContributionJson {
	pub dataset: u32,
	pub clinic: String,
	/// `Committed`, `Revealed`, `Aggregated`, `Excluded` or `NotRevealed`.
	pub state: String,
	pub samples: u32,
	pub cohort_hash: String,
	pub update_hash: String,
	/// The clinic's score histogram of the round's starting model (noised under DP): rows per
	/// score bin, positives and negatives. No exact per-clinic metric is published.
	pub score_positives: Vec<u32>,
	pub score_negatives: Vec<u32>,
	/// zCDP `ρ` charged: for the histogram at commit, plus for the update at reveal.
	pub rho_charged: f64,
}

impl ContributionJson {
	fn from_view<A: Display>((c, clinic): (Contribution, A)) -> Self {
		Self {
			dataset: c.dataset,
			clinic: clinic.to_string(),
			state: format!("{:?}", c.state),
			samples: c.commitment.samples,
			cohort_hash: hex(&c.commitment.cohort_hash),
			update_hash: hex(&c.commitment.update_hash),
			score_positives: c.commitment.scores.positives.to_vec(),
			score_negatives: c.commitment.scores.negatives.to_vec(),
			rho_charged: fl_core::dp::rho_value(c.rho_charged),
		}
	}
}

/// How a round ended, or that it has not.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeJson {
	/// `Open`, `Aggregated` or `Failed`.
	pub status: String,
	pub version: Option<u32>,
	pub model_hash: Option<String>,
	pub closed_at: Option<u64>,
	/// Why it failed.
	pub reason: Option<String>,
}

impl OutcomeJson {
	fn from_view<B: Copy + Into<u64>>(outcome: RoundOutcome<B>) -> Self {
		match outcome {
			RoundOutcome::Open => Self {
				status: "Open".into(),
				version: None,
				model_hash: None,
				closed_at: None,
				reason: None,
			},
			RoundOutcome::Aggregated { version, model_hash, closed_at } => Self {
				status: "Aggregated".into(),
				version: Some(version),
				model_hash: Some(hex(&model_hash)),
				closed_at: Some(closed_at.into()),
				reason: None,
			},
			RoundOutcome::Failed { reason, closed_at } => Self {
				status: "Failed".into(),
				version: None,
				model_hash: None,
				closed_at: Some(closed_at.into()),
				reason: Some(format!("{reason:?}")),
			},
		}
	}
}

/// A round.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundJson {
	pub task: u64,
	pub round: u32,
	/// `Commit`, `Reveal`, `Closing` or `Closed`.
	pub phase: String,
	pub base_version: u32,
	pub opened_at: u64,
	/// Chain time (ms since the Unix epoch) of the opening: the consent cut-off.
	pub started_at: u64,
	pub reveal_from: u64,
	pub close_at: u64,
	pub contributions: Vec<ContributionJson>,
	pub not_committed: Vec<u32>,
	pub not_revealed: Vec<u32>,
	pub outcome: OutcomeJson,
	/// The AUC of the round's starting model over every committed clinic's rows, from the
	/// sum of their score histograms, in millionths and as a real number.
	pub federated_auc_ppm: Option<u32>,
	pub federated_auc: Option<f64>,
}

impl RoundJson {
	fn from_view<A: Display, B: Copy + Into<u64>>(view: RoundView<A, B>) -> Self {
		Self {
			task: view.task,
			round: view.round,
			phase: format!("{:?}", view.phase),
			base_version: view.base_version,
			opened_at: view.opened_at.into(),
			started_at: view.started_at,
			reveal_from: view.reveal_from.into(),
			close_at: view.close_at.into(),
			contributions: view
				.contributions
				.into_iter()
				.map(ContributionJson::from_view)
				.collect(),
			not_committed: view.not_committed,
			not_revealed: view.not_revealed,
			outcome: OutcomeJson::from_view(view.outcome),
			federated_auc_ppm: view.federated_auc_ppm,
			federated_auc: view.federated_auc_ppm.map(millionths),
		}
	}
}

/// A global model.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GlobalModelJson {
	pub task: u64,
	pub version: u32,
	/// The round that produced it (0: the initial model).
	pub round: u32,
	/// `blake2_256(SCALE(parameters))`.
	pub hash: String,
	/// The parameters in Q15.16, as stored on chain.
	pub parameters: Vec<i32>,
	/// The parameters decoded to real numbers (`value = parameter / 2^16`).
	pub values: Vec<f64>,
}

impl GlobalModelJson {
	fn from_view(view: GlobalModelView) -> Self {
		Self {
			task: view.task,
			version: view.version,
			round: view.round,
			hash: hex(&view.hash),
			values: fl_core::fixed::decode_all(&view.parameters),
			parameters: view.parameters,
		}
	}
}

/// The replay of one round.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundReplayJson {
	pub round: u32,
	pub version: u32,
	/// `Verified`, `Mismatch` or `NotRetained`.
	pub result: String,
	/// The stored model hash.
	pub stored: Option<String>,
	/// The recomputed hash (for a mismatch; `null` if the aggregation itself failed).
	pub recomputed: Option<String>,
}

/// A task's replay.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplayJson {
	pub task: u64,
	/// `OK` if no retained round mismatches, else `MISMATCH`.
	pub status: String,
	/// Rounds recomputed and found equal.
	pub verified: u32,
	/// Rounds older than the retained window, not recomputable from state.
	pub not_retained: u32,
	/// The first round that did not match.
	pub first_mismatch: Option<RoundReplayJson>,
	pub rounds: Vec<RoundReplayJson>,
}

impl ReplayJson {
	/// The JSON answer for `task`'s replay report.
	pub fn from_report(task: u64, report: Vec<RoundReplay>) -> Self {
		let rounds: Vec<RoundReplayJson> = report
			.into_iter()
			.map(|r| {
				let (result, stored, recomputed) = match r.result {
					ReplayResult::Verified { model_hash } => {
						("Verified", Some(hex(&model_hash)), Some(hex(&model_hash)))
					},
					ReplayResult::Mismatch { stored, recomputed } => {
						("Mismatch", Some(hex(&stored)), recomputed.map(|h| hex(&h)))
					},
					ReplayResult::NotRetained => ("NotRetained", None, None),
				};
				RoundReplayJson {
					round: r.round,
					version: r.version,
					result: result.into(),
					stored,
					recomputed,
				}
			})
			.collect();
		let count = |name: &str| rounds.iter().filter(|r| r.result == name).count() as u32;
		let first_mismatch = rounds.iter().find(|r| r.result == "Mismatch").cloned();
		Self {
			task,
			status: if first_mismatch.is_none() { "OK" } else { "MISMATCH" }.into(),
			verified: count("Verified"),
			not_retained: count("NotRetained"),
			first_mismatch,
			rounds,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn replay(round: u32, result: ReplayResult) -> RoundReplay {
		RoundReplay { round, version: round, result }
	}

	#[test]
	fn replay_is_ok_when_every_retained_round_verifies() {
		let json = ReplayJson::from_report(
			0,
			vec![
				replay(1, ReplayResult::NotRetained),
				replay(2, ReplayResult::Verified { model_hash: [1; 32] }),
			],
		);
		assert_eq!((json.status.as_str(), json.verified, json.not_retained), ("OK", 1, 1));
		assert_eq!(json.first_mismatch, None);
	}

	#[test]
	fn replay_names_the_first_mismatch() {
		let json = ReplayJson::from_report(
			0,
			vec![
				replay(1, ReplayResult::Verified { model_hash: [1; 32] }),
				replay(2, ReplayResult::Mismatch { stored: [2; 32], recomputed: Some([3; 32]) }),
				replay(3, ReplayResult::Mismatch { stored: [4; 32], recomputed: None }),
			],
		);
		assert_eq!(json.status, "MISMATCH");
		let first = json.first_mismatch.unwrap();
		assert_eq!(first.round, 2);
		assert_eq!(first.stored, Some(hex(&[2; 32])));
		assert_eq!(first.recomputed, Some(hex(&[3; 32])));
	}

	#[test]
	fn global_model_comes_with_decoded_values() {
		let json = GlobalModelJson::from_view(GlobalModelView {
			task: 1,
			version: 2,
			round: 2,
			hash: [0xab; 32],
			parameters: vec![fl_core::fixed::ONE, -fl_core::fixed::ONE / 2, 0],
		});
		assert_eq!(json.values, vec![1.0, -0.5, 0.0]);
		let text = serde_json::to_string(&json).unwrap();
		assert!(text.contains("\"values\":[1.0,-0.5,0.0]"));
		assert!(text.starts_with("{\"task\":1,\"version\":2"));
	}
}
