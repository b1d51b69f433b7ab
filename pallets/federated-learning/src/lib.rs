//! Federated training on the IVF consortium chain: tasks, commit-reveal rounds, automatic
//! aggregation with `fl-core`, and the clinics' off-chain worker.
//!
//! ## Overview
//!
//! A researcher who holds live grants on several clinics' datasets opens a *training task*:
//! a model spec from `fl-core` (architecture, hyper-parameters, differential-privacy
//! settings, feature normalisation, initial-model seed), the participating datasets, the
//! number of rounds, the quorum, the commit and reveal windows in blocks, and the
//! aggregation rule (FedAvg, median or trimmed mean in the clear, or FedAvg under secure
//! aggregation: [`secure`]). Each round, every participating
//! clinic's node trains on its own patients' records, which never leave the clinic, and
//! submits first a *commitment* (the hash of its update and a salt, its sample count, the
//! hash of its cohort, its validation metrics for the previous model) and then, once the
//! commit phase is over, the *reveal* (the quantised update and the salt). The runtime closes
//! each round by itself, aggregates the revealed updates in integers with `fl-core`, stores
//! the new global model and its hash, records the use on every dataset's access log, and
//! opens the next round. Anyone can replay every round from chain data alone: the runtime API
//! replays the rounds whose updates state still keeps, and `ivf-node fl-replay` recomputes
//! every round natively from the initial model, reading pruned updates from the blocks' reveal
//! extrinsics.
//!
//! Users: researchers (create tasks, follow rounds, download the model over RPC), clinics
//! (their nodes take part through the off-chain worker; they may also commit and reveal by
//! hand), auditors (round state, non-revealers, the access log of the data-access pallet).
//!
//! ## Pallet API
//!
//! ### Calls
//!
//! - [`create_task`](Pallet::create_task): a researcher opens a training task; round 1 opens.
//! - [`commit_update`](Pallet::commit_update): a dataset's clinic commits to its update.
//! - [`reveal_update`](Pallet::reveal_update): the clinic reveals the update and the salt.
//! - [`withdraw_departed_clinic`](Pallet::withdraw_departed_clinic): governance withdraws the
//!   datasets of a removed or suspended clinic from every running task.
//! - Securely aggregated rounds (rule `SecureFedAvg`, see [`secure`]):
//!   [`publish_mask_keys`](Pallet::publish_mask_keys),
//!   [`deal_mask_shares`](Pallet::deal_mask_shares), then `commit_update` as in the clear,
//!   [`reveal_masked_update`](Pallet::reveal_masked_update) instead of `reveal_update`, and
//!   [`reveal_unmasking_shares`](Pallet::reveal_unmasking_shares).
//!
//! No call closes a round on demand: the last reveal of a small round closes it, or
//! [`Hooks::on_initialize`](frame_support::traits::Hooks::on_initialize) does, at once or in
//! steps, when its window ends or its last reveal could not (see Design).
//!
//! ### Storage
//!
//! [`Tasks`], [`NextTaskId`], [`Rounds`], [`OpenRounds`], [`Models`], [`RevealedUpdates`],
//! [`MissedReveals`]; for securely aggregated rounds [`SecureRounds`], [`DealtShares`],
//! [`MaskedUpdates`], [`UnmaskingShares`].
//!
//! ### Events and errors
//!
//! See [`Event`] and [`Error`]; every error's docs say how to avoid it.
//!
//! ### Off-chain worker
//!
//! [`offchain`]: a clinic node whose keystore holds its clinic's worker key under
//! [`KEY_TYPE`] (`ivfl`, sr25519; the account the clinic registered with
//! `consortium.setWorker`, which may only commit and reveal) takes part in every task that lists one of
//! its datasets. The rows stay in the clinic's files, which the node reads (`ivf-node
//! --dataset ID=FILE`) and trains on natively through the host functions of
//! `ivf_clinic_host`: no row enters the worker's Wasm memory, an RPC answer or the off-chain
//! database.
//!
//! ### Runtime API
//!
//! [`runtime_api::FederatedLearningApi`]: a task, the list of tasks, a round's state (phase,
//! deadlines, who committed and revealed, metrics), a global model, and the replay of a
//! task's retained rounds ([`Pallet::replay`]).
//!
//! ## Design
//!
//! - **Commit, then reveal.** A round has a commit phase (`opened_at .. reveal_from`) and a
//!   reveal phase (`reveal_from .. close_at`). Reveals are refused during the commit phase,
//!   so no clinic can see another's update before committing to its own: commit-then-reveal
//!   keeps a clinic from copying. When every participant has committed, nobody is left to
//!   copy, and the reveal phase starts at the next block.
//! - **Rounds close themselves; none stays open forever.** The reveal of the last committed
//!   dataset of a compact round closes it in the same dispatch when that costs at most
//!   [`INLINE_CLOSE_SHARE`] of a block ([`Pallet::closes_inline`]), and pays for it (in a
//!   securely aggregated round, the last survivor's unmasking shares do). [`OpenRounds`] indexes
//!   the open round of every running task with its deadlines and counts; at the start of
//!   every block, `on_initialize` closes each round whose reveal window is over or whose
//!   committed datasets have all revealed (nobody committed), at most
//!   [`Config::MaxClosesPerBlock`] per block and, beyond its first unit of work, no more
//!   than fit in [`INITIALIZE_SHARE`] of the block's weight and of [`MAX_BLOCK_PROOF`] (a
//!   later one waits a block; reveals stay refused after `close_at`). A round in the clear
//!   that its last reveal did not close closes in steps, over one or more blocks (see Rounds
//!   at scale). Closing marks the
//!   committed-but-unrevealed datasets ([`ContributionState::NotRevealed`], counted in
//!   [`MissedReveals`]), and aggregates if at least the quorum of usable updates was
//!   revealed: it stores the new model and its hash, records one use of each contributing
//!   dataset on its access log ([`ivf_primitives::data_access::UseReference::FederatedRound`]), and
//!   opens the next round. Otherwise the round fails and the next opens; after
//!   [`Config::MaxConsecutiveFailures`] failures in a row the task ends as failed. Every
//!   round has a finite `close_at`, so every task ends within
//!   `rounds × MaxConsecutiveFailures` rounds.
//! - **Privacy is charged when an update becomes public.** A revealed update is released
//!   whether or not its round later reaches the quorum, so the dataset's zCDP budget is
//!   charged in the reveal itself (`ρ = fl_core::ModelSpec::round_rho(samples)`, from
//!   public parameters and the committed sample count), and the reveal is refused if the
//!   budget cannot pay. A budget can therefore never be overrun, even by two tasks that share
//!   a dataset. Creation checks that each dataset's remaining budget covers every round at
//!   the task's `max_samples`. (zCDP composition and the over-charging rule: `fl_core::dp`.)
//! - **Grants are checked at every step.** Creation needs a live grant of the researcher on
//!   every dataset for the algorithm hash = the spec id ([`fl_core::ModelSpec::id`]) and the
//!   task's purpose; commit and reveal need it still live; at close, an update whose grant
//!   died meanwhile is left out ([`ContributionState::Excluded`]). Revocation takes effect
//!   at once.
//! - **Rounds at scale.** A round of many clinics and parameters (beyond the *compact*
//!   bounds, [`Config::MaxCompactParticipants`] × [`Config::MaxCompactParameters`]) would put
//!   megabytes of updates in one block. Its reveals spread over blocks: a block takes at most
//!   [`Config::MaxRevealBytesPerBlock`] of them ([`CheckRevealSpace`]), and creation checks
//!   that the reveal window has room for them all ([`Error::RevealWindowTooShort`]). Updates
//!   are stored in chunks of [`Config::UpdateChunkLength`] parameters, and the round closes
//!   in steps over the next blocks ([`chunked`]): settle, record the uses, aggregate chunk by
//!   chunk, conclude, prune. FedAvg, median and trimmed mean aggregate coordinate by
//!   coordinate, so the model is the very one a close at once would give; Krum and secure
//!   aggregation need whole updates and are kept to compact tasks
//!   ([`Error::RuleNeedsCompactTask`]).
//! - **Bounded state, bounded work.** Participants ([`Config::MaxParticipants`]),
//!   parameters ([`Config::MaxParameters`]), spec bytes ([`Config::MaxSpecLength`]), rounds
//!   ([`Config::MaxRounds`]) and open tasks ([`Config::MaxOpenTasks`]) are bounded. Every
//!   round's record (commitments, metrics, outcome, model hash) is kept; the parameter
//!   vectors are kept for the last [`Config::MaxRoundsKept`] rounds only: a round's revealed
//!   updates are pruned when round `r + MaxRoundsKept` closes, and model version `v` when
//!   version `v + MaxRoundsKept + 1` is stored. As each round adds at most one version, the
//!   starting model of every retained round is retained too, so [`Pallet::replay`] can check
//!   all of them. Older updates live on in the blocks' reveal extrinsics. Closing a compact
//!   round costs `O(participants × parameters)`, benchmarked as such
//!   ([`WeightInfo::close_round`]): `on_initialize` returns it, and a reveal's weight
//!   includes it at the compact bounds (refunded unless the reveal was the last). Each step
//!   of a large round's close is benchmarked at its largest batch ([`CloseUnit`]), and
//!   `on_initialize` runs its first unit of closing work always and every next one only
//!   within [`INITIALIZE_SHARE`] of the block's weight and of [`MAX_BLOCK_PROOF`].
//! - **Integers on chain.** Aggregation, hashing and `ρ` are integer code from `fl-core`;
//!   floats appear only in the off-chain worker's training.
//! - **No personal data on chain.** Patients appear only inside the cohort hash, a hash of
//!   their sorted salted pseudonyms ([`ivf_primitives::Pseudonym`]: `blake2_256(salt ‖
//!   clinic-local id)`, the salt kept at the clinic). Models, updates, counts and metrics are
//!   aggregates. Data rows stay in the clinic node's off-chain storage, which is never
//!   replicated, and the worker never logs them.
//! - **A departed clinic leaves its tasks by governance.** When a clinic is removed or
//!   suspended, its datasets can no longer commit or reveal. [`Config::GovernanceOrigin`]
//!   withdraws them from every running task ([`Pallet::withdraw_departed_clinic`], which scans
//!   the at most [`Config::MaxOpenTasks`] entries of [`OpenRounds`]): each becomes a dropped
//!   participant (`dropped_after` the previous round), and its contribution to the open round,
//!   if any, becomes [`ContributionState::Withdrawn`], neither awaited nor counted. The open
//!   round then runs on with the others: its reveal phase starts at the next block if every
//!   remaining dataset has committed, and it closes as soon as every remaining commitment is
//!   revealed. If fewer datasets remain than the quorum, no round could aggregate again, so the
//!   task ends at once as failed ([`RoundFailure::QuorumUnreachable`]) instead of spending the
//!   other clinics' privacy budgets on rounds that must fail.
//! - **Secure aggregation or a robust rule, by choice.** Under `SecureFedAvg` no clinic's
//!   update is ever on chain or in state in the clear: the runtime sees masked updates and
//!   learns only their sum ([`secure`] says what it protects against and what it does not).
//!   Median and trimmed mean need every update and run only in the clear; a dataset whose
//!   clinic requires secure aggregation (`dataAccess.secureAggregationRequired`) refuses them
//!   and clear FedAvg ([`Error::SecureAggregationRequired`]). Under `SecureFedAvg` a spec may
//!   also share its DP noise among the round's clinics (`privacy.noise: Distributed`): each
//!   adds a share and only the sum carries the whole, for one Gaussian step's charge per
//!   round ([`secure`], `fl_core::dp`).
//! - **Checks first, writes last.** Every call checks origin and role, then every
//!   precondition, and writes only when all pass, so an error changes nothing.

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub use fl_core;
pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod chunked;
#[cfg(test)]
mod fuzz_tests;
mod impls;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod offchain;
mod reveal_space;
pub mod runtime_api;
pub mod secure;
#[cfg(test)]
mod tests;
#[cfg(any(test, feature = "try-runtime"))]
mod try_state;
pub mod types;
pub mod weights;

