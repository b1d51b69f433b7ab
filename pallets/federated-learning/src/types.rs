//! Training tasks, rounds, commitments and the shapes in which the runtime API answers
//! questions about them.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use fl_core::{AggregationRule, ModelSpec, SpecId};
use frame_support::{
	pallet_prelude::{BoundedVec, Get},
	CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use ivf_primitives::data_access::{DatasetId, ResearchPurpose};
pub use pallet_federated_learning_runtime_api::{
	Commitment, Contribution, ContributionState, GlobalModelView, Hash32, ModelVersion, Moment,
	Participant, ReplayResult, RoundFailure, RoundNumber, RoundOutcome, RoundPhase, RoundReplay,
	RoundView, ScoreHistogram, TaskId, TaskParams, TaskStatus, TaskView,
};
use scale_info::TypeInfo;

/// A training task: the model recipe, who takes part, the schedule and the progress.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
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

/// One round of a task: its schedule, the contributions and the outcome.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
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
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
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
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
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

/// A server optimiser's moments after the round that produced one model version
/// (`fl_core::OptimiserState`, bounded for storage).
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxParameters))]
#[codec(mel_bound(MaxParameters: Get<u32>))]
pub struct ServerMomentsRecord<MaxParameters: Get<u32>> {
	/// First moment, Q15.16.
	pub first_moment: BoundedVec<i64, MaxParameters>,
	/// Second moment, Q31.32.
	pub second_moment: BoundedVec<i64, MaxParameters>,
}

impl<MaxParameters: Get<u32>> ServerMomentsRecord<MaxParameters> {
	/// The record of `state`, whose vectors have one entry per parameter of a model that fits
	/// `MaxParameters` (a longer one is cut, which no step produces).
	pub fn from_state(state: fl_core::OptimiserState) -> Self {
		Self {
			first_moment: BoundedVec::truncate_from(state.first_moment),
			second_moment: BoundedVec::truncate_from(state.second_moment),
		}
	}

	/// The optimiser state this record holds.
	pub fn into_state(self) -> fl_core::OptimiserState {
		fl_core::OptimiserState {
			first_moment: self.first_moment.into_inner(),
			second_moment: self.second_moment.into_inner(),
		}
	}
}

/// What the runtime keeps of a securely aggregated round besides its [`RoundRecord`]: the
/// schedule of the phases before commit and after reveal, and who took part in each.
///
/// The phases, each ending early when everyone it waits for is done (and every later phase
/// moving up with it): keys (`opened_at .. shares_from`), shares (`.. commit_from`), commit
/// (`.. RoundRecord::reveal_from`), masked reveal (`.. unmask_from`), unmasking
/// (`.. RoundRecord::close_at`).
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
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

/// What is left of the close of a round too large to close in one block (a task beyond the
/// compact bounds, `Config::MaxCompactParticipants` × `Config::MaxCompactParameters`), which
/// `on_initialize` works on a step at a time (see the pallet's `chunked` module).
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxParticipants))]
#[codec(mel_bound(MaxParticipants: Get<u32>))]
pub struct CloseProgress<MaxParticipants: Get<u32>> {
	/// The round being closed.
	pub round: RoundNumber,
	/// The next step.
	pub step: CloseStep,
	/// The usable updates found so far: datasets and sample counts, in contribution order.
	pub usable: BoundedVec<(DatasetId, u32), MaxParticipants>,
	/// The committed datasets that did not reveal, for the round's closing event.
	pub not_revealed: BoundedVec<DatasetId, MaxParticipants>,
	/// Why the round failed, once it has: its remaining steps only prune and advance.
	pub failure: Option<RoundFailure>,
}

/// A step of a large round's close, in order; each but the last works on a batch.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub enum CloseStep {
	/// Settle the contributions from index `next` of the round's list (`Config::
	/// ParticipantsPerCloseStep` of them): who did not reveal, whose grant ended.
	Settle {
		/// The first contribution of the batch.
		next: u32,
	},
	/// Record on each dataset's access log the use of the usable updates from index `next`,
	/// before they are aggregated; an update whose grant ended since it was settled is left
	/// out.
	Record {
		/// The first usable update of the batch.
		next: u32,
	},
	/// Aggregate chunk `next` of every usable update.
	Aggregate {
		/// The chunk.
		next: u32,
	},
	/// Prune the updates of the round leaving the retained window, from index `next` of the
	/// task's participants; after the last batch, open the next round.
	Prune {
		/// The first participant of the batch.
		next: u32,
	},
}
