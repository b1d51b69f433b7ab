//! Training tasks, rounds, commitments and the shapes in which the runtime API answers
//! questions about them.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use fl_core::{AggregationError, AggregationRule, ModelSpec, SpecId};
use frame_support::{
	pallet_prelude::{BoundedVec, Get},
	CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use pallet_data_access::{DatasetId, ResearchPurpose, Rho};
use scale_info::TypeInfo;

/// The id of a training task, assigned by the pallet in creation order from 0.
///
/// A `u64` because the data-access log names a round as
/// [`UseReference::FederatedRound`](pallet_data_access::UseReference) `{ task: u64, round }`.
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
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
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
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Participant<AccountId> {
	/// The dataset, as registered with the data-access pallet.
	pub dataset: DatasetId,
	/// Its clinic, which commits and reveals for it.
	pub clinic: AccountId,
	/// Rounds of this task in which it committed and did not reveal.
	pub missed_reveals: u32,
	/// The round after which it was dropped from the task for withholding its reveals
	/// ([`MAX_MISSED_REVEALS`](crate::MAX_MISSED_REVEALS) misses); `None` while it takes part.
	pub dropped_after: Option<RoundNumber>,
}

/// Where a task stands.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum TaskStatus {
	/// A round is open.
	Running,
	/// Every round it asked for has aggregated; the last model is the result.
	Completed,
	/// Too many rounds in a row failed to reach the quorum, or too few datasets remain to
	/// reach it.
	Failed,
}

/// A training task: the model recipe, who takes part, the schedule and the progress.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxSpecLength, MaxParticipants))]
#[codec(mel_bound(
	AccountId: MaxEncodedLen,
	BlockNumber: MaxEncodedLen,
	MaxSpecLength: Get<u32>,
	MaxParticipants: Get<u32>
))]
pub struct TrainingTask<
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxSpecLength: Get<u32>,
	MaxParticipants: Get<u32>,
> {
	/// The researcher who created it, under whose grants the datasets are used.
	pub researcher: AccountId,
	/// The SCALE encoding of its [`ModelSpec`] (architecture, hyper-parameters, DP settings,
	/// normalisation, initial-model seed).
	pub spec: BoundedVec<u8, MaxSpecLength>,
	/// `blake2_256(spec)`: the model's recipe.
	pub spec_id: SpecId,
	/// [`task_algorithm`] of the spec and of the task's rounds, sample cap, norm bound and
	/// rule: the algorithm hash the researcher's grants must name, so that a clinic's grant
	/// covers exactly what the task may do with its data.
	pub algorithm: Hash32,
	/// Length of the model's flat parameter vector.
	pub parameter_count: u32,
	/// The research purpose the grants were given for.
	pub purpose: ResearchPurpose,
	/// The participating datasets and their clinics, in the order given at creation.
	pub participants: BoundedVec<Participant<AccountId>, MaxParticipants>,
	/// Schedule and sizes.
	pub params: TaskParams<BlockNumber>,
	/// How revealed updates become the next model.
	pub rule: AggregationRule,
	/// Where the task stands.
	pub status: TaskStatus,
	/// The open round while running; the last round once ended.
	pub round: RoundNumber,
	/// Rounds that aggregated so far.
	pub aggregated_rounds: u32,
	/// Rounds in a row that failed, reset by an aggregated round.
	pub consecutive_failures: u32,
	/// The version of the current global model (0: the spec's initial model).
	pub model_version: ModelVersion,
	/// The block it was created in.
	pub created_at: BlockNumber,
}

