//! The runtime API of `pallet-federated-learning` and the types of its answers: what the
//! node's `fl_*` RPC (crate `fl-rpc`), researchers' clients and auditors read about training
//! tasks, their rounds and their models.
//!
//! A crate of its own, as polkadot-sdk's `*-rpc-runtime-api` crates are, so that the RPC crate
//! links this and `fl-core` only, not the pallet and FRAME. The pallet implements every call
//! (one function of the same name on its `Pallet`) and re-exports every type, so
//! `pallet_federated_learning::TaskView` and the like still name them. Pallet functions that
//! docs below name (`task_algorithm`, `commitment_hash`, `cohort_hash`, `model_hash`,
//! `MAX_MISSED_REVEALS`) are the pallet's.

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use fl_core::{AggregationError, AggregationRule, ModelSpec, SpecId};
use ivf_primitives::data_access::{DatasetId, ResearchPurpose, Rho};
use scale_info::TypeInfo;

/// The id of a training task, assigned by the pallet in creation order from 0.
///
/// A `u64` because the data-access log names a round as
/// [`UseReference::FederatedRound`](ivf_primitives::data_access::UseReference::FederatedRound) `{ task: u64, round }`.
pub type TaskId = u64;

/// A round of a task, counted from 1. Round numbers count attempts: a failed round is followed
/// by the next number, so `(task, round)` names one commit-reveal exchange for good.
pub type RoundNumber = u32;

/// A version of a task's global model: 0 is the initial model of the spec, and every
/// aggregated round adds one.
pub type ModelVersion = u32;

/// Chain time: milliseconds since the Unix epoch, from `pallet-timestamp`.
pub type Moment = u64;

/// A blake2-256 hash.
pub type Hash32 = [u8; 32];

/// A task's schedule and sizes, chosen by the researcher at creation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct TaskParams<BlockNumber> {
	/// How many rounds must aggregate for the task to complete.
	pub rounds: u32,
	/// The least number of revealed updates that make a round.
	pub quorum: u32,
	/// Blocks in which clinics may commit, from the round's opening.
	pub commit_window: BlockNumber,
	/// Blocks in which clinics may reveal, after the commit phase.
	pub reveal_window: BlockNumber,
	/// The most examples a clinic may train on in one round. It makes each round's privacy
	/// cost knowable at creation, so the budget for every round can be checked up front.
	pub max_samples: u32,
	/// The largest L2 norm a revealed update may have, in millionths: bounds one clinic's
	/// influence on the model with or without DP. Under DP the bound that clipping sets
	/// applies too, and the smaller of the two is checked.
	pub max_update_norm_ppm: u32,
}

/// One participating dataset and the clinic that holds it (and signs for it).
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Participant<AccountId> {
	/// The dataset, as registered with the data-access pallet.
	pub dataset: DatasetId,
	/// Its clinic, which commits and reveals for it.
	pub clinic: AccountId,
	/// Rounds of this task in which it committed and did not reveal.
	pub missed_reveals: u32,
	/// The round after which it was dropped from the task for withholding its reveals
	/// (`MAX_MISSED_REVEALS` misses); `None` while it takes part.
	pub dropped_after: Option<RoundNumber>,
}

/// Where a task stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum TaskStatus {
	/// A round is open.
	Running,
	/// Every round it asked for has aggregated; the last model is the result.
	Completed,
	/// Too many rounds in a row failed to reach the quorum, or too few datasets remain to
	/// reach it.
	Failed,
}

/// A clinic's validation of the round's starting (previous global) model on its own rows, as
/// a histogram of predicted scores per label: bin `i` counts the rows whose predicted
/// probability lies in `[i / B, (i + 1) / B)` (`B` = [`fl_core::metrics::SCORE_BINS`]).
///
/// Exact per-clinic metrics would be one equation per round in the clinic's rows, so none is
/// published. Histograms are additive: the chain sums them over a round's contributions and
/// derives the federated AUC from the sum ([`fl_core::metrics::histogram_auc_ppm`]). Under DP
/// every count carries Gaussian noise of standard deviation `σ` (the task's noise
/// multiplier; one row moves one count by one) before it is rounded and clamped at zero, and
/// the release is charged to the dataset's budget as one more Gaussian step.
pub type ScoreHistogram = fl_core::metrics::ScoreHistogram;

/// What a clinic commits to for a round, before anyone reveals.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Commitment {
	/// `commitment_hash` of the update and salt in their context (chain, task, round,
	/// dataset, clinic): binds the clinic to its update without showing it, and cannot be
	/// reused by anyone else or anywhere else.
	pub update_hash: Hash32,
	/// Examples trained on: the FedAvg weight and the `n` of the round's privacy charge.
	pub samples: u32,
	/// `cohort_hash` of the sorted pseudonyms trained on: shows, without naming anyone, that
	/// the cohort changed (for instance after a consent was withdrawn).
	pub cohort_hash: Hash32,
	/// The clinic's (noised, under DP) score histogram of the round's starting model.
	pub scores: ScoreHistogram,
}

