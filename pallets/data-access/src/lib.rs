//! Datasets with GA4GH data-use terms, access requests, grants and the access log.
//!
//! ## Overview
//!
//! A researcher asks a clinic's dataset for access for one algorithm and one purpose; the
//! clinic grants or rejects the request, or the dataset's policy grants it at once when the
//! dataset's data-use terms permit the purpose. Every step is an extrinsic and an event, and
//! every use of a grant (each federated round that trains on the dataset, or an analysis run
//! the researcher declares) is appended to the dataset's access log, so that an auditor can
//! trace which algorithm touched which clinic's data, when, and under which terms.
//!
//! The data itself never reaches the chain: a dataset is described by the hash of its schema
//! and its record count. Its terms are GA4GH Data Use Ontology (DUO) codes: one main
//! permission ([`DataUsePermission`]: `NRES`, `GRU`, `HMB`, `DS`, `POA`) and modifiers
//! ([`DataUseModifier`]: `NMDS`, `GSO`, `NPU`, `NCU`, `NPOA`, `IRB`, `GS`, `PUB`, `COL`,
//! `MOR`, `TS`, `US`, `PS`, `IS`, `RTN`). A request that the terms can never permit is refused
//! at once with an error named after the DUOS matching rule that refuses it
//! ([`duo::check_request`]).
//!
//! Each dataset also holds a differential-privacy budget in zero-concentrated DP's `rho`
//! ([`privacy`]), which the federated-learning pallet draws on through [`DatasetAccess`], and
//! which the runtime API shows to people as `(epsilon, delta)`.
//!
//! Users: clinics (register, update and retire datasets; grant, reject, revoke), researchers
//! (request, withdraw, record an analysis run), auditors (read the log through the runtime
//! API), and the federated-learning pallet (through [`DatasetAccess`]).
//!
//! ## Pallet API
//!
//! ### Calls
//!
//! - [`register_dataset`](Pallet::register_dataset): a clinic registers a dataset.
//! - [`update_terms`](Pallet::update_terms): its clinic changes its terms and policy.
//! - [`retire_dataset`](Pallet::retire_dataset): its clinic retires it; it grants nothing new.
//! - [`request_access`](Pallet::request_access): a researcher asks for access.
//! - [`withdraw_request`](Pallet::withdraw_request): the researcher withdraws a pending request.
//! - [`grant_access`](Pallet::grant_access): the clinic grants a pending request.
//! - [`reject_request`](Pallet::reject_request): the clinic rejects it, with a reason code.
//! - [`revoke_grant`](Pallet::revoke_grant): the clinic revokes a grant, with a reason code.
//! - [`record_use`](Pallet::record_use): the grantee records an analysis run in the log.
//! - [`prune_grant`](Pallet::prune_grant): either party removes a dead grant from state.
//!
//! ### Storage
//!
//! [`Datasets`], [`NextDatasetId`], [`Requests`], [`PendingRequests`], [`NextRequestId`],
//! [`Grants`], [`ResearcherGrants`], [`DatasetGrants`], [`GrantsByUse`], [`AccessLog`].
//!
//! ### Events and errors
//!
//! See [`Event`] and [`Error`]; every error's docs say how to avoid it.
//!
//! ### For other pallets
//!
//! [`DatasetAccess`], implemented by [`Pallet`]: the clinic of a dataset, "is there a live
//! grant", "check and record a use", and "charge the privacy budget".
//!
//! ### Runtime API
//!
//! [`runtime_api::DataAccessApi`]: a dataset with its budget in `(epsilon, delta)`; the grants
//! of a researcher; the grants on a dataset; the access log of a dataset ("who touched dataset
//! D, and when?" in one call); and "may researcher R run algorithm A on dataset D for purpose
//! P now, and if not, why?" as an [`AccessDecision`].
//!
//! ## Design
//!
//! - **DUOS rules in one pure function.** [`duo::check_request`] holds every matching rule of
//!   docs/domain.md and touches no storage. Requests are checked against it when made, again when
//!   granted (the terms may have changed meanwhile), and again at every use, so narrowing a
//!   dataset's terms takes effect on existing grants at once.
//! - **A request never permitted is refused at once.** `request_access` fails with the rule's
//!   own error ([`Error::DiseaseNotCovered`], [`Error::MethodsDevelopmentProhibited`], ...),
//!   so nothing is stored for the clinic to reject by hand.
//! - **Obligations travel with the grant.** `IRB`, `GS`, `PUB`, `COL`, `MOR`, `TS`, `US`, `PS`,
//!   `IS` and `RTN` are obligations, not filters (docs/domain.md): a grant copies them into
//!   [`AccessGrant::obligations`]. `TS` caps the grant's expiry; `IRB` makes the request carry
//!   an ethics-approval hash. `US`, `PS`, `IS` and `COL` need a person's judgement, so a
//!   request on such a dataset always waits for the clinic, even under
//!   [`AccessPolicy::AutoGrantMatching`].
//! - **A grant permits nothing once expired or revoked.** [`AccessGrant::state`] derives expiry
//!   from chain time; revocation is recorded, never deleted, until a party prunes the dead
//!   grant. Every use goes through one check (`Pallet::check_use`), which the extrinsic, the
//!   [`DatasetAccess`] trait and the runtime API share, so they cannot disagree.
//! - **The access log: pruning, with counters and events.** Each use is stored under
//!   `(dataset, seq)` with `seq` the dataset's use counter ([`Dataset::uses_recorded`]), and
//!   the entry `seq - MaxLogEntries` is removed in the same write, so each dataset keeps its
//!   latest [`Config::MaxLogEntries`] uses in state and storage stays bounded. Every use also
//!   emits [`Event::AccessRecorded`] with the same `seq`. Why not counters and events only:
//!   the auditor's question "who touched dataset D, and when?" must be answered in one
//!   runtime-API call from state, without an event indexer. Why not an unbounded log: state
//!   must stay bounded. The sequence numbers make the pruning visible: an auditor who needs
//!   uses older than the retained window reads their events, and a gap in `seq` would show a
//!   missing one. A use costs one insert and at most one removal, whatever the log's length.
//! - **Privacy budget.** zCDP `rho` composes by plain addition, so the budget is a total and a
//!   spent amount in millionths of `rho` ([`privacy::Rho`]); a charge that would pass the total
//!   is refused whole. The total is fixed at registration: raising it would void the
//!   guarantee already given to the patients. `(epsilon, delta)` is computed for display
//!   only, in integers, rounded up ([`privacy::epsilon_for`]).
//! - **Bounded state.** Modifiers ([`Config::MaxModifiers`]), pending requests per dataset
//!   ([`Config::MaxPendingRequests`]), grants per researcher and per dataset
//!   ([`Config::MaxGrantsPerResearcher`], [`Config::MaxGrantsPerDataset`]), grants per use
//!   ([`MAX_GRANTS_PER_USE`], which keeps deciding a use to one read of its grants) and the
//!   retained log
//!   ([`Config::MaxLogEntries`]) all have bounds; a dead grant is pruned to make room. Ids come
//!   from counters that never reuse a value.
//! - **Checks first, writes last.** Every call checks origin and role, then every
//!   precondition, and writes only when all pass, so an error changes nothing.
//! - **No personal data on chain.** This pallet stores no patient data and no patient
//!   pseudonyms: a dataset is its schema hash and record count, an algorithm its hash, an
//!   ethics approval its document's hash, an analysis run its manifest's hash. Where patients
//!   appear elsewhere (consents, donors), they are salted pseudonyms
//!   ([`ivf_primitives::Pseudonym`]: `blake2_256(salt ‖ clinic-local id)`, the salt kept at
//!   the clinic). Members appear by their account keys only.
//! - **Membership through a trait.** Roles come from [`Config::Membership`]
//!   ([`ivf_primitives::ConsortiumMembership`]); a suspended clinic or researcher can call
//!   nothing, a suspended clinic's datasets are not used, and a suspended researcher's grants
//!   permit nothing, until reinstated.