impl<A, B, S, P> TrainingTask<A, B, S, P>
where
	A: Clone + PartialEq + Eq + core::fmt::Debug,
	B: Clone + PartialEq + Eq + core::fmt::Debug,
	S: Get<u32>,
	P: Get<u32>,
{
	/// The task's model spec; `None` only if storage were corrupt (it was decoded once at
	/// creation).
	pub fn model_spec(&self) -> Option<ModelSpec> {
		ModelSpec::decode(&mut &self.spec[..]).ok()
	}

	/// The participant entry of `dataset`, if the task lists it.
	pub fn participant(&self, dataset: DatasetId) -> Option<&Participant<A>> {
		self.participants.iter().find(|p| p.dataset == dataset)
	}

	/// How many participants have not been dropped.
	pub fn active_participants(&self) -> usize {
		self.participants.iter().filter(|p| p.dropped_after.is_none()).count()
	}
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
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Commitment {
	/// [`commitment_hash`] of the update and salt in their context (chain, task, round,
	/// dataset, clinic): binds the clinic to its update without showing it, and cannot be
	/// reused by anyone else or anywhere else.
	pub update_hash: Hash32,
	/// Examples trained on: the FedAvg weight and the `n` of the round's privacy charge.
	pub samples: u32,
	/// [`cohort_hash`] of the sorted pseudonyms trained on: shows, without naming anyone, that
	/// the cohort changed (for instance after a consent was withdrawn).
	pub cohort_hash: Hash32,
	/// The clinic's (noised, under DP) score histogram of the round's starting model.
	pub scores: ScoreHistogram,
}

/// How far one dataset's part in a round got.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
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
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
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
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
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
}

/// How a round ended, or that it has not.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
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

/// One round of a task: its schedule, the contributions and the outcome.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxParticipants))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen, MaxParticipants: Get<u32>))]
pub struct RoundRecord<
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxParticipants: Get<u32>,
> {
	/// The model version the round trains from.
	pub base_version: ModelVersion,
	/// The block the round opened in.
	pub opened_at: BlockNumber,
	/// Chain time when it opened (for a round opened by a close in `on_initialize`, the time of
	/// the block before): clinics train only on patients whose AI-training consent is active at
	/// this instant.
	pub started_at: Moment,
	/// The first block in which reveals are accepted; commitments are accepted before it.
	pub reveal_from: BlockNumber,
	/// The block whose initialisation closes the round at the latest; reveals are accepted
	/// before it.
	pub close_at: BlockNumber,
	/// The datasets that committed, in commitment order.
	pub contributions: BoundedVec<Contribution, MaxParticipants>,
	/// How it ended.
	pub outcome: RoundOutcome<BlockNumber>,
}

impl<B: Clone + PartialEq + Eq + core::fmt::Debug, P: Get<u32>> RoundRecord<B, P> {
	/// How many committed datasets are no longer awaited: revealed (or, once closed, marked),
	/// or withdrawn.
	pub fn revealed_count(&self) -> u32 {
		self.contributions
			.iter()
			.filter(|c| c.state != ContributionState::Committed)
			.count() as u32
	}

	/// How many datasets that still take part in the task committed: every contribution but
	/// the withdrawn ones.
	pub fn committed_count(&self) -> usize {
		self.contributions
			.iter()
			.filter(|c| c.state != ContributionState::Withdrawn)
			.count()
	}
}

/// A round that has not closed yet, as the block-initialisation hook scans it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct OpenRound<BlockNumber> {
	/// The task.
	pub task: TaskId,
	/// Its open round.
	pub round: RoundNumber,
	/// Copy of [`RoundRecord::reveal_from`].
	pub reveal_from: BlockNumber,
	/// Copy of [`RoundRecord::close_at`].
	pub close_at: BlockNumber,
	/// Datasets that committed.
	pub committed: u32,
	/// Of those, how many revealed.
	pub revealed: u32,
}

impl<B: PartialOrd> OpenRound<B> {
	/// Whether the round closes at the start of block `now`: the reveal window is over, or
	/// the reveal phase has begun and every committed dataset has revealed (which includes
	/// "nobody committed").
	pub fn is_due(&self, now: &B) -> bool {
		*now >= self.close_at || (*now >= self.reveal_from && self.revealed == self.committed)
	}
}