/// How far one dataset's part in a round got.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ContributionState {
	/// Committed; the reveal is awaited.
	Committed,
	/// Revealed; the round has not closed yet, or it closed without reaching the quorum.
	Revealed,
	/// Revealed and aggregated into the round's model.
	Aggregated,
	/// Revealed, but left out of the aggregate because the researcher's grant on the dataset
	/// was no longer live when the round closed.
	Excluded,
	/// Committed but never revealed before the round closed.
	NotRevealed,
	/// Its clinic left the consortium while the round was open, and governance withdrew the
	/// dataset from the task: the round neither awaits nor counts it.
	Withdrawn,
}

/// One dataset's part in a round.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Contribution {
	/// The dataset.
	pub dataset: DatasetId,
	/// What its clinic committed to.
	pub commitment: Commitment,
	/// How far it got.
	pub state: ContributionState,
	/// The zCDP `rho` (millionths) charged to the dataset: for its score histogram when it
	/// committed, plus for its update when it revealed.
	pub rho_charged: Rho,
}

/// Why a round closed without a new model.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum RoundFailure {
	/// Fewer usable updates were revealed than the quorum.
	QuorumNotMet {
		/// Usable updates revealed.
		revealed: u32,
		/// The task's quorum.
		quorum: u32,
	},
	/// `fl-core` refused the aggregation (kept for completeness: the checks at creation and
	/// reveal rule every case out).
	Aggregation(AggregationError),
	/// Datasets were withdrawn from the task (their clinics left the consortium) and fewer
	/// remain than the quorum, so no round could aggregate again: the task ended at once.
	QuorumUnreachable {
		/// Datasets still taking part.
		participants: u32,
		/// The task's quorum.
		quorum: u32,
	},
	/// A securely aggregated round: a clinic that published its mask keys did not deal its
	/// shares in time. Its pairwise masks could never be removed, so nobody masked.
	SharesNotDealt {
		/// Participants that published keys.
		participants: u32,
		/// Of those, how many dealt.
		dealt: u32,
	},
	/// A securely aggregated round could not be unmasked: too few survivors or too few
	/// revealed shares for the threshold, or a survivor's grant ended before the close (its
	/// masked input cannot be taken out of the sum, and its update stays hidden). `fl-core`'s
	/// error says which.
	Unmasking(fl_core::secure_aggregation::SecAggError),
	/// The task's server optimiser refused the step (kept for completeness: the spec's
	/// optimiser is checked at creation and every model has the task's length).
	ServerOptimiser(fl_core::optimiser::OptimiserError),
}

/// How a round ended, or that it has not.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum RoundOutcome<BlockNumber> {
	/// Still taking commitments or reveals.
	Open,
	/// The revealed updates made a new global model.
	Aggregated {
		/// The new model's version.
		version: ModelVersion,
		/// `blake2_256(SCALE(parameters))` of the new model.
		model_hash: Hash32,
		/// The block whose initialisation closed the round.
		closed_at: BlockNumber,
	},
	/// No new model.
	Failed {
		/// Why.
		reason: RoundFailure,
		/// The block whose initialisation closed the round.
		closed_at: BlockNumber,
	},
}

/// The phase of a round at a given block.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum RoundPhase {
	/// Commitments are accepted.
	Commit,
	/// Reveals are accepted (masked reveals, in a securely aggregated round).
	Reveal,
	/// Both windows are over (or every committed dataset revealed); the round closes at the
	/// start of the next block.
	Closing,
	/// The round has closed.
	Closed,
	/// Securely aggregated round: clinics publish their round's mask keys.
	Keys,
	/// Securely aggregated round: clinics deal the encrypted shares of their mask secrets.
	Shares,
	/// Securely aggregated round: clinics reveal the shares that remove the masks.
	Unmask,
}

/// A task as the runtime API shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct TaskView<AccountId, BlockNumber> {
	/// Its id.
	pub id: TaskId,
	/// The researcher.
	pub researcher: AccountId,
	/// The model spec, decoded.
	pub spec: ModelSpec,
	/// Its id.
	pub spec_id: SpecId,
	/// The algorithm hash of the grants (`task_algorithm`).
	pub algorithm: Hash32,
	/// Parameters of the model.
	pub parameter_count: u32,
	/// The research purpose.
	pub purpose: ResearchPurpose,
	/// Participating datasets and clinics.
	pub participants: Vec<Participant<AccountId>>,
	/// Schedule and sizes.
	pub params: TaskParams<BlockNumber>,
	/// The aggregation rule.
	pub rule: AggregationRule,
	/// Where it stands.
	pub status: TaskStatus,
	/// The open (or last) round.
	pub round: RoundNumber,
	/// Rounds aggregated.
	pub aggregated_rounds: u32,
	/// Failed rounds in a row.
	pub consecutive_failures: u32,
	/// The current global model's version.
	pub model_version: ModelVersion,
	/// Creation block.
	pub created_at: BlockNumber,
	/// zCDP `rho` (millionths) one round costs a dataset at `max_samples` examples; 0 without
	/// DP.
	pub rho_per_round: Rho,
}