use chunked::CloseBudget;
pub use chunked::CloseUnit;
pub use reveal_space::CheckRevealSpace;
pub use types::*;
pub use weights::WeightInfo;

/// The share of a block's weight and proof that `on_initialize`'s closes may take (beyond the
/// first due round's, which always closes): the block's transactions need the rest.
pub const INITIALIZE_SHARE: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(10);

/// The most of a block's weight and of [`MAX_BLOCK_PROOF`] that the last reveal of a round may
/// spend closing it in its own dispatch: a compact round whose close costs more closes at the
/// next block's start instead (see [`Pallet::closes_inline`]).
pub const INLINE_CLOSE_SHARE: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(10);

/// The most proof a block of this chain should carry: 5 MiB, what a relay chain accepts of a
/// parachain block, so that light clients (and a future parachain) can carry every block.
/// The runtime sets no proof limit of its own (its block weights' proof size is unbounded),
/// so closes are held to [`INITIALIZE_SHARE`] of this, and the runtime's tests price the
/// worst block of federated work against it.
pub const MAX_BLOCK_PROOF: u64 = 5 * 1024 * 1024;

/// What a reveal transaction carries besides its values, at most, in bytes: the call's other
/// fields, the signer, the signature and the extensions. Used to count how many reveals a
/// block's reveal space takes ([`Pallet::reveal_blocks`]).
pub const REVEAL_OVERHEAD: u32 = 1024;

/// The shortest commit or reveal window, in blocks. A one-block reveal window would let the
/// author of that one block censor every reveal of the round.
pub const MIN_WINDOW: u32 = 2;

/// Rounds of one task in which a dataset may commit and not reveal before it is dropped from
/// the task: a clinic that withholds its reveals cannot keep failing rounds and draining the
/// other clinics' budgets.
pub const MAX_MISSED_REVEALS: u32 = 2;

/// The most tasks one [`Pallet::tasks`] page lists (the `fl_tasks` RPC and the runtime API).
pub const TASKS_PAGE: TaskId = 100;

/// The key type of the keys the off-chain worker signs with: `ivfl`.
///
/// Insert the clinic's worker key (sr25519; registered with `consortium.setWorker`) with
/// `ivf-node key insert --key-type ivfl --scheme sr25519 --suri <worker secret>`. The
/// clinic's own account key also works, but then it sits on the node.
pub const KEY_TYPE: sp_runtime::KeyTypeId = sp_runtime::KeyTypeId(*b"ivfl");

/// The clinic keys of the off-chain worker: sr25519 under [`KEY_TYPE`].
pub mod crypto {
	use super::KEY_TYPE;
	use sp_runtime::{
		app_crypto::{app_crypto, sr25519},
		MultiSignature, MultiSigner,
	};
	app_crypto!(sr25519, KEY_TYPE);

	/// Binds the `ivfl` key to the runtime's `MultiSigner`/`MultiSignature` accounts: the
	/// clinic key *is* the clinic account's key, so transactions the worker signs come from
	/// the clinic account.
	pub struct ClinicAuthId;

	impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for ClinicAuthId {
		type RuntimeAppPublic = Public;
		type GenericSignature = sp_core::sr25519::Signature;
		type GenericPublic = sp_core::sr25519::Public;
	}
}