/// A global model of a task, at one version.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxParameters))]
#[codec(mel_bound(MaxParameters: Get<u32>))]
pub struct GlobalModel<MaxParameters: Get<u32>> {
	/// The flat parameter vector in Q15.16 (see `fl_core::fixed`).
	pub parameters: BoundedVec<i32, MaxParameters>,
	/// [`model_hash`] of the parameters.
	pub hash: Hash32,
	/// The round that produced it; 0 for the initial model.
	pub round: RoundNumber,
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

/// What the runtime keeps of a securely aggregated round besides its [`RoundRecord`]: the
/// schedule of the phases before commit and after reveal, and who took part in each.
///
/// The phases, each ending early when everyone it waits for is done (and every later phase
/// moving up with it): keys (`opened_at .. shares_from`), shares (`.. commit_from`), commit
/// (`.. RoundRecord::reveal_from`), masked reveal (`.. unmask_from`), unmasking
/// (`.. RoundRecord::close_at`).
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxParticipants))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen, MaxParticipants: Get<u32>))]
pub struct SecureRound<
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxParticipants: Get<u32>,
> {
	/// First block of the shares phase.
	pub shares_from: BlockNumber,
	/// First block of the commit phase.
	pub commit_from: BlockNumber,
	/// First block of the unmasking phase.
	pub unmask_from: BlockNumber,
	/// The participants in their fixed order (participant index = position): each dataset
	/// that published keys, with its keys, in publication order.
	pub participants:
		BoundedVec<(DatasetId, fl_core::secure_aggregation::ParticipantKeys), MaxParticipants>,
	/// Datasets that dealt their shares.
	pub dealt: BoundedVec<DatasetId, MaxParticipants>,
	/// Datasets that revealed their shares at unmasking.
	pub unmasked_by: BoundedVec<DatasetId, MaxParticipants>,
}

impl<B: Clone + PartialEq + Eq + core::fmt::Debug, P: Get<u32>> SecureRound<B, P> {
	/// The participant index of `dataset`, if it published keys.
	pub fn index_of(&self, dataset: DatasetId) -> Option<u32> {
		self.participants.iter().position(|(d, _)| *d == dataset).map(|i| i as u32)
	}

	/// The published keys in participant order.
	pub fn keys(&self) -> Vec<fl_core::secure_aggregation::ParticipantKeys> {
		self.participants.iter().map(|(_, keys)| *keys).collect()
	}

	/// The Shamir threshold of the round: a strict majority of its participants
	/// ([`unmasking_threshold`]).
	pub fn threshold(&self) -> u32 {
		unmasking_threshold(self.participants.len() as u32)
	}
}

/// The Shamir threshold of a securely aggregated round of `participants` clinics:
/// `⌊n/2⌋ + 1`, a strict majority (and at least 2). Unmasking needs that many share holders;
/// rebuilding one clinic's secrets against its will needs that many colluders.
pub fn unmasking_threshold(participants: u32) -> u32 {
	(participants / 2 + 1).max(fl_core::secure_aggregation::MIN_THRESHOLD as u32)
}

/// The mask context of `round` of `task`, for a model of `parameters` values: what every
/// mask, share key and share commitment of the round is bound to.
pub fn mask_context(
	task: TaskId,
	round: RoundNumber,
	parameters: u32,
) -> fl_core::secure_aggregation::MaskContext {
	fl_core::secure_aggregation::MaskContext { task, round, parameters }
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
	/// The algorithm hash of the grants ([`task_algorithm`]).
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
	/// [`model_hash`] of the parameters.
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

/// The domain tag of [`task_algorithm`].
pub const TASK_ALGORITHM_TAG: &[u8] = b"ivf-fl/task-algorithm/v1";

/// `blake2_256(SCALE((TASK_ALGORITHM_TAG, spec id, rounds, max_samples, max_update_norm_ppm,
/// rule)))`: the algorithm hash a researcher requests access for, and a clinic grants.
///
/// It covers every setting of a task that matters for the privacy of a dataset's patients:
/// the spec (model, training, DP settings, through its id), how many rounds, how many rows a
/// round may use (with the dataset's cohort floor, which the chain checks on top), how far one
/// update may move the model, and whether updates are used one by one (median, trimmed mean)
/// or only in a weighted sum. A grant for one task therefore cannot be used for a longer, a
/// larger or a less private one. The runtime API `FederatedLearningApi::task_algorithm`
/// computes it.
pub fn task_algorithm<B>(
	spec_id: &SpecId,
	params: &TaskParams<B>,
	rule: &AggregationRule,
) -> Hash32 {
	let mut preimage = TASK_ALGORITHM_TAG.encode();
	preimage.extend_from_slice(spec_id);
	params.rounds.encode_to(&mut preimage);
	params.max_samples.encode_to(&mut preimage);
	params.max_update_norm_ppm.encode_to(&mut preimage);
	rule.encode_to(&mut preimage);
	sp_io::hashing::blake2_256(&preimage)
}

/// The domain tag of [`commitment_hash`], so that no other hash of the project can be
/// presented as a commitment.
pub const COMMITMENT_TAG: &[u8] = b"ivf-fl/commitment/v1";

/// Where a commitment belongs: the chain (its genesis hash), the task, the round, the dataset
/// and the clinic. Bound into [`commitment_hash`], it makes a commitment worthless anywhere
/// else: another clinic committing a copy of it could never reveal under it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CommitmentContext {
	/// The SCALE encoding of the chain's genesis hash.
	pub genesis: Vec<u8>,
	/// The task.
	pub task: TaskId,
	/// The round.
	pub round: RoundNumber,
	/// The dataset.
	pub dataset: DatasetId,
	/// The SCALE encoding of the committing clinic's account id.
	pub clinic: Vec<u8>,
}