/// A round as the runtime API shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct RoundView<AccountId, BlockNumber> {
	/// The task.
	pub task: TaskId,
	/// The round.
	pub round: RoundNumber,
	/// Its phase at the block queried.
	pub phase: RoundPhase,
	/// The model version it trains from.
	pub base_version: ModelVersion,
	/// Opening block.
	pub opened_at: BlockNumber,
	/// Chain time of the opening (the consent cut-off).
	pub started_at: Moment,
	/// First block of the reveal phase.
	pub reveal_from: BlockNumber,
	/// Block at whose start the round closes at the latest.
	pub close_at: BlockNumber,
	/// Every committed dataset with its clinic, commitment (sample count, cohort hash,
	/// metrics) and state.
	pub contributions: Vec<(Contribution, AccountId)>,
	/// Participating datasets that have not committed.
	pub not_committed: Vec<DatasetId>,
	/// Datasets that committed but did not reveal (only once closed).
	pub not_revealed: Vec<DatasetId>,
	/// The outcome.
	pub outcome: RoundOutcome<BlockNumber>,
	/// The AUC of the round's starting model over every committed clinic's rows, in
	/// millionths, from the sum of their score histograms; `None` while undefined.
	pub federated_auc_ppm: Option<u32>,
}

/// A task's global model as the runtime API shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct GlobalModelView {
	/// The task.
	pub task: TaskId,
	/// The model's version.
	pub version: ModelVersion,
	/// The round that produced it (0: initial model).
	pub round: RoundNumber,
	/// `model_hash` of the parameters.
	pub hash: Hash32,
	/// The parameters in Q15.16.
	pub parameters: Vec<i32>,
}

/// What the replay of one aggregated round found.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum ReplayResult {
	/// Recomputing the aggregate from the stored starting model and revealed updates gives
	/// the stored model hash.
	Verified {
		/// The hash both agree on.
		model_hash: Hash32,
	},
	/// The recomputed aggregate differs from the stored one.
	Mismatch {
		/// The hash the round stored.
		stored: Hash32,
		/// The hash of the recomputed aggregate, or `None` if `fl-core` refused to aggregate.
		recomputed: Option<Hash32>,
	},
	/// The round is older than the retained window (`MaxRoundsKept`): its updates were pruned
	/// from state and live on in the blocks' reveal extrinsics only.
	NotRetained,
}

/// The replay of one aggregated round.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct RoundReplay {
	/// The round.
	pub round: RoundNumber,
	/// The model version it produced.
	pub version: ModelVersion,
	/// What the replay found.
	pub result: ReplayResult,
}

sp_api::decl_runtime_apis! {
	/// Questions about training tasks, their rounds and their models.
	pub trait FederatedLearningApi<AccountId, BlockNumber>
	where
		AccountId: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// A task: researcher, decoded model spec and its id, purpose, participants, schedule,
		/// rule, status, progress, and the `rho` one round costs a dataset. `None` if no task
		/// has this id.
		fn task(task: TaskId) -> Option<TaskView<AccountId, BlockNumber>>;

		/// The id and status of at most `TASKS_PAGE` (100) tasks from task `from` on, in
		/// creation order.
		fn tasks(from: TaskId) -> Vec<(TaskId, TaskStatus)>;

		/// The algorithm hash a researcher requests access for, and a clinic grants, to run a
		/// task of `spec`, `params` and `rule` (see `task_algorithm`).
		fn task_algorithm(spec: ModelSpec, params: TaskParams<BlockNumber>, rule: AggregationRule) -> Hash32;

		/// A round's state: phase at this block, deadlines, the consent cut-off time, every
		/// commitment (sample count, cohort hash, score histogram) with its clinic and state,
		/// the federated AUC of the summed histograms, who has not committed, who committed
		/// but did not reveal, and the outcome with the model hash. `round: None` asks for the
		/// open (or last) round.
		fn round(task: TaskId, round: Option<RoundNumber>) -> Option<RoundView<AccountId, BlockNumber>>;

		/// A task's global model in Q15.16 with its version, round and hash; the current one
		/// for `version: None`. `None` if the task or the version is not (or no longer) in
		/// state.
		fn global_model(task: TaskId, version: Option<ModelVersion>) -> Option<GlobalModelView>;

		/// Recomputes every retained aggregated round of a task from the starting model and
		/// the revealed updates in state, and checks each stored model hash. `None` if no task
		/// has this id.
		fn replay(task: TaskId) -> Option<Vec<RoundReplay>>;
	}
}