/// State the benchmarks need from other pallets, which only the runtime can build.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers a dataset held by `clinic` (admitted as a clinic) with a zCDP budget of
	/// `budget` millionths, and grants `researcher` (admitted as a researcher) live access to
	/// it for `algorithm` and `purpose`. Returns the dataset's id.
	fn dataset_with_grant(
		clinic: &AccountId,
		researcher: &AccountId,
		algorithm: ivf_primitives::DocumentHash,
		purpose: ivf_primitives::data_access::ResearchPurpose,
		budget: ivf_primitives::data_access::Rho,
	) -> ivf_primitives::data_access::DatasetId;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use fl_core::{
		secure_aggregation::{ParticipantKeys, Share, SharesForRecipient},
		AggregationRule, ModelSpec, ServerOptimiser,
	};
	use frame_support::{
		pallet_prelude::*,
		traits::{EnsureOrigin, Time},
	};
	use frame_system::{
		offchain::{AppCrypto, CreateSignedTransaction},
		pallet_prelude::*,
	};
	use ivf_primitives::data_access::{DatasetAccess, DatasetId, ResearchPurpose, Rho};
	use ivf_primitives::{ConsentProvider, ConsortiumMembership};
	use sp_runtime::traits::{One, Saturating, Zero};

	/// A task in this runtime.
	pub type TaskOf<T> = TrainingTask<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::MaxSpecLength,
		<T as Config>::MaxParticipants,
	>;
	/// A round in this runtime.
	pub type RoundOf<T> = RoundRecord<BlockNumberFor<T>, <T as Config>::MaxParticipants>;
	/// A global model in this runtime.
	pub type ModelOf<T> = GlobalModel<<T as Config>::MaxParameters>;
	/// A server optimiser's moments in this runtime.
	pub type MomentsOf<T> = ServerMomentsRecord<<T as Config>::MaxParameters>;

	/// A revealed update (or any parameter vector) in this runtime.
	pub type ParametersOf<T> = BoundedVec<i32, <T as Config>::MaxParameters>;
	/// One stored chunk of a revealed update or of an aggregate ([`RevealedUpdates`]).
	pub type ChunkOf<T> = BoundedVec<i32, <T as Config>::UpdateChunkLength>;
	/// What is left of a round closing over several blocks.
	pub type CloseProgressOf<T> = CloseProgress<<T as Config>::MaxParticipants>;
	/// The list of datasets a task is created with.
	pub type DatasetsOf<T> = BoundedVec<DatasetId, <T as Config>::MaxParticipants>;
	/// What the runtime keeps of a securely aggregated round besides its record.
	pub type SecureRoundOf<T> = SecureRound<BlockNumberFor<T>, <T as Config>::MaxParticipants>;
	/// One dealer's encrypted shares, one pair per participant in participant order.
	pub type DealtSharesOf<T> = BoundedVec<SharesForRecipient, <T as Config>::MaxParticipants>;
	/// A masked weighted update: `u64` words of `Z_2^64`.
	pub type MaskedUpdateOf<T> = BoundedVec<u64, <T as Config>::MaxCompactParameters>;
	/// The shares one holder reveals at unmasking, one per participant in participant order.
	pub type UnmaskingSharesOf<T> = BoundedVec<Share, <T as Config>::MaxParticipants>;

	/// The version of this pallet's storage layout. Bump it with a migration whenever a stored
	/// type or key changes, so that a runtime upgrade (`try-runtime on-runtime-upgrade`) shows
	/// which pallets need one.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>> + CreateSignedTransaction<Call<Self>>
	{
		/// The clinic key the off-chain worker signs with ([`crypto::ClinicAuthId`] in the
		/// runtime).
		type AuthorityId: AppCrypto<Self::Public, Self::Signature>;

		/// Who is a researcher: the consortium pallet.
		type Membership: ConsortiumMembership<Self::AccountId>;

		/// Datasets, grants, the access log and privacy budgets: the data-access pallet.
		type DataAccess: DatasetAccess<Self::AccountId>;

		/// Patients' consents, which the off-chain worker checks for every row: the consent
		/// pallet.
		type Consent: ConsentProvider<Self::AccountId, Moment>;

		/// Chain time in milliseconds since the Unix epoch: `pallet-timestamp`.
		type Time: Time<Moment = Moment>;

		/// The most datasets a task may list (at least 2 are required).
		#[pallet::constant]
		type MaxParticipants: Get<u32>;

		/// The most parameters a task's model may have.
		#[pallet::constant]
		type MaxParameters: Get<u32>;

		/// The longest SCALE encoding of a model spec, in bytes.
		#[pallet::constant]
		type MaxSpecLength: Get<u32>;

		/// The most rounds a task may ask for.
		#[pallet::constant]
		type MaxRounds: Get<u32>;

		/// The longest commit or reveal window, in blocks.
		#[pallet::constant]
		type MaxWindow: Get<BlockNumberFor<Self>>;

		/// The most tasks that may run at once.
		#[pallet::constant]
		type MaxOpenTasks: Get<u32>;

		/// How many of its latest rounds a task keeps the parameter vectors of (revealed
		/// updates and models), for replay.
		#[pallet::constant]
		type MaxRoundsKept: Get<u32>;

		/// Failed rounds in a row after which a task ends as failed.
		#[pallet::constant]
		type MaxConsecutiveFailures: Get<u32>;

		/// The most rounds one block closes; more due rounds wait for the next block.
		#[pallet::constant]
		type MaxClosesPerBlock: Get<u32>;

		/// How many contributions one step of a large round's close settles, and how many
		/// uses one step records or participants' updates one step prunes (see [`chunked`]).
		#[pallet::constant]
		type ParticipantsPerCloseStep: Get<u32>;

		/// How many parameters one stored chunk of a revealed update holds
		/// ([`RevealedUpdates`]). A round too large to close in one block closes one chunk of
		/// every usable update at a time, so what one block reads stays bounded however many
		/// clinics and parameters a task has.
		#[pallet::constant]
		type UpdateChunkLength: Get<u32>;

		/// With [`Config::MaxCompactParameters`], the bounds of a *compact* task. Krum,
		/// multi-Krum and secure aggregation need every update whole at once, so only compact
		/// tasks may use them, and their rounds close whole in one unit of a block's work; the
		/// last reveal of a compact round closes it in its own dispatch when that costs at most
		/// [`INLINE_CLOSE_SHARE`] of a block. Any other round closes in steps from the next
		/// block on ([`Closing`]).
		#[pallet::constant]
		type MaxCompactParticipants: Get<u32>;

		/// The most parameters of a compact task (see [`Config::MaxCompactParticipants`]).
		#[pallet::constant]
		type MaxCompactParameters: Get<u32>;

		/// The most bytes of reveal transactions one block takes ([`CheckRevealSpace`]): the
		/// reveals of a round of many clinics spread over blocks instead of filling one.
		#[pallet::constant]
		type MaxRevealBytesPerBlock: Get<u32>;

		/// The most training work a task may ask of one clinic per round, as examples × epochs
		/// × model parameters (about the multiply-adds of one pass, up to a constant). It
		/// keeps a researcher from hanging every clinic's worker with a task it cannot finish.
		#[pallet::constant]
		type MaxTrainingWork: Get<u64>;

		/// The consortium's governance, which withdraws a departed clinic's datasets from the
		/// running tasks ([`Pallet::withdraw_departed_clinic`]). In the runtime: the council's
		/// qualified majority, or Root.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Weights of this pallet's calls and of closing rounds.
		type WeightInfo: WeightInfo;

		/// Builds other pallets' state for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The id the next task gets.
	#[pallet::storage]
	pub type NextTaskId<T> = StorageValue<_, TaskId, ValueQuery>;

	/// Every task ever created, running or ended.
	// Twox64Concat: ids are assigned by the pallet in sequence, so callers cannot choose keys to
	// unbalance the trie.
	#[pallet::storage]
	pub type Tasks<T: Config> = StorageMap<_, Twox64Concat, TaskId, TaskOf<T>>;

	/// Every round of every task: schedule, commitments, metrics, states and outcome (with the
	/// model hash).
	// Twox64Concat for both keys: task ids and round numbers are assigned by the pallet.
	#[pallet::storage]
	pub type Rounds<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TaskId, Twox64Concat, RoundNumber, RoundOf<T>>;

	/// The open round of every running task, with its deadlines and counts: what
	/// `on_initialize` scans each block.
	#[pallet::storage]
	pub type OpenRounds<T: Config> =
		StorageValue<_, BoundedVec<OpenRound<BlockNumberFor<T>>, T::MaxOpenTasks>, ValueQuery>;

	/// Global models by task and version; the latest `MaxRoundsKept + 1` versions of each task.
	// Twox64Concat for both keys: task ids and versions are assigned by the pallet.
	#[pallet::storage]
	pub type Models<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TaskId, Twox64Concat, ModelVersion, ModelOf<T>>;

	/// The server optimiser of each task whose spec chose one other than `Sgd`
	/// (`ModelSpec::server_optimiser`), kept here at creation so that a close need not decode
	/// the spec.
	// Twox64Concat: task ids are assigned by the pallet.
	#[pallet::storage]
	pub type TaskOptimisers<T: Config> = StorageMap<_, Twox64Concat, TaskId, ServerOptimiser>;

	/// The server optimiser's moments after each model version of a task that has one
	/// ([`TaskOptimisers`]), retained like [`Models`] so that [`Pallet::replay`] can step from
	/// any retained starting model. Version 0 has none: the first step starts from zero.
	// Twox64Concat for both keys: task ids and versions are assigned by the pallet.
	#[pallet::storage]
	pub type ServerMoments<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TaskId, Twox64Concat, ModelVersion, MomentsOf<T>>;

	/// Revealed updates by task, round, dataset and chunk: chunk `k` holds parameters
	/// `k·L .. (k+1)·L` of the update (`L` = [`Config::UpdateChunkLength`]), so that a close
	/// can read one chunk of every update at a time ([`Pallet::revealed_update`] puts an update
	/// back together). Those of the latest `MaxRoundsKept` rounds of each task.
	// Twox64Concat for every key: task ids, round numbers and dataset ids are assigned by
	// pallets and chunk indices by this one, not chosen by callers.
	#[pallet::storage]
	pub type RevealedUpdates<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, TaskId>,
			NMapKey<Twox64Concat, RoundNumber>,
			NMapKey<Twox64Concat, DatasetId>,
			NMapKey<Twox64Concat, u32>,
		),
		ChunkOf<T>,
	>;

	/// The rounds closing over several blocks (tasks beyond the compact bounds), by task:
	/// their settled contributions and the next chunk to aggregate.
	// Twox64Concat: task ids are assigned by the pallet.
	#[pallet::storage]
	pub type Closing<T: Config> = StorageMap<_, Twox64Concat, TaskId, CloseProgressOf<T>>;

	/// The aggregated chunks of the rounds in [`Closing`], by task and chunk, until the close
	/// puts them together into the next model.
	// Twox64Concat for both keys: task ids and chunk indices are assigned by the pallet.
	#[pallet::storage]
	pub type AggregateChunks<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TaskId, Twox64Concat, u32, ChunkOf<T>>;

	/// The bytes of reveal transactions in the block being built, with its number
	/// ([`CheckRevealSpace`]); a new block starts from zero.
	#[pallet::storage]
	pub type RevealBytesInBlock<T: Config> = StorageValue<_, (BlockNumberFor<T>, u32), ValueQuery>;

	/// The schedule and participants of every securely aggregated round (rule
	/// `SecureFedAvg`), kept as long as its masked inputs.
	// Twox64Concat for both keys: task ids and round numbers are assigned by the pallet.
	#[pallet::storage]
	pub type SecureRounds<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TaskId, Twox64Concat, RoundNumber, SecureRoundOf<T>>;

	/// The encrypted shares each participant of a securely aggregated round dealt, by task,
	/// round and dealer dataset, with their commitments.
	#[pallet::storage]
	pub type DealtShares<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, TaskId>,
			NMapKey<Twox64Concat, RoundNumber>,
			NMapKey<Twox64Concat, DatasetId>,
		),
		DealtSharesOf<T>,
	>;

	/// Masked weighted updates of securely aggregated rounds, by task, round and dataset; as
	/// [`RevealedUpdates`], those of the latest `MaxRoundsKept` rounds of each task.
	#[pallet::storage]
	pub type MaskedUpdates<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, TaskId>,
			NMapKey<Twox64Concat, RoundNumber>,
			NMapKey<Twox64Concat, DatasetId>,
		),
		MaskedUpdateOf<T>,
	>;

	/// The shares each holder revealed at the unmasking of a securely aggregated round, by
	/// task, round and holder dataset, each checked against its dealer's commitment.
	#[pallet::storage]
	pub type UnmaskingShares<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, TaskId>,
			NMapKey<Twox64Concat, RoundNumber>,
			NMapKey<Twox64Concat, DatasetId>,
		),
		UnmaskingSharesOf<T>,
	>;

	/// How many times each dataset committed to a round and did not reveal.
	// Twox64Concat: dataset ids are assigned by the data-access pallet in sequence.
	#[pallet::storage]
	pub type MissedReveals<T: Config> = StorageMap<_, Twox64Concat, DatasetId, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A researcher created a training task.
		TaskCreated {
			/// The task's id.
			task: TaskId,
			/// The researcher.
			researcher: T::AccountId,
			/// The spec id.
			spec_id: fl_core::SpecId,
			/// The algorithm hash the grants name ([`task_algorithm`]).
			algorithm: Hash32,
			/// The participating datasets.
			datasets: DatasetsOf<T>,
			/// Schedule and sizes.
			params: TaskParams<BlockNumberFor<T>>,
			/// The aggregation rule.
			rule: AggregationRule,
		},
		/// A round opened: clinics may commit until `reveal_from`.
		RoundOpened {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// The model version it trains from.
			base_version: ModelVersion,
			/// Chain time of the opening: the consent cut-off for the round's rows.
			started_at: Moment,
			/// First block of the reveal phase.
			reveal_from: BlockNumberFor<T>,
			/// Block at whose start the round closes at the latest.
			close_at: BlockNumberFor<T>,
		},
		/// A clinic committed to its update for a round.
		UpdateCommitted {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// The dataset.
			dataset: DatasetId,
			/// The clinic.
			clinic: T::AccountId,
			/// What it committed to.
			commitment: Commitment,
			/// zCDP `rho` (millionths) charged to the dataset for its score histogram.
			rho_charged: Rho,
		},
		/// A dataset committed and did not reveal in `MAX_MISSED_REVEALS` rounds of a task and
		/// takes no further part in it.
		DatasetDropped {
			/// The task.
			task: TaskId,
			/// The dataset.
			dataset: DatasetId,
			/// The rounds it missed.
			missed: u32,
		},
		/// Governance withdrew a dataset from a task because its clinic left the consortium: it
		/// takes no further part, and the open round neither awaits nor counts it.
		DatasetWithdrawn {
			/// The task.
			task: TaskId,
			/// The dataset.
			dataset: DatasetId,
			/// The round that was open.
			round: RoundNumber,
		},
		/// Governance withdrew a departed clinic's datasets from every running task that
		/// listed one.
		DepartedClinicWithdrawn {
			/// The clinic that left the consortium.
			clinic: T::AccountId,
			/// Running tasks it was withdrawn from.
			tasks: u32,
			/// Of those, tasks that ended because fewer datasets than the quorum remain.
			ended: u32,
		},
		/// Every participant committed: the reveal phase starts early.
		RevealPhaseOpened {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// First block of the reveal phase.
			reveal_from: BlockNumberFor<T>,
		},
		/// A clinic revealed its update; the dataset's privacy budget paid for it.
		UpdateRevealed {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// The dataset.
			dataset: DatasetId,
			/// The clinic.
			clinic: T::AccountId,
			/// zCDP `rho` (millionths) charged to the dataset.
			rho_charged: Rho,
		},
		/// A clinic published its mask keys for a securely aggregated round.
		MaskKeysPublished {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// The dataset.
			dataset: DatasetId,
			/// Its participant index in the round.
			index: u32,
			/// The keys.
			keys: ParticipantKeys,
		},
		/// A clinic dealt the encrypted shares of its mask secrets.
		MaskSharesDealt {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// The dataset.
			dataset: DatasetId,
		},
		/// A clinic revealed its masked weighted update; the dataset's privacy budget paid for
		/// its part of the sum.
		MaskedUpdateRevealed {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// The dataset.
			dataset: DatasetId,
			/// zCDP `rho` (millionths) charged to the dataset.
			rho_charged: Rho,
		},
		/// A clinic revealed its shares for unmasking, each matching its dealer's commitment.
		UnmaskingSharesRevealed {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// The holder's dataset.
			dataset: DatasetId,
		},
		/// A phase of a securely aggregated round ended early because everyone it waited for
		/// was done: the next phase starts at `from`.
		SecurePhaseOpened {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// The phase that starts.
			phase: RoundPhase,
			/// Its first block.
			from: BlockNumberFor<T>,
		},
		/// A revealed update was left out of its round: the researcher's grant on the dataset
		/// was no longer live at the close.
		ContributionExcluded {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// The dataset.
			dataset: DatasetId,
		},
		/// A round aggregated into a new global model.
		RoundAggregated {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// The new model's version.
			version: ModelVersion,
			/// The new model's hash.
			model_hash: Hash32,
			/// The datasets whose updates made it.
			contributors: DatasetsOf<T>,
			/// Their examples in total.
			samples: u64,
			/// Datasets that committed but did not reveal.
			not_revealed: DatasetsOf<T>,
		},
		/// A round closed without a new model; the next opens unless the task ended.
		RoundFailed {
			/// The task.
			task: TaskId,
			/// The round.
			round: RoundNumber,
			/// Why.
			reason: RoundFailure,
			/// Datasets that committed but did not reveal.
			not_revealed: DatasetsOf<T>,
		},
		/// Every round the task asked for aggregated.
		TaskCompleted {
			/// The task.
			task: TaskId,
			/// The final model's version.
			version: ModelVersion,
			/// The final model's hash.
			model_hash: Hash32,
		},
		/// Too many rounds in a row failed, or too few datasets remain to reach the quorum (the
		/// round's `RoundFailed` says which); the task ended.
		TaskFailed {
			/// The task.
			task: TaskId,
			/// The last round.
			round: RoundNumber,
			/// Failed rounds in a row.
			consecutive_failures: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// Only an active researcher of the consortium may create a task. Ask the consortium
		/// to admit (or reinstate) the account as a researcher.
		NotAnActiveResearcher,
		/// The model spec fails `fl_core::ModelSpec::validate` (feature count, hidden units,
		/// zero epochs, batch size or learning rate, DP with zero clip or noise, or a
		/// normalisation without one positive-scale entry per feature). Fix the spec.
		InvalidSpec,
		/// The model has more parameters than `MaxParameters`. Choose a smaller model.
		TooManyParameters,
		/// The spec's encoding is longer than `MaxSpecLength` bytes. Use fewer features.
		SpecTooLong,
		/// A task needs at least two datasets. List at least two.
		TooFewDatasets,
		/// A dataset is listed twice. List each once.
		DuplicateDataset,
		/// No dataset has this id. Check the id with the data-access pallet.
		UnknownDataset,
		/// The number of rounds is zero or above `MaxRounds`. Choose between 1 and `MaxRounds`.
		InvalidRounds,
		/// The quorum is zero or above the number of datasets. Choose between 1 and the number
		/// of datasets.
		InvalidQuorum,
		/// A trimmed mean must keep at least one update at the quorum: `2 × trim_each_side`
		/// must be below the quorum. Trim less or raise the quorum.
		TrimTooLarge,
		/// A commit or reveal window is below `MIN_WINDOW` (2) blocks or above `MaxWindow`. A
		/// one-block window would let one block's author censor the round. Choose between 2 and
		/// `MaxWindow`.
		InvalidWindow,
		/// A trimmed mean must trim at least one update from each side, or it is a plain mean
		/// that one clinic can drag anywhere. Use `trim_each_side >= 1`, or FedAvg.
		TrimTooSmall,
		/// `max_update_norm_ppm` is zero. Every task bounds each update's L2 norm; choose a
		/// positive bound (e.g. `1_000_000` for a norm of 1).
		InvalidNormBound,
		/// Two listed datasets belong to one clinic: a clinic contributes once per task, so
		/// that holding several datasets does not give it several votes. List one dataset per
		/// clinic.
		ClinicListedTwice,
		/// A listed dataset's privacy policy requires differential privacy and the spec has
		/// none (`privacy: None`). Give the spec DP-SGD settings that meet the policy (see
		/// `dataAccess.datasets(id).privacyPolicy`).
		PrivacyRequired,
		/// The spec's noise multiplier is below a listed dataset's `min_noise_multiplier_ppm`.
		/// Raise the noise multiplier to the policy's floor.
		NoiseBelowPolicy,
		/// The spec's clipping bound is above a listed dataset's `max_clip_norm_ppm`. Clip
		/// tighter.
		ClipNormAbovePolicy,
		/// One round would spend more `rho` of a listed dataset than its policy's
		/// `max_rho_per_round` (at `min(max_samples, record count)` examples, histogram
		/// included). Use more noise, fewer epochs, or a larger batch.
		RoundRhoAbovePolicy,
		/// `max_samples`, or a listed dataset's record count, is below the dataset's
		/// `min_cohort`: no update of the task could be trained on enough rows. Allow at least
		/// `min_cohort` samples, or leave the dataset out.
		CohortBelowPolicy,
		/// The training a round asks of a clinic (examples × epochs × parameters) is above
		/// `MaxTrainingWork`. Use fewer epochs, a smaller model, or fewer samples per round.
		TrainingWorkTooLarge,
		/// `max_samples` is zero. Allow at least one example per round.
		InvalidMaxSamples,
		/// The researcher holds no live grant on a listed dataset for this task's algorithm
		/// hash (`FederatedLearningApi::task_algorithm` of the spec, rounds, `max_samples`,
		/// `max_update_norm_ppm` and rule) and the task's purpose. Request access for exactly
		/// that hash and purpose, and wait for the clinic's grant.
		NoLiveGrant,
		/// A listed dataset's remaining privacy budget cannot pay for every round the task may
		/// run (its rounds × `MaxConsecutiveFailures`, since failed rounds are charged too) at
		/// `min(max_samples, record count)` examples. Ask for fewer rounds or samples, or a
		/// larger DP noise multiplier.
		InsufficientPrivacyBudget,
		/// `MaxOpenTasks` tasks are running. Wait until one ends.
		TooManyOpenTasks,
		/// No task has this id. Check the id (see `FederatedLearningApi::tasks`).
		UnknownTask,
		/// The task has ended (completed or failed). Nothing more can be submitted to it.
		TaskNotRunning,
		/// The round given is not the task's open round. Read the open round from the task and
		/// submit for it.
		WrongRound,
		/// The task does not list this dataset. Submit for a listed dataset.
		DatasetNotInTask,
		/// Only the dataset's clinic, or the worker account it registered
		/// (`consortium.setWorker`), may commit or reveal for it. Sign with one of those.
		NotDatasetClinic,
		/// The researcher's grant on this dataset is no longer live, so the dataset may not be
		/// used for the task. The researcher must obtain a new grant.
		GrantNotLive,
		/// The commit phase of this round is over. Commit in the next round, earlier.
		CommitPhaseOver,
		/// This dataset already committed for this round. A commitment cannot be changed.
		AlreadyCommitted,
		/// A commitment must count at least one example. Train on at least one consented row.
		ZeroSamples,
		/// The sample count is below the dataset's `min_cohort`: an update of so few rows would
		/// say too much about each. Train on at least `min_cohort` consented rows, or do not
		/// take part in the round.
		CohortTooSmall,
		/// The sample count is above the dataset's registered record count: a clinic cannot
		/// weigh more in FedAvg than its dataset holds. Declare the rows actually trained on.
		SamplesAboveRecordCount,
		/// Another dataset already committed this update hash in this round: a copied
		/// commitment. Commit to your own update.
		DuplicateCommitment,
		/// The dataset was dropped from this task after `MAX_MISSED_REVEALS` rounds in which
		/// it committed and did not reveal. It takes no further part in the task.
		DatasetDropped,
		/// The sample count is above the task's `max_samples`. Train on at most `max_samples`
		/// rows.
		TooManySamples,
		/// The reveal phase has not begun: reveals wait until every participant committed or
		/// the commit window ended, so that no clinic can copy another. Reveal from
		/// `reveal_from`.
		RevealPhaseNotStarted,
		/// The reveal window is over. The round closes at the start of the next block.
		RevealPhaseOver,
		/// This dataset did not commit for this round, so there is nothing to reveal.
		NotCommitted,
		/// This dataset already revealed for this round.
		AlreadyRevealed,
		/// `commitment_hash` of the update and salt in this commitment's context (chain, task,
		/// round, dataset, clinic) differs from the committed hash: the update or the salt is
		/// not the one committed to, or the commitment was made for another context. Reveal
		/// exactly what was committed.
		CommitmentMismatch,
		/// The update's length differs from the model's parameter count. Reveal one value per
		/// parameter.
		UpdateLengthMismatch,
		/// The update's L2 norm exceeds the task's bound: `max_update_norm_ppm`, or under DP
		/// the bound clipping sets if smaller (`update_norm_bound`). Clip the update to the
		/// bound before committing.
		UpdateOutOfBounds,
		/// The dataset's privacy budget cannot pay for this commitment's score histogram or
		/// this reveal. Nothing was charged; the dataset cannot take part in further rounds.
		PrivacyBudgetExhausted,
		/// The clinic is still an active clinic of the consortium: its datasets stay in their
		/// tasks. Remove or suspend the clinic first (a council motion in the consortium
		/// pallet).
		ClinicStillActive,
		/// No running task lists a dataset of this clinic that still takes part: there is
		/// nothing to withdraw. Check the clinic's account, or whether it was withdrawn already.
		NotInRunningTask,
		/// The task does not use secure aggregation (its rule is not `SecureFedAvg`): there are
		/// no mask keys, shares or masked updates to submit. Commit and reveal in the clear.
		NotSecureTask,
		/// Secure aggregation takes at most 64 datasets
		/// (`fl_core::secure_aggregation::MAX_SECURE_PARTICIPANTS`): its sum of weighted
		/// updates must stay exact. List fewer datasets.
		TooManyDatasetsForSecureAggregation,
		/// Krum, multi-Krum and secure aggregation read every update whole in the block that
		/// closes a round, so their tasks must be compact: at most `MaxCompactParticipants`
		/// datasets and `MaxCompactParameters` parameters (runtime constants). Use FedAvg,
		/// median or trimmed mean, whose rounds close chunk by chunk at any size, or a smaller
		/// task.
		RuleNeedsCompactTask,
		/// The reveal window cannot hold this task's reveals: a block takes at most
		/// `MaxRevealBytesPerBlock` bytes of reveals (a runtime constant), so `p` reveals of
		/// `n` parameters need ⌈p / ⌊MaxRevealBytesPerBlock / (4n + 1,024)⌋⌉ blocks (8n for a
		/// secure task), and the window must be at least one block longer, or the last
		/// clinics could not reveal in time and would be counted as missing. Lengthen
		/// `reveal_window`, or list fewer datasets.
		RevealWindowTooShort,
		/// A listed dataset's clinic requires secure aggregation
		/// (`dataAccess.secureAggregationRequired`): no update of its may be revealed in the
		/// clear, so median and trimmed mean (which need every update) and clear FedAvg are
		/// refused. Use the rule `SecureFedAvg`, or leave the dataset out.
		SecureAggregationRequired,
		/// The task uses secure aggregation: its updates are revealed masked
		/// (`revealMaskedUpdate`), never in the clear.
		SecureTaskRevealsMasked,
		/// The keys phase of this round is over: mask keys are accepted only before
		/// `shares_from` (`federatedLearning.secureRounds`). Take part in the next round.
		KeysPhaseOver,
		/// This dataset already published its mask keys for this round. Keys cannot change.
		MaskKeysAlreadyPublished,
		/// A mask or transport key is a low-order X25519 point, with which every key agreement
		/// is predictable. Publish the keys `fl_core::secure_aggregation::MaskKeys` derives.
		WeakMaskKey,
		/// Another participant of this round already published this mask or transport key.
		/// Keys are fresh per clinic and round; derive your own.
		DuplicateMaskKey,
		/// The shares phase has not begun: shares are dealt once the keys phase is over and
		/// every participant's keys are known. Deal from `shares_from`.
		SharesPhaseNotStarted,
		/// The shares phase is over: shares are accepted only before `commit_from`. Take part in
		/// the next round.
		SharesPhaseOver,
		/// This dataset did not publish mask keys for this round, so it is not a participant of
		/// its secure aggregation. Take part in the next round from its keys phase.
		NoMaskKeys,
		/// This dataset already dealt its shares for this round.
		SharesAlreadyDealt,
		/// The shares list does not hold one entry per participant in participant order
		/// (entry `i` for recipient `i`, as `fl_core::secure_aggregation::deal_shares` makes
		/// it). Deal to every participant that published keys.
		WrongShareCount,
		/// The commit phase of this securely aggregated round has not begun: commitments wait
		/// until every participant has dealt its shares. Commit from `commit_from`.
		CommitPhaseNotStarted,
		/// Not every participant of this securely aggregated round dealt its shares, so no
		/// one's pairwise masks could be removed if it dropped out: the round takes no
		/// commitment and will fail. Take part in the next round.
		DealingIncomplete,
		/// The unmasking phase has not begun: shares for unmasking are revealed once the set of
		/// masked updates is final. Reveal from `unmask_from`.
		UnmaskPhaseNotStarted,
		/// This dataset already revealed its shares for unmasking in this round.
		UnmaskingSharesAlreadyRevealed,
		/// A revealed share does not match the commitment its dealer published for this
		/// holder and secret (or is another round's, dealer's or kind's): a wrong share.
		/// Reveal the shares exactly as decrypted, each of the secret the round asks for (the
		/// self-mask of a survivor, the mask key of a clinic that dropped out).
		ShareMismatch,
		/// The spec shares its DP noise among the clinics (`privacy.noise: Distributed`), but
		/// the rule is not `SecureFedAvg`: shared noise protects only a securely aggregated sum,
		/// never an update in the clear. Use `SecureFedAvg`, or `noise: Local`.
		DistributedNoiseNeedsSecureAggregation,
		/// The spec shares its DP noise among the clinics, but a round would be more than one
		/// full-batch step per clinic (`training.epochs` above 1, or `training.batchSize`
		/// below the task's `maxSamples`): the charge of shared noise holds for one step only.
		/// Set `epochs` to 1 and `batchSize` to at least `maxSamples`, or use `noise: Local`.
		DistributedNoiseNeedsOneStep,
		/// The spec shares its DP noise among the clinics, but each clinic's share would be
		/// too small for the sum to be the discrete Gaussian the charge assumes
		/// (`fl_core::dp::distributed_noise_large_enough`). Raise the noise multiplier, the
		/// learning rate or the clipping bound.
		DistributedNoiseTooSmall,
		/// Every task id has been given out (2^64 of them): no task can be created any more.
		/// Ids are never reused, so that a task's id names it for good.
		TaskIdsExhausted,
		/// The spec's study question is malformed: no feature column or more than 64, a
		/// column listed twice (or the outcome also a feature), or a one-hot encoding without
		/// levels or with a level twice.
		InvalidQuestion,
		/// The architecture's `features` is not the number of inputs the question encodes to
		/// (one per numeric or boolean column, one per one-hot level, one per missing
		/// indicator), or, without a question, not the IVF default's 19.
		QuestionWidthMismatch,
		/// The spec's server optimiser has a zero learning rate, a decay of 1,000,000 ppm
		/// (one) or more, or a zero `tau`.
		InvalidServerOptimiser,
		/// The spec asks a study question but a listed dataset has declared no schema
		/// (`dataAccess.declareSchema`), so nothing says it holds the question's columns. Ask
		/// its clinic to declare one, or leave the dataset out.
		DatasetHasNoSchema,
		/// The spec has no study question (the IVF default: 19 inputs from the IVF cycle
		/// columns, live birth as outcome) but a listed dataset declared a schema without those
		/// columns. Ask your question explicitly, with the dataset's own columns.
		DatasetNotIvfShaped,
		/// A listed dataset's schema has no column of the outcome's name.
		OutcomeColumnMissing,
		/// The outcome's event does not fit its column in a listed dataset's schema (`IsTrue`
		/// needs a boolean column, `IsLevel` a categorical column with that level,
		/// `AtLeastMilli` a numeric column).
		OutcomeTypeMismatch,
		/// A listed dataset's schema has no column of a feature's name. The dataset's schema
		/// is readable with the `dataAccess` runtime API `dataset_schema`.
		FeatureColumnMissing,
		/// A feature's encoding does not fit its column in a listed dataset's schema (`Numeric`
		/// needs a numeric or date column, `Boolean` a boolean column, `OneHot` a categorical
		/// column with every listed level).
		FeatureTypeMismatch,
		/// Krum needs more clinics than it may discard: the quorum must be at least
		/// `2 * byzantine + 3`, so that every aggregated round scores each update against
		/// enough neighbours. Raise the quorum (and the datasets) or lower `byzantine`.
		KrumQuorumTooSmall,
		/// Multi-Krum's `selected` is zero or more than `quorum - byzantine`: it must average
		/// at least one update and never one of the `byzantine` it discards.
		KrumSelectionInvalid,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Closes due rounds before any extrinsic of the block, and returns the weight of the
		/// scan and of each close: at most `MaxClosesPerBlock`, and no more than fit in
		/// [`Pallet::initialize_budget`] (a secure close at the bounds costs several clear
		/// ones, and every close reads all its updates into the block's proof); the first due
		/// round always closes, and the others wait a block.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let open = OpenRounds::<T>::get();
			let mut budget = CloseBudget::new(
				T::WeightInfo::scan_open_rounds(open.len() as u32),
				Self::initialize_budget(),
			);
			// Rounds closing over several blocks go first: they fell due earlier.
			let closing: Vec<TaskId> = Closing::<T>::iter_keys().collect();
			budget.spend(T::DbWeight::get().reads(closing.len() as u64 + 1));
			for task in closing {
				if budget.exhausted() {
					return budget.used();
				}
				Self::continue_close(task, now, &mut budget);
			}
			budget.spend(T::DbWeight::get().reads(open.len() as u64));
			let due: Vec<(TaskId, RoundNumber)> = open
				.iter()
				.filter(|r| r.is_due(&now) && !Closing::<T>::contains_key(r.task))
				.take(T::MaxClosesPerBlock::get() as usize)
				.map(|r| (r.task, r.round))
				.collect();
			for (task_id, round) in due {
				budget.spend(T::DbWeight::get().reads(1));
				let Some(task) = Tasks::<T>::get(task_id) else {
					// Unreachable while the index and the records agree: `close_round` drops
					// the stray entry.
					Self::close_round(task_id, round, now);
					continue;
				};
				// Krum and secure aggregation (compact tasks only) close whole, in one unit;
				// the other rules in steps, which take from the budget as they run.
				let whole = !task.rule.is_coordinate_wise();
				let cost =
					if whole { Self::close_weight_of(&task) } else { T::DbWeight::get().writes(1) };
				if !budget.take(cost) {
					break;
				}
				if whole {
					Self::close_round(task_id, round, now);
				} else {
					Self::begin_close(task_id, round);
					Self::continue_close(task_id, now, &mut budget);
				}
			}
			budget.used()
		}

		/// Takes part in every open round of a task that lists a dataset whose clinic key is
		/// in this node's keystore: see [`offchain`].
		fn offchain_worker(now: BlockNumberFor<T>) {
			offchain::run::<T>(now);
		}

		/// The invariants of `try_state.rs`, on a live chain's state.
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		#[cfg(feature = "std")]
		fn integrity_test() {
			assert!(T::MaxParticipants::get() >= 2, "a task needs room for two datasets");
			assert!(T::MaxRoundsKept::get() >= 1, "replay needs at least one retained round");
			assert!(T::MaxConsecutiveFailures::get() >= 1, "a task must survive one failure");
			assert!(T::MaxClosesPerBlock::get() >= 1, "due rounds must close");
			assert!(T::UpdateChunkLength::get() >= 1, "updates are stored in chunks of values");
			assert!(
				T::MaxCompactParticipants::get() <= T::MaxParticipants::get()
					&& T::MaxCompactParameters::get() <= T::MaxParameters::get(),
				"compact tasks are a subset of all tasks"
			);
			assert!(
				T::MaxRevealBytesPerBlock::get()
					>= T::MaxParameters::get().saturating_mul(8) + 1024,
				"the largest reveal, masked (8 bytes a value), fits one block's reveal space"
			);
			assert!(
				T::MaxWindow::get() >= MIN_WINDOW.into(),
				"windows of MIN_WINDOW blocks must be allowed"
			);
			assert!(
				T::MaxParameters::get() as usize <= fl_core::aggregate::MAX_PARAMETERS
					&& T::MaxParticipants::get() as usize <= fl_core::aggregate::MAX_UPDATES,
				"fl-core must accept every aggregation the bounds allow"
			);
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Create a training task and open its first round.
		///
		/// ## Origin
		///
		/// Signed by an active researcher.
		///
		/// ## Details
		///
		/// - `spec`: the model, its training and DP settings (`spec.privacy`, or `None` for no
		///   DP), the feature normalisation and the initial-model seed. Its id
		///   (`blake2_256(SCALE(spec))`) is the algorithm hash the grants must name.
		/// - `purpose`: the research purpose the grants were given for.
		/// - `datasets`: at least two distinct datasets, at most `MaxParticipants`.
		/// - `params`: rounds, quorum, commit and reveal windows in blocks, and `max_samples`,
		///   the most examples a clinic trains on per round.
		/// - `rule`: FedAvg, median, or trimmed mean.
		///
		/// The researcher must hold a live grant on every dataset for the task's algorithm hash
		/// ([`task_algorithm`] of the spec id, rounds, `max_samples`, `max_update_norm_ppm` and
		/// rule: runtime API `FederatedLearningApi::task_algorithm`) and the purpose; the
		/// datasets must belong to distinct clinics; the task must meet every dataset's privacy
		/// policy (DP when required, noise, clipping, `rho` per round,
		/// cohort floor) and `MaxTrainingWork`; and under DP every dataset's remaining budget
		/// must cover `rounds × MaxConsecutiveFailures` rounds at `min(max_samples, record
		/// count)` examples, the most rounds a task can run. Stores the spec's initial model as
		/// version 0 and opens round 1 with its commit phase at once.
		///
		/// Emits [`Event::TaskCreated`] and [`Event::RoundOpened`].
		///
		/// ## Errors
		///
		/// [`Error::NotAnActiveResearcher`], [`Error::InvalidSpec`], [`Error::TooManyParameters`],
		/// [`Error::SpecTooLong`], [`Error::TooFewDatasets`], [`Error::DuplicateDataset`],
		/// [`Error::InvalidRounds`], [`Error::InvalidQuorum`], [`Error::TrimTooLarge`],
		/// [`Error::TrimTooSmall`], [`Error::InvalidWindow`], [`Error::InvalidMaxSamples`],
		/// [`Error::InvalidNormBound`], [`Error::TooManyOpenTasks`], [`Error::UnknownDataset`],
		/// [`Error::ClinicListedTwice`], [`Error::NoLiveGrant`], [`Error::PrivacyRequired`],
		/// [`Error::NoiseBelowPolicy`], [`Error::ClipNormAbovePolicy`],
		/// [`Error::CohortBelowPolicy`], [`Error::RoundRhoAbovePolicy`],
		/// [`Error::TrainingWorkTooLarge`], [`Error::InsufficientPrivacyBudget`],
		/// [`Error::TooManyDatasetsForSecureAggregation`], [`Error::RuleNeedsCompactTask`],
		/// [`Error::RevealWindowTooShort`],
		/// [`Error::SecureAggregationRequired`],
		/// [`Error::DistributedNoiseNeedsSecureAggregation`],
		/// [`Error::DistributedNoiseNeedsOneStep`], [`Error::DistributedNoiseTooSmall`],
		/// [`Error::KrumQuorumTooSmall`], [`Error::KrumSelectionInvalid`];
		/// the study question: [`Error::InvalidQuestion`], [`Error::QuestionWidthMismatch`],
		/// [`Error::InvalidServerOptimiser`], [`Error::DatasetHasNoSchema`],
		/// [`Error::DatasetNotIvfShaped`], [`Error::OutcomeColumnMissing`],
		/// [`Error::OutcomeTypeMismatch`], [`Error::FeatureColumnMissing`],
		/// [`Error::FeatureTypeMismatch`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_task(
			datasets.len() as u32,
			spec.architecture
				.parameter_count()
				.map_or(T::MaxParameters::get(), |n| (n as u32).min(T::MaxParameters::get())),
		)
		.saturating_add(Pallet::<T>::schema_check_weight(
			datasets.len() as u32,
			spec.encoded_size() as u32,
		)))]
		pub fn create_task(
			origin: OriginFor<T>,
			spec: ModelSpec,
			purpose: ResearchPurpose,
			datasets: DatasetsOf<T>,
			params: TaskParams<BlockNumberFor<T>>,
			rule: AggregationRule,
		) -> DispatchResult {
			let researcher = ensure_signed(origin)?;
			ensure!(T::Membership::is_researcher(&researcher), Error::<T>::NotAnActiveResearcher);

			let parameter_count = spec.parameter_count().map_err(Self::spec_error)?;
			ensure!(
				spec.question.is_some()
					|| spec.architecture.features() == fl_core::features::FEATURE_COUNT,
				Error::<T>::QuestionWidthMismatch
			);
			ensure!(
				parameter_count <= T::MaxParameters::get() as usize,
				Error::<T>::TooManyParameters
			);
			let encoded: BoundedVec<u8, T::MaxSpecLength> =
				spec.encode().try_into().map_err(|_| Error::<T>::SpecTooLong)?;
			Self::check_params(&datasets, &params, rule)?;
			ensure!(
				rule.is_coordinate_wise()
					|| Self::is_compact(datasets.len() as u32, parameter_count as u32),
				Error::<T>::RuleNeedsCompactTask
			);
			let reveal_blocks = Self::reveal_blocks(
				datasets.len() as u32,
				parameter_count as u32,
				rule.is_secure(),
			);
			ensure!(
				params.reveal_window >= reveal_blocks.saturating_add(1).max(MIN_WINDOW).into(),
				Error::<T>::RevealWindowTooShort
			);
			Self::check_distributed_noise(&spec, &params, rule)?;
			ensure!(!OpenRounds::<T>::get().is_full(), Error::<T>::TooManyOpenTasks);

			let spec_id = spec.id();
			let algorithm = task_algorithm(&spec_id, &params, &rule);
			let most_rounds_run =
				params.rounds.saturating_mul(T::MaxConsecutiveFailures::get()) as Rho;
			let mut participants: Vec<Participant<T::AccountId>> =
				Vec::with_capacity(datasets.len());
			for &dataset in datasets.iter() {
				let terms =
					T::DataAccess::training_terms(dataset).ok_or(Error::<T>::UnknownDataset)?;
				ensure!(
					!participants.iter().any(|p| p.clinic == terms.clinic),
					Error::<T>::ClinicListedTwice
				);
				// Whether the dataset can answer the question is public (its schema is): say
				// so before whether the researcher may ask it.
				Self::ensure_schema_answers(dataset, spec.question.as_ref())?;
				ensure!(
					T::DataAccess::has_live_grant(&researcher, dataset, &algorithm, &purpose),
					Error::<T>::NoLiveGrant
				);
				ensure!(
					rule.is_secure() || !terms.secure_aggregation_required,
					Error::<T>::SecureAggregationRequired
				);
				let samples = params.max_samples.min(terms.record_count);
				let round_cost = Self::ensure_policy_met(&spec, &params, &terms, samples)?;
				ensure!(
					(samples as u64)
						.saturating_mul(spec.training.epochs as u64)
						.saturating_mul(parameter_count as u64)
						<= T::MaxTrainingWork::get(),
					Error::<T>::TrainingWorkTooLarge
				);
				ensure!(
					T::DataAccess::remaining_privacy_budget(dataset).is_some_and(|remaining| {
						remaining >= round_cost.saturating_mul(most_rounds_run)
					}),
					Error::<T>::InsufficientPrivacyBudget
				);
				participants.push(Participant {
					dataset,
					clinic: terms.clinic,
					missed_reveals: 0,
					dropped_after: None,
				});
			}
			let initial: ParametersOf<T> = spec
				.initial_global_model()
				.map_err(|_| Error::<T>::InvalidSpec)?
				.try_into()
				.map_err(|_| Error::<T>::TooManyParameters)?;

			let id = NextTaskId::<T>::get();
			let next_id = id.checked_add(1).ok_or(Error::<T>::TaskIdsExhausted)?;
			let now = frame_system::Pallet::<T>::block_number();
			let mut task = TaskOf::<T> {
				researcher: researcher.clone(),
				spec: encoded,
				spec_id,
				algorithm,
				parameter_count: parameter_count as u32,
				purpose,
				participants: BoundedVec::truncate_from(participants),
				params,
				rule,
				status: TaskStatus::Running,
				round: 0,
				aggregated_rounds: 0,
				consecutive_failures: 0,
				model_version: 0,
				created_at: now,
			};
			NextTaskId::<T>::put(next_id);
			if spec.server_optimiser != ServerOptimiser::Sgd {
				TaskOptimisers::<T>::insert(id, spec.server_optimiser);
			}
			Models::<T>::insert(
				id,
				0,
				ModelOf::<T> { hash: model_hash(&initial), parameters: initial, round: 0 },
			);
			Self::deposit_event(Event::TaskCreated {
				task: id,
				researcher,
				spec_id,
				algorithm,
				datasets,
				params,
				rule,
			});
			let entry = Self::open_next_round(id, &mut task, now);
			OpenRounds::<T>::mutate(|open| open.try_push(entry))
				.map_err(|_| Error::<T>::TooManyOpenTasks)?;
			Tasks::<T>::insert(id, task);
			Ok(())
		}

		/// Commit to a dataset's update for the open round.
		///
		/// ## Origin
		///
		/// Signed by the dataset's clinic or its registered worker account (its node's
		/// off-chain worker does this by itself, with the worker key).
		///
		/// ## Details
		///
		/// `commitment` carries `update_hash` ([`commitment_hash`] of the update and salt in
		/// the context of this chain, task, round, dataset and clinic), the sample count (at
		/// least the dataset's `min_cohort`, at most its record count and `max_samples`), the
		/// cohort hash (see [`cohort_hash`]) and the clinic's score histogram of the round's
		/// starting model ([`ScoreHistogram`]), whose release is charged to the dataset's budget
		/// under DP. An update hash another dataset already committed in the round is refused.
		/// Accepted during the commit phase, once per dataset and round, while the
		/// researcher's grant is live. When the last active participant commits, the reveal
		/// phase starts at the next block.
		///
		/// The commitment's content is checked before the phase, so a forged commitment is
		/// refused by what is wrong with it even after the clinic's own worker committed.
		///
		/// Emits [`Event::UpdateCommitted`], and [`Event::RevealPhaseOpened`] after the last
		/// participant's commitment.
		///
		/// ## Errors
		///
		/// [`Error::UnknownTask`], [`Error::TaskNotRunning`], [`Error::WrongRound`],
		/// [`Error::DatasetNotInTask`], [`Error::NotDatasetClinic`], [`Error::DatasetDropped`],
		/// [`Error::UnknownDataset`], [`Error::ZeroSamples`], [`Error::CohortTooSmall`],
		/// [`Error::SamplesAboveRecordCount`], [`Error::TooManySamples`],
		/// [`Error::DuplicateCommitment`], [`Error::CommitPhaseOver`],
		/// [`Error::AlreadyCommitted`], [`Error::GrantNotLive`],
		/// [`Error::PrivacyBudgetExhausted`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::commit_update(T::MaxParticipants::get()))]
		pub fn commit_update(
			origin: OriginFor<T>,
			task: TaskId,
			round: RoundNumber,
			dataset: DatasetId,
			commitment: Commitment,
		) -> DispatchResult {
			let clinic = Self::clinic_of_signer(origin)?;
			let record = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
			Self::ensure_submitter(&record, round, dataset, &clinic)?;
			let terms = T::DataAccess::training_terms(dataset).ok_or(Error::<T>::UnknownDataset)?;
			ensure!(commitment.samples > 0, Error::<T>::ZeroSamples);
			ensure!(
				commitment.samples >= terms.privacy_policy.min_cohort,
				Error::<T>::CohortTooSmall
			);
			ensure!(commitment.samples <= terms.record_count, Error::<T>::SamplesAboveRecordCount);
			ensure!(commitment.samples <= record.params.max_samples, Error::<T>::TooManySamples);
			let mut state = Rounds::<T>::get(task, round).ok_or(Error::<T>::WrongRound)?;
			ensure!(
				!state
					.contributions
					.iter()
					.any(|c| c.dataset != dataset
						&& c.commitment.update_hash == commitment.update_hash),
				Error::<T>::DuplicateCommitment
			);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now < state.reveal_from, Error::<T>::CommitPhaseOver);
			let secure =
				Self::secure_commit_check(&record, task, round, dataset, commitment.samples, now)?;
			ensure!(
				!state.contributions.iter().any(|c| c.dataset == dataset),
				Error::<T>::AlreadyCommitted
			);
			ensure!(
				T::DataAccess::has_live_grant(
					&record.researcher,
					dataset,
					&record.algorithm,
					&record.purpose
				),
				Error::<T>::GrantNotLive
			);
			let spec = record.model_spec().ok_or(Error::<T>::InvalidSpec)?;
			let histogram_rho = Self::histogram_rho(&spec).ok_or(Error::<T>::InvalidSpec)?;

			// The only write that can fail comes first, and changes nothing when it does.
			if !histogram_rho.is_zero() {
				T::DataAccess::charge_privacy_budget(dataset, histogram_rho)
					.map_err(|_| Error::<T>::PrivacyBudgetExhausted)?;
			}
			// Cannot fail: a round holds one contribution per participant at most, and a task
			// has at most `MaxParticipants` participants.
			state
				.contributions
				.try_push(Contribution {
					dataset,
					commitment,
					state: ContributionState::Committed,
					rho_charged: histogram_rho,
				})
				.map_err(|_| Error::<T>::AlreadyCommitted)?;
			// In a securely aggregated round, the participants are those that dealt shares.
			let expected = secure.as_ref().map_or(record.active_participants(), |s| s.dealt.len());
			let everyone = state.committed_count() >= expected;
			let next = now.saturating_add(One::one());
			if everyone && next < state.reveal_from {
				state.reveal_from = next;
			}
			match secure {
				Some(secure) => {
					Self::refresh_secure_entry(task, &state, &secure);
				},
				None => Self::update_open_round(task, |entry| {
					entry.committed = state.contributions.len() as u32;
					entry.reveal_from = state.reveal_from;
				}),
			}
			let reveal_from = state.reveal_from;
			Rounds::<T>::insert(task, round, state);
			Self::deposit_event(Event::UpdateCommitted {
				task,
				round,
				dataset,
				clinic,
				commitment,
				rho_charged: histogram_rho,
			});
			if everyone {
				Self::deposit_event(Event::RevealPhaseOpened { task, round, reveal_from });
			}
			Ok(())
		}

		/// Reveal a dataset's committed update and its salt.
		///
		/// ## Origin
		///
		/// Signed by the dataset's clinic or its registered worker account (its node's
		/// off-chain worker does this by itself, with the worker key).
		///
		/// ## Details
		///
		/// Accepted during the reveal phase, once per committed dataset. The chain checks
		/// that [`commitment_hash`] of the update and salt in this chain, task, round, dataset
		/// and clinic is the committed hash, that the update has one value per model
		/// parameter, that its L2 norm is within the task's bound ([`update_norm_bound`]: the
		/// task's `max_update_norm_ppm`, or the tighter bound DP clipping sets), and that the
		/// researcher's grant is still live; then it charges the dataset's privacy budget
		/// `round_rho(samples)` (the update becomes public now) and stores the update for the
		/// round's aggregation. The reveal of the last committed dataset of a compact round
		/// closes it in the same dispatch when that costs at most [`INLINE_CLOSE_SHARE`] of a
		/// block (aggregating it and opening the next round), so a small round with every
		/// clinic up takes two blocks: commitments in one, reveals in the next. The weight
		/// charged reserves that share, and refunds it unless this reveal closed its round.
		/// Any other round closes from the next block's start, in steps ([`chunked`]). A block
		/// takes at most `MaxRevealBytesPerBlock` of reveals ([`CheckRevealSpace`]); the others
		/// wait in the pool for the next blocks.
		///
		/// Emits [`Event::UpdateRevealed`] (and, when last, the events of the close).
		///
		/// ## Errors
		///
		/// [`Error::UnknownTask`], [`Error::TaskNotRunning`], [`Error::WrongRound`],
		/// [`Error::DatasetNotInTask`], [`Error::NotDatasetClinic`],
		/// [`Error::RevealPhaseNotStarted`], [`Error::RevealPhaseOver`],
		/// [`Error::NotCommitted`], [`Error::AlreadyRevealed`],
		/// [`Error::UpdateLengthMismatch`], [`Error::CommitmentMismatch`],
		/// [`Error::UpdateOutOfBounds`], [`Error::GrantNotLive`],
		/// [`Error::PrivacyBudgetExhausted`].
		#[pallet::call_index(2)]
		#[pallet::weight(Pallet::<T>::reveal_weight(update.len() as u32)
			.saturating_add(Pallet::<T>::inline_close_budget()))]
		pub fn reveal_update(
			origin: OriginFor<T>,
			task: TaskId,
			round: RoundNumber,
			dataset: DatasetId,
			update: ParametersOf<T>,
			salt: Hash32,
		) -> DispatchResultWithPostInfo {
			let clinic = Self::clinic_of_signer(origin)?;
			let record = Tasks::<T>::get(task).ok_or(Error::<T>::UnknownTask)?;
			Self::ensure_submitter(&record, round, dataset, &clinic)?;
			ensure!(!record.rule.is_secure(), Error::<T>::SecureTaskRevealsMasked);
			let context = Self::commitment_context(task, round, dataset, &clinic);
			let opened = (update.len(), |c: &_| commitment_hash(c, &update, &salt));
			let (mut state, now) =
				Self::round_to_reveal(&context, |s| s.close_at, &record, opened)?;
			let spec = record.model_spec().ok_or(Error::<T>::InvalidSpec)?;
			ensure!(
				squared_norm(&update) <= update_norm_bound_squared(&spec, &record.params),
				Error::<T>::UpdateOutOfBounds
			);
			let rho = Self::charge_reveal(&record, &spec, &mut state, dataset)?;
			let revealed = state.revealed_count();
			let last = revealed == state.contributions.len() as u32;
			let parameters = update.len() as u32;
			Self::update_open_round(task, |entry| entry.revealed = revealed);
			Rounds::<T>::insert(task, round, state);
			Self::store_update(task, round, dataset, &update);
			Self::deposit_event(Event::UpdateRevealed {
				task,
				round,
				dataset,
				clinic,
				rho_charged: rho,
			});
			// The last reveal of a compact round closes it at once (and opens the next),
			// instead of the next block's `on_initialize`: a round takes one block less. Its
			// weight pays for the close; every other reveal is refunded that part. A larger
			// round closes over the next blocks (see `chunked`).
			let mut used = Self::reveal_weight(parameters);
			if last && Self::closes_inline(&record) {
				used.saturating_accrue(Self::close_round(task, round, now));
			}
			Ok(Some(used).into())
		}

		/// Withdraw a departed clinic's datasets from every running task.
		///
		/// ## Origin
		///
		/// [`Config::GovernanceOrigin`]: a council motion.
		///
		/// ## Details
		///
		/// For every running task that lists a dataset of `clinic` still taking part, the
		/// dataset is dropped from the task (`dropped_after` the round before the open one) and
		/// its contribution to the open round, if it committed, becomes
		/// [`ContributionState::Withdrawn`]: the round neither waits for nor counts it, and
		/// its update, if revealed, is not aggregated. What was charged to the dataset's
		/// privacy budget stays charged. The open round goes on with the other datasets: its
		/// reveal phase starts at the next block if all of them have committed, and it closes
		/// at the next block's start if all their commitments are revealed.
		///
		/// If fewer datasets than the task's quorum remain, the task ends at once as failed:
		/// the open round fails with [`RoundFailure::QuorumUnreachable`], and the other
		/// clinics' budgets are spared rounds that could only fail. Scans the at most
		/// `MaxOpenTasks` running tasks.
		///
		/// Emits [`Event::DatasetWithdrawn`] per task (with [`Event::RoundFailed`] and
		/// [`Event::TaskFailed`] for a task that ends, or [`Event::RevealPhaseOpened`] when the
		/// reveal phase starts early), then [`Event::DepartedClinicWithdrawn`].
		///
		/// ## Errors
		///
		/// `BadOrigin`, [`Error::ClinicStillActive`], [`Error::NotInRunningTask`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_departed_clinic(T::MaxOpenTasks::get())
			.saturating_add(Pallet::<T>::withdraw_from_closes_weight()))]
		pub fn withdraw_departed_clinic(
			origin: OriginFor<T>,
			clinic: T::AccountId,
		) -> DispatchResultWithPostInfo {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(!T::Membership::is_clinic(&clinic), Error::<T>::ClinicStillActive);
			let open = OpenRounds::<T>::get();
			let affected: Vec<(TaskId, TaskOf<T>)> = open
				.iter()
				.filter_map(|entry| Tasks::<T>::get(entry.task).map(|task| (entry.task, task)))
				.filter(|(_, task)| {
					task.status == TaskStatus::Running
						&& task
							.participants
							.iter()
							.any(|p| p.clinic == clinic && p.dropped_after.is_none())
				})
				.collect();
			ensure!(!affected.is_empty(), Error::<T>::NotInRunningTask);

			let now = frame_system::Pallet::<T>::block_number();
			let tasks = affected.len() as u32;
			let mut ended: u32 = 0;
			for (task_id, mut task) in affected {
				if Self::withdraw_clinic_from_task(task_id, &mut task, &clinic, now) {
					ended = ended.saturating_add(1);
				}
			}

			Self::deposit_event(Event::DepartedClinicWithdrawn { clinic, tasks, ended });
			Ok(Some(T::WeightInfo::withdraw_departed_clinic(open.len() as u32)).into())
		}

		/// Publish a dataset's mask keys for a securely aggregated round (rule
		/// `SecureFedAvg`).
		///
		/// ## Origin
		///
		/// Signed by the dataset's clinic or its registered worker account (its node's
		/// off-chain worker does this by itself).
		///
		/// ## Details
		///
		/// `keys` are the X25519 public keys of the clinic's round secrets
		/// (`fl_core::secure_aggregation::MaskKeys::public_keys`): the mask key agrees the
		/// pairwise masks, the transport key the keys that encrypt its shares. Accepted during
		/// the keys phase (before `shares_from`), once per dataset, while the researcher's grant
		/// is live. The dataset becomes the round's next participant index. When every active
		/// participant has published, the shares phase starts at the next block.
		///
		/// Emits [`Event::MaskKeysPublished`], and [`Event::SecurePhaseOpened`] after the last.
		///
		/// ## Errors
		///
		/// [`Error::UnknownTask`], [`Error::TaskNotRunning`], [`Error::WrongRound`],
		/// [`Error::DatasetNotInTask`], [`Error::NotDatasetClinic`], [`Error::DatasetDropped`],
		/// [`Error::NotSecureTask`], [`Error::KeysPhaseOver`],
		/// [`Error::MaskKeysAlreadyPublished`], [`Error::WeakMaskKey`],
		/// [`Error::DuplicateMaskKey`], [`Error::GrantNotLive`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::publish_mask_keys(T::MaxCompactParticipants::get()))]
		pub fn publish_mask_keys(
			origin: OriginFor<T>,
			task: TaskId,
			round: RoundNumber,
			dataset: DatasetId,
			keys: ParticipantKeys,
		) -> DispatchResult {
			let clinic = Self::clinic_of_signer(origin)?;
			Self::do_publish_mask_keys(clinic, task, round, dataset, keys)
		}

		/// Deal the encrypted shares of a dataset's round secrets to every participant of a
		/// securely aggregated round.
		///
		/// ## Origin
		///
		/// Signed by the dataset's clinic or its registered worker account.
		///
		/// ## Details
		///
		/// `shares` holds, for each participant in participant order (the dealer included),
		/// its Shamir share of the dealer's mask key secret and of its self-mask seed,
		/// ChaCha20-encrypted to the participant's transport key, each with its commitment
		/// (`fl_core::secure_aggregation::deal_shares`, threshold [`unmasking_threshold`] of
		/// the participant count). Accepted during the shares phase (`shares_from ..
		/// commit_from`), once per participant. When every participant has dealt, the commit
		/// phase starts at the next block. A participant that does not deal stops the round:
		/// its masks could not be removed, so no commitment is taken and the round fails
		/// ([`RoundFailure::SharesNotDealt`]).
		///
		/// Emits [`Event::MaskSharesDealt`], and [`Event::SecurePhaseOpened`] after the last.
		///
		/// ## Errors
		///
		/// As [`Pallet::publish_mask_keys`] for the task and the signer;
		/// [`Error::SharesPhaseNotStarted`], [`Error::SharesPhaseOver`], [`Error::NoMaskKeys`],
		/// [`Error::SharesAlreadyDealt`], [`Error::WrongShareCount`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::deal_mask_shares(T::MaxCompactParticipants::get()))]
		pub fn deal_mask_shares(
			origin: OriginFor<T>,
			task: TaskId,
			round: RoundNumber,
			dataset: DatasetId,
			shares: DealtSharesOf<T>,
		) -> DispatchResult {
			let clinic = Self::clinic_of_signer(origin)?;
			Self::do_deal_mask_shares(clinic, task, round, dataset, shares)
		}

		/// Reveal a dataset's masked weighted update for a securely aggregated round, and the
		/// salt of its commitment.
		///
		/// ## Origin
		///
		/// Signed by the dataset's clinic or its registered worker account.
		///
		/// ## Details
		///
		/// `masked` is `fl_core::secure_aggregation::mask` of the clinic's weighted update
		/// (sample count × quantised update): noise to everyone until the round's masks are
		/// removed from the sum. The chain checks that [`masked_commitment_hash`] of it and the
		/// salt is the committed hash, that it has one word per model parameter and that the
		/// grant is live, and charges the dataset's budget `round_rho(samples)`, as a clear
		/// reveal is charged. The norm of the update inside cannot be checked (the chain never
		/// sees it); the clinic's worker clips it. Accepted during the masked reveal phase
		/// (`reveal_from .. unmask_from`); when every committed dataset has revealed, the
		/// unmasking phase starts at the next block.
		///
		/// Emits [`Event::MaskedUpdateRevealed`], and [`Event::SecurePhaseOpened`] after the
		/// last.
		///
		/// ## Errors
		///
		/// As [`Pallet::reveal_update`], less `UpdateOutOfBounds`, plus
		/// [`Error::NotSecureTask`].
		#[pallet::call_index(6)]
		// A masked word is 8 bytes, a clear value 4: priced as a clear reveal of twice the length.
		#[pallet::weight(Pallet::<T>::reveal_weight((masked.len() as u32).saturating_mul(2)))]
		pub fn reveal_masked_update(
			origin: OriginFor<T>,
			task: TaskId,
			round: RoundNumber,
			dataset: DatasetId,
			masked: MaskedUpdateOf<T>,
			salt: Hash32,
		) -> DispatchResult {
			let clinic = Self::clinic_of_signer(origin)?;
			Self::do_reveal_masked_update(clinic, task, round, dataset, masked, salt)
		}

		/// Reveal a participant's shares for the unmasking of a securely aggregated round.
		///
		/// ## Origin
		///
		/// Signed by the dataset's clinic or its registered worker account.
		///
		/// ## Details
		///
		/// `shares` holds one decrypted share per participant in participant order: of the
		/// participant's self-mask seed if its masked update arrived (a survivor), of its mask
		/// key secret if not (it dropped out), never the other kind
		/// (`fl_core::secure_aggregation::shares_to_reveal`). Each is checked against the
		/// commitment its dealer published for this holder and kind. Accepted during the
		/// unmasking phase (`unmask_from .. close_at`), once per participant. The shares of the
		/// last survivor close the round in the same dispatch: the runtime rebuilds the secrets
		/// from the threshold of shares, removes every mask from the sum of the masked updates,
		/// and stores FedAvg of the sum as the next model (or, with too few shares, fails the
		/// round), and opens the next round. The weight charged includes the close, and is
		/// refunded when these shares are not the last.
		///
		/// Emits [`Event::UnmaskingSharesRevealed`] (and, when last, the events of the close).
		///
		/// ## Errors
		///
		/// As [`Pallet::publish_mask_keys`] for the task and the signer;
		/// [`Error::UnmaskPhaseNotStarted`], [`Error::RevealPhaseOver`], [`Error::NoMaskKeys`],
		/// [`Error::UnmaskingSharesAlreadyRevealed`], [`Error::WrongShareCount`],
		/// [`Error::DealingIncomplete`], [`Error::ShareMismatch`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::reveal_unmasking_shares(T::MaxCompactParticipants::get())
			.saturating_add(T::WeightInfo::unmask_round(
				T::MaxCompactParticipants::get(),
				T::MaxCompactParameters::get(),
			))
			.saturating_add(Pallet::<T>::server_step_weight(T::MaxCompactParameters::get()))
			.saturating_add(T::DbWeight::get().reads(1)))]
		pub fn reveal_unmasking_shares(
			origin: OriginFor<T>,
			task: TaskId,
			round: RoundNumber,
			dataset: DatasetId,
			shares: UnmaskingSharesOf<T>,
		) -> DispatchResultWithPostInfo {
			let clinic = Self::clinic_of_signer(origin)?;
			Self::do_reveal_unmasking_shares(clinic, task, round, dataset, shares)
		}
	}
}