#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod duo;
mod impls;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod privacy;
pub mod runtime_api;
#[cfg(test)]
mod tests;
pub mod traits;
#[cfg(any(test, feature = "try-runtime"))]
mod try_state;
pub mod types;
pub mod weights;

pub use duo::{
	check_request, DataUseModifier, DataUsePermission, DataUseTerms, DiseaseTerm, DuoRule,
	ResearchAim, ResearchPurpose,
};
pub use fl_core::DatasetSchema;
pub use privacy::{
	Epsilon, PrivacyBudget, PrivacyBudgetView, PrivacyPolicy, Rho, MIN_COHORT_FLOOR,
};
pub use traits::DatasetAccess;
pub use types::*;
pub use weights::WeightInfo;

/// The most grants, live or not yet pruned, that one researcher may hold on one dataset for
/// one algorithm ([`GrantsByUse`]): a grant and its renewals, or grants for a few purposes.
/// Small, so that deciding a use reads them all in one go.
pub const MAX_GRANTS_PER_USE: u32 = 4;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use duo::TermsDefect;
	use frame_support::{pallet_prelude::*, traits::Time};
	use frame_system::pallet_prelude::*;
	use ivf_primitives::{ConsortiumMembership, DocumentHash, Jurisdiction};

	/// The terms of a dataset in this runtime.
	pub type TermsOf<T> = DataUseTerms<<T as Config>::MaxModifiers>;
	/// A dataset in this runtime.
	pub type DatasetOf<T> =
		Dataset<<T as frame_system::Config>::AccountId, <T as Config>::MaxModifiers>;
	/// A grant in this runtime.
	pub type GrantOf<T> =
		AccessGrant<<T as frame_system::Config>::AccountId, <T as Config>::MaxModifiers>;
	/// An access-log entry in this runtime.
	pub type LogEntryOf<T> =
		AccessLogEntry<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
	/// A grant's obligations in this runtime.
	pub type ObligationsOf<T> = BoundedVec<DataUseModifier, <T as Config>::MaxModifiers>;
	/// A researcher's and a dataset's grant lists, as a new grant updates them together.
	pub(crate) type GrantListsOf<T> = (
		BoundedVec<GrantId, <T as Config>::MaxGrantsPerResearcher>,
		BoundedVec<GrantId, <T as Config>::MaxGrantsPerDataset>,
		BoundedVec<GrantId, ConstU32<MAX_GRANTS_PER_USE>>,
	);

	/// The version of this pallet's storage layout. Bump it with a migration whenever a stored
	/// type or key changes, so that a runtime upgrade (`try-runtime on-runtime-upgrade`) shows
	/// which pallets need one.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Who is a clinic (and where) and who is a researcher: the consortium pallet.
		type Membership: ConsortiumMembership<Self::AccountId>;

		/// Chain time in milliseconds since the Unix epoch: `pallet-timestamp`.
		type Time: Time<Moment = u64>;

		/// The most modifiers a dataset's terms may carry (15 kinds, `GS` once per
		/// jurisdiction).
		#[pallet::constant]
		type MaxModifiers: Get<u32>;

		/// The most requests that may wait for a decision on one dataset.
		#[pallet::constant]
		type MaxPendingRequests: Get<u32>;

		/// The most grants, live or dead, that one researcher may hold in state.
		#[pallet::constant]
		type MaxGrantsPerResearcher: Get<u32>;

		/// The most grants, live or dead, that one dataset may hold in state.
		#[pallet::constant]
		type MaxGrantsPerDataset: Get<u32>;

		/// How many of its latest uses each dataset keeps in state; older ones are pruned and
		/// remain in their `AccessRecorded` events.
		#[pallet::constant]
		type MaxLogEntries: Get<u32>;

		/// The longest access a researcher may ask for, in milliseconds.
		#[pallet::constant]
		type MaxGrantDuration: Get<u64>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The datasets whose clinic requires secure aggregation of every federated task that
	/// trains on them (`federatedLearning` rule `SecureFedAvg`): no update of theirs is ever
	/// revealed in the clear. Set with [`Pallet::set_secure_aggregation_required`].
	// Twox64Concat: dataset ids are assigned by the pallet in sequence.
	#[pallet::storage]
	pub type SecureAggregationRequired<T> =
		StorageMap<_, Twox64Concat, DatasetId, bool, ValueQuery>;

	/// The columns each dataset's clinic declared ([`Pallet::declare_schema`]): the SCALE
	/// encoding of an `fl_core::DatasetSchema` whose id is the dataset's `schema_hash`,
	/// checked when declared. Read it decoded with [`Pallet::dataset_schema`].
	// Twox64Concat: dataset ids are assigned by the pallet in sequence.
	#[pallet::storage]
	pub type DatasetSchemas<T> = StorageMap<_, Twox64Concat, DatasetId, SchemaBytes>;

	/// The id the next registered dataset gets.
	#[pallet::storage]
	pub type NextDatasetId<T> = StorageValue<_, DatasetId, ValueQuery>;

	/// Every dataset ever registered; retired ones stay, so their log and grants still resolve.
	// Twox64Concat: ids are assigned by the pallet in sequence, so callers cannot choose keys to
	// unbalance the trie.
	#[pallet::storage]
	pub type Datasets<T: Config> = StorageMap<_, Twox64Concat, DatasetId, DatasetOf<T>>;

	/// The id the next access request (and so its grant) gets.
	#[pallet::storage]
	pub type NextRequestId<T> = StorageValue<_, RequestId, ValueQuery>;

	/// Requests waiting for their clinic; removed when granted, rejected or withdrawn.
	// Twox64Concat: ids are assigned by the pallet in sequence.
	#[pallet::storage]
	pub type Requests<T: Config> =
		StorageMap<_, Twox64Concat, RequestId, AccessRequest<T::AccountId>>;

	/// The requests waiting on each dataset, oldest first: the clinic's inbox.
	// Twox64Concat: dataset ids are assigned by the pallet in sequence.
	#[pallet::storage]
	pub type PendingRequests<T: Config> = StorageMap<
		_,
		Twox64Concat,
		DatasetId,
		BoundedVec<RequestId, T::MaxPendingRequests>,
		ValueQuery,
	>;

	/// Every grant not yet pruned, live or dead, by id (its request's id).
	// Twox64Concat: ids are assigned by the pallet in sequence.
	#[pallet::storage]
	pub type Grants<T: Config> = StorageMap<_, Twox64Concat, GrantId, GrantOf<T>>;

	/// The grants of each researcher, oldest first.
	// Blake2_128Concat: account ids are chosen by their holders, who could pick keys that
	// unbalance the trie under a non-cryptographic hasher.
	#[pallet::storage]
	pub type ResearcherGrants<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<GrantId, T::MaxGrantsPerResearcher>,
		ValueQuery,
	>;

	/// The grants of each researcher on each dataset for each algorithm, oldest first: what a
	/// use is decided on, read in one access instead of walking every grant of the researcher
	/// (at most `MaxGrantsPerResearcher`) at each commit, reveal and close of a round.
	// Blake2_128Concat for the account (chosen by its holder), Twox64Concat for the pallet's
	// own sequential dataset ids, Identity for the algorithm, itself a hash.
	#[pallet::storage]
	pub type GrantsByUse<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, DatasetId>,
			NMapKey<Identity, DocumentHash>,
		),
		BoundedVec<GrantId, ConstU32<MAX_GRANTS_PER_USE>>,
		ValueQuery,
	>;

	/// The grants on each dataset, oldest first.
	// Twox64Concat: dataset ids are assigned by the pallet in sequence.
	#[pallet::storage]
	pub type DatasetGrants<T: Config> = StorageMap<
		_,
		Twox64Concat,
		DatasetId,
		BoundedVec<GrantId, T::MaxGrantsPerDataset>,
		ValueQuery,
	>;

	/// The access log: each dataset's latest `MaxLogEntries` uses, keyed by the use's sequence
	/// number in the dataset (from 0).
	// Twox64Concat for both keys: dataset ids and sequence numbers are assigned by the pallet.
	#[pallet::storage]
	pub type AccessLog<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DatasetId, Twox64Concat, u64, LogEntryOf<T>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A clinic registered a dataset.
		DatasetRegistered {
			/// The new dataset's id.
			dataset: DatasetId,
			/// The clinic.
			clinic: T::AccountId,
			/// The dataset's jurisdiction (its clinic's).
			jurisdiction: Jurisdiction,
			/// The hash of its schema.
			schema_hash: DocumentHash,
			/// Its record count.
			record_count: u32,
			/// Its data-use terms.
			terms: TermsOf<T>,
			/// How its clinic answers requests.
			policy: AccessPolicy,
			/// Its privacy budget in zCDP `rho`, millionths.
			privacy_budget: Rho,
			/// What it requires of every federated task that trains on it.
			privacy_policy: PrivacyPolicy,
		},
		/// A clinic changed what a dataset requires of federated tasks; tasks created from now
		/// on, and every commitment from now on, are held to the new policy.
		PrivacyPolicyUpdated {
			/// The dataset.
			dataset: DatasetId,
			/// The new policy.
			privacy_policy: PrivacyPolicy,
		},
		/// A clinic required (or stopped requiring) secure aggregation of every federated task
		/// created on a dataset from now on.
		SecureAggregationRequirementSet {
			/// The dataset.
			dataset: DatasetId,
			/// Whether tasks must aggregate securely.
			required: bool,
		},
		/// A clinic declared the columns of a dataset: their names, types, units, plausible
		/// ranges, levels and whether each may be missing. No row.
		SchemaDeclared {
			/// The dataset.
			dataset: DatasetId,
			/// The schema's id (`blake2_256` of its SCALE encoding): the dataset's
			/// `schema_hash`.
			schema_id: DocumentHash,
			/// How many columns it declares.
			columns: u32,
		},
		/// A clinic changed a dataset's terms and policy.
		TermsUpdated {
			/// The dataset.
			dataset: DatasetId,
			/// The new terms.
			terms: TermsOf<T>,
			/// The new policy.
			policy: AccessPolicy,
		},
		/// A clinic retired a dataset: it grants nothing new.
		DatasetRetired {
			/// The dataset.
			dataset: DatasetId,
			/// When.
			at: Moment,
		},
		/// A researcher asked for access; the terms permit the purpose.
		AccessRequested {
			/// The request's id (and its grant's, once granted).
			request: RequestId,
			/// The dataset.
			dataset: DatasetId,
			/// The researcher.
			researcher: T::AccountId,
			/// The purpose.
			purpose: ResearchPurpose,
			/// The hash of the algorithm.
			algorithm: DocumentHash,
			/// The access asked for, in milliseconds.
			duration: Moment,
		},
		/// A researcher withdrew a pending request.
		RequestWithdrawn {
			/// The request.
			request: RequestId,
			/// The dataset.
			dataset: DatasetId,
			/// The researcher.
			researcher: T::AccountId,
		},
		/// Access was granted, by the clinic or by the dataset's policy.
		AccessGranted {
			/// The grant's id (its request's id).
			grant: GrantId,
			/// The dataset.
			dataset: DatasetId,
			/// The researcher.
			researcher: T::AccountId,
			/// The hash of the algorithm it covers.
			algorithm: DocumentHash,
			/// The purpose it covers.
			purpose: ResearchPurpose,
			/// When it expires.
			expires_at: Moment,
			/// The obligations it carries.
			obligations: ObligationsOf<T>,
			/// Whether the dataset's policy granted it without the clinic's decision.
			automatic: bool,
		},
		/// A clinic rejected a request.
		RequestRejected {
			/// The request.
			request: RequestId,
			/// The dataset.
			dataset: DatasetId,
			/// The researcher.
			researcher: T::AccountId,
			/// Why.
			reason: ReasonCode,
		},
		/// A clinic revoked a grant: it permits nothing from now on.
		GrantRevoked {
			/// The grant.
			grant: GrantId,
			/// The dataset.
			dataset: DatasetId,
			/// The researcher.
			researcher: T::AccountId,
			/// Why.
			reason: ReasonCode,
			/// When.
			at: Moment,
		},
		/// A use of a dataset was appended to its access log.
		AccessRecorded {
			/// The dataset.
			dataset: DatasetId,
			/// The use's sequence number in the dataset's log.
			seq: u64,
			/// The grant it was made under.
			grant: GrantId,
			/// Who used the dataset.
			researcher: T::AccountId,
			/// The hash of the algorithm that ran.
			algorithm: DocumentHash,
			/// The purpose of the use.
			purpose: ResearchPurpose,
			/// What the use was: a federated round or an analysis run.
			reference: UseReference,
			/// When.
			at: Moment,
		},
		/// A dead (revoked or expired) grant was removed from state.
		GrantPruned {
			/// The grant.
			grant: GrantId,
			/// The dataset.
			dataset: DatasetId,
			/// The researcher.
			researcher: T::AccountId,
		},
		/// Federated training spent part of a dataset's privacy budget.
		PrivacyBudgetCharged {
			/// The dataset.
			dataset: DatasetId,
			/// The `rho` spent now, millionths.
			rho: Rho,
			/// The `rho` spent in all, millionths.
			spent: Rho,
			/// The `rho` left, millionths.
			remaining: Rho,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not an active clinic of the consortium. Only admitted, unsuspended
		/// clinics register and manage datasets; ask the consortium's governance to admit or
		/// reinstate the clinic.
		NotAnActiveClinic,
		/// The caller is not an active researcher of the consortium. Only admitted, unsuspended
		/// researchers request access and use grants; ask governance to admit or reinstate you.
		NotAnActiveResearcher,
		/// The caller is not the clinic that registered this dataset. Only a dataset's own
		/// clinic changes it and decides on its requests and grants.
		NotDatasetClinic,
		/// No dataset has this id. Check the id in the `DatasetRegistered` event or in
		/// `dataAccess.datasets`.
		UnknownDataset,
		/// The dataset is retired: it takes no requests and grants nothing new, and its terms no
		/// longer change. Ask its clinic for a dataset that replaces it.
		DatasetRetired,
		/// The record count is zero. Register a dataset once it holds records.
		EmptyDataset,
		/// The terms name a modifier twice (for `GS`, the same jurisdiction twice). Give each
		/// modifier once.
		DuplicateModifier,
		/// The terms carry `TS` with a time span of zero, under which every grant would expire at
		/// once. Give `TS` a span in milliseconds, or leave it out.
		ZeroTimeSpan,
		/// A `GS` jurisdiction is not an ISO 3166-1 alpha-2 code (two upper-case letters, such
		/// as `GB`). Correct the code.
		MalformedJurisdiction,
		/// The requested duration is zero. Ask for access for a positive number of milliseconds.
		ZeroDuration,
		/// The requested duration is longer than `MaxGrantDuration`. Ask for a shorter access;
		/// renew it with a new request when it ends.
		DurationTooLong,
		/// The dataset's terms carry `IRB` (DUO:0000021, ethics approval required) and the request
		/// (or the grant) carries no ethics-approval hash. Request again with the hash of the
		/// approval document.
		EthicsApprovalRequired,
		/// DUOS rule "a disease-X study matches GRU, HMB, or DS-X" (docs/domain.md): this dataset's
		/// main permission (`DS` of another disease, or `POA`) does not cover a study of this
		/// disease. Choose a dataset whose terms cover it.
		DiseaseNotCovered,
		/// DUOS rule "methods development matches any dataset without NMDS (or NMDS with a
		/// matching DS)" (docs/domain.md): the dataset carries `NMDS` (DUO:0000015) and the request is
		/// methods development (training a model is) outside its `DS` disease. Develop methods
		/// within the dataset's disease, or choose a dataset without `NMDS`.
		MethodsDevelopmentProhibited,
		/// DUOS rule "ancestry research matches GRU only" (docs/domain.md; `NRES` also matches): the
		/// dataset's main permission (`HMB`, `DS` or `POA`) does not cover ancestry research.
		/// Choose a `GRU` or `NRES` dataset.
		AncestryResearchNotCovered,
		/// General research needs a general permission, `NRES` or `GRU`: this dataset's `HMB`,
		/// `DS` or `POA` limits use to a narrower field. Request for a purpose within it (for
		/// example a disease study), or choose another dataset.
		GeneralResearchNotCovered,
		/// DUOS rule "a commercial purpose or requester needs NPU and NCU both absent"
		/// (docs/domain.md): the dataset carries `NPU` (DUO:0000045) or `NCU` (DUO:0000046). Only a
		/// non-commercial purpose by a not-for-profit requester may use it.
		CommercialUseProhibited,
		/// The dataset carries `NPOA` (DUO:0000044): no ancestry research, whatever its main
		/// permission. Choose another dataset.
		AncestryResearchProhibited,
		/// The dataset carries `GSO` (DUO:0000016): genetic studies only, and the request does
		/// not declare a genetic study. Only genetic studies may use it.
		GeneticStudiesOnly,
		/// The dataset already has `MaxPendingRequests` requests waiting for its clinic. Try
		/// again after the clinic has decided some.
		TooManyPendingRequests,
		/// No pending request has this id: it never existed, or it was already granted,
		/// rejected or withdrawn (see its events).
		UnknownRequest,
		/// The caller did not make this request. Only its researcher withdraws it.
		NotRequester,
		/// The researcher who made this request is no longer an active researcher, so it cannot
		/// be granted. Reject it instead.
		RequesterNotResearcher,
		/// The researcher already holds `MaxGrantsPerResearcher` grants in state. Prune
		/// expired or revoked grants with `prune_grant` first.
		ResearcherGrantsFull,
		/// The dataset already holds `MaxGrantsPerDataset` grants in state. Its clinic prunes
		/// expired or revoked grants with `prune_grant` first.
		DatasetGrantsFull,
		/// The researcher already holds `MAX_GRANTS_PER_USE` (4) grants in state on this
		/// dataset for this algorithm. Prune the expired or revoked ones with `prune_grant`
		/// first, or revoke one.
		GrantsForUseFull,
		/// No grant has this id: it never existed or it was pruned (see its events).
		UnknownGrant,
		/// The caller is not the researcher this grant was made to. Only the grantee records
		/// uses under it.
		NotGrantee,
		/// The grant was revoked by its clinic and permits nothing. Request access again.
		GrantRevoked,
		/// The grant has expired and permits nothing. Request access again.
		GrantExpired,
		/// The grant is already revoked.
		GrantAlreadyRevoked,
		/// The grant is live; only an expired or revoked grant is pruned. Revoke it first, or
		/// wait for its expiry.
		GrantStillLive,
		/// The caller is neither the grant's (active) clinic nor its (active) researcher, the
		/// only parties who prune it.
		NotGrantParty,
		/// The dataset's clinic is not an active member of the consortium (suspended or
		/// removed); its dataset takes no requests and is not used until it is reinstated.
		DatasetClinicInactive,
		/// The privacy policy's `min_cohort` is below the consortium's floor
		/// (`MIN_COHORT_FLOOR`, 20 rows): no update may be trained on fewer rows. Raise
		/// `min_cohort` to at least 20.
		CohortFloorBelowMinimum,
		/// The privacy policy requires DP with a zero noise multiplier or a zero clipping
		/// bound, which no task could meet. Give both a positive value.
		UnsatisfiablePrivacyPolicy,
		/// Every id of this kind has been assigned. This cannot happen on a live chain
		/// (4 billion ids); report it to the consortium operator.
		IdsExhausted,
		/// The dataset's schema is already declared. A schema is declared once, so that every
		/// task checked against it stays valid; register a new dataset for another schema.
		SchemaAlreadyDeclared,
		/// The schema's id (`blake2_256` of its SCALE encoding) is not the `schema_hash` the
		/// dataset was registered with: declare the very schema the hash was computed from.
		SchemaHashMismatch,
		/// The schema's encoding is longer than [`MAX_SCHEMA_BYTES`]: declare fewer columns
		/// or levels, or shorter names.
		SchemaTooLong,
		/// The schema declares no column.
		SchemaHasNoColumns,
		/// The schema declares more than `fl_core::schema::MAX_COLUMNS` (64) columns.
		SchemaHasTooManyColumns,
		/// A column name is empty, longer than 48 bytes, not made of ASCII letters, digits and
		/// `_`, or an identifier column (`patient_pseudonym`, `patient_id`), which is never
		/// declared.
		SchemaColumnNameInvalid,
		/// Two columns have the same name.
		SchemaColumnNameRepeated,
		/// A numeric column's `min_milli` is above its `max_milli`, or its unit is empty or
		/// longer than 48 bytes.
		SchemaNumericRangeInvalid,
		/// A categorical column has fewer than 2 or more than 64 levels, or a level that is
		/// empty, longer than 48 bytes, contains a comma or repeats.
		SchemaLevelsInvalid,
		/// A column uses a name of the consortium's common data model with another type,
		/// unit, range or levels than the common definition (see `docs/domain.md`): use the
		/// common definition, or a name of your own for a different measurement.
		SchemaNotCommonDefinition,
	}

	impl<T> From<fl_core::schema::SchemaError> for Error<T> {
		fn from(error: fl_core::schema::SchemaError) -> Self {
			use fl_core::schema::SchemaError;
			match error {
				SchemaError::NoColumns => Error::SchemaHasNoColumns,
				SchemaError::TooManyColumns => Error::SchemaHasTooManyColumns,
				SchemaError::InvalidName { .. } => Error::SchemaColumnNameInvalid,
				SchemaError::DuplicateName { .. } => Error::SchemaColumnNameRepeated,
				SchemaError::InvalidRange { .. } => Error::SchemaNumericRangeInvalid,
				SchemaError::InvalidLevels { .. } => Error::SchemaLevelsInvalid,
				SchemaError::NotCommonDefinition { .. } => Error::SchemaNotCommonDefinition,
			}
		}
	}

	impl<T> From<TermsDefect> for Error<T> {
		fn from(defect: TermsDefect) -> Self {
			match defect {
				TermsDefect::DuplicateModifier => Error::DuplicateModifier,
				TermsDefect::ZeroTimeSpan => Error::ZeroTimeSpan,
				TermsDefect::MalformedJurisdiction => Error::MalformedJurisdiction,
			}
		}
	}

	impl<T> From<DuoRule> for Error<T> {
		fn from(rule: DuoRule) -> Self {
			match rule {
				DuoRule::DiseaseNotCovered => Error::DiseaseNotCovered,
				DuoRule::MethodsDevelopmentProhibited => Error::MethodsDevelopmentProhibited,
				DuoRule::AncestryResearchNotCovered => Error::AncestryResearchNotCovered,
				DuoRule::GeneralResearchNotCovered => Error::GeneralResearchNotCovered,
				DuoRule::CommercialUseProhibited => Error::CommercialUseProhibited,
				DuoRule::AncestryResearchProhibited => Error::AncestryResearchProhibited,
				DuoRule::GeneticStudiesOnly => Error::GeneticStudiesOnly,
			}
		}
	}

	impl<T> From<AccessDenial> for Error<T> {
		/// The error `record_use` returns for a denial. The grant is named by id there, so the
		/// denials about finding a grant (`NoGrant`, `AlgorithmNotGranted`, `PurposeNotGranted`)
		/// come out as `UnknownGrant`.
		fn from(denial: AccessDenial) -> Self {
			match denial {
				AccessDenial::NotAnActiveResearcher => Error::NotAnActiveResearcher,
				AccessDenial::UnknownDataset => Error::UnknownDataset,
				AccessDenial::DatasetClinicInactive => Error::DatasetClinicInactive,
				AccessDenial::TermsForbid(rule) => rule.into(),
				AccessDenial::EthicsApprovalMissing => Error::EthicsApprovalRequired,
				AccessDenial::GrantExpired => Error::GrantExpired,
				AccessDenial::GrantRevoked => Error::GrantRevoked,
				AccessDenial::NoGrant
				| AccessDenial::AlgorithmNotGranted
				| AccessDenial::PurposeNotGranted => Error::UnknownGrant,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// The invariants of `try_state.rs`, on a live chain's state.
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			assert!(
				T::MaxLogEntries::get() > 0,
				"each dataset must keep at least one use in state"
			);
			assert!(
				T::MaxModifiers::get() >= 15,
				"the terms must have room for every DUO modifier kind"
			);
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a dataset of the calling clinic, with its data-use terms, privacy budget and
		/// access policy.
		///
		/// ## Origin
		/// Signed by an active clinic.
		///
		/// ## Details
		/// The dataset gets the next id (in the `DatasetRegistered` event), the clinic's
		/// jurisdiction, and a privacy budget of `privacy_budget` zCDP `rho` in millionths
		/// (`1_000_000` is `rho = 1`), none of it spent. Only hashes and counts are stored: the
		/// data stays at the clinic.
		///
		/// `privacy_policy` is what every federated task on the dataset must meet (DP required,
		/// least noise, largest clipping bound, most `rho` per round, least cohort); `None`
		/// takes [`PrivacyPolicy::default`], which requires DP. `record_count` is also the most
		/// examples a clinic may declare for one update of the dataset.
		///
		/// ## Errors
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::EmptyDataset`]: `record_count` is zero.
		/// - [`Error::CohortFloorBelowMinimum`], [`Error::UnsatisfiablePrivacyPolicy`]: the
		///   privacy policy is below the consortium's floor or cannot be met.
		/// - [`Error::DuplicateModifier`], [`Error::ZeroTimeSpan`],
		///   [`Error::MalformedJurisdiction`]: the terms are malformed.
		/// - [`Error::IdsExhausted`]: no dataset id is left.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_dataset(terms.modifiers.len() as u32))]
		pub fn register_dataset(
			origin: OriginFor<T>,
			schema_hash: DocumentHash,
			record_count: u32,
			terms: TermsOf<T>,
			privacy_budget: Rho,
			policy: AccessPolicy,
			privacy_policy: Option<PrivacyPolicy>,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let jurisdiction =
				T::Membership::clinic_jurisdiction(&clinic).ok_or(Error::<T>::NotAnActiveClinic)?;
			ensure!(record_count > 0, Error::<T>::EmptyDataset);
			terms.check_well_formed().map_err(Error::<T>::from)?;
			let privacy_policy = privacy_policy.unwrap_or_default();
			Self::ensure_policy_acceptable(&privacy_policy)?;
			let dataset = NextDatasetId::<T>::get();
			let next = dataset.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;

			NextDatasetId::<T>::put(next);
			Datasets::<T>::insert(
				dataset,
				Dataset {
					clinic: clinic.clone(),
					jurisdiction,
					schema_hash,
					record_count,
					terms: terms.clone(),
					policy,
					privacy_budget: PrivacyBudget::new(privacy_budget),
					privacy_policy,
					status: DatasetStatus::Active,
					registered_at: Self::now(),
					uses_recorded: 0,
				},
			);
			Self::deposit_event(Event::DatasetRegistered {
				dataset,
				clinic,
				jurisdiction,
				schema_hash,
				record_count,
				terms,
				policy,
				privacy_budget,
				privacy_policy,
			});
			Ok(())
		}

		/// Replaces the data-use terms and access policy of one of the calling clinic's datasets.
		///
		/// ## Origin
		/// Signed by the active clinic that registered the dataset.
		///
		/// ## Details
		/// The new terms apply at once: pending requests are checked against them when granted,
		/// and existing grants at every use, so a use that the new terms refuse is refused.
		/// Obligations already copied onto grants stay as they were.
		///
		/// ## Errors
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownDataset`]: no dataset has this id.
		/// - [`Error::NotDatasetClinic`]: the dataset is another clinic's.
		/// - [`Error::DatasetRetired`]: the dataset is retired.
		/// - [`Error::DuplicateModifier`], [`Error::ZeroTimeSpan`],
		///   [`Error::MalformedJurisdiction`]: the terms are malformed.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_terms(terms.modifiers.len() as u32))]
		pub fn update_terms(
			origin: OriginFor<T>,
			dataset: DatasetId,
			terms: TermsOf<T>,
			policy: AccessPolicy,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let mut record = Self::own_active_dataset(&clinic, dataset)?;
			terms.check_well_formed().map_err(Error::<T>::from)?;

			record.terms = terms.clone();
			record.policy = policy;
			Datasets::<T>::insert(dataset, record);
			Self::deposit_event(Event::TermsUpdated { dataset, terms, policy });
			Ok(())
		}

		/// Retires one of the calling clinic's datasets.
		///
		/// ## Origin
		/// Signed by the active clinic that registered the dataset.
		///
		/// ## Details
		/// A retired dataset takes no requests and grants nothing new; its terms no longer
		/// change. Grants already made stay usable until they expire or the clinic revokes
		/// them; pending requests wait for the clinic to reject them or their researchers to
		/// withdraw them. The dataset, its grants and its log stay in state for audit.
		///
		/// ## Errors
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownDataset`]: no dataset has this id.
		/// - [`Error::NotDatasetClinic`]: the dataset is another clinic's.
		/// - [`Error::DatasetRetired`]: the dataset is already retired.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::retire_dataset())]
		pub fn retire_dataset(origin: OriginFor<T>, dataset: DatasetId) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let mut record = Self::own_active_dataset(&clinic, dataset)?;

			let at = Self::now();
			record.status = DatasetStatus::Retired { at };
			Datasets::<T>::insert(dataset, record);
			Self::deposit_event(Event::DatasetRetired { dataset, at });
			Ok(())
		}

		/// Asks for access to a dataset for one algorithm and one purpose, for `duration`
		/// milliseconds.
		///
		/// ## Origin
		/// Signed by an active researcher.
		///
		/// ## Details
		/// The purpose is checked against the dataset's terms by the DUOS matching rules
		/// ([`check_request`]); a purpose the terms can never permit is refused with the rule's
		/// error. Where the terms carry `IRB`, `ethics_approval` must hold the hash of the
		/// approval document.
		///
		/// The request gets the next request id (in `AccessRequested`). If the dataset's policy
		/// is [`AccessPolicy::AutoGrantMatching`] and its terms carry none of `US`, `PS`, `IS`,
		/// `COL`, the request is granted in the same call (`AccessGranted` with
		/// `automatic: true`, grant id = request id); otherwise it waits for the clinic.
		///
		/// ## Errors
		/// - [`Error::NotAnActiveResearcher`]: the caller is not an active researcher.
		/// - [`Error::UnknownDataset`]: no dataset has this id.
		/// - [`Error::DatasetRetired`]: the dataset is retired.
		/// - [`Error::DatasetClinicInactive`]: the dataset's clinic is suspended or removed.
		/// - [`Error::ZeroDuration`], [`Error::DurationTooLong`]: the duration is out of range.
		/// - [`Error::DiseaseNotCovered`], [`Error::MethodsDevelopmentProhibited`],
		///   [`Error::AncestryResearchNotCovered`], [`Error::GeneralResearchNotCovered`],
		///   [`Error::CommercialUseProhibited`], [`Error::AncestryResearchProhibited`],
		///   [`Error::GeneticStudiesOnly`]: the terms never permit the purpose, by that rule.
		/// - [`Error::EthicsApprovalRequired`]: the terms carry `IRB` and no hash was given.
		/// - [`Error::TooManyPendingRequests`]: the dataset's inbox is full (pending path).
		/// - [`Error::ResearcherGrantsFull`], [`Error::DatasetGrantsFull`],
		///   [`Error::GrantsForUseFull`]: no room for the grant (automatic path).
		/// - [`Error::IdsExhausted`]: no request id is left.
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::request_access_granted().max(T::WeightInfo::request_access_pending())
		)]
		pub fn request_access(
			origin: OriginFor<T>,
			dataset: DatasetId,
			purpose: ResearchPurpose,
			algorithm: DocumentHash,
			duration: Moment,
			ethics_approval: Option<DocumentHash>,
		) -> DispatchResult {
			let researcher = ensure_signed(origin)?;
			ensure!(T::Membership::is_researcher(&researcher), Error::<T>::NotAnActiveResearcher);
			let record = Datasets::<T>::get(dataset).ok_or(Error::<T>::UnknownDataset)?;
			ensure!(record.status == DatasetStatus::Active, Error::<T>::DatasetRetired);
			ensure!(T::Membership::is_clinic(&record.clinic), Error::<T>::DatasetClinicInactive);
			ensure!(duration > 0, Error::<T>::ZeroDuration);
			ensure!(duration <= T::MaxGrantDuration::get(), Error::<T>::DurationTooLong);
			Self::ensure_terms_permit(&record.terms, &purpose, &ethics_approval)?;
			let request = NextRequestId::<T>::get();
			let next = request.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
			let now = Self::now();
			let pending = AccessRequest {
				dataset,
				clinic: record.clinic.clone(),
				researcher: researcher.clone(),
				purpose,
				algorithm,
				duration,
				ethics_approval,
				requested_at: now,
			};
			let automatic = record.policy == AccessPolicy::AutoGrantMatching
				&& !record.terms.needs_clinic_review();

			if automatic {
				let rooms = Self::room_for_grant(&researcher, dataset, &algorithm, request)?;
				NextRequestId::<T>::put(next);
				Self::deposit_event(Event::AccessRequested {
					request,
					dataset,
					researcher,
					purpose,
					algorithm,
					duration,
				});
				Self::issue_grant(request, pending, &record.terms, true, rooms, now);
			} else {
				let mut inbox = PendingRequests::<T>::get(dataset);
				inbox.try_push(request).map_err(|_| Error::<T>::TooManyPendingRequests)?;
				NextRequestId::<T>::put(next);
				PendingRequests::<T>::insert(dataset, inbox);
				Requests::<T>::insert(request, pending);
				Self::deposit_event(Event::AccessRequested {
					request,
					dataset,
					researcher,
					purpose,
					algorithm,
					duration,
				});
			}
			Ok(())
		}

		/// Withdraws one of the caller's pending requests.
		///
		/// ## Origin
		/// Signed by the active researcher who made the request.
		///
		/// ## Details
		/// The request leaves the clinic's inbox; the `RequestWithdrawn` event records it.
		///
		/// ## Errors
		/// - [`Error::NotAnActiveResearcher`]: the caller is not an active researcher.
		/// - [`Error::UnknownRequest`]: no pending request has this id.
		/// - [`Error::NotRequester`]: another researcher made it.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::withdraw_request())]
		pub fn withdraw_request(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			let researcher = ensure_signed(origin)?;
			ensure!(T::Membership::is_researcher(&researcher), Error::<T>::NotAnActiveResearcher);
			let pending = Requests::<T>::get(request).ok_or(Error::<T>::UnknownRequest)?;
			ensure!(pending.researcher == researcher, Error::<T>::NotRequester);

			Self::close_request(request, pending.dataset);
			Self::deposit_event(Event::RequestWithdrawn {
				request,
				dataset: pending.dataset,
				researcher,
			});
			Ok(())
		}

		/// Grants a pending request on one of the calling clinic's datasets.
		///
		/// ## Origin
		/// Signed by the active clinic that registered the dataset.
		///
		/// ## Details
		/// The request is checked again against the dataset's current terms (which may have
		/// changed since it was made). The grant keeps the request's id, expires `duration`
		/// after now (capped by the terms' `TS`), and carries the terms' obligations.
		///
		/// ## Errors
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownRequest`]: no pending request has this id.
		/// - [`Error::NotDatasetClinic`]: the request is on another clinic's dataset.
		/// - [`Error::DatasetRetired`]: the dataset was retired meanwhile; reject the request.
		/// - [`Error::RequesterNotResearcher`]: the requester is no longer an active researcher.
		/// - a DUOS rule's error or [`Error::EthicsApprovalRequired`]: the current terms refuse
		///   the request.
		/// - [`Error::ResearcherGrantsFull`], [`Error::DatasetGrantsFull`],
		///   [`Error::GrantsForUseFull`]: no room for the grant.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::grant_access())]
		pub fn grant_access(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			let pending = Self::request_to(&ensure_signed(origin)?, request)?;
			let record = Datasets::<T>::get(pending.dataset).ok_or(Error::<T>::UnknownDataset)?;
			ensure!(record.status == DatasetStatus::Active, Error::<T>::DatasetRetired);
			ensure!(
				T::Membership::is_researcher(&pending.researcher),
				Error::<T>::RequesterNotResearcher
			);
			Self::ensure_terms_permit(&record.terms, &pending.purpose, &pending.ethics_approval)?;
			let rooms = Self::room_for_grant(
				&pending.researcher,
				pending.dataset,
				&pending.algorithm,
				request,
			)?;

			Self::close_request(request, pending.dataset);
			Self::issue_grant(request, pending, &record.terms, false, rooms, Self::now());
			Ok(())
		}

		/// Rejects a pending request on one of the calling clinic's datasets, with a reason code.
		///
		/// ## Origin
		/// Signed by the active clinic that registered the dataset.
		///
		/// ## Details
		/// The request leaves the inbox; the `RequestRejected` event records the reason.
		/// Requests on a retired dataset can still be rejected.
		///
		/// ## Errors
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownRequest`]: no pending request has this id.
		/// - [`Error::NotDatasetClinic`]: the request is on another clinic's dataset.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::reject_request())]
		pub fn reject_request(
			origin: OriginFor<T>,
			request: RequestId,
			reason: ReasonCode,
		) -> DispatchResult {
			let pending = Self::request_to(&ensure_signed(origin)?, request)?;

			Self::close_request(request, pending.dataset);
			Self::deposit_event(Event::RequestRejected {
				request,
				dataset: pending.dataset,
				researcher: pending.researcher,
				reason,
			});
			Ok(())
		}

		/// Revokes a grant on one of the calling clinic's datasets, with a reason code.
		///
		/// ## Origin
		/// Signed by the active clinic that registered the dataset.
		///
		/// ## Details
		/// From now on the grant permits nothing: `record_use`, the federated-learning pallet and
		/// the runtime API all refuse it. Uses already logged stay logged. The clinic may revoke
		/// at any time, an expired grant included (the revocation is then on record).
		///
		/// ## Errors
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownGrant`]: no grant has this id.
		/// - [`Error::NotDatasetClinic`]: the grant is on another clinic's dataset.
		/// - [`Error::GrantAlreadyRevoked`]: it is already revoked.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::revoke_grant())]
		pub fn revoke_grant(
			origin: OriginFor<T>,
			grant: GrantId,
			reason: ReasonCode,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			ensure!(T::Membership::is_clinic(&clinic), Error::<T>::NotAnActiveClinic);
			let mut record = Grants::<T>::get(grant).ok_or(Error::<T>::UnknownGrant)?;
			ensure!(record.clinic == clinic, Error::<T>::NotDatasetClinic);
			ensure!(record.revoked.is_none(), Error::<T>::GrantAlreadyRevoked);

			let at = Self::now();
			record.revoked = Some(Revocation { at, reason });
			let (dataset, researcher) = (record.dataset, record.researcher.clone());
			Grants::<T>::insert(grant, record);
			Self::deposit_event(Event::GrantRevoked { grant, dataset, researcher, reason, at });
			Ok(())
		}

		/// Records, in the dataset's access log, an analysis run that the caller is about to have
		/// the clinic execute under one of the caller's grants.
		///
		/// ## Origin
		/// Signed by the active researcher the grant was made to.
		///
		/// ## Details
		/// A researcher who runs an analysis (rather than a federated training task, which the
		/// federated-learning pallet records itself) declares it here, identified by the hash of
		/// its run manifest. The clinic's node executes only runs it finds in the log, so the
		/// log is complete by construction. The use is checked exactly as the federated-learning
		/// pallet's uses are: the grant is live (not revoked, not expired), the researcher and
		/// the clinic are active, and the dataset's current terms still permit the grant's
		/// purpose. The entry records the grant, researcher, algorithm, purpose, manifest, time
		/// and block; `AccessRecorded` carries the same with its sequence number.
		///
		/// ## Errors
		/// - [`Error::NotAnActiveResearcher`]: the caller is not an active researcher.
		/// - [`Error::UnknownGrant`]: no grant has this id.
		/// - [`Error::NotGrantee`]: the grant is another researcher's.
		/// - [`Error::GrantRevoked`]: the clinic revoked the grant.
		/// - [`Error::GrantExpired`]: the grant has expired.
		/// - [`Error::DatasetClinicInactive`]: the dataset's clinic is suspended or removed.
		/// - a DUOS rule's error or [`Error::EthicsApprovalRequired`]: the dataset's current
		///   terms no longer permit the grant's purpose.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::record_use())]
		pub fn record_use(
			origin: OriginFor<T>,
			grant: GrantId,
			manifest: DocumentHash,
		) -> DispatchResult {
			let researcher = ensure_signed(origin)?;
			ensure!(T::Membership::is_researcher(&researcher), Error::<T>::NotAnActiveResearcher);
			let record = Grants::<T>::get(grant).ok_or(Error::<T>::UnknownGrant)?;
			ensure!(record.researcher == researcher, Error::<T>::NotGrantee);
			let now = Self::now();
			let dataset = Self::check_use(&record, now).map_err(Error::<T>::from)?;

			Self::append_use(grant, record, dataset, UseReference::Analysis { manifest }, now);
			Ok(())
		}

		/// Removes an expired or revoked grant from state, to make room for new grants.
		///
		/// ## Origin
		/// Signed by the grant's dataset's active clinic, or by its active researcher.
		///
		/// ## Details
		/// The grant leaves [`Grants`], [`ResearcherGrants`], [`DatasetGrants`] and
		/// [`GrantsByUse`]. Its history
		/// stays in its events, and its uses in the access log.
		///
		/// ## Errors
		/// - [`Error::UnknownGrant`]: no grant has this id.
		/// - [`Error::NotGrantParty`]: the caller is neither its active clinic nor its active
		///   researcher.
		/// - [`Error::GrantStillLive`]: it is neither expired nor revoked.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::prune_grant())]
		pub fn prune_grant(origin: OriginFor<T>, grant: GrantId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Grants::<T>::get(grant).ok_or(Error::<T>::UnknownGrant)?;
			let is_party = (who == record.clinic && T::Membership::is_clinic(&who))
				|| (who == record.researcher && T::Membership::is_researcher(&who));
			ensure!(is_party, Error::<T>::NotGrantParty);
			ensure!(record.state(Self::now()) != GrantState::Live, Error::<T>::GrantStillLive);

			Grants::<T>::remove(grant);
			ResearcherGrants::<T>::mutate_exists(&record.researcher, |ids| {
				if let Some(list) = ids {
					list.retain(|id| *id != grant);
					if list.is_empty() {
						*ids = None;
					}
				}
			});
			DatasetGrants::<T>::mutate_exists(record.dataset, |ids| {
				if let Some(list) = ids {
					list.retain(|id| *id != grant);
					if list.is_empty() {
						*ids = None;
					}
				}
			});
			GrantsByUse::<T>::mutate_exists(
				(&record.researcher, record.dataset, record.algorithm),
				|ids| {
					if let Some(list) = ids {
						list.retain(|id| *id != grant);
						if list.is_empty() {
							*ids = None;
						}
					}
				},
			);
			Self::deposit_event(Event::GrantPruned {
				grant,
				dataset: record.dataset,
				researcher: record.researcher,
			});
			Ok(())
		}

		/// Replaces what one of the calling clinic's datasets requires of federated tasks.
		///
		/// ## Origin
		/// Signed by the active clinic that registered the dataset.
		///
		/// ## Details
		/// The new policy applies at once: to tasks created from now on, and to every
		/// commitment from now on (a commitment below a raised cohort floor is refused). Tasks
		/// already running keep their DP settings; a clinic that no longer accepts them stops
		/// them by revoking the researcher's grant.
		///
		/// ## Errors
		/// - [`Error::NotAnActiveClinic`]: the caller is not an active clinic.
		/// - [`Error::UnknownDataset`]: no dataset has this id.
		/// - [`Error::NotDatasetClinic`]: the dataset is another clinic's.
		/// - [`Error::DatasetRetired`]: the dataset is retired.
		/// - [`Error::CohortFloorBelowMinimum`], [`Error::UnsatisfiablePrivacyPolicy`]: the
		///   policy is below the consortium's floor or cannot be met.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::update_privacy_policy())]
		pub fn update_privacy_policy(
			origin: OriginFor<T>,
			dataset: DatasetId,
			privacy_policy: PrivacyPolicy,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let mut record = Self::own_active_dataset(&clinic, dataset)?;
			Self::ensure_policy_acceptable(&privacy_policy)?;

			record.privacy_policy = privacy_policy;
			Datasets::<T>::insert(dataset, record);
			Self::deposit_event(Event::PrivacyPolicyUpdated { dataset, privacy_policy });
			Ok(())
		}

		/// Requires (or stops requiring) secure aggregation of every federated task created on
		/// one of the calling clinic's datasets.
		///
		/// ## Origin
		/// Signed by the active clinic that registered the dataset.
		///
		/// ## Details
		/// With `required`, a task on the dataset must use the federated-learning rule
		/// `SecureFedAvg`, under which the chain only ever sees masked updates and their sum;
		/// a task in the clear (FedAvg, median, trimmed mean) is refused at creation with
		/// `federatedLearning.SecureAggregationRequired`. Tasks already running keep their
		/// rule; a clinic that no longer accepts one stops it by revoking the grant.
		///
		/// ## Errors
		/// - [`Error::NotAnActiveClinic`], [`Error::UnknownDataset`], [`Error::NotDatasetClinic`],
		///   [`Error::DatasetRetired`], as for [`Pallet::update_privacy_policy`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::update_privacy_policy())]
		pub fn set_secure_aggregation_required(
			origin: OriginFor<T>,
			dataset: DatasetId,
			required: bool,
		) -> DispatchResult {
			Self::own_active_dataset(&ensure_signed(origin)?, dataset)?;
			SecureAggregationRequired::<T>::insert(dataset, required);
			Self::deposit_event(Event::SecureAggregationRequirementSet { dataset, required });
			Ok(())
		}

		/// Declares the columns of one of the calling clinic's datasets, so that researchers
		/// can read what the dataset holds (names, types, units, plausible ranges, levels,
		/// which may be missing) and ask it study questions, without seeing a row.
		///
		/// ## Origin
		/// Signed by the active clinic that registered the dataset.
		///
		/// ## Details
		/// The schema must be the one the dataset was registered with: its id
		/// (`blake2_256` of its SCALE encoding) must equal the dataset's `schema_hash`. A
		/// column named like a field of the consortium's common data model must keep the
		/// common definition (`docs/domain.md`). Declared once. The clinic's node checks every
		/// row of its file against the same schema when it loads it, and a federated task
		/// whose study question the schema cannot answer is refused at creation
		/// (`federatedLearning.createTask`).
		///
		/// ## Errors
		/// - [`Error::NotAnActiveClinic`], [`Error::UnknownDataset`], [`Error::NotDatasetClinic`],
		///   [`Error::DatasetRetired`], as for [`Pallet::update_privacy_policy`].
		/// - [`Error::SchemaAlreadyDeclared`], [`Error::SchemaHashMismatch`],
		///   [`Error::SchemaTooLong`].
		/// - [`Error::SchemaHasNoColumns`], [`Error::SchemaHasTooManyColumns`],
		///   [`Error::SchemaColumnNameInvalid`], [`Error::SchemaColumnNameRepeated`],
		///   [`Error::SchemaNumericRangeInvalid`], [`Error::SchemaLevelsInvalid`],
		///   [`Error::SchemaNotCommonDefinition`]: the schema is malformed.
		#[pallet::call_index(12)]
		#[pallet::weight(Pallet::<T>::declare_schema_weight(schema.encoded_size() as u32))]
		pub fn declare_schema(
			origin: OriginFor<T>,
			dataset: DatasetId,
			schema: fl_core::DatasetSchema,
		) -> DispatchResult {
			let clinic = ensure_signed(origin)?;
			let record = Self::own_active_dataset(&clinic, dataset)?;
			ensure!(!DatasetSchemas::<T>::contains_key(dataset), Error::<T>::SchemaAlreadyDeclared);
			let bytes =
				SchemaBytes::try_from(schema.encode()).map_err(|_| Error::<T>::SchemaTooLong)?;
			schema.validate().map_err(Error::<T>::from)?;
			let schema_id = schema.id();
			ensure!(schema_id == record.schema_hash, Error::<T>::SchemaHashMismatch);

			DatasetSchemas::<T>::insert(dataset, bytes);
			Self::deposit_event(Event::SchemaDeclared {
				dataset,
				schema_id,
				columns: schema.columns.len() as u32,
			});
			Ok(())
		}
	}
}