/// `blake2_256(SCALE((COMMITMENT_TAG, genesis, task, round, dataset, clinic, update, salt)))`:
/// what a clinic commits to. `SCALE(update)` is the compact length followed by each `i32` in
/// little-endian order; the genesis hash and the account id are their own SCALE encodings.
pub fn commitment_hash(context: &CommitmentContext, update: &[i32], salt: &Hash32) -> Hash32 {
	let mut preimage = COMMITMENT_TAG.encode();
	preimage.extend_from_slice(&context.genesis);
	context.task.encode_to(&mut preimage);
	context.round.encode_to(&mut preimage);
	context.dataset.encode_to(&mut preimage);
	preimage.extend_from_slice(&context.clinic);
	update.encode_to(&mut preimage);
	preimage.extend_from_slice(salt);
	sp_io::hashing::blake2_256(&preimage)
}

/// The domain tag of [`masked_commitment_hash`].
pub const MASKED_COMMITMENT_TAG: &[u8] = b"ivf-fl/masked-commitment/v1";

/// `blake2_256(SCALE((MASKED_COMMITMENT_TAG, genesis, task, round, dataset, clinic, masked,
/// salt)))`: what a clinic commits to in a securely aggregated round, where it reveals its
/// masked weighted update (`u64` words) instead of the update. As [`commitment_hash`], under
/// its own tag.
pub fn masked_commitment_hash(
	context: &CommitmentContext,
	masked: &[u64],
	salt: &Hash32,
) -> Hash32 {
	let mut preimage = MASKED_COMMITMENT_TAG.encode();
	preimage.extend_from_slice(&context.genesis);
	context.task.encode_to(&mut preimage);
	context.round.encode_to(&mut preimage);
	context.dataset.encode_to(&mut preimage);
	preimage.extend_from_slice(&context.clinic);
	masked.encode_to(&mut preimage);
	preimage.extend_from_slice(salt);
	sp_io::hashing::blake2_256(&preimage)
}

/// `blake2_256(SCALE(parameters))`: the stored hash of a global model.
pub fn model_hash(parameters: &[i32]) -> Hash32 {
	sp_io::hashing::blake2_256(&parameters.encode())
}

/// `blake2_256(p₁ ‖ p₂ ‖ …)` of the pseudonyms sorted in ascending byte order: a clinic's
/// cohort. Sorting makes it independent of the order rows were loaded in.
pub fn cohort_hash(pseudonyms: &mut [ivf_primitives::Pseudonym]) -> Hash32 {
	pseudonyms.sort_unstable();
	let mut preimage = Vec::with_capacity(pseudonyms.len().saturating_mul(32));
	for pseudonym in pseudonyms.iter() {
		preimage.extend_from_slice(pseudonym);
	}
	sp_io::hashing::blake2_256(&preimage)
}

/// The square of [`update_norm_bound`], in (Q15.16)².
pub fn update_norm_bound_squared<B>(spec: &ModelSpec, params: &TaskParams<B>) -> u128 {
	let bound = update_norm_bound(spec, params);
	bound.saturating_mul(bound)
}

/// The largest L2 norm a revealed update may have, in Q15.16: the task's
/// `max_update_norm_ppm`, or under DP the bound clipping sets if that is smaller
/// (`fl_core::dp::update_norm_bound` says how).
pub fn update_norm_bound<B>(spec: &ModelSpec, params: &TaskParams<B>) -> u128 {
	fl_core::dp::update_norm_bound(spec, params.max_samples, params.max_update_norm_ppm)
}

pub use fl_core::fixed::squared_norm;
